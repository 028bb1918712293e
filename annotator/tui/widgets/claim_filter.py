"""Which claims the claim panel lists: all, one label, one fact, or the incomplete ones.

Pure (no Textual): the panel asks ``matches`` for each span it shows or changes, so a
filter costs nothing more per change than the spans that changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from annotator.model.models import LABELS, Span

FilterKind = Literal["label", "fact", "incomplete"]
#: How Editor.missing words what a span lacks.
INCOMPLETE = ("needs a fact", "needs attribution", "unknown fact")


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Show only spans with this label, linking this fact, or lacking something
    (a fact, an attribution, or linking a fact the registry does not have)."""

    kind: FilterKind
    value: str | None = None

    def matches(self, span: Span, lacks: list[str]) -> bool:
        if self.kind == "label":
            return span.label == self.value
        if self.kind == "fact":
            return self.value in span.facts
        # What Editor.missing reports; other marks (a fuzzy anchor awaiting review)
        # do not make a span incomplete.
        return any(lack.startswith(INCOMPLETE) for lack in lacks)

    def describe(self) -> str:
        if self.kind == "label":
            return str(self.value)
        if self.kind == "fact":
            return f"fact {self.value}"
        return "incomplete"


def filter_cycle(facts: Iterable[str] = ()) -> list[ClaimFilter | None]:
    """The order the filter key steps through: none, each label, incomplete, then
    each fact the article's spans link (so the cycle stays short)."""
    cycle: list[ClaimFilter | None] = [None]
    cycle.extend(ClaimFilter("label", label) for label in LABELS)
    cycle.append(ClaimFilter("incomplete"))
    cycle.extend(ClaimFilter("fact", fact) for fact in facts)
    return cycle


def next_filter(current: ClaimFilter | None, facts: Iterable[str] = ()) -> ClaimFilter | None:
    """The filter after ``current`` in ``filter_cycle`` (back to none at the end)."""
    cycle = filter_cycle(facts)
    try:
        return cycle[(cycle.index(current) + 1) % len(cycle)]
    except ValueError:
        return None


def parse_filter(spec: str) -> ClaimFilter | None:
    """``all``, ``label:<label>``, ``fact:<fact id>`` or ``incomplete`` (the argument of
    the ``filter_claims`` action). Raises ValueError for anything else."""
    kind, _, value = spec.partition(":")
    if kind == "all" and not value:
        return None
    if kind == "incomplete" and not value:
        return ClaimFilter("incomplete")
    if kind == "label" and value in LABELS:
        return ClaimFilter("label", value)
    if kind == "fact" and value:
        return ClaimFilter("fact", value)
    raise ValueError(f"not a claim filter: {spec!r}")
