"""The W3C export passes every "must" of the working group's test suite; import is lossless."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.w3c_suite import SUITE, context_terms, failures

pytestmark = pytest.mark.skipif(not SUITE.exists(), reason="shared/w3c-web-annotation not present")

MOTIVATIONS = {
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
}


def export(workspace: Path, *extra: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "export", "--format", "w3c", *extra],
        cwd=workspace,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    document: dict[str, Any] = orjson.loads(proc.stdout)
    return document


def keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in keys(v)}
    return set()


def test_collection_page_and_every_annotation_pass_the_musts(workspace: Path) -> None:
    collection = export(workspace)
    assert failures(collection, "collections/collectionMusts.test") == []
    page = dict(collection["first"], **{"@context": collection["@context"]})
    assert failures(page, "collections/pages/pageMusts.test") == []
    items = collection["first"]["items"]
    assert len(items) == collection["total"] == 74
    for item in items:
        annotation = dict(item, **{"@context": collection["@context"]})
        assert failures(annotation, "annotations/annotationMusts.test") == [], item["id"]


def test_only_context_terms_and_w3c_motivations(workspace: Path) -> None:
    collection = export(workspace)
    assert keys(collection) <= context_terms()
    for item in collection["first"]["items"]:
        assert item["motivation"] in MOTIVATIONS
        assert {b["purpose"] for b in item["body"]} <= MOTIVATIONS


def test_a_broken_annotation_fails_the_suite(workspace: Path) -> None:
    """The harness can fail: a must-violating annotation is caught."""
    item = export(workspace)["first"]["items"][0]
    bad = dict(item, **{"@context": "http://www.w3.org/ns/anno.jsonld"})
    del bad["target"]
    bad["created"] = "yesterday"
    assert len(failures(bad, "annotations/annotationMusts.test")) >= 2


def test_selectors_are_code_points(workspace: Path) -> None:
    text = (workspace / "seeds" / "efe-kim-train.txt").read_text("utf-8")
    for item in export(workspace)["first"]["items"]:
        if not item["target"]["source"].endswith(":efe-kim-train"):
            continue
        position, quote = item["target"]["selector"]
        assert text[position["start"] : position["end"]] == quote["exact"]


def test_w3c_round_trip_is_lossless(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.jsonld"
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "export", "--format", "w3c", "-o", str(out)],
        cwd=workspace,
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr
    before = {p.name: p.read_bytes() for p in (workspace / "annotations").glob("*.json")}
    for path in (workspace / "annotations").glob("*-*.json"):
        path.unlink()
    again = subprocess.run(
        [sys.executable, "-m", "annotator", "import", "--format", "w3c", str(out)],
        cwd=workspace,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    after = {p.name: p.read_bytes() for p in (workspace / "annotations").glob("*.json")}
    assert after == before
