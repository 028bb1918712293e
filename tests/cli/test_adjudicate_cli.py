"""The real `annotator adjudicate` command on a workspace with three analysts' layers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.helpers import read_json

ARTICLES = ["efe-kim-train", "afp-kim-leaves"]


def run(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = str(Path(sys.executable).parent / "annotator")
    return subprocess.run(
        [command, "--author", "lead", *args],
        capture_output=True,
        text=True,
        cwd=workspace,
        timeout=120,
    )


@pytest.fixture()
def layered(workspace: Path) -> Path:
    """ana, bo, cy: copies of two gold files; bo relabels efe's first span and drops its
    second, cy gives the first span a third label. The gold files are removed."""
    gold = workspace / "annotations"
    for article in ARTICLES:
        doc = read_json(gold / f"{article}.json")
        for name in ("ana", "bo", "cy"):
            copy = orjson.loads(orjson.dumps(doc))
            first = copy["spans"][0]
            if article == "efe-kim-train" and name == "bo":
                first.update(label="opinion", facts=[], attribution=None)
                del copy["spans"][1]
            if article == "efe-kim-train" and name == "cy":
                first.update(label="disputed", attribution=None)
            folder = gold / "by" / name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{article}.json").write_bytes(orjson.dumps(copy, option=orjson.OPT_INDENT_2))
        (gold / f"{article}.json").unlink()
    return workspace


def test_report_only_writes_nothing(layered: Path) -> None:
    proc = run(layered, "adjudicate", "efe-kim-train")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["article", "unit", "range", "status", "layers", "decision"]
    first = lines[2].split()
    assert first[:4] == ["efe-kim-train", "1", "0-65", "split"]
    assert "ana ❝ bo ◇ cy ✘" in lines[2] and lines[2].endswith("left")
    assert lines[3].split()[3] == "majority"  # ana and cy have span 2, bo has none
    assert lines[-1] == (
        "1 article, 15 units: 13 agreed, 1 majority, 1 split; 0 written, "
        "0 kept, 15 left; report only, nothing written"
    )
    assert not (layered / "annotations" / "efe-kim-train.json").exists()


def test_auto_agreed_then_majority(layered: Path) -> None:
    gold = layered / "annotations" / "efe-kim-train.json"
    proc = run(layered, "adjudicate", "efe-kim-train", "--auto", "agreed")
    assert proc.returncode == 0, proc.stderr
    assert "13 written, 0 kept, 2 left; 1 gold file written" in proc.stdout
    doc = read_json(gold)
    assert len(doc["spans"]) == 13
    assert all(s["author"] == "lead" for s in doc["spans"])
    assert all([x["layer"] for x in s["sources"]] == ["ana", "bo", "cy"] for s in doc["spans"])
    assert doc["spans"][0]["start"] != 0  # the split unit is left for the adjudicator

    proc = run(layered, "adjudicate", "efe-kim-train", "--auto", "majority")
    assert "1 written, 13 kept, 1 left" in proc.stdout
    doc = read_json(gold)
    second = next(s for s in doc["spans"] if s["start"] == 89)
    assert [x["layer"] for x in second["sources"]] == ["ana", "cy"]
    before = gold.read_bytes()
    proc = run(layered, "adjudicate", "efe-kim-train", "--auto", "majority")
    assert proc.returncode == 0 and gold.read_bytes() == before  # nothing left to decide
    assert "0 gold files written" in proc.stdout
    assert run(layered, "validate").returncode == 0


def test_all_articles(layered: Path) -> None:
    proc = run(layered, "adjudicate", "--all", "--auto", "agreed")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("2 articles, ")
    assert proc.stdout.splitlines()[-1].endswith("2 gold files written")
    for article in ARTICLES:
        assert (layered / "annotations" / f"{article}.json").is_file()
    afp = read_json(layered / "annotations" / "afp-kim-leaves.json")
    ana = read_json(layered / "annotations" / "by" / "ana" / "afp-kim-leaves.json")
    assert [(s["start"], s["end"], s["label"]) for s in afp["spans"]] == [
        (s["start"], s["end"], s["label"]) for s in ana["spans"]
    ]


def test_stale_layer_is_skipped(layered: Path) -> None:
    path = layered / "annotations" / "by" / "bo" / "efe-kim-train.json"
    doc = read_json(path)
    doc["article"]["sha256"] = "0" * 64
    path.write_bytes(orjson.dumps(doc))
    proc = run(layered, "adjudicate", "--all", "--auto", "agreed")
    assert proc.returncode == 0
    assert "skipped efe-kim-train: made on a different text (bo); re-anchor first" in proc.stdout
    assert not (layered / "annotations" / "efe-kim-train.json").exists()


def test_usage_errors(layered: Path, workspace: Path) -> None:
    for args, message in [
        ((), "adjudicate needs an article ID or --all (not both)"),
        (("efe-kim-train", "--all"), "adjudicate needs an article ID or --all (not both)"),
        (("nope",), "unknown article 'nope'"),
        (("national-post-train",), "no analyst has a layer file for 'national-post-train'"),
    ]:
        proc = run(layered, "adjudicate", *args)
        assert proc.returncode == 2, args
        assert proc.stderr.strip() == f"annotator: {message}"
    bad = run(layered, "adjudicate", "efe-kim-train", "--auto", "all")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_broken_layer_file_is_one_line(layered: Path) -> None:
    path = layered / "annotations" / "by" / "cy" / "efe-kim-train.json"
    path.write_text('{"version": 1,,}')
    proc = run(layered, "adjudicate", "efe-kim-train", "--auto", "agreed")
    assert proc.returncode == 1
    assert proc.stderr.startswith("annotator: annotations/by/cy/efe-kim-train.json:1:")
    assert "Traceback" not in proc.stderr
    assert not (layered / "annotations" / "efe-kim-train.json").exists()
