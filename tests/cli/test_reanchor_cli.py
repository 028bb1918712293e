"""``annotator reanchor`` in a subprocess, on a workspace copy with a corrected article."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.unit.test_reanchor import ARTICLE, add_layer, correct

# -- the command line -----------------------------------------------------------------------------


def cli(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", "reanchor", *args],
        capture_output=True,
        text=True,
        cwd=workspace,
        timeout=120,
    )


def test_cli_dry_run_prints_the_table_and_writes_nothing(workspace: Path) -> None:
    add_layer(workspace)
    correct(workspace)
    before = {p: p.read_bytes() for p in (workspace / "annotations").rglob("*.json")}
    proc = cli(workspace, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert {p: p.read_bytes() for p in (workspace / "annotations").rglob("*.json")} == before
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["article", "layer", "spans", "exact", "moved", "fuzzy", "orphaned"]
    rows = {tuple(line.split()[:2]): line.split()[2:] for line in lines[1:7]}
    assert rows[(ARTICLE, "gold")] == ["15", "13", "0", "1", "1"]
    assert rows[(ARTICLE, "by/alice")] == ["15", "13", "0", "1", "1"]
    assert rows[("afp-kim-leaves", "gold")] == ["17", "17", "0", "0", "0"]
    assert any(line.startswith("orphaned") and "efe-15" in line for line in lines)
    assert lines[-1] == "6 files, 89 spans: dry run, nothing written"


def test_cli_reanchors_then_validates_with_warnings_only(workspace: Path) -> None:
    correct(workspace)
    proc = cli(workspace, ARTICLE)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "1 file, 15 spans: re-anchored"
    check = subprocess.run(
        [sys.executable, "-m", "annotator", "validate"],
        capture_output=True,
        text=True,
        cwd=workspace,
        timeout=120,
    )
    assert check.returncode == 0 and " W505 " in check.stdout and " W506 " in check.stdout
    again = cli(workspace, ARTICLE)
    assert again.returncode == 0  # the orphan stays an orphan, everything else is exact
    assert again.stdout.splitlines()[1].split()[2:] == ["14", "14", "0", "0", "0"]


def test_cli_broken_file_and_unknown_article_are_one_line(workspace: Path) -> None:
    (workspace / "annotations" / f"{ARTICLE}.json").write_text('{"spans": [', "utf-8")
    proc = cli(workspace)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith(f"annotator: annotations/{ARTICLE}.json:1:")
    assert "Traceback" not in proc.stderr
    proc = cli(workspace, "no-such-article")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
