"""Issue 8 (trust), import: other tools' valid input is accepted, anything else refused with
one line; facts.json is rebuilt from the statements the import carries; the validator
checks what would be written; all-or-nothing across files."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from annotator.cli import main
from tests.helpers import read_json


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], cwd=cwd, capture_output=True, timeout=120
    )


def one_line_error(proc: subprocess.CompletedProcess[bytes]) -> str:
    err = proc.stderr.decode()
    assert b"Traceback" not in proc.stderr and proc.returncode != 0, err
    assert err.count("\n") == 1, err
    return err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture()
def exported(workspace: Path) -> dict[str, Any]:
    proc = cli(workspace, "export", "--format", "w3c")
    assert proc.returncode == 0
    document: dict[str, Any] = orjson.loads(proc.stdout)
    return document


def write(path: Path, document: Any) -> Path:
    path.write_bytes(orjson.dumps(document))
    return path


# -- W3C from other tools -------------------------------------------------------------------
def test_w3c_shapes_other_tools_write_import_into_a_new_folder(
    workspace: Path, exported: dict[str, Any]
) -> None:
    items = exported["first"]["items"]
    for n, item in enumerate(items):
        bodies = item["body"]
        if n % 4 == 0:
            item["creator"] = [{"type": "Person", "name": "Ann"}, {"type": "Person", "name": "Bo"}]
        elif n % 4 == 1:
            item["creator"] = "https://example.org/people/ann"
        if len(bodies) == 1:
            item["body"] = bodies[0]  # one object instead of a list
        elif n % 3 == 0 and any(b.get("purpose") == "identifying" for b in bodies):
            # a fact body as a bare IRI string (its statement comes from another body)
            fact = next(b for b in bodies if b.get("purpose") == "identifying")
            others = [b for b in bodies if b is not fact]
            sibling = copy.deepcopy(fact)
            item["body"] = [*others, fact["source"]["id"], sibling]
    # Paged: `first` is an IRI of an embedded page, and pages link with `next`.
    half = len(items) // 2
    page1 = {"id": "urn:x:p1", "type": "AnnotationPage", "items": items[:half], "next": "urn:x:p2"}
    page2 = {"id": "urn:x:p2", "type": "AnnotationPage", "items": items[half:]}
    document = {**exported, "first": "urn:x:p1", "last": "urn:x:p2", "@graph": [page2, page1]}
    source = write(workspace / "paged.jsonld", document)
    proc = cli(workspace, "--annotations", "fresh", "import", "--format", "w3c", str(source))
    assert proc.returncode == 0, proc.stderr.decode()
    fresh = workspace / "fresh"
    imported = sum(len(read_json(p)["spans"]) for p in fresh.glob("*-*.json"))
    assert imported == len(items) == exported["total"]
    # facts.json was rebuilt from the statements the bodies carry.
    original = {
        f["id"]: f["statement"]
        for f in read_json(workspace / "annotations" / "facts.json")["facts"]
    }
    rebuilt = {f["id"]: f["statement"] for f in read_json(fresh / "facts.json")["facts"]}
    linked = {f for p in fresh.glob("*-*.json") for s in read_json(p)["spans"] for f in s["facts"]}
    assert rebuilt == {k: v for k, v in original.items() if k in linked}
    authors = {s["author"] for p in fresh.glob("*-*.json") for s in read_json(p)["spans"]}
    assert {"Ann, Bo", "https://example.org/people/ann"} <= authors
    check = cli(workspace, "validate", "fresh")
    assert check.returncode == 0, check.stdout.decode()


def test_a_page_not_embedded_is_refused_by_name(workspace: Path, exported: dict[str, Any]) -> None:
    page = exported["first"]
    page["next"] = "https://example.org/page/2"
    source = write(workspace / "partial.jsonld", exported)
    before = snapshot(workspace / "annotations")
    err = one_line_error(cli(workspace, "import", "--format", "w3c", "--force", str(source)))
    assert "https://example.org/page/2" in err and "not embedded" in err
    exported["first"] = "urn:nowhere"
    err = one_line_error(
        cli(
            workspace, "import", "--format", "w3c", str(write(workspace / "first.jsonld", exported))
        )
    )
    assert "urn:nowhere" in err
    assert snapshot(workspace / "annotations") == before


def test_a_collection_with_fewer_items_than_its_total_is_refused(
    workspace: Path, exported: dict[str, Any]
) -> None:
    exported["total"] += 5
    err = one_line_error(
        cli(
            workspace, "import", "--format", "w3c", str(write(workspace / "short.jsonld", exported))
        )
    )
    assert "total" in err and "embeds" in err


def test_existing_fact_with_another_statement_is_a_conflict(
    workspace: Path, exported: dict[str, Any]
) -> None:
    body = exported["first"]["items"][0]["body"][1]
    fact_id = body["source"]["id"].rsplit(":", 1)[1]
    body["source"]["label"] = "A different statement."
    source = write(workspace / "conflict.jsonld", exported)
    before = snapshot(workspace / "annotations")
    err = one_line_error(cli(workspace, "import", "--format", "w3c", str(source)))
    assert fact_id in err and "--force" in err
    assert snapshot(workspace / "annotations") == before
    assert cli(workspace, "import", "--format", "w3c", "--force", str(source)).returncode == 0
    facts = {
        f["id"]: f["statement"]
        for f in read_json(workspace / "annotations" / "facts.json")["facts"]
    }
    assert facts[fact_id] == "A different statement."


def test_import_never_writes_what_the_validator_rejects(
    workspace: Path, exported: dict[str, Any]
) -> None:
    selector = exported["first"]["items"][0]["target"]["selector"][1]
    selector["prefix"] = "not the text before"
    item = exported["first"]["items"][1]
    item["body"] = [b for b in item["body"] if b.get("purpose") == "classifying"]
    item["body"][0]["value"] = "confirmed"  # a confirmed span with no fact: E402
    source = write(workspace / "bad.jsonld", exported)
    before = snapshot(workspace / "annotations")
    proc = cli(workspace, "import", "--format", "w3c", str(source))
    assert proc.returncode == 2 and b"--force" in proc.stderr  # the files differ
    proc = cli(workspace, "import", "--format", "w3c", "--force", str(source))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err
    assert " E304 " in err and " E402 " in err and "not imported" in err
    assert "annotations/afp-kim-leaves.json:" in err and "annotator-import-" not in err
    assert snapshot(workspace / "annotations") == before


@pytest.mark.parametrize("nth", [1, 2, 3])
def test_import_is_all_or_nothing_when_a_write_fails(
    workspace: Path, exported: dict[str, Any], monkeypatch: pytest.MonkeyPatch, nth: int
) -> None:
    for item in exported["first"]["items"]:
        for body in item["body"]:
            if body.get("label") == "note":
                body["value"] += " (edited)"
        if not any(b.get("label") == "note" for b in item["body"]):
            item["body"].append(
                {
                    "type": "TextualBody",
                    "purpose": "commenting",
                    "label": "note",
                    "value": "imported",
                    "format": "text/plain",
                }
            )
    source = write(workspace / "edited.jsonld", exported)
    before = snapshot(workspace / "annotations")
    calls = 0
    real_replace = os.replace

    def fail_nth(src: str, dst: str | Path) -> None:
        nonlocal calls
        calls += 1
        if calls == nth:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.chdir(workspace)
    monkeypatch.setattr(os, "replace", fail_nth)
    assert main(["import", "--format", "w3c", "--force", str(source)]) == 1
    monkeypatch.setattr(os, "replace", real_replace)
    assert snapshot(workspace / "annotations") == before
    assert not list((workspace / "annotations").glob(".*.tmp"))
    assert main(["import", "--format", "w3c", "--force", str(source)]) == 0
    assert snapshot(workspace / "annotations") != before


# -- brat from other tools ------------------------------------------------------------------
@pytest.fixture()
def brat(workspace: Path, tmp_path: Path) -> Path:
    out = tmp_path / "brat"
    assert cli(workspace, "export", "--format", "brat", "-o", str(out)).returncode == 0
    for sidecar in out.glob("*.annotator.json"):
        sidecar.unlink()
    for ann in out.glob("*.ann"):
        if ann.stem != "efe-kim-train":
            ann.unlink()
    return out


def test_brat_references_to_other_databases_are_kept_as_notes(workspace: Path, brat: Path) -> None:
    ann = brat / "efe-kim-train.ann"
    ann.write_text(
        ann.read_text("utf-8") + "N900\tReference T1 Wikidata:Q42\tDouglas Adams\n", "utf-8"
    )
    proc = cli(workspace, "import", "--format", "brat", "--force", str(brat))
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"Wikidata:Q42" in proc.stderr and b"warning" in proc.stderr
    spans = read_json(workspace / "annotations" / "efe-kim-train.json")["spans"]
    first = next(s for s in spans if s["id"] == "brat-T1")
    assert "Wikidata:Q42 Douglas Adams" in (first["note"] or "")
    assert "Q42" not in first["facts"]
    assert cli(workspace, "validate").returncode == 0


def test_brat_new_fact_is_added_to_the_registry(workspace: Path, brat: Path) -> None:
    ann = brat / "efe-kim-train.ann"
    ann.write_text(
        ann.read_text("utf-8") + "N901\tReference T1 RID:brand-new-fact\tA new fact.\n", "utf-8"
    )
    proc = cli(workspace, "import", "--format", "brat", "--force", str(brat))
    assert proc.returncode == 0, proc.stderr.decode()
    facts = {f["id"]: f for f in read_json(workspace / "annotations" / "facts.json")["facts"]}
    assert facts["brand-new-fact"]["statement"] == "A new fact."
    assert cli(workspace, "validate").returncode == 0


@pytest.mark.parametrize(
    "line, expected",
    [
        ("T99\tConfirmed 0 99999999999999999999\tx\n", "T99 offsets out of the text"),
        ("T99\tConfirmed 0 " + "9" * 5000 + "\tx\n", "T99 offsets out of the text"),
        ("N99\tReference T1 RID:Not_A_Slug\tx\n", "is not a fact id"),
    ],
)
def test_brat_bad_lines_are_one_line_errors(
    workspace: Path, brat: Path, line: str, expected: str
) -> None:
    ann = brat / "efe-kim-train.ann"
    ann.write_text(ann.read_text("utf-8") + line, "utf-8")
    before = snapshot(workspace / "annotations")
    err = one_line_error(cli(workspace, "import", "--format", "brat", "--force", str(brat)))
    assert expected in err and "efe-kim-train.ann:" in err
    assert snapshot(workspace / "annotations") == before


def test_brat_non_utf8_ann_names_file_line_and_column(workspace: Path, brat: Path) -> None:
    ann = brat / "efe-kim-train.ann"
    lines = ann.read_bytes().split(b"\n")
    lines[2] = lines[2] + b" caf\xe9"
    ann.write_bytes(b"\n".join(lines))
    err = one_line_error(cli(workspace, "import", "--format", "brat", str(brat)))
    assert f"efe-kim-train.ann:3:{len(lines[2])}: not UTF-8" in err, err


def test_w3c_huge_offsets_are_one_line(workspace: Path, exported: dict[str, Any]) -> None:
    exported["first"]["items"][0]["target"]["selector"][0]["end"] = 123456789
    raw = orjson.dumps(exported)
    for huge in (b"99999999999999999999", b"9" * 400):
        source = workspace / "huge.jsonld"
        source.write_bytes(raw.replace(b"123456789", huge))
        before = snapshot(workspace / "annotations")
        err = one_line_error(cli(workspace, "import", "--format", "w3c", "--force", str(source)))
        assert "huge.jsonld" in err and "MemoryError" not in err
        assert snapshot(workspace / "annotations") == before
