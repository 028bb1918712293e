"""Adjudication: from several analysts' layers of one article to its gold spans (pure).

A *unit* is a connected component of overlapping spans across the layers (two spans
overlap when they share at least one code point; touching is not overlap). Each unit is
one place where the analysts made (or did not make) claims; the adjudicator decides what
gold says there. A *signature* is a span's ``(start, end, label)``.

- ``agreed``: every layer has spans in the unit and every layer's set of signatures
  is the same;
- ``majority``: not agreed, but some signature is held by a strict majority of the
  layers (more than half of *all* layers compared, a layer without a span counting
  against);
- ``split``: neither.

Building a gold span from candidates that share a signature: facts united (in the order
they first appear, layers in order), attribution and note from the first candidate that
has one, the first candidate's id unless gold already uses it, ``author`` the
adjudicator, and ``sources`` naming every candidate. A gold span already on that
signature absorbs the new sources and facts instead (so running twice changes nothing).

The decision for a unit replaces the gold spans that overlap the unit's candidates (or
name one of them as a source) with the chosen spans: accepting nothing (dismiss) leaves
gold without a claim there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.model.models import Label, Span, SpanSource, new_span_id

Signature = tuple[int, int, str]
Status = Literal["agreed", "majority", "split"]
Auto = Literal["agreed", "majority", "none"]
AUTO_MODES: tuple[Auto, ...] = ("agreed", "majority", "none")


def signature(span: Span) -> Signature:
    return (span.start, span.end, span.label)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One analyst's span in a unit."""

    layer: str
    span: Span


@dataclass(frozen=True, slots=True)
class Unit:
    """Overlapping claims of the layers at one place of the article."""

    index: int
    #: Every layer compared, in order (also those without a span here).
    layers: tuple[str, ...]
    #: The candidates, by layer order then (start, end, id).
    candidates: tuple[Candidate, ...]

    @property
    def start(self) -> int:
        return min(c.span.start for c in self.candidates)

    @property
    def end(self) -> int:
        return max(c.span.end for c in self.candidates)

    def of_layer(self, layer: str) -> list[Span]:
        return [c.span for c in self.candidates if c.layer == layer]

    def support(self) -> dict[Signature, list[Candidate]]:
        """Each signature and the candidates with it (insertion order: layers, offsets)."""
        out: dict[Signature, list[Candidate]] = {}
        for candidate in self.candidates:
            out.setdefault(signature(candidate.span), []).append(candidate)
        return out

    def _layer_sets(self) -> dict[str, frozenset[Signature]]:
        return {
            layer: frozenset(signature(s) for s in self.of_layer(layer)) for layer in self.layers
        }

    def agreed(self) -> list[Signature] | None:
        """The signatures every layer gives, when all give the same (else None)."""
        sets = self._layer_sets()
        first = sets[self.layers[0]] if self.layers else frozenset()
        if not first or any(s != first for s in sets.values()):
            return None
        return [sig for sig in self.support() if sig in first]

    def majority(self) -> list[Signature]:
        """Signatures held by more than half of the layers compared."""
        sets = self._layer_sets()
        need = len(self.layers) // 2 + 1
        return [
            sig for sig in self.support() if sum(1 for held in sets.values() if sig in held) >= need
        ]

    @property
    def status(self) -> Status:
        if self.agreed() is not None:
            return "agreed"
        return "majority" if self.majority() else "split"

    def source_keys(self) -> frozenset[tuple[str, str]]:
        return frozenset((c.layer, c.span.id) for c in self.candidates)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def group_units(layers: Mapping[str, Sequence[Span]]) -> list[Unit]:
    """The units of one article: connected components of overlapping spans, in text order.

    ``layers`` maps layer name -> its spans (the order of the mapping is the layer order).
    """
    order = list(layers)
    rank = {name: i for i, name in enumerate(order)}
    items = sorted(
        ((span, layer) for layer, spans in layers.items() for span in spans),
        key=lambda item: (item[0].start, item[0].end, rank[item[1]], item[0].id),
    )
    groups: list[list[tuple[Span, str]]] = []
    reach = -1
    for span, layer in items:
        if groups and span.start < reach:
            groups[-1].append((span, layer))
            reach = max(reach, span.end)
        else:
            groups.append([(span, layer)])
            reach = span.end
    units = []
    for index, group in enumerate(groups):
        group.sort(key=lambda item: (rank[item[1]], item[0].sort_key))
        units.append(
            Unit(index, tuple(order), tuple(Candidate(layer, span) for span, layer in group))
        )
    return units


def gold_in_unit(unit: Unit, gold: Iterable[Span]) -> list[Span]:
    """Gold spans that belong to a unit: overlapping a candidate, or naming one as source."""
    keys = unit.source_keys()
    out = []
    for span in gold:
        if any((s.layer, s.span) in keys for s in span.sources) or any(
            _overlaps(span.start, span.end, c.span.start, c.span.end) for c in unit.candidates
        ):
            out.append(span)
    return out


def is_decided(unit: Unit, gold: Iterable[Span]) -> bool:
    """Whether gold already holds a span adjudicated from one of the unit's candidates."""
    keys = unit.source_keys()
    return any((s.layer, s.span) in keys for span in gold for s in span.sources)


def gold_has(unit: Unit, gold: Sequence[Span]) -> bool:
    """Whether gold already says something at the unit (the automatic rules keep it)."""
    return bool(gold_in_unit(unit, gold))


def _unite(values: Iterable[Iterable[str]]) -> list[str]:
    out: list[str] = []
    for group in values:
        for value in group:
            if value not in out:
                out.append(value)
    return out


def _sources(candidates: Sequence[Candidate]) -> list[SpanSource]:
    keys = sorted({(c.layer, c.span.id) for c in candidates})
    return [SpanSource(layer=layer, span=span_id) for layer, span_id in keys]


def build_gold_span(
    candidates: Sequence[Candidate],
    *,
    author: str,
    stamp: str,
    taken: Iterable[str] = (),
    label: Label | None = None,
    unite_facts: bool = True,
) -> Span:
    """One gold span from candidates (the first gives range, label and id).

    With ``unite_facts`` every candidate's facts are linked (else the first's);
    ``label`` overrides the first candidate's label.
    """
    if not candidates:
        raise ValueError("a gold span needs at least one candidate")
    first = candidates[0].span
    facts = _unite(c.span.facts for c in candidates) if unite_facts else list(first.facts)
    attribution = next((c.span.attribution for c in candidates if c.span.attribution), None)
    note = next((c.span.note for c in candidates if c.span.note), None)
    used = set(taken)
    span_id = first.id if first.id not in used else new_span_id()
    while span_id in used:
        span_id = new_span_id()
    return Span.model_validate(
        {
            **first.model_dump(),
            "id": span_id,
            "label": label or first.label,
            "facts": facts,
            "attribution": attribution,
            "note": note,
            "author": author,
            "created": stamp,
            "modified": stamp,
            "anchor": None,
            "sources": [s.model_dump() for s in _sources(candidates)],
        }
    )


def decide(unit: Unit, gold: Sequence[Span], chosen: Sequence[Span]) -> list[Span]:
    """Gold's spans after deciding ``unit``: its old gold spans replaced by ``chosen``.

    A chosen span with the signature of a gold span that stays (outside the unit) is
    merged into it rather than added twice.
    """
    gone = {s.id for s in gold_in_unit(unit, gold)}
    kept = [s for s in gold if s.id not in gone]
    by_sig = {signature(s): i for i, s in enumerate(kept)}
    for span in chosen:
        at = by_sig.get(signature(span))
        if at is None:
            kept.append(span)
            by_sig[signature(span)] = len(kept) - 1
            continue
        old = kept[at]
        keys = sorted({(x.layer, x.span) for x in [*old.sources, *span.sources]})
        kept[at] = old.model_copy(
            update={
                "facts": _unite([old.facts, span.facts]),
                "sources": [SpanSource(layer=layer, span=span_id) for layer, span_id in keys],
                "modified": span.modified,
            }
        )
    return sorted(kept, key=lambda s: s.sort_key)


def spans_for(
    unit: Unit, signatures: Sequence[Signature], *, author: str, stamp: str, gold: Sequence[Span]
) -> list[Span]:
    """Gold spans for the chosen signatures of a unit (facts united per signature)."""
    support = unit.support()
    inside = {s.id for s in gold_in_unit(unit, gold)}
    taken = {s.id for s in gold if s.id not in inside}
    out = []
    for sig in signatures:
        span = build_gold_span(support[sig], author=author, stamp=stamp, taken=taken)
        taken.add(span.id)
        out.append(span)
    return out


@dataclass(frozen=True, slots=True)
class Decision:
    """What ``auto`` did (or would do) with one unit."""

    unit: Unit
    #: "kept" (gold already has spans there: never replaced automatically), "wrote"
    #: (gold spans made by the rule), or "left" (for the adjudicator).
    action: Literal["kept", "wrote", "left"]
    spans: tuple[Span, ...] = ()


def auto_adjudicate(
    units: Sequence[Unit], gold: Sequence[Span], mode: Auto, *, author: str, stamp: str
) -> tuple[list[Span], list[Decision]]:
    """Apply an automatic rule to every unit where gold says nothing yet; returns gold's
    new spans and one decision per unit. ``none`` decides nothing (a report). Gold spans
    already at a unit (adjudicated before, or made by hand) are never replaced."""
    spans = list(gold)
    decisions = []
    for unit in units:
        if gold_has(unit, spans):
            decisions.append(Decision(unit, "kept"))
            continue
        if mode == "none":
            decisions.append(Decision(unit, "left"))
            continue
        agreed = unit.agreed()
        chosen = agreed if agreed is not None else (unit.majority() if mode == "majority" else [])
        if not chosen:
            decisions.append(Decision(unit, "left"))
            continue
        new = spans_for(unit, chosen, author=author, stamp=stamp, gold=spans)
        spans = decide(unit, spans, new)
        decisions.append(Decision(unit, "wrote", tuple(new)))
    return spans, decisions
