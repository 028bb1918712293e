"""Re-anchoring through the store and the Editor, and its validator warnings, on real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.editor import Editor, ReadOnlyError
from annotator.errors import DataError
from annotator.model.text import sha256_text
from annotator.store.reanchor import reanchor_article
from annotator.store.store import Store
from annotator.validate import validate_paths
from tests.helpers import read_json

ARTICLE = "efe-kim-train"
OLD = "Vladivostok, which is situated around 700 kms away from Pyongyang"
GONE = "The growing polarization of the world in the backdrop of the Ukraine war is also"
NOTE = "\nCorrection: an earlier version said the city was “around 700 kms away from Pyongyang”."


def correct(workspace: Path) -> str:
    """Publish a correction of the EFE article: a figure, a deleted paragraph, a note."""
    path = workspace / "seeds" / f"{ARTICLE}.txt"
    text = path.read_text("utf-8")
    paragraph = next(line for line in text.split("\n") if line.startswith(GONE))
    new = text.replace("700 kms", "800 kms").replace(paragraph + "\n", "") + NOTE
    path.write_text(new, "utf-8")
    return new


def add_layer(workspace: Path, analyst: str = "alice") -> Path:
    layer = workspace / "annotations" / "by" / analyst / f"{ARTICLE}.json"
    layer.parent.mkdir(parents=True)
    shutil.copy(workspace / "annotations" / f"{ARTICLE}.json", layer)
    return layer


def stamp() -> str:
    return "2026-12-01T09:00:00Z"


# -- the store layer -----------------------------------------------------------------------------


def test_reanchor_article_moves_gold_and_every_layer(workspace: Path, store: Store) -> None:
    layer = add_layer(workspace)
    text = correct(workspace)
    results = reanchor_article(store, ARTICLE, clock=stamp)
    assert [name for name, _ in results] == ["gold", "by/alice"]
    for path in (workspace / "annotations" / f"{ARTICLE}.json", layer):
        data = read_json(path)
        assert data["article"]["sha256"] == sha256_text(text)
        for span in data["spans"]:
            assert text[span["start"] : span["end"]] == span["quote"]
        fixed = next(s for s in data["spans"] if s["id"] == "efe-09")
        assert fixed["quote"] == OLD.replace("700", "800")
        assert fixed["anchor"]["status"] == "fuzzy" and fixed["anchor"]["was"]["quote"] == OLD
        assert fixed["modified"] == stamp()
        [orphan] = data["orphans"]
        assert orphan["span"]["id"] == "efe-15" and orphan["span"]["quote"].startswith(GONE)
    statuses = {o.span_id: o.status for o in results[0][1]}
    assert statuses["efe-09"] == "fuzzy" and statuses["efe-15"] == "orphaned"
    assert statuses["efe-01"] == "exact" and len(statuses) == 15


def test_second_run_writes_nothing(workspace: Path, store: Store) -> None:
    correct(workspace)
    reanchor_article(store, ARTICLE, clock=stamp)
    path = workspace / "annotations" / f"{ARTICLE}.json"
    once = path.read_bytes()
    results = reanchor_article(
        Store(workspace / "seeds", workspace / "annotations"),
        ARTICLE,
        clock=lambda: "2027-01-01T00:00:00Z",
    )
    assert path.read_bytes() == once
    assert {o.status for _, outcomes in results for o in outcomes} == {"exact"}


def test_dry_run_and_broken_files_write_nothing(workspace: Path, store: Store) -> None:
    layer = add_layer(workspace)
    correct(workspace)
    folder = workspace / "annotations"
    before = {p: p.read_bytes() for p in folder.rglob("*.json")}
    results = reanchor_article(store, ARTICLE, dry_run=True)
    assert any(o.status == "orphaned" for _, outcomes in results for o in outcomes)
    assert {p: p.read_bytes() for p in folder.rglob("*.json")} == before
    layer.write_text('{"version": 1', "utf-8")
    with pytest.raises(DataError, match="alice"):
        reanchor_article(store, ARTICLE)
    assert (folder / f"{ARTICLE}.json").read_bytes() == before[folder / f"{ARTICLE}.json"]


def test_validator_warns_about_fuzzy_anchors_and_orphans(workspace: Path, store: Store) -> None:
    correct(workspace)
    reanchor_article(store, ARTICLE, clock=stamp)
    result = validate_paths([workspace / "annotations"], workspace / "seeds")
    mine = [f for f in result.findings if f.path.endswith(f"{ARTICLE}.json")]
    assert not [f for f in mine if f.severity == "error"]
    [fuzzy] = [f for f in mine if f.code == "W505"]
    [orphan] = [f for f in mine if f.code == "W506"]
    assert fuzzy.pointer.endswith(".anchor") and "efe-09" in fuzzy.message and fuzzy.line
    assert orphan.pointer == "orphans[0]" and "efe-15" in orphan.message and orphan.line


# -- the Editor ------------------------------------------------------------------------------------


def reanchored_editor(workspace: Path) -> Editor:
    correct(workspace)
    editor = Editor(Store(workspace / "seeds", workspace / "annotations"), "tester", clock=stamp)
    editor.open(ARTICLE)
    assert editor.article is not None and editor.article.problem_kind == "stale"
    assert editor.reanchor() == (14, 1)
    assert editor.article.read_only is False
    return editor


def test_editor_reanchor_keeps_orphans_and_a_backup(workspace: Path) -> None:
    path = workspace / "annotations" / f"{ARTICLE}.json"
    before = path.read_bytes()
    editor = reanchored_editor(workspace)
    assert (path.with_name(path.name + ".bak")).read_bytes() == before
    assert [o.span.id for o in editor.article.doc.orphans] == ["efe-15"]  # type: ignore[union-attr]
    [(layer, outcomes)] = editor.last_reanchor
    assert layer == "gold" and len(outcomes) == 15


def test_accept_anchor_clears_the_review_and_undoes(workspace: Path) -> None:
    editor = reanchored_editor(workspace)
    path = workspace / "annotations" / f"{ARTICLE}.json"
    pending = path.read_bytes()
    span = editor.accept_anchor("efe-09")
    assert span.anchor is None
    saved = next(s for s in read_json(path)["spans"] if s["id"] == "efe-09")
    assert "anchor" not in saved and saved["quote"] == OLD.replace("700", "800")
    with pytest.raises(ReadOnlyError):
        editor.accept_anchor("efe-09")
    editor.undo()
    assert path.read_bytes() == pending
    editor.redo()
    assert "anchor" not in next(s for s in read_json(path)["spans"] if s["id"] == "efe-09")


def test_reattach_orphan_to_a_selection_and_undo(workspace: Path) -> None:
    editor = reanchored_editor(workspace)
    path = workspace / "annotations" / f"{ARTICLE}.json"
    pending = path.read_bytes()
    text = editor.article.text  # type: ignore[union-attr]
    start = text.index("In the wake")
    span = editor.reattach_orphan("efe-15", start, start + len("In the wake"))
    data = read_json(path)
    assert "orphans" not in data
    saved = next(s for s in data["spans"] if s["id"] == "efe-15")
    assert saved["quote"] == "In the wake" and saved["start"] == start == span.start
    assert saved["label"] == "opinion" and saved["modified"] == stamp()
    assert "anchor" not in saved
    editor.undo()
    assert path.read_bytes() == pending
    with pytest.raises(ReadOnlyError):
        editor.reattach_orphan(0, 5, 5)
    with pytest.raises(ReadOnlyError):
        editor.reattach_orphan(3, 0, 5)


def test_delete_orphan_and_undo(workspace: Path) -> None:
    editor = reanchored_editor(workspace)
    path = workspace / "annotations" / f"{ARTICLE}.json"
    pending = path.read_bytes()
    gone = editor.delete_orphan(0)
    assert gone.span.id == "efe-15" and "orphans" not in read_json(path)
    with pytest.raises(ReadOnlyError):
        editor.delete_orphan("efe-15")
    editor.undo()
    assert path.read_bytes() == pending
    editor.redo()
    assert "orphans" not in read_json(path)


def test_editor_reanchor_moves_the_analyst_layers_too(workspace: Path) -> None:
    layer = add_layer(workspace, "bob")
    editor = reanchored_editor(workspace)
    assert [name for name, _ in editor.last_reanchor] == ["gold", "by/bob"]
    data = read_json(layer)
    assert data["article"]["sha256"] == sha256_text(editor.article.text)  # type: ignore[union-attr]
    assert [o["span"]["id"] for o in data["orphans"]] == ["efe-15"]
