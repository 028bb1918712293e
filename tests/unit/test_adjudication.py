"""Adjudication core: grouping spans into units, the automatic rules, building gold spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.agreement.adjudication import (
    Candidate,
    auto_adjudicate,
    build_gold_span,
    decide,
    gold_in_unit,
    group_units,
)
from annotator.editor import ReadOnlyError
from annotator.model.models import Label, Span
from annotator.store.jsonio import dumps
from annotator.store.store import load_annotation_file

TEXT = "Kim left Pyongyang by train on Sunday. The trip took two days. Putin met him."
STAMP = "2026-12-01T12:00:00Z"


def span(
    start: int,
    end: int,
    label: Label = "confirmed",
    span_id: str = "s1",
    facts: list[str] | None = None,
    note: str | None = None,
) -> Span:
    return Span.create(
        TEXT,
        start,
        end,
        label,
        author="x",
        span_id=span_id,
        facts=facts or ["kim-left"],
        note=note,
        timestamp="2026-11-01T00:00:00Z",
    )


def test_units_are_connected_components_of_overlap() -> None:
    ana = [span(0, 38, span_id="a1"), span(39, 62, span_id="a2")]
    bo = [span(0, 17, span_id="b1"), span(30, 45, span_id="b2"), span(63, 77, span_id="b3")]
    units = group_units({"ana": ana, "bo": bo})
    # a1 and b1 overlap; b2 bridges a1 and a2; b3 stands alone.
    assert [[(c.layer, c.span.id) for c in u.candidates] for u in units] == [
        [("ana", "a1"), ("ana", "a2"), ("bo", "b1"), ("bo", "b2")],
        [("bo", "b3")],
    ]
    assert (units[0].start, units[0].end) == (0, 62)
    assert units[1].layers == ("ana", "bo")


def test_touching_spans_are_separate_units() -> None:
    units = group_units({"ana": [span(0, 38, span_id="a1")], "bo": [span(38, 62, span_id="b1")]})
    assert len(units) == 2


def test_statuses() -> None:
    same = group_units({n: [span(0, 38, span_id=n)] for n in ("ana", "bo", "cy")})[0]
    assert same.status == "agreed" and same.agreed() == [(0, 38, "confirmed")]
    two = group_units({"ana": [span(0, 38)], "bo": [span(0, 38)], "cy": [span(0, 38, "disputed")]})[
        0
    ]
    assert two.status == "majority" and two.majority() == [(0, 38, "confirmed")]
    # Two of four is not a strict majority; a layer with no span counts against.
    half = group_units(
        {"ana": [span(0, 38)], "bo": [span(0, 38)], "cy": [span(0, 38, "opinion")], "di": []}
    )[0]
    assert half.status == "split" and half.majority() == []
    lonely = group_units({"ana": [span(0, 38)], "bo": []})[0]
    assert lonely.status == "split"


def test_build_gold_span_unites_facts_and_names_sources() -> None:
    a = Candidate("ana", span(0, 38, facts=["kim-left"], span_id="a1"))
    b = Candidate("bo", span(0, 38, facts=["train", "kim-left"], note="checked", span_id="b1"))
    gold = build_gold_span([a, b], author="lead", stamp=STAMP)
    assert gold.facts == ["kim-left", "train"]
    assert gold.note == "checked" and gold.author == "lead" and gold.created == STAMP
    assert [(s.layer, s.span) for s in gold.sources] == [("ana", "a1"), ("bo", "b1")]
    assert gold.id == "a1"
    assert build_gold_span([a, b], author="lead", stamp=STAMP, taken={"a1"}).id != "a1"
    only_first = build_gold_span([a, b], author="lead", stamp=STAMP, unite_facts=False)
    assert only_first.facts == ["kim-left"]


def test_sources_omitted_when_empty() -> None:
    assert b'"sources"' not in dumps(span(0, 38))
    gold = build_gold_span([Candidate("ana", span(0, 38))], author="lead", stamp=STAMP)
    assert b'"sources"' in dumps(gold)
    assert Span.model_validate(gold.model_dump()) == gold


def test_auto_rules() -> None:
    layers = {
        "ana": [span(0, 38, span_id="a1"), span(39, 62, "opinion", span_id="a2")],
        "bo": [span(0, 38, span_id="b1", facts=["train"]), span(39, 62, "disputed", span_id="b2")],
        "cy": [span(0, 38, span_id="c1"), span(39, 62, "opinion", span_id="c2")],
    }
    units = group_units(layers)
    gold, decisions = auto_adjudicate(units, [], "agreed", author="lead", stamp=STAMP)
    assert [d.action for d in decisions] == ["wrote", "left"]
    assert [(s.start, s.end, s.label, s.facts) for s in gold] == [
        (0, 38, "confirmed", ["kim-left", "train"])
    ]
    gold2, decisions = auto_adjudicate(units, [], "majority", author="lead", stamp=STAMP)
    assert [d.action for d in decisions] == ["wrote", "wrote"]
    assert [(s.label, [x.layer for x in s.sources]) for s in gold2] == [
        ("confirmed", ["ana", "bo", "cy"]),
        ("opinion", ["ana", "cy"]),
    ]
    # Gold already at a unit is kept; running again changes nothing.
    again, decisions = auto_adjudicate(units, gold2, "majority", author="lead", stamp="x")
    assert again == gold2 and [d.action for d in decisions] == ["kept", "kept"]
    report, decisions = auto_adjudicate(units, [], "none", author="lead", stamp=STAMP)
    assert report == [] and [d.action for d in decisions] == ["left", "left"]


def test_decide_replaces_the_units_gold_spans() -> None:
    units = group_units({"ana": [span(0, 38, span_id="a1")], "bo": [span(0, 17, span_id="b1")]})
    old_gold = [span(0, 20, "opinion", span_id="g1"), span(63, 77, span_id="g2")]
    assert [s.id for s in gold_in_unit(units[0], old_gold)] == ["g1"]
    chosen = build_gold_span([units[0].candidates[1]], author="lead", stamp=STAMP)
    after = decide(units[0], old_gold, [chosen])
    assert [(s.id, s.start, s.end) for s in after] == [("b1", 0, 17), ("g2", 63, 77)]
    assert [s.id for s in decide(units[0], old_gold, [])] == ["g2"]  # dismiss


def test_editor_decisions_are_single_undo_steps(workspace: Path) -> None:
    from annotator.editor import Editor
    from annotator.store.store import Store

    path = workspace / "annotations" / "afp-kim-leaves.json"
    before = path.read_bytes()
    editor = Editor(
        Store(workspace / "seeds", workspace / "annotations"), "lead", clock=lambda: STAMP
    )
    article = editor.open("afp-kim-leaves")
    kept = list(article.doc.spans[1:])
    editor.replace_spans("dismiss unit 1", kept)
    assert [s.id for s in load_annotation_file(path).spans] == [s.id for s in kept]
    mark = editor.mark_adjudicated()
    assert mark is not None and (mark.by, mark.at) == ("lead", STAMP)
    assert load_annotation_file(path).adjudicated == mark
    editor.undo()
    assert b'"adjudicated"' not in path.read_bytes()
    editor.undo()
    assert path.read_bytes() == before  # byte for byte: the optional fields stay out
    with pytest.raises(ReadOnlyError):
        editor.replace_spans("twice", [kept[0], kept[0]])


def test_merge_keeps_the_adjudicated_mark_and_sources(workspace: Path) -> None:
    from annotator.merge.three_way import merge_annotations
    from annotator.model.models import Adjudicated

    base = load_annotation_file(workspace / "annotations" / "afp-kim-leaves.json")
    sourced = build_gold_span([Candidate("ana", base.spans[0])], author="lead", stamp=STAMP)
    ours = base.model_copy(
        update={
            "adjudicated": Adjudicated(by="lead", at=STAMP),
            "spans": [sourced, *base.spans[1:]],
        }
    )
    merged = merge_annotations(base, ours, base)
    assert merged.adjudicated == ours.adjudicated
    assert merged.spans[0].sources == sourced.sources
    assert merge_annotations(base, base, ours) == merged
    later = base.model_copy(update={"adjudicated": Adjudicated(by="bo", at="2026-12-02T00:00:00Z")})
    both = merge_annotations(base, ours, later)
    assert both.adjudicated == later.adjudicated
    assert merge_annotations(base, later, ours) == both
