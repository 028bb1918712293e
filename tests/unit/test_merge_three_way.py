"""The three-way merge of annotation files and fact registries (annotator.merge), directly."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.merge.resolve import (
    ResolveError,
    resolve_fact_conflict,
    resolve_span_conflict,
    which_side,
)
from annotator.merge.three_way import FileConflict, merge_annotations, merge_registries
from annotator.model.models import AnnotationFile, ArticleRef, Fact, FactRegistry, Label, Span
from annotator.model.text import sha256_text
from annotator.store.jsonio import dumps

TEXT = "Alpha said the train left. Beta denied it. Gamma saw smoke. Delta wrote a note."
T0 = "2026-11-22T12:00:00Z"
T1 = "2026-11-23T12:00:00Z"
T2 = "2026-11-24T12:00:00Z"


def span(
    span_id: str,
    phrase: str,
    label: Label = "confirmed",
    *,
    facts: list[str] | None = None,
    note: str | None = None,
    stamp: str = T0,
    author: str = "ann",
) -> Span:
    start = TEXT.index(phrase)
    return Span.create(
        TEXT,
        start,
        start + len(phrase),
        label,
        author=author,
        facts=["train-left"] if facts is None else facts,
        note=note,
        attribution="Beta" if label == "attributed" else None,
        span_id=span_id,
        timestamp=stamp,
    )


def doc(*spans: Span, sha: str | None = None) -> AnnotationFile:
    return AnnotationFile(
        article=ArticleRef(id="a", sha256=sha or sha256_text(TEXT)), spans=list(spans)
    )


def edit(s: Span, stamp: str = T1, **update: Any) -> Span:
    return Span.model_validate({**s.model_dump(), **update, "modified": stamp})


def merged(
    base: AnnotationFile | None, ours: AnnotationFile, theirs: AnnotationFile
) -> AnnotationFile:
    """Merge both ways round and insist the bytes agree (the swap rule holds everywhere)."""
    one = merge_annotations(base, ours, theirs)
    other = merge_annotations(base, theirs, ours)
    assert dumps(one) == dumps(other)
    return one


def by_id(d: AnnotationFile) -> dict[str, Span]:
    return {s.id: s for s in d.spans}


S1 = span("s1", "the train left")
S2 = span("s2", "Beta denied it", "disputed")
S3 = span("s3", "Gamma saw smoke", "opinion", facts=[])


def test_independent_additions_and_deletions_merge() -> None:
    base = doc(S1, S2)
    new_ours = span("n-ours", "Delta wrote a note", "opinion", facts=[])
    ours = doc(S1, S2, new_ours)
    theirs = doc(S1, S3)  # deleted s2, added s3
    result = merged(base, ours, theirs)
    assert [s.id for s in result.spans] == ["s1", "s3", "n-ours"]  # sorted by start
    assert result.conflicts == []


def test_one_side_change_is_taken_and_an_unchanged_delete_deletes() -> None:
    base = doc(S1, S2)
    ours = doc(edit(S1, note="checked"), S2)
    theirs = doc(S1)
    result = merged(base, ours, theirs)
    assert list(by_id(result)) == ["s1"]
    assert by_id(result)["s1"].note == "checked"


def test_different_fields_of_one_span_merge_and_modified_takes_the_later() -> None:
    base = doc(S1)
    ours = doc(edit(S1, T1, note="ours"))
    theirs = doc(edit(S1, T2, label="disputed"))
    result = merged(base, ours, theirs)
    got = by_id(result)["s1"]
    assert (got.note, got.label, got.modified) == ("ours", "disputed", T2)
    assert result.conflicts == []


def test_the_same_change_on_both_sides_is_taken_once() -> None:
    base = doc(S1)
    ours = doc(edit(S1, T1, note="same"))
    theirs = doc(edit(S1, T2, note="same"))
    got = by_id(merged(base, ours, theirs))["s1"]
    assert got.note == "same" and got.modified == T2


def test_facts_merge_as_sets() -> None:
    base = doc(span("s1", "the train left", facts=["f-x", "f-y"]))
    ours = doc(edit(base.spans[0], facts=["f-y", "f-z"]))  # -x +z
    theirs = doc(edit(base.spans[0], facts=["f-x", "f-y", "f-w"]))  # +w
    got = by_id(merged(base, ours, theirs))["s1"]
    assert got.facts == ["f-w", "f-y", "f-z"]


def test_a_field_changed_differently_becomes_a_conflict_record() -> None:
    base = doc(S1, S2)
    ours = doc(edit(S1, note="ours"), S2)
    theirs = doc(edit(S1, note="theirs", label="disputed"), edit(S2, note="fine"))
    result = merged(base, ours, theirs)
    assert list(by_id(result)) == ["s2"] and by_id(result)["s2"].note == "fine"
    [record] = result.conflicts
    assert record.id == "s1" and record.base == S1
    assert record.reason == "note changed differently on both branches"
    assert {record.a.note, record.b.note} == {"ours", "theirs"}  # type: ignore[union-attr]
    assert record.a == ours.spans[0] and record.b == theirs.spans[0]  # canonical: by content


def test_delete_against_edit_is_a_conflict() -> None:
    base = doc(S1)
    ours = doc()
    theirs = doc(edit(S1, note="keep me"))
    [record] = merged(base, ours, theirs).conflicts
    assert record.a is None and record.b == theirs.spans[0] and record.base == S1
    assert record.reason == "deleted on one branch, changed on the other (note)"


def test_the_same_claim_added_on_both_sides_folds_into_one() -> None:
    base = doc(S2)
    ours = doc(S2, span("s-bbb", "the train left", facts=["f-a"], stamp=T1, author="ours"))
    theirs = doc(
        S2,
        span(
            "s-aaa", "the train left", facts=["f-b", "f-a"], stamp=T2, author="theirs", note="seen"
        ),
    )
    result = merged(base, ours, theirs)
    assert result.conflicts == []
    folded = by_id(result)["s-aaa"]
    assert "s-bbb" not in by_id(result)
    assert folded.facts == ["f-a", "f-b"] and folded.note == "seen"
    assert (folded.created, folded.modified, folded.author) == (T1, T2, "ours")


def test_the_same_claim_added_with_different_notes_is_a_conflict() -> None:
    ours = doc(span("s-bbb", "the train left", note="one"))
    theirs = doc(span("s-aaa", "the train left", note="two"))
    result = merged(doc(), ours, theirs)
    assert result.spans == []
    [record] = result.conflicts
    assert record.id == "s-aaa" and record.base is None
    assert record.reason == "added on both branches with different note"
    assert {record.a.id, record.b.id} == {"s-aaa", "s-bbb"}  # type: ignore[union-attr]


def test_a_missing_ancestor_is_an_empty_file() -> None:
    ours = doc(S1)
    theirs = doc(S2)
    result = merged(None, ours, theirs)
    assert list(by_id(result)) == ["s1", "s2"]


def test_the_article_hash_merges_when_one_side_keeps_it_and_conflicts_otherwise() -> None:
    other = "0" * 64
    result = merged(doc(S1), doc(S1, sha=other), doc(S1, S2))
    assert result.article.sha256 == other and len(result.spans) == 2
    with pytest.raises(FileConflict, match="article"):
        merge_annotations(doc(S1), doc(S1, sha=other), doc(S1, sha="1" * 64))


def test_a_merge_that_would_make_an_invalid_span_is_a_conflict() -> None:
    base = doc(S1)
    ours = doc(edit(S1, start=S1.end - 2, quote="x"))
    theirs = doc(edit(S1, end=S1.start + 2, quote="x"))
    [record] = merged(base, ours, theirs).conflicts
    assert record.reason.startswith("the merged version is invalid: end")


def test_existing_conflict_records_are_kept_and_a_clash_is_a_file_conflict() -> None:
    conflicted = merge_annotations(doc(S1), doc(edit(S1, note="o")), doc(edit(S1, note="t")))
    result = merged(doc(S1), conflicted, doc(S1, S3))
    assert [c.id for c in result.conflicts] == ["s1"] and list(by_id(result)) == ["s3"]
    again = merge_annotations(doc(S1), doc(edit(S1, note="p")), doc(edit(S1, note="q")))
    with pytest.raises(FileConflict, match="s1"):
        merge_annotations(doc(S1), conflicted, again)


def test_resolving_takes_base_a_or_b_and_drops_the_record() -> None:
    base = doc(S1, S2)
    ours = doc(edit(S1, note="ours"), S2)
    theirs = doc(edit(S1, note="theirs"), S2)
    result = merged(base, ours, theirs)
    for take, note in (("base", None), ("a", "ours"), ("b", "theirs")):
        fixed = resolve_span_conflict(result, "s1", take)  # type: ignore[arg-type]
        assert fixed.conflicts == [] and by_id(fixed)["s1"].note == note
        assert dumps(fixed).count(b'"conflicts"') == 0
    with pytest.raises(ResolveError, match="no conflict record 'nope'"):
        resolve_span_conflict(result, "nope", "a")
    deleted = merged(base, doc(S2), theirs)
    assert list(by_id(resolve_span_conflict(deleted, "s1", "a"))) == ["s2"]


def test_which_side_maps_a_branch_to_a_or_b() -> None:
    base = doc(S1)
    ours = doc(edit(S1, note="zzz"))
    theirs = doc(edit(S1, note="aaa"))
    [record] = merged(base, ours, theirs).conflicts
    assert which_side(record, ours) == "b" and which_side(record, theirs) == "a"
    [gone] = merged(base, doc(), theirs).conflicts
    assert which_side(gone, doc()) == "a" and which_side(gone, theirs) == "b"
    assert which_side(record, base) is None


# -- the fact registry -----------------------------------------------------------------


def fact(
    fact_id: str, statement: str, *, note: str | None = None, stamp: str = T0, author: str = "ann"
) -> Fact:
    return Fact(
        id=fact_id, statement=statement, note=note, author=author, created=stamp, modified=stamp
    )


def reg(*facts: Fact) -> FactRegistry:
    return FactRegistry(facts=list(facts))


def merged_registry(
    base: FactRegistry | None, ours: FactRegistry, theirs: FactRegistry
) -> FactRegistry:
    one = merge_registries(base, ours, theirs)
    assert dumps(one) == dumps(merge_registries(base, theirs, ours))
    return one


def test_registry_merges_fact_by_fact() -> None:
    f1 = fact("train-left", "The train left.")
    base = reg(f1)
    ours = reg(f1.model_copy(update={"note": "Yonhap", "modified": T1}), fact("smoke", "Smoke."))
    theirs = reg(
        f1.model_copy(update={"statement": "The train left Pyongyang.", "modified": T2}),
        fact("denial", "Beta denied."),
    )
    result = merged_registry(base, ours, theirs)
    assert [f.id for f in result.facts] == ["denial", "smoke", "train-left"]
    got = result.by_id()["train-left"]
    assert (got.statement, got.note, got.modified) == ("The train left Pyongyang.", "Yonhap", T2)


def test_same_fact_id_with_different_statements_is_a_conflict() -> None:
    f1 = fact("train-left", "The train left.")
    ours = reg(f1.model_copy(update={"statement": "It left on Sunday."}))
    theirs = reg(f1.model_copy(update={"statement": "It left on Monday."}))
    result = merged_registry(reg(f1), ours, theirs)
    assert result.facts == []
    [record] = result.conflicts
    assert record.id == "train-left" and record.reason.startswith("statement changed")
    fixed = resolve_fact_conflict(result, "train-left", "b")
    assert fixed.conflicts == [] and fixed.facts[0].statement == record.b.statement  # type: ignore[union-attr]
    added = merged_registry(None, reg(fact("x", "One.")), reg(fact("x", "Two.")))
    assert added.conflicts[0].reason == "added on both branches with different statement"


def test_the_same_fact_added_on_both_sides_folds() -> None:
    ours = reg(fact("x", "Same.", stamp=T2, author="late"))
    theirs = reg(fact("x", "Same.", note="src", stamp=T1, author="early"))
    [got] = merged_registry(reg(), ours, theirs).facts
    assert (got.note, got.author, got.created, got.modified) == ("src", "early", T1, T2)


# -- properties over random small edits --------------------------------------------------

PHRASES = [
    "Alpha said",
    "the train left",
    "Beta denied it",
    "Gamma saw smoke",
    "Delta wrote a note",
]
LABELS: list[Label] = ["confirmed", "disputed", "attributed", "opinion"]
BASE_SPANS = [
    span(f"b{i}", p, LABELS[i % 4], facts=["f-a"] if i % 4 < 2 else [])
    for i, p in enumerate(PHRASES)
]


@st.composite
def branch(draw: st.DrawFn) -> AnnotationFile:
    out: list[Span] = []
    for s in BASE_SPANS:
        action = draw(st.sampled_from(["keep", "keep", "delete", "note", "label", "facts"]))
        if action == "delete":
            continue
        if action == "note":
            s = edit(s, draw(st.sampled_from([T1, T2])), note=draw(st.sampled_from(["x", "y"])))
        elif action == "label":
            s = edit(s, label=draw(st.sampled_from(LABELS)), attribution="Beta")
        elif action == "facts":
            s = edit(
                s,
                facts=draw(
                    st.lists(st.sampled_from(["f-a", "f-b", "f-c"]), unique=True, max_size=3)
                ),
            )
        out.append(s)
    for _ in range(draw(st.integers(0, 2))):
        out.append(
            span(
                draw(st.sampled_from(["n1", "n2", "n3", "n4"])),
                draw(st.sampled_from(PHRASES)),
                draw(st.sampled_from(LABELS)),
                facts=draw(st.lists(st.sampled_from(["f-a", "f-b"]), unique=True)),
                note=draw(st.sampled_from([None, "p", "q"])),
                stamp=draw(st.sampled_from([T1, T2])),
            )
        )
    unique = {s.id: s for s in out}
    return doc(*unique.values())


@settings(max_examples=150, deadline=None)
@given(ours=branch(), theirs=branch(), no_base=st.booleans())
def test_swapping_sides_gives_byte_identical_files(
    ours: AnnotationFile, theirs: AnnotationFile, no_base: bool
) -> None:
    base = None if no_base else doc(*BASE_SPANS)
    result = merged(base, ours, theirs)  # asserts the swap
    # Nothing is lost: every span a side changed (more than its time) is merged or
    # sits in a conflict record.
    kept = {s.id for s in result.spans} | {c.id for c in result.conflicts}
    untouched = {
        s.model_copy(update={"modified": T0}).model_dump_json()
        for s in (base.spans if base else [])
    }
    for side in (ours, theirs):
        for s in side.spans:
            if s.model_copy(update={"modified": T0}).model_dump_json() not in untouched:
                assert (
                    s.id in kept
                    or any(s in (c.a, c.b) for c in result.conflicts)
                    or any(
                        k.start == s.start and k.end == s.end and k.label == s.label
                        for k in result.spans
                    )
                )


@settings(max_examples=60, deadline=None)
@given(side=branch())
def test_merging_with_an_unchanged_side_gives_the_other(side: AnnotationFile) -> None:
    base = doc(*BASE_SPANS)
    expected = dumps(side.model_copy(update={"spans": side.sorted_spans()}))
    assert dumps(merge_annotations(base, base, side)) == expected
    assert dumps(merge_annotations(base, side, side)) == expected


FACT_BASE = [fact(f"f-{i}", f"Statement {i}.") for i in range(3)]


@st.composite
def registry_branch(draw: st.DrawFn) -> FactRegistry:
    out: list[Fact] = []
    for f in FACT_BASE:
        action = draw(st.sampled_from(["keep", "delete", "statement", "note"]))
        if action == "delete":
            continue
        if action == "statement":
            f = f.model_copy(
                update={
                    "statement": draw(st.sampled_from(["S.", "T."])),
                    "modified": draw(st.sampled_from([T1, T2])),
                }
            )
        elif action == "note":
            f = f.model_copy(update={"note": draw(st.sampled_from(["n", "m"])), "modified": T1})
        out.append(f)
    for new_id in draw(st.lists(st.sampled_from(["g-1", "g-2"]), unique=True)):
        out.append(
            fact(
                new_id,
                draw(st.sampled_from(["New.", "Other."])),
                note=draw(st.sampled_from([None, "x"])),
                stamp=draw(st.sampled_from([T1, T2])),
            )
        )
    return reg(*out)


@settings(max_examples=100, deadline=None)
@given(ours=registry_branch(), theirs=registry_branch())
def test_registry_swap_gives_byte_identical_files(ours: FactRegistry, theirs: FactRegistry) -> None:
    result = merged_registry(reg(*FACT_BASE), ours, theirs)
    ids = [f.id for f in result.facts]
    assert ids == sorted(ids) and not set(ids) & {c.id for c in result.conflicts}


def test_a_side_that_only_touched_modified_counts_as_unchanged() -> None:
    base = doc(S1, S2)
    ours = doc(edit(S1, T2), S2)  # same content, later time
    theirs = doc(S2)  # deleted s1
    assert list(by_id(merged(base, ours, theirs))) == ["s2"]
    theirs = doc(edit(S1, T1, note="real change"), S2)
    got = by_id(merged(base, ours, theirs))["s1"]
    assert (got.note, got.modified) == ("real change", T2)
    got = by_id(merged(base, doc(edit(S1, T1), S2), doc(edit(S1, T2), S2)))["s1"]
    assert got.modified == T2 and got.note == S1.note
