"""Span-level measures between two layers: counts that sum over articles and pairs.

Every function returns counts (so figures pool over articles and pairs: micro averages);
``f1``/``share`` turn them into figures with the degenerate rule: nothing to count gives
None (``n/a``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.agreement.units import LayerSpan

#: Each layer's verdict on a fact in an article.
CONFIRMED, DISPUTED, BOTH, ABSENT = "confirmed", "disputed", "both", "absent"


@dataclass(frozen=True, slots=True)
class MatchCounts:
    """Spans of A matched in B, spans of B matched in A, and the sizes of A and B."""

    matched_a: int = 0
    matched_b: int = 0
    size_a: int = 0
    size_b: int = 0

    def __add__(self, other: MatchCounts) -> MatchCounts:
        return MatchCounts(
            self.matched_a + other.matched_a,
            self.matched_b + other.matched_b,
            self.size_a + other.size_a,
            self.size_b + other.size_b,
        )

    def f1(self) -> float | None:
        """2PR / (P + R); None when neither side has spans, 0.0 when nothing matches."""
        if self.size_a + self.size_b == 0:
            return None
        if self.matched_a == 0 or self.matched_b == 0:
            return 0.0
        precision = self.matched_a / self.size_a
        recall = self.matched_b / self.size_b
        return 2 * precision * recall / (precision + recall)


def _keys(spans: Sequence[LayerSpan]) -> set[tuple[int, int, str]]:
    return {(s.start, s.end, s.label) for s in spans}


def exact_counts(a: Sequence[LayerSpan], b: Sequence[LayerSpan]) -> MatchCounts:
    """Spans equal in (start, end, label); duplicates within a layer count once."""
    ka, kb = _keys(a), _keys(b)
    common = len(ka & kb)
    return MatchCounts(common, common, len(ka), len(kb))


class OverlapIndex:
    """One layer's spans of one article, ready for overlap matching (build once, reuse).

    Per label: the spans' starts in order and the running maximum of their ends, so
    "does a span of this label overlap [start, end)?" is one binary search.
    """

    __slots__ = ("_by_label", "keys")

    def __init__(self, keys: set[tuple[int, int, str]]) -> None:
        self.keys = keys
        by_label: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for start, end, label in keys:
            by_label[label].append((start, end))
        self._by_label: dict[str, tuple[list[int], list[int]]] = {}
        for label, ranges in by_label.items():
            ranges.sort()
            reach: list[int] = []
            best = -1
            for _, end in ranges:
                best = end if end > best else best
                reach.append(best)
            self._by_label[label] = ([s for s, _ in ranges], reach)

    @classmethod
    def of(cls, spans: Sequence[LayerSpan]) -> OverlapIndex:
        return cls(_keys(spans))

    def only(self, label: str) -> OverlapIndex:
        return OverlapIndex({k for k in self.keys if k[2] == label})

    def matched(self, keys: set[tuple[int, int, str]]) -> int:
        """How many of ``keys`` overlap (share a code point with) a same-label span here."""
        count = 0
        index = self._by_label
        for start, end, label in keys:
            found = index.get(label)
            if found is None:
                continue
            starts, reach = found
            k = bisect_left(starts, end)  # spans here starting before that one ends
            if k and reach[k - 1] > start:
                count += 1
        return count


def overlap_counts(
    a: Sequence[LayerSpan] | OverlapIndex, b: Sequence[LayerSpan] | OverlapIndex
) -> MatchCounts:
    """A span matches when a span of the other layer has its label and overlaps it."""
    ia = a if isinstance(a, OverlapIndex) else OverlapIndex.of(a)
    ib = b if isinstance(b, OverlapIndex) else OverlapIndex.of(b)
    return MatchCounts(ib.matched(ia.keys), ia.matched(ib.keys), len(ia.keys), len(ib.keys))


@dataclass(frozen=True, slots=True)
class ShareCounts:
    same: int = 0
    total: int = 0

    def __add__(self, other: ShareCounts) -> ShareCounts:
        return ShareCounts(self.same + other.same, self.total + other.total)

    def share(self) -> float | None:
        return self.same / self.total if self.total else None


def label_counts(a: Sequence[LayerSpan], b: Sequence[LayerSpan]) -> ShareCounts:
    """Of the span pairs with the same (start, end) in A and B, how many share the label."""
    ranges_b = Counter((s.start, s.end) for s in b)
    if not ranges_b:
        return ShareCounts()
    keys_b = Counter((s.start, s.end, s.label) for s in b)
    same = total = 0
    for s in a:
        total += ranges_b.get((s.start, s.end), 0)
        same += keys_b.get((s.start, s.end, s.label), 0)
    return ShareCounts(same, total)


def verdicts(spans: Sequence[LayerSpan]) -> dict[str, str]:
    """Fact id -> this layer's verdict in one article (facts it does not judge are absent)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for s in spans:
        if s.label in (CONFIRMED, DISPUTED):
            for fact in s.facts:
                seen[fact].add(s.label)
    return {fact: BOTH if len(labels) == 2 else next(iter(labels)) for fact, labels in seen.items()}
