"""Krippendorff's unitizing alpha (Krippendorff 1995), computed as DKPro Agreement does.

A port of the formulas of DKPro Statistics' ``KrippendorffAlphaUnitizingAgreement``
(observed and expected disagreement per category, the study's figure
``1 - mean(D_O) / mean(D_E)`` over the categories that have units), computed in exact
integer and rational arithmetic, with one sweep per pair instead of per position.

Input: a continuum ``[0, length)`` and, per category, each rater's units as
``(begin, end)`` ranges. A rater's overlapping units of one category are merged first
(``merge``), as the measure assumes a rater's units of one category never overlap.

Per category c, R raters, continuum length L:

- each rater's units and the gaps between them (category "none") tile the continuum;
- for each pair of raters and each pair of their segments that overlap, the distance is
  ``(b1 - b2)^2 + (e1 - e2)^2`` when both are units and overlap, ``l^2`` when a unit of
  length l lies wholly inside the other rater's gap, else 0;
  ``D_O = 2 * sum / (R (R - 1) L^2)``;
- with N_c units of c (all raters) and the sorted gap lengths g:
  ``D_E = (2 / L) * sum over units of [(N_c - 1) (2l^3 - 3l^2 + l) / 3
  + l^2 * sum over g >= l of (g - l + 1)] / (R L (R L - 1) - sum over units of l (l - 1))``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Range = tuple[int, int]


def merge(units: Sequence[Range]) -> list[Range]:
    """Sorted units with overlapping ones merged (touching units stay apart)."""
    out: list[Range] = []
    for begin, end in sorted(units):
        if end <= begin:
            continue
        if out and begin < out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((begin, end))
    return out


def _segments(units: Sequence[Range], length: int) -> list[tuple[int, int, bool]]:
    """Units and the gaps between them, tiling [0, length): (begin, end, is_unit)."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for begin, end in units:
        if begin > pos:
            out.append((pos, begin, False))
        out.append((begin, end, True))
        pos = end
    if pos < length:
        out.append((pos, length, False))
    return out


def pair_sum(first: Sequence[Range], second: Sequence[Range], length: int) -> int:
    """The sum of distances between two raters' segments (merged units) of one category.

    Walks both tilings together: every pair of overlapping segments is visited once.
    Distance: both units and overlapping: ``(b1 - b2)^2 + (e1 - e2)^2``; a unit inside
    the other's gap: its length squared; anything else: 0.
    """
    one = _segments(first, length)
    two = _segments(second, length)
    total = 0
    i = j = 0
    n1, n2 = len(one), len(two)
    while i < n1 and j < n2:
        b1, e1, unit1 = one[i]
        b2, e2, unit2 = two[j]
        if unit1:
            if unit2:
                total += (b1 - b2) ** 2 + (e1 - e2) ** 2  # segments visited together overlap
            elif b2 <= b1 and e1 <= e2:
                total += (e1 - b1) ** 2
        elif unit2 and b1 <= b2 and e2 <= e1:
            total += (e2 - b2) ** 2
        if e1 < e2:
            i += 1
        elif e2 < e1:
            j += 1
        else:
            i += 1
            j += 1
    return total


def expected_disagreement(raters: Sequence[Sequence[Range]], length: int) -> Fraction:
    """D_E of one category from each rater's merged units."""
    r = len(raters)
    lengths = [end - begin for units in raters for begin, end in units]
    gaps: list[int] = []
    for units in raters:
        pos = 0
        for begin, end in units:
            if begin > pos:
                gaps.append(begin - pos)
            pos = end
        if pos < length:
            gaps.append(length - pos)
    gaps.sort()
    suffix = [0] * (len(gaps) + 1)
    for k in range(len(gaps) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + gaps[k]
    n_c = len(lengths)
    total = 0
    squared = 0
    for size, times in Counter(lengths).items():  # units of equal length share their terms
        squared += times * size * (size - 1)
        # (2l^3 - 3l^2 + l) = l(l-1)(2l-1) is a multiple of 6, so this is exact.
        term = (n_c - 1) * (size * (size - 1) * (2 * size - 1) // 3)
        k = bisect_left(gaps, size)
        term += size * size * (suffix[k] - (len(gaps) - k) * (size - 1))
        total += times * term
    denominator = r * length * (r * length - 1) - squared
    return Fraction(2 * total, length) / denominator if denominator else Fraction(0)


@dataclass(frozen=True, slots=True)
class CategoryDisagreement:
    observed: Fraction
    expected: Fraction
    units: int


def category_disagreement(
    raters: Sequence[Sequence[Range]],
    length: int,
    pair_sums: Callable[[int, int], int] | None = None,
    *,
    merged: bool = False,
) -> CategoryDisagreement:
    """Observed and expected disagreement of one category (each rater's units merged).

    ``pair_sums(x, y)``, when given, supplies ``pair_sum`` of raters x and y (a cache);
    ``merged=True`` says the units are already sorted and merged.
    """
    r = len(raters)
    if r < 2 or length <= 0:
        raise ValueError("unitizing alpha needs two raters and a non-empty continuum")
    ready = [list(units) for units in raters] if merged else [merge(units) for units in raters]
    observed_sum = 0
    for x in range(r):
        for y in range(x + 1, r):
            observed_sum += (
                pair_sums(x, y) if pair_sums is not None else pair_sum(ready[x], ready[y], length)
            )
    observed = Fraction(2 * observed_sum, r * (r - 1) * length * length)
    units = sum(len(m) for m in ready)
    return CategoryDisagreement(observed, expected_disagreement(ready, length), units)


def _alpha(observed: Fraction, expected: Fraction, units: int) -> float | None:
    if units == 0:
        return None
    if expected == 0:
        return 1.0 if observed == 0 else None
    return float(1 - observed / expected)


def _bind(pair_sums: Callable[[str, int, int], int], category: str) -> Callable[[int, int], int]:
    def cached(x: int, y: int) -> int:
        return pair_sums(category, x, y)

    return cached


@dataclass(frozen=True, slots=True)
class UnitizingResult:
    """The study's alpha and each category's, with their disagreements."""

    alpha: float | None
    categories: dict[str, float | None]
    disagreements: dict[str, CategoryDisagreement]


def unitizing_alpha(
    units: Mapping[str, Sequence[Sequence[Range]]],
    length: int,
    raters: int,
    pair_sums: Callable[[str, int, int], int] | None = None,
    *,
    merged: bool = False,
) -> UnitizingResult:
    """u-alpha over categories: ``units[category][rater]`` are that rater's ranges.

    Degenerate cases: fewer than two raters, an empty continuum or no unit at all: None.
    ``pair_sums(category, x, y)``, when given, supplies the observed pair sums (a cache);
    ``merged=True`` says each rater's units are already sorted and merged.
    When expected disagreement is 0: 1.0 if observed is 0 too, else None. A category's
    own alpha follows the same rule (DKPro's category agreement gives 0.0 whenever
    observed equals expected; ours differs only when both are 0).
    """
    if raters < 2 or length <= 0:
        return UnitizingResult(None, {}, {})
    parts: dict[str, CategoryDisagreement] = {}
    for category, per_rater in sorted(units.items()):
        lists = list(per_rater) + [[] for _ in range(raters - len(per_rater))]
        cached = None if pair_sums is None else _bind(pair_sums, category)
        part = category_disagreement(lists, length, cached, merged=merged)
        if part.units:
            parts[category] = part
    if not parts:
        return UnitizingResult(None, {}, {})
    observed = sum((p.observed for p in parts.values()), Fraction(0))
    expected = sum((p.expected for p in parts.values()), Fraction(0))
    count = sum(p.units for p in parts.values())
    return UnitizingResult(
        _alpha(observed, expected, count),
        {c: _alpha(p.observed, p.expected, p.units) for c, p in parts.items()},
        parts,
    )
