"""The headless Editor: changes, undo/redo, saving, re-anchoring."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from annotator.editor import Editor, ReadOnlyError
from annotator.store.store import Store
from tests.helpers import read_json

PHRASE = "Mr. Putin is reportedly seeking"


def editor_for(workspace: Path, article: str = "afp-kim-leaves") -> Editor:
    editor = Editor(Store(workspace / "seeds", workspace / "annotations"), "tester")
    editor.open(article)
    return editor


def test_every_change_is_on_disk_when_the_call_returns(workspace: Path, fixed_clock: str) -> None:
    editor = editor_for(workspace)
    text = editor.article.text  # type: ignore[union-attr]
    start = text.index(PHRASE)
    span = editor.create_span(start + len(PHRASE), start, "disputed")  # reversed is fine
    path = workspace / "annotations" / "afp-kim-leaves.json"
    saved = {s["id"]: s for s in read_json(path)["spans"]}
    assert saved[span.id]["quote"] == PHRASE and saved[span.id]["created"] == fixed_clock
    editor.link(span.id, "us-says-arms-talks-advancing")
    editor.set_attribution(span.id, "  ")
    editor.set_note(span.id, "checked")
    editor.relabel(span.id, "attributed")
    saved = {s["id"]: s for s in read_json(path)["spans"]}[span.id]
    assert saved["label"] == "attributed" and saved["note"] == "checked"
    assert saved["attribution"] is None and saved["facts"] == ["us-says-arms-talks-advancing"]
    assert editor.missing(editor.article.span(span.id)) == ["needs attribution"]  # type: ignore[union-attr]


def test_undo_redo_round_trip_restores_bytes(workspace: Path) -> None:
    editor = editor_for(workspace)
    path = workspace / "annotations" / "afp-kim-leaves.json"
    facts = workspace / "annotations" / "facts.json"
    original = (path.read_bytes(), facts.read_bytes())
    text = editor.article.text  # type: ignore[union-attr]
    span = editor.create_span(text.index(PHRASE), text.index(PHRASE) + len(PHRASE), "confirmed")
    fact = editor.create_fact("  Putin   sought weapons ", link_to=span.id)
    assert fact.statement == "Putin sought weapons" and fact.id == "putin-sought-weapons"
    editor.delete_span("afp-01")
    changed = (path.read_bytes(), facts.read_bytes())
    while editor.undo():
        pass
    assert (path.read_bytes(), facts.read_bytes()) == original
    while editor.redo():
        pass
    assert (path.read_bytes(), facts.read_bytes()) == changed
    assert editor.undo() is not None and editor.redo() is not None and editor.redo() is None


def test_new_change_clears_redo(workspace: Path) -> None:
    editor = editor_for(workspace)
    editor.set_note("afp-01", "one")
    editor.undo()
    editor.set_note("afp-01", "two")
    assert editor.redo() is None


def test_bad_values_never_reach_a_file(workspace: Path) -> None:
    editor = editor_for(workspace)
    with pytest.raises(ValidationError):
        editor.link("afp-01", "Not A Slug")
    assert "Not A Slug" not in (workspace / "annotations" / "afp-kim-leaves.json").read_text()
    with pytest.raises(ReadOnlyError):
        editor.create_span(5, 5, "opinion")


def test_stale_article_is_read_only_until_reanchored(workspace: Path) -> None:
    article = workspace / "seeds" / "afp-kim-leaves.txt"
    original = article.read_text("utf-8")
    article.write_text(
        original.replace("Kim Jong-un leaves", "UPDATED: Kim Jong-un leaves", 1).replace(
            "Mr. Putin", "President Putin"
        ),
        "utf-8",
    )
    editor = editor_for(workspace)
    assert editor.article.read_only and editor.article.problem_kind == "stale"  # type: ignore[union-attr]
    with pytest.raises(ReadOnlyError):
        editor.set_note("afp-01", "x")
    kept, dropped = editor.reanchor()
    assert (kept, dropped) == (17, 0)
    text = article.read_text("utf-8")
    for span in read_json(workspace / "annotations" / "afp-kim-leaves.json")["spans"]:
        assert text[span["start"] : span["end"]] == span["quote"]
    assert not editor.article.read_only  # type: ignore[union-attr]


def test_spans_for_does_not_mask_a_conflict(workspace: Path) -> None:
    editor = editor_for(workspace)
    path = workspace / "annotations" / "afp-kim-leaves.json"
    path.write_bytes(path.read_bytes().replace(b'"note": null', b'"note": "theirs"', 1))
    assert editor.spans_for("afp-kim-leaves") is not None
    editor.set_note("afp-02", "mine")
    assert editor.conflict and b'"theirs"' in path.read_bytes()


def test_incomplete_count_follows_every_change(workspace: Path) -> None:
    """has_incomplete is carried through changes by the spans each took out and put
    in; after every step it agrees with asking every span."""
    editor = editor_for(workspace)
    article = editor.article
    assert article is not None

    def truth() -> bool:
        assert editor.article is not None
        return any(editor.missing(s) for s in editor.article.doc.spans)

    # Start from a complete article: every span given what it lacks.
    for span in list(article.doc.spans):
        if editor.missing(span):
            editor.delete_span(span.id)
    assert editor.has_incomplete() is truth() is False
    start = article.text.index(PHRASE)
    steps = []
    span = editor.create_span(start, start + len(PHRASE), "disputed")  # needs a fact
    steps.append(editor.has_incomplete() is truth() is True)
    editor.link(span.id, "us-says-arms-talks-advancing")
    steps.append(editor.has_incomplete() is truth() is False)
    editor.relabel(span.id, "attributed")  # now needs an attribution
    steps.append(editor.has_incomplete() is truth() is True)
    editor.undo()
    steps.append(editor.has_incomplete() is truth() is False)
    editor.redo()
    steps.append(editor.has_incomplete() is truth() is True)
    editor.set_attribution(span.id, "KCNA")
    steps.append(editor.has_incomplete() is truth() is False)
    fact = editor.create_fact("A fact only this span links.", link_to=span.id)
    steps.append(editor.has_incomplete() is truth() is False)
    editor.delete_span(span.id)
    steps.append(editor.has_incomplete() is truth() is False)
    assert fact.id and steps == [True] * len(steps)


def test_a_new_span_leaves_out_white_space_at_its_edges(workspace: Path) -> None:
    editor = editor_for(workspace)
    text = editor.article.text  # type: ignore[union-attr]
    start = text.index(PHRASE)
    span = editor.create_span(start - 1, start + len(PHRASE) + 1, "opinion")  # " … "
    assert (span.start, span.end, span.quote) == (start, start + len(PHRASE), PHRASE)
    saved = {
        s["id"]: s for s in read_json(workspace / "annotations" / "afp-kim-leaves.json")["spans"]
    }
    assert saved[span.id]["quote"] == PHRASE
    gap = text.index("\n\n")
    with pytest.raises(ReadOnlyError, match="only white space"):
        editor.create_span(gap, gap + 2, "opinion")


def test_saved_spans_stay_sorted_through_changes(workspace: Path) -> None:
    """The editor hands the store spans it keeps sorted (no sort per save): the file is
    in (start, end, id) order after creates out of order, a resize-like relabel, undo."""
    editor = editor_for(workspace)
    text = editor.article.text  # type: ignore[union-attr]
    path = workspace / "annotations" / "afp-kim-leaves.json"
    starts = [text.index(word) for word in ("Putin", "Kim", "train", "Russia")]
    for start in sorted(starts, reverse=True):
        editor.create_span(start, start + 3, "opinion")
    editor.undo()
    editor.redo()

    def order(spans: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return [(s["start"], s["end"], s["id"]) for s in spans]

    spans = read_json(path)["spans"]
    assert order(spans) == sorted(order(spans))
