"""The real `annotator validate` command: exit codes, formats, options, hostile input."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.store.store import Store
from tests.helpers import ANNOTATIONS, CORPUS

LINE = re.compile(r"^\S+?(:\d+:\d+)?: [EW]\d{3} .+$")
SUMMARY = re.compile(r"^\d+ files?, \d+ spans?: \d+ errors?, \d+ warnings? \(\d+\.\d\d s\)$")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", "validate", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS, tmp_path / "seeds")
    shutil.copytree(ANNOTATIONS, tmp_path / "annotations")
    return tmp_path


def test_repository_annotations_pass() -> None:
    proc = run_cli()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert SUMMARY.match(proc.stdout.splitlines()[-1])
    assert "0 errors" in proc.stdout


def test_error_exit_and_text_format(repo: Path) -> None:
    path = repo / "annotations" / "efe-kim-train.json"
    old = b'"quote": "Vladivostok, which is situated around 700 kms'
    assert old in path.read_bytes()
    path.write_bytes(path.read_bytes().replace(old, old.replace(b"700", b"200")))
    proc = run_cli(cwd=repo)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert all(LINE.match(line) for line in lines[:-1]), lines
    (bad,) = [line for line in lines if " E303 " in line]
    line_no = int(bad.split(":")[1])
    assert "situated around 200 kms" in path.read_text("utf-8").splitlines()[line_no - 1]
    assert "spans[" in bad and "].quote" in bad


def test_json_and_github_formats(repo: Path) -> None:
    path = repo / "annotations" / "afp-kim-leaves.json"
    path.write_bytes(path.read_bytes().replace(b'"label": "opinion"', b'"label": "rumour"', 1))
    proc = run_cli("--format", "json", cwd=repo)
    assert proc.returncode == 1
    document = orjson.loads(proc.stdout)
    (finding,) = [f for f in document["findings"] if f["severity"] == "error"]
    assert finding["code"] == "E102" and finding["line"] and finding["pointer"].endswith("label")
    assert document["summary"]["errors"] == 1
    proc = run_cli("--format", "github", cwd=repo)
    assert re.search(
        r"^::error file=annotations/afp-kim-leaves\.json,line=\d+,col=\d+,"
        r"title=E102::spans\[\d+\]\.label",
        proc.stdout,
        re.M,
    )
    assert "::warning file=annotations/facts.json" in proc.stdout


def test_strict_select_ignore(repo: Path) -> None:
    assert run_cli("--strict", cwd=repo).returncode == 1  # the W504 warnings
    assert run_cli("--strict", "--ignore", "W504", cwd=repo).returncode == 0
    proc = run_cli("--select", "W5", cwd=repo)
    assert proc.returncode == 0 and " W504 " in proc.stdout
    assert run_cli("--select", "X9", cwd=repo).returncode == 2


def test_single_files_and_corpus_option(repo: Path, tmp_path: Path) -> None:
    proc = run_cli(
        str(repo / "annotations" / "efe-kim-train.json"), "--corpus", str(repo / "seeds")
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("2 files, 15 spans")


@pytest.mark.parametrize("args", [["missing-folder"], ["--corpus", "nope"]])
def test_usage_errors_exit_2(repo: Path, args: list[str]) -> None:
    proc = run_cli(*args, cwd=repo)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_empty_folder_is_nothing_to_validate(tmp_path: Path) -> None:
    (tmp_path / "annotations").mkdir()
    shutil.copytree(CORPUS, tmp_path / "seeds")
    proc = run_cli(cwd=tmp_path)
    assert proc.returncode == 2 and "nothing to validate" in proc.stderr


def test_folder_named_like_a_json_file(repo: Path) -> None:
    (repo / "annotations" / "weird.json").mkdir()
    proc = run_cli(cwd=repo)
    assert proc.returncode == 1 and "weird.json" in proc.stdout and "Traceback" not in proc.stderr


def _in_process(folder: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", str(folder / "annotations"), "--corpus", str(folder / "seeds")])
    return code, out.getvalue(), err.getvalue()


def _assert_clean_output(code: int, out: str, err: str) -> None:
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert lines and SUMMARY.match(lines[-1])
    assert all(LINE.match(line) for line in lines[:-1]), lines


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_never_crash(repo: Path, data: bytes) -> None:
    (repo / "annotations" / "efe-kim-train.json").write_bytes(data)
    code, out, err = _in_process(repo)
    assert code == 1
    _assert_clean_output(code, out, err)


@FUZZ
@given(st.data())
def test_mutated_files_never_crash_and_agree_with_the_store(
    repo: Path, data: st.DataObject
) -> None:
    path = repo / "annotations" / "national-post-train.json"
    raw = (ANNOTATIONS / "national-post-train.json").read_bytes()
    start = data.draw(st.integers(0, len(raw) - 1))
    length = data.draw(st.integers(0, 12))
    junk = data.draw(
        st.sampled_from(
            [
                b"",
                b"-1",
                b"null",
                b'"x"',
                b"[]",
                b"{}",
                b"9" * 30,
                b"\xff",
                b'"\\u0000"',
                b"[[[[",
                b"true",
                b"1e400",
            ]
        )
    )
    path.write_bytes(raw[:start] + junk + raw[start + length :])
    code, out, err = _in_process(repo)
    assert code in (0, 1)
    _assert_clean_output(code, out, err)
    if code == 0:  # what the validator accepts, the store must load
        store = Store(repo / "seeds", repo / "annotations")
        assert store.load_annotations("national-post-train") is not None
