"""The re-anchoring cascade (annotator.model.anchoring) and the corrections test set."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.model.anchoring import (
    CONTEXT_MIN,
    QUOTE_MIN,
    _fold_only,
    edit_distance,
    fold,
    reanchor_file,
)
from annotator.model.models import AnnotationFile, ArticleRef, Span
from annotator.model.text import sha256_text
from annotator.store.jsonio import dumps
from annotator.store.store import Store
from bench.corrections import KINDS, Draft, build, evaluate, spans_for, total
from tests.helpers import ANNOTATIONS, CORPUS

STAMP = "2026-11-22T12:00:00Z"
LATER = "2026-12-01T09:00:00Z"

TEXT = (
    "Train heads north, officials say\n\n"
    "A train carrying the leader left the capital on Sunday, officials said.\n\n"
    "It is not known when he will arrive in Vladivostok, which is around 700 kms away.\n\n"
    "Putin will meet him at the forum. Putin has not confirmed the visit.\n\n"
    "The trip is his first abroad since 2019, according to the ministry.\n"
)
SENTENCE = "It is not known when he will arrive in Vladivostok, which is around 700 kms away."


def clock() -> str:
    return LATER


def doc_with(text: str, *quotes: str | tuple[str, int]) -> AnnotationFile:
    spans = []
    for n, item in enumerate(quotes):
        quote, nth = (item, 0) if isinstance(item, str) else item
        start = -1
        for _ in range(nth + 1):
            start = text.index(quote, start + 1)
        spans.append(
            Span.create(
                text,
                start,
                start + len(quote),
                "opinion",
                author="t",
                span_id=f"s{n}",
                timestamp=STAMP,
            )
        )
    return AnnotationFile(
        article=ArticleRef(id="a", sha256=sha256_text(text)),
        spans=sorted(spans, key=lambda s: s.sort_key),
    )


def one(text: str, new_text: str, quote: str | tuple[str, int]):  # type: ignore[no-untyped-def]
    doc = doc_with(text, quote)
    new_doc, outcomes = reanchor_file(doc, new_text, clock=clock)
    return new_doc, outcomes[0]


# -- the stages -----------------------------------------------------------------------------------


def test_unchanged_text_is_exact_and_changes_nothing() -> None:
    doc = doc_with(TEXT, SENTENCE, "Putin", ("Putin", 1), "700 kms")
    new_doc, outcomes = reanchor_file(doc, TEXT, clock=clock)
    assert [o.status for o in outcomes] == ["exact"] * 4
    assert all(o.old == o.new and o.score == 1.0 for o in outcomes)
    assert dumps(new_doc) == dumps(doc)


def test_edit_elsewhere_keeps_offsets_and_refreshes_context() -> None:
    new_text = TEXT.replace("on Sunday", "on Saturday")  # after the first span, same length+
    doc = doc_with(TEXT, "A train carrying")
    new_doc, [outcome] = reanchor_file(doc, new_text, clock=clock)
    assert outcome.status == "exact" and new_doc.spans[0].anchor is None
    assert new_doc.spans[0].modified == STAMP  # nothing the analyst cares about changed


def test_inserted_text_moves_span_and_records_where_it_was() -> None:
    new_text = TEXT.replace("\n\nIt is not", "\n\nOfficials declined to comment.\n\nIt is not")
    new_doc, outcome = one(TEXT, new_text, "700 kms")
    span = new_doc.spans[0]
    assert outcome.status == "moved" and outcome.new == (span.start, span.end)
    assert new_text[span.start : span.end] == span.quote == "700 kms"
    assert span.anchor is not None and span.anchor.status == "moved"
    assert span.anchor.was.start == TEXT.index("700 kms") and span.anchor.was.quote == "700 kms"
    assert span.modified == LATER and new_doc.article.sha256 == sha256_text(new_text)


def test_quote_marks_and_line_breaks_changed_count_as_moved() -> None:
    text = TEXT.replace("officials said.", "officials said, “it left”.")
    new_text = text.replace("“it left”", '"it left"').replace(
        "left the capital", "left\nthe  capital"
    )
    new_doc, outcome = one(
        text,
        new_text,
        "A train carrying the leader left the capital on Sunday, officials said, “it left”.",
    )
    span = new_doc.spans[0]
    assert outcome.status == "moved"
    assert (
        span.quote
        == 'A train carrying the leader left\nthe  capital on Sunday, officials said, "it left".'
    )
    assert fold(span.quote)[0] == fold(text[outcome.old[0] : outcome.old[1]])[0]


def test_span_with_white_space_at_its_edge_keeps_it() -> None:
    new_text = "Breaking.\n" + TEXT.replace("around 700", "around  700")
    new_doc, outcome = one(TEXT, new_text, " 700 kms")
    assert outcome.status == "moved" and new_doc.spans[0].quote == "  700 kms"


def test_best_exact_occurrence_wins_by_context() -> None:
    # Both Putins shift; each must land on its own (context decides, not the first hit).
    new_text = TEXT.replace("Train heads north", "UPDATE: Train heads north")
    doc = doc_with(TEXT, "Putin", ("Putin", 1))
    _new_doc, outcomes = reanchor_file(doc, new_text, clock=clock)
    first = new_text.index("Putin")
    second = new_text.index("Putin", first + 1)
    assert [o.new for o in outcomes] == [(first, first + 5), (second, second + 5)]
    assert {o.status for o in outcomes} == {"moved"}


def test_number_corrected_is_fuzzy_with_a_score() -> None:
    new_text = TEXT.replace("700 kms", "800 kms")
    new_doc, outcome = one(TEXT, new_text, SENTENCE)
    span = new_doc.spans[0]
    assert outcome.status == "fuzzy" and span.quote == SENTENCE.replace("700", "800")
    assert QUOTE_MIN <= outcome.score < 1.0 and span.anchor is not None
    assert span.anchor.status == "fuzzy" and span.anchor.score == outcome.score
    assert span.anchor.was.quote == SENTENCE


def test_correction_note_quoting_the_old_sentence_does_not_win() -> None:
    new_text = TEXT.replace("700 kms", "800 kms") + (
        f"\nCorrection: an earlier version of this article said “{SENTENCE}” It was 800 kms.\n"
    )
    new_doc, outcome = one(TEXT, new_text, SENTENCE)
    note = new_text.index("Correction:")
    assert outcome.new is not None and outcome.new[1] < note
    assert outcome.status == "fuzzy" and "800 kms" in new_doc.spans[0].quote


def test_note_quoting_a_deleted_sentence_orphans_the_span() -> None:
    new_text = TEXT.replace(SENTENCE + "\n\n", "") + (
        f"\nCorrection: an earlier version of this article said “{SENTENCE}” That was wrong.\n"
    )
    new_doc, outcome = one(TEXT, new_text, SENTENCE)
    assert outcome.status == "orphaned" and outcome.new is None and not new_doc.spans


def test_deleted_paragraph_orphans_its_spans_and_keeps_them_in_the_file() -> None:
    paragraph = "Putin will meet him at the forum. Putin has not confirmed the visit.\n\n"
    new_text = TEXT.replace(paragraph, "Putin is busy.\n\n")
    doc = doc_with(TEXT, ("Putin", 1), "700 kms")
    new_doc, outcomes = reanchor_file(doc, new_text, clock=clock)
    by_id = {o.span_id: o for o in outcomes}
    assert by_id["s0"].status == "orphaned"  # not the other Putin, whose context differs
    assert by_id["s1"].status == "exact"
    [orphan] = new_doc.orphans
    assert orphan.span == next(s for s in doc.spans if s.id == "s0")
    assert orphan.sha256 == doc.article.sha256
    assert orphan.orphaned == LATER and 0 <= orphan.score < CONTEXT_MIN + QUOTE_MIN
    assert [s.id for s in new_doc.spans] == ["s1"]


def test_rewritten_sentence_is_orphaned_not_forced() -> None:
    new_text = TEXT.replace(SENTENCE, "His arrival date is unclear.")
    _doc, outcome = one(TEXT, new_text, SENTENCE)
    assert outcome.status == "orphaned"


def test_fuzzy_never_cuts_a_word_the_span_did_not_cut() -> None:
    new_text = TEXT.replace("officials say", "officials said")
    new_doc, outcome = one(TEXT, new_text, "heads north, officials say")
    assert outcome.status == "fuzzy" and new_doc.spans[0].quote == "heads north, officials said"


# -- idempotence and the anchor record ------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_second_run_on_the_same_text_is_byte_identical(kind: str) -> None:
    for case in [c for c in build(CORPUS) if c.kind == kind][:2]:
        doc = spans_for(case.article_id, case.old_text, ANNOTATIONS)
        once, _ = reanchor_file(doc, case.new_text, clock=clock)
        twice, outcomes = reanchor_file(once, case.new_text, clock=lambda: "2027-01-01T00:00:00Z")
        assert dumps(twice) == dumps(once)
        assert {o.status for o in outcomes} <= {"exact"}


def test_later_moves_keep_a_pending_fuzzy_and_its_origin() -> None:
    corrected = TEXT.replace("700 kms", "800 kms")
    first, _ = reanchor_file(doc_with(TEXT, SENTENCE), corrected, clock=clock)
    moved_text = "Breaking.\n\n" + corrected
    second, [outcome] = reanchor_file(first, moved_text, clock=clock)
    anchor = second.spans[0].anchor
    assert outcome.status == "moved" and anchor is not None
    assert anchor.status == "fuzzy" and anchor.was.quote == SENTENCE
    assert anchor.score == first.spans[0].anchor.score  # type: ignore[union-attr]


# -- the measures ---------------------------------------------------------------------------------


def _naive(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[:], i
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
    return row[-1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab c’\n", max_size=80), st.text(alphabet="ab c’\n", max_size=80))
def test_edit_distance_matches_the_textbook_definition(a: str, b: str) -> None:
    assert edit_distance(a, b) == _naive(a, b)


def test_fold_maps_back_to_offsets() -> None:
    text = "“A”  b\n\n– c’"
    folded, where = fold(text)
    assert folded == '"A" b - c\'' == _fold_only(text)
    assert [text[i] for i in where] == ["“", "A", "”", " ", "b", "\n", "–", " ", "c", "’"]


def test_draft_tracks_every_character() -> None:
    draft = Draft("abc def ghi")
    draft.replace(0, 1, "X")
    draft.move(8, 11, 4)
    draft.insert(0, ">")
    assert draft.text == ">Xbc ghidef "
    assert draft.origin[:4] == [None, None, 1, 2] and draft.origin[5:8] == [8, 9, 10]


# -- the quality bar ------------------------------------------------------------------------------


def test_corrections_set_places_nothing_wrongly_and_98_percent_right() -> None:
    rows = evaluate(build(CORPUS), ANNOTATIONS)
    assert len(rows) >= 10
    everything = total(rows)
    assert everything.spans >= 10 * 300
    assert everything.wrong == [], everything.wrong
    assert everything.right_share >= 0.98, everything.lost


# -- byte identity of today's files ---------------------------------------------------------------


def test_existing_files_are_byte_identical_after_load_and_save(
    store: Store, workspace: Path
) -> None:
    paths = sorted((workspace / "annotations").glob("*.json"))
    before = {p.name: p.read_bytes() for p in paths}
    for path in paths:
        if path.name == "facts.json":
            store.save_facts(store.load_facts(), force=True)
            continue
        doc = store.load_annotations(path.stem)
        assert doc is not None and doc.orphans == [] and all(s.anchor is None for s in doc.spans)
        assert dumps(doc) == before[path.name]
        store.save_annotations(doc, force=True)
    assert {p.name: p.read_bytes() for p in paths} == before
    assert b"anchor" not in b"".join(before.values()) and b"orphans" not in b"".join(
        before.values()
    )


# -- invariants under random corrections ----------------------------------------------------------

_SEED_TEXT = TEXT + "Officials said Putin would meet him. “It is 700 kms,” one said.\n"
_edit = st.tuples(
    st.sampled_from(["replace", "delete", "insert", "move"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from(["x", "800", " ", "\n", "”", "Putin said. "]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_edit, min_size=1, max_size=4))
def test_any_correction_gives_consistent_files_and_a_fixed_point(
    edits: list[tuple[str, float, float, str]],
) -> None:
    from annotator.model.text import context

    doc = spans_for("t", _SEED_TEXT, Path("/nonexistent"))
    draft = Draft(_SEED_TEXT)
    for op, a, b, new in edits:
        n = len(draft.chars)
        i, j = sorted((int(a * n), int(b * n)))
        if op == "replace":
            draft.replace(i, j, new)
        elif op == "delete":
            draft.delete(i, j)
        elif op == "insert":
            draft.insert(i, new)
        elif j - i >= 1 and j < n:
            draft.move(i, j, n)
    text = draft.text
    once, outcomes = reanchor_file(doc, text, clock=clock)
    assert len(outcomes) == len(doc.spans) == len(once.spans) + len(once.orphans)
    for span in once.spans:
        assert 0 <= span.start < span.end <= len(text) and text[span.start : span.end] == span.quote
        assert (span.prefix, span.suffix) == context(text, span.start, span.end)
        assert (span.anchor is not None) == (span.modified == LATER)
    twice, _ = reanchor_file(once, text, clock=lambda: "2027-01-01T00:00:00Z")
    assert dumps(twice) == dumps(once)
