"""The annotation file's optional ``status`` through the real validator command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from tests.helpers import read_json


def set_status(path: Path, status: str) -> None:
    doc = read_json(path)
    doc["status"] = status
    path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")


def validate(workspace: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", "validate", "annotations", "--corpus", "seeds"],
        cwd=workspace,
        capture_output=True,
        text=True,
        check=False,
    )


def test_done_and_in_progress_validate(workspace: Path) -> None:
    set_status(workspace / "annotations" / "afp-kim-leaves.json", "done")
    set_status(workspace / "annotations" / "efe-kim-train.json", "in-progress")
    result = validate(workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 errors" in result.stdout


def test_an_unknown_status_is_a_located_error(workspace: Path) -> None:
    set_status(workspace / "annotations" / "afp-kim-leaves.json", "finished")
    result = validate(workspace)
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if "E102" in x)
    assert line.startswith("annotations/afp-kim-leaves.json:")
    assert "status: must be 'done' or 'in-progress', got 'finished'" in line
