"""Resolving a merge conflict record through the Editor: saved at once, undoable."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.editor import Editor
from annotator.merge.resolve import ResolveError
from annotator.merge.three_way import merge_annotations
from annotator.model.models import Span
from annotator.store.files import atomic_write
from annotator.store.jsonio import dumps
from annotator.store.store import Store, load_annotation_file
from annotator.validate import validate_paths

ARTICLE = "yonhap-special-train"
STAMP = "2026-11-30T10:00:00Z"


def conflicted(workspace: Path) -> Path:
    path = workspace / "annotations" / f"{ARTICLE}.json"
    base = load_annotation_file(path)

    def noted(note: str) -> list[Span]:
        return [
            Span.model_validate({**s.model_dump(), "note": note, "modified": STAMP})
            if s.id == "yon-04"
            else s
            for s in base.spans
        ]

    doc = merge_annotations(
        base,
        base.model_copy(update={"spans": noted("one")}),
        base.model_copy(update={"spans": noted("two")}),
    )
    assert [c.id for c in doc.conflicts] == ["yon-04"]
    atomic_write(path, dumps(doc))
    return path


def codes(workspace: Path) -> set[str]:
    result = validate_paths([workspace / "annotations"], workspace / "seeds")
    return {f.code for f in result.findings}


def test_editor_resolves_a_conflict_saves_it_and_undo_brings_it_back(workspace: Path) -> None:
    path = conflicted(workspace)
    assert "E308" in codes(workspace)
    editor = Editor(Store(workspace / "seeds", workspace / "annotations"), "tester")
    article = editor.open(ARTICLE)
    assert not article.read_only and "yon-04" not in {s.id for s in article.doc.spans}
    record = article.doc.conflicts[0]
    kept = editor.resolve_conflict("yon-04", "b")
    assert kept == record.b
    on_disk = load_annotation_file(path)
    assert on_disk.conflicts == [] and b'"conflicts"' not in path.read_bytes()
    assert next(s for s in on_disk.spans if s.id == "yon-04") == record.b
    assert "E308" not in codes(workspace)
    editor.undo()
    assert [c.id for c in load_annotation_file(path).conflicts] == ["yon-04"]
    assert "yon-04" not in {s.id for s in load_annotation_file(path).spans}
    editor.redo()
    assert load_annotation_file(path).conflicts == []
    with pytest.raises(ResolveError, match="no conflict record 'yon-04'"):
        editor.resolve_conflict("yon-04", "a")


def test_editing_other_spans_keeps_the_conflict_records(workspace: Path) -> None:
    path = conflicted(workspace)
    editor = Editor(Store(workspace / "seeds", workspace / "annotations"), "tester")
    editor.open(ARTICLE)
    editor.set_note("yon-01", "still here")
    on_disk = load_annotation_file(path)
    assert [c.id for c in on_disk.conflicts] == ["yon-04"]
    assert next(s for s in on_disk.spans if s.id == "yon-01").note == "still here"
