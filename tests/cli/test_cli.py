"""The console entry: every command fails on a missing folder with one line and exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT


@pytest.mark.parametrize(
    "args",
    [
        ["--corpus", "nope"],
        ["report", "--corpus", "nope", "annotations"],
        ["export", "--format", "csv", "--corpus", "nope", "annotations"],
        ["import", "--format", "w3c", "missing.jsonld"],
        ["validate", "--corpus", "nope"],
    ],
)
def test_missing_folders_are_usage_errors(args: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("annotator: ") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_unknown_command_option_is_argparse_usage() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "validate", "--bogus"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "usage:" in proc.stderr
