"""From spans to counted units, by sweeping span boundaries (never per code point).

Each analyst gives every unit (a code point, or a token) one category: the label of the
span covering it, or ``"none"``. When spans of one layer nest or overlap, the innermost
span wins: the shortest one; on equal length the one that starts later; then the label
that comes first in ``confirmed, disputed, attributed, opinion`` (any other label after
those, alphabetically). A token takes the category of its first code point.

The sufficient statistic for every coding measure (Cohen, Fleiss, Krippendorff nominal) is
a *profile*: how many units got each combination of categories, one per layer. A profile
is built from run-length segments: the text between two consecutive span boundaries of
any layer has one combination, and its weight is its length (code points) or the number
of tokens starting in it.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

NONE = "none"
#: Label precedence for ties between nested spans of equal length and start.
LABEL_ORDER: tuple[str, ...] = ("confirmed", "disputed", "attributed", "opinion")

#: A token is a maximal run of word characters (``\w+``), or one character that is
#: neither a word character nor white space. This finds where tokens start: a non-space
#: non-word character, or a word character not after one.
TOKEN_START = re.compile(r"[^\w\s]|\b\w")

#: categories (one per layer, in layer order) -> number of units.
Profile = Counter[tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class LayerSpan:
    """What agreement needs of a span: its range, label and linked facts."""

    start: int
    end: int
    label: str
    facts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article as units see it: its id, length, and where its tokens start.

    ``marks`` is the text with every token's first character replaced by U+0001 (a
    character that always starts a token itself), so counting tokens in a range is one
    ``str.count`` in C.
    """

    id: str
    length: int
    marks: str

    @classmethod
    def from_text(cls, article_id: str, text: str) -> ArticleText:
        return cls(article_id, len(text), TOKEN_START.sub(_MARK, text))

    def tokens_in(self, start: int, end: int) -> int:
        """How many tokens start in ``[start, end)``."""
        return self.marks.count(_MARK, start, end)


_MARK = "\x01"


def _rank(label: str) -> tuple[int, str]:
    try:
        return (LABEL_ORDER.index(label), "")
    except ValueError:
        return (len(LABEL_ORDER), label)


def category_runs(spans: Sequence[LayerSpan], length: int) -> list[tuple[int, str]]:
    """Change points of one layer's category over ``[0, length)``.

    ``[(0, c0), (p1, c1), ...]``: from each position up to the next the category is the
    label of the innermost covering span, or NONE. Consecutive entries differ in category.
    """
    ordered = sorted(
        ((max(0, s.start), min(length, s.end), s.label) for s in spans), key=lambda t: t[0]
    )
    ordered = [t for t in ordered if t[0] < t[1]]
    simple = _disjoint_runs(ordered, length)
    if simple is not None:
        return simple
    points = sorted({0, *(t[0] for t in ordered), *(t[1] for t in ordered)})
    points = [p for p in points if p < length]
    heap: list[tuple[int, int, tuple[int, str], int, str]] = []
    runs: list[tuple[int, str]] = []
    k = 0
    for pos in points:
        while k < len(ordered) and ordered[k][0] == pos:
            start, end, label = ordered[k]
            heapq.heappush(heap, (end - start, -start, _rank(label), end, label))
            k += 1
        while heap and heap[0][3] <= pos:
            heapq.heappop(heap)
        category = heap[0][4] if heap else NONE
        if not runs or runs[-1][1] != category:
            runs.append((pos, category))
    return runs


def _disjoint_runs(
    ordered: list[tuple[int, int, str]], length: int
) -> list[tuple[int, str]] | None:
    """The runs when no two spans overlap (the common case), else None."""
    runs: list[tuple[int, str]] = []

    def push(pos: int, category: str) -> None:
        if not runs or runs[-1][1] != category:
            runs.append((pos, category))

    pos = 0
    for start, end, label in ordered:
        if start < pos:
            return None
        if start > pos:
            push(pos, NONE)
        push(start, label)
        pos = end
    if pos < length:
        push(pos, NONE)
    return runs


def profiles(
    article: ArticleText, layers: Sequence[Sequence[LayerSpan]]
) -> tuple[Profile, Profile]:
    """The code-point profile and the token profile of one article over the given layers."""
    length = article.length
    events: list[tuple[int, int, str]] = []
    for index, spans in enumerate(layers):
        events.extend([(pos, index, cat) for pos, cat in category_runs(spans, length)])
    events.sort()
    # The combination of categories is kept as one integer, updated per change point:
    # digit i (base = number of categories) is layer i's category.
    names = sorted({NONE, *(e[2] for e in events)})
    code = {name: i for i, name in enumerate(names)}
    base = len(names)
    weights = [base**i for i in range(len(layers))]
    current = [code[NONE]] * len(layers)
    key = sum(code[NONE] * w for w in weights)
    marks = article.marks
    by_cp_codes: Counter[int] = Counter()
    by_token_codes: Counter[int] = Counter()
    prev = 0
    for pos, index, cat in events:
        if pos > prev:
            by_cp_codes[key] += pos - prev
            tokens = marks.count(_MARK, prev, pos)
            if tokens:
                by_token_codes[key] += tokens
            prev = pos
        new = code[cat]
        key += (new - current[index]) * weights[index]
        current[index] = new
    if length > prev and layers:
        by_cp_codes[key] += length - prev
        tokens = marks.count(_MARK, prev, length)
        if tokens:
            by_token_codes[key] += tokens

    def decode(value: int) -> tuple[str, ...]:
        out = []
        for _ in layers:
            value, digit = divmod(value, base)
            out.append(names[digit])
        return tuple(out)

    by_cp: Profile = Counter({decode(k): v for k, v in by_cp_codes.items()})
    by_token: Profile = Counter({decode(k): v for k, v in by_token_codes.items()})
    return by_cp, by_token


def project(profile: Profile, columns: Sequence[int]) -> Profile:
    """The profile of a subset of layers (columns are indexes into the full layer list)."""
    out: Profile = Counter()
    for key, count in profile.items():
        out[tuple(key[c] for c in columns)] += count
    return out


def binary(profile: Profile, label: str) -> Profile:
    """The profile with every category reduced to ``label`` or NONE (per-label figures)."""
    out: Profile = Counter()
    for key, count in profile.items():
        out[tuple(c if c == label else NONE for c in key)] += count
    return out
