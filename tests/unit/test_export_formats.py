"""Every export format: golden files on the seed annotations, parsing back, exact offsets.

Regenerate the goldens after a deliberate change with:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_export_formats.py
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from annotator.formats.brat import N_LINE, NOTE_LINE, T_LINE
from annotator.model.models import Fact, FactRegistry, Span
from annotator.model.text import canonicalize, sha256_text
from annotator.store.jsonio import dumps
from tests.helpers import DATA

GOLDEN = DATA.parent / "golden" / "export"
SINGLE = {
    "json": "bundle.json",
    "jsonl": "spans.jsonl",
    "csv": "spans.csv",
    "w3c": "collection.jsonld",
    "claimreview": "claimreview.jsonld",
}
#: What claimreview needs on the command line (the fact-checking organisation).
PUBLISHER = (
    "--publisher",
    "Fact Desk",
    "--publisher-url",
    "https://factdesk.example",
    "--review-url",
    "https://factdesk.example/checks/{article}/{span}/{fact}",
)
EXTRA = {"claimreview": PUBLISHER}


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], cwd=cwd, capture_output=True, timeout=120
    )


def check_golden(name: str, content: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    assert path.exists(), f"missing golden {name}: run with UPDATE_GOLDEN=1"
    assert content == path.read_bytes(), f"{name} differs from its golden file"


@pytest.mark.parametrize("fmt", sorted(SINGLE))
def test_single_file_formats_match_goldens(workspace: Path, fmt: str) -> None:
    proc = cli(workspace, "export", "--format", fmt, *EXTRA.get(fmt, ()))
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    check_golden(SINGLE[fmt], proc.stdout)


def test_brat_matches_goldens_and_brat_line_shapes(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    assert cli(workspace, "export", "--format", "brat", "-o", str(out)).returncode == 0
    for name in ["annotation.conf", "tools.conf", "efe-kim-train.ann", "afp-kim-leaves.ann"]:
        check_golden("brat/" + name, (out / name).read_bytes())
    for ann in out.glob("*.ann"):
        text = (out / f"{ann.stem}.txt").read_text("utf-8")
        for line in ann.read_text("utf-8").splitlines():
            assert T_LINE.match(line) or N_LINE.match(line) or NOTE_LINE.match(line), line
            if m := T_LINE.match(line):
                cut = [tuple(map(int, p.split())) for p in m.group(3).split(";")]
                assert " ".join(text[a:b] for a, b in cut) == m.group(4)


def test_jsonl_and_csv_parse_back_to_the_same_rows(workspace: Path) -> None:
    rows = [
        orjson.loads(line)
        for line in cli(workspace, "export", "--format", "jsonl").stdout.splitlines()
    ]
    raw = cli(workspace, "export", "--format", "csv").stdout.decode("utf-8")
    assert raw.count("\r\n") >= len(rows)  # RFC 4180 CRLF records
    parsed = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert len(parsed) == len(rows) == 74
    for row, back in zip(rows, parsed, strict=True):
        assert back["quote"] == row["quote"] and int(back["start"]) == row["start"]
        assert orjson.loads(back["fact_ids"]) == row["fact_ids"]
        assert orjson.loads(back["fact_statements"]) == row["fact_statements"]
        assert (back["note"] or None) == row["note"]


def test_json_bundle_holds_corpus_facts_and_spans(workspace: Path) -> None:
    bundle = orjson.loads(cli(workspace, "export", "--format", "json").stdout)
    assert len(bundle["facts"]) == 21 and len(bundle["articles"]) == 5
    efe = next(a for a in bundle["articles"] if a["id"] == "efe-kim-train")
    assert efe["outlet"] == "EFE" and len(efe["spans"]) == 15
    assert efe["sha256"] == sha256_text((workspace / "seeds" / "efe-kim-train.txt").read_text())


def test_claimreview_reviews_each_claim_with_its_label(workspace: Path) -> None:
    reviews = orjson.loads(cli(workspace, "export", "--format", "claimreview", *PUBLISHER).stdout)
    # one review per (article, fact, label) of the confirmed and disputed spans
    assert len(reviews) == len({r["@id"] for r in reviews}) == 41
    by_id = {r["@id"].removeprefix("urn:annotator:claimreview:"): r for r in reviews}
    distance = by_id["efe-kim-train/pyongyang-vladivostok-distance/confirmed"]
    assert distance["claimReviewed"] == (
        "Vladivostok, which is situated around 700 kms away from Pyongyang"
    )
    assert distance["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "True",
    }
    # the fact's statement, its note (the evidence), then the analyst's note on the span
    assert distance["reviewBody"] == (
        "Vladivostok lies roughly 700 km from Pyongyang in a straight line; the rail route via "
        "the Tumen river crossing is longer. Great-circle distance about 690 km (39.0N 125.8E "
        "to 43.1N 131.9E). A figure of 200 km is wrong by a factor of more than three. "
        "Matches the straight-line distance."
    )
    assert distance["url"] == (
        "https://factdesk.example/checks/efe-kim-train/efe-09/pyongyang-vladivostok-distance"
    )
    assert distance["itemReviewed"]["author"] == {"@type": "Organization", "name": "EFE"}
    assert distance["itemReviewed"]["appearance"][0]["publisher"]["name"] == "EFE"
    disputed = by_id["sghir-vladivostok-summit/pyongyang-vladivostok-distance/disputed"]
    assert disputed["claimReviewed"] == "its proximity to Pyongyang, just 200 km away"
    assert disputed["reviewRating"]["ratingValue"] == 1
    assert disputed["reviewRating"]["alternateName"] == "False"
    # attributed and opinion spans make no review
    labels = {r["@id"].rsplit("/", 1)[1] for r in reviews}
    assert labels == {"confirmed", "disputed"}


def test_brat_round_trip_is_lossless(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    assert cli(workspace, "export", "--format", "brat", "-o", str(out)).returncode == 0
    before = {p.name: p.read_bytes() for p in (workspace / "annotations").glob("*.json")}
    for path in (workspace / "annotations").glob("*-*.json"):
        path.unlink()
    proc = cli(workspace, "import", "--format", "brat", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert {p.name: p.read_bytes() for p in (workspace / "annotations").glob("*.json")} == before


def test_import_refuses_to_clobber_and_checks_quotes(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    cli(workspace, "export", "--format", "brat", "-o", str(out))
    ann = out / "efe-kim-train.ann"
    ann.write_text(
        ann.read_text("utf-8").replace("note: Headline.", "note: edited in brat"), "utf-8"
    )
    (out / "efe-kim-train.annotator.json").unlink()
    proc = cli(workspace, "import", "--format", "brat", str(out))
    assert proc.returncode == 2 and b"--force" in proc.stderr
    assert cli(workspace, "import", "--format", "brat", "--force", str(out)).returncode == 0
    saved = orjson.loads((workspace / "annotations" / "efe-kim-train.json").read_bytes())
    assert any(s["note"] == "edited in brat" for s in saved["spans"])
    ann.write_text(
        ann.read_text("utf-8").replace("\tAttributed 0 65\t", "\tAttributed 1 66\t"), "utf-8"
    )
    proc = cli(workspace, "import", "--format", "brat", "--force", str(out))
    assert proc.returncode == 1 and b"differs from the .txt" in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_export_refuses_invalid_annotations_unless_forced(workspace: Path, tmp_path: Path) -> None:
    path = workspace / "annotations" / "efe-kim-train.json"
    path.write_bytes(path.read_bytes().replace(b'"label": "opinion"', b'"label": "disputed"', 1))
    target = tmp_path / "out.csv"
    proc = cli(workspace, "export", "--format", "csv", "-o", str(target))
    assert proc.returncode == 1 and b" E402 " in proc.stderr and not target.exists()
    proc = cli(workspace, "export", "--format", "csv", "-o", str(target), "--force")
    assert proc.returncode == 0 and target.exists()


# -- unusual text: every format keeps offsets exact in code points -----------------------
UNUSUAL = (
    "Emoji 😀👍🏽 and “quotes”,\r\ncombining e\u0301 and CJK 北朝鮮 — tabs\there.\r\n"
    'A claim "with quotes" and,\r\nnewlines inside.\r\n'
)


@pytest.fixture()
def unusual(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "odd.txt").write_bytes(UNUSUAL.encode("utf-8"))
    text = canonicalize(UNUSUAL)
    stamp = "2026-01-01T00:00:00Z"
    spans = []
    for n, quote in enumerate(
        [
            "😀👍🏽",
            "e\u0301 and CJK 北朝鮮",
            "“quotes”,\ncombining",
            '"with quotes" and,\nnewlines inside.',
        ]
    ):
        start = text.index(quote)
        spans.append(
            Span.create(
                text,
                start,
                start + len(quote),
                "confirmed",
                author="ü",
                facts=["odd-fact"],
                span_id=f"u{n}",
                timestamp=stamp,
                note='multi\nline, "quoted"',
                attribution="北",
            )
        )
    ann = tmp_path / "annotations"
    ann.mkdir()
    doc = {
        "$schema": "../schemas/annotation.schema.json",
        "version": 1,
        "article": {"id": "odd", "sha256": sha256_text(text)},
        "spans": [s.model_dump(mode="json") for s in sorted(spans, key=lambda s: s.sort_key)],
    }
    (ann / "odd.json").write_bytes(dumps(doc))
    (ann / "facts.json").write_bytes(
        dumps(
            FactRegistry(
                facts=[
                    Fact(
                        id="odd-fact",
                        statement='An odd, "quoted" fact.',
                        note=None,
                        author="t",
                        created=stamp,
                        modified=stamp,
                    )
                ]
            )
        )
    )
    return tmp_path


def _quotes_from(fmt: str, content: bytes, folder: Path) -> list[tuple[int, int, str]]:
    if fmt == "json":
        spans = orjson.loads(content)["articles"][0]["spans"]
        return [(s["start"], s["end"], s["quote"]) for s in spans]
    if fmt == "jsonl":
        return [(r["start"], r["end"], r["quote"]) for r in map(orjson.loads, content.splitlines())]
    if fmt == "csv":
        rows = csv.DictReader(io.StringIO(content.decode("utf-8"), newline=""))
        return [(int(r["start"]), int(r["end"]), r["quote"]) for r in rows]
    if fmt == "w3c":
        items = orjson.loads(content)["first"]["items"]
        return [
            (
                i["target"]["selector"][0]["start"],
                i["target"]["selector"][0]["end"],
                i["target"]["selector"][1]["exact"],
            )
            for i in items
        ]
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "w3c"])
def test_unusual_text_keeps_offsets_exact(unusual: Path, fmt: str) -> None:
    proc = cli(unusual, "export", "--format", fmt)
    assert proc.returncode == 0, proc.stderr.decode()
    text = canonicalize(UNUSUAL)
    found = _quotes_from(fmt, proc.stdout, unusual)
    assert len(found) == 4
    for start, end, quote in found:
        assert text[start:end] == quote


def test_unusual_text_brat_and_claimreview(unusual: Path, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    assert cli(unusual, "export", "--format", "brat", "-o", str(out)).returncode == 0
    text = (out / "odd.txt").read_text("utf-8")
    assert text == canonicalize(UNUSUAL)  # CRLF source, LF canonical text
    lines = (out / "odd.ann").read_text("utf-8").splitlines()
    t_lines = [m for line in lines if (m := T_LINE.match(line))]
    assert len(t_lines) == 4
    assert sum(";" in m.group(3) for m in t_lines) == 2  # crossing a line: discontinuous
    for m in t_lines:
        cut = [tuple(map(int, p.split())) for p in m.group(3).split(";")]
        assert " ".join(text[a:b] for a, b in cut) == m.group(4)
    assert all("\n" not in line for line in lines)
    before = (unusual / "annotations" / "odd.json").read_bytes()
    (unusual / "annotations" / "odd.json").unlink()
    assert cli(unusual, "import", "--format", "brat", str(out)).returncode == 0
    assert (unusual / "annotations" / "odd.json").read_bytes() == before
    reviews = orjson.loads(cli(unusual, "export", "--format", "claimreview", *PUBLISHER).stdout)
    assert [r["claimReviewed"] for r in reviews] == ["😀👍🏽"]  # one fact, one label: one group
    assert reviews[0]["reviewBody"].startswith('An odd, "quoted" fact.')
    assert reviews[0]["reviewBody"].endswith('multi\nline, "quoted"')
    assert reviews[0]["itemReviewed"]["author"] == {"@type": "Organization", "name": "北"}


def test_unusual_text_w3c_round_trip(unusual: Path, tmp_path: Path) -> None:
    out = tmp_path / "odd.jsonld"
    assert cli(unusual, "export", "--format", "w3c", "-o", str(out)).returncode == 0
    before = (unusual / "annotations" / "odd.json").read_bytes()
    (unusual / "annotations" / "odd.json").unlink()
    assert cli(unusual, "import", "--format", "w3c", str(out)).returncode == 0
    assert (unusual / "annotations" / "odd.json").read_bytes() == before


def test_bad_usage_is_one_line(workspace: Path) -> None:
    proc = cli(workspace, "export", "--format", "brat")
    assert proc.returncode == 2 and proc.stderr.count(b"\n") == 1
    proc = cli(workspace, "import", "--format", "w3c", "missing.jsonld")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    (workspace / "bad.jsonld").write_bytes(b'{"type": "Annotation"')
    proc = cli(workspace, "import", "--format", "w3c", "bad.jsonld")
    assert proc.returncode == 1 and b"bad.jsonld:1:" in proc.stderr
