"""Issue 8 (trust), hostile and odd files: never a traceback, never a hang, never a leak."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from annotator.store.corpus import Corpus
from tests.helpers import read_json


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    # The timeout is a guard against a hang (a FIFO read blocks forever), not a speed limit.
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], cwd=cwd, capture_output=True, timeout=120
    )


def findings(proc: subprocess.CompletedProcess[bytes]) -> list[dict[str, object]]:
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    result: list[dict[str, object]] = orjson.loads(proc.stdout)["findings"]
    return result


@pytest.mark.parametrize(
    "content, message",
    [
        (b"null\n", "the document must be an object, got null"),
        (b"[1, 2]\n", "the document must be an object, got an array"),
        (b'{"article": ' + b"[" * 1000 + b"]" * 1000 + b"}\n", "article"),
    ],
    ids=["null", "array", "1000-deep"],
)
def test_odd_documents_are_e102(workspace: Path, content: bytes, message: str) -> None:
    (workspace / "annotations" / "afp-kim-leaves.json").write_bytes(content)
    proc = cli(workspace, "validate", "--format", "json")
    assert proc.returncode == 1
    mine = [
        f
        for f in findings(proc)
        if str(f["path"]).endswith("afp-kim-leaves.json") and str(f["code"]).startswith("E")
    ]
    assert mine and all(f["code"] == "E102" for f in mine)
    assert any(message in str(f["message"]) for f in mine)
    export = cli(workspace, "export", "--format", "json", "--force")
    assert export.returncode == 1
    assert export.stderr.decode().splitlines()[-1].startswith("annotator: annotations/afp-kim")
    assert b"Traceback" not in export.stderr and b"RecursionError" not in export.stderr


def test_null_registry_is_e102(workspace: Path) -> None:
    (workspace / "annotations" / "facts.json").write_bytes(b"null")
    mine = [
        f
        for f in findings(cli(workspace, "validate", "--format", "json"))
        if str(f["path"]).endswith("facts.json")
    ]
    assert [f["code"] for f in mine] == ["E102"]


def test_fifo_annotation_file_and_registry_never_hang(workspace: Path) -> None:
    os.mkfifo(workspace / "annotations" / "pipe.json")
    proc = cli(workspace, "validate", "--format", "json")
    pipe = [f for f in findings(proc) if str(f["path"]).endswith("pipe.json")]
    assert [f["code"] for f in pipe] == ["E100"] and "not a regular file" in str(pipe[0]["message"])
    (workspace / "annotations" / "facts.json").unlink()
    os.mkfifo(workspace / "annotations" / "facts.json")
    proc = cli(workspace, "validate", "--format", "json")
    assert any(
        str(f["path"]).endswith("facts.json") and f["code"] == "E100" for f in findings(proc)
    )
    proc = cli(workspace, "export", "--format", "csv", "--force")
    assert proc.returncode == 1 and b"not a regular file" in proc.stderr
    assert proc.stderr.decode().splitlines()[-1].startswith("annotator: ")


def test_devices_and_fifos_in_the_corpus_are_not_articles(workspace: Path) -> None:
    os.mkfifo(workspace / "seeds" / "pipe.txt")
    os.symlink("/dev/zero", workspace / "seeds" / "zero.txt")
    corpus = Corpus(workspace / "seeds")
    assert "pipe.txt" not in [e.path.name for e in corpus]
    assert "zero" not in corpus  # a character device: not a regular file, never opened
    proc = cli(workspace, "export", "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()


def test_symlinks_out_of_the_corpus_are_refused_and_leak_nothing(workspace: Path) -> None:
    secret = workspace / "secret.txt"
    secret.write_text("TOP SECRET: the password is hunter2\n")
    (workspace / "seeds" / "leak.txt").symlink_to(secret)
    # An annotation file claiming the outside file: no "N spans still match" oracle.
    doc = read_json(workspace / "annotations" / "afp-kim-leaves.json")
    doc["article"]["id"] = "leak"
    doc["spans"] = [{**doc["spans"][0], "start": 0, "end": 10, "quote": "TOP SECRET"}]
    (workspace / "annotations" / "leak.json").write_bytes(orjson.dumps(doc))
    proc = cli(workspace, "validate", "--format", "json")
    leak = [f for f in findings(proc) if str(f["path"]).endswith("leak.json")]
    assert any(f["code"] == "E100" and "outside" in str(f["message"]) for f in leak)
    assert not any(f["code"] == "E202" for f in leak)
    (workspace / "annotations" / "leak.json").unlink()
    out = workspace / "out.json"
    proc = cli(workspace, "export", "--format", "json", "--output", str(out))
    assert proc.returncode == 0 and b"leak.txt" in proc.stderr  # skipped with a warning
    assert b"hunter2" not in out.read_bytes()
    assert cli(workspace, "report", "--format", "text").stdout.find(b"hunter2") == -1


def test_symlinked_annotation_file_out_of_the_folder_is_refused(workspace: Path) -> None:
    outside = workspace / "elsewhere.json"
    outside.write_bytes((workspace / "annotations" / "efe-kim-train.json").read_bytes())
    (workspace / "annotations" / "efe-kim-train.json").unlink()
    (workspace / "annotations" / "efe-kim-train.json").symlink_to(outside)
    proc = cli(workspace, "validate", "--format", "json")
    mine = [
        f
        for f in findings(proc)
        if str(f["path"]).endswith("efe-kim-train.json") and str(f["code"]).startswith("E")
    ]
    assert [f["code"] for f in mine] == ["E100"]
