"""Finding text in articles: plain or regular-expression queries, case-insensitive.

Headless (no Textual): the article search bar and the all-articles search use it. Offsets
are code points into the canonical text, end exclusive, like spans. Patterns use the
``regex`` module (the same dialect as Python's ``re``, with full case folding, so "STRASSE"
finds "Straße"); every search runs with a time limit, so a pattern that backtracks
catastrophically gives a message instead of a frozen app.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

import regex

from annotator.model.display import one_line_visible

#: At most this many matches are kept per article (the count says "10000+").
MATCH_LIMIT = 10_000
#: Seconds one pattern may spend on one article before the search gives up on it.
TIME_LIMIT = 2.0

Pattern: TypeAlias = "regex.Pattern[str]"


class QueryError(ValueError):
    """A query that cannot be searched for: a bad regular expression, or too slow."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One match in one article, with a line of context for a hit list."""

    article_id: str
    start: int
    end: int
    line: int  # 1-based
    snippet: str


def compile_query(query: str, *, is_regex: bool) -> Pattern:
    """The pattern for a query, case-insensitive; QueryError (one line) for a bad regex."""
    source = query if is_regex else regex.escape(query)
    try:
        return regex.compile(source, regex.IGNORECASE | regex.FULLCASE | regex.MULTILINE)
    except regex.error as exc:
        message = str(exc).split("\n", 1)[0]
        raise QueryError(f"bad regular expression: {message}") from None


def find_all(text: str, pattern: Pattern, limit: int = MATCH_LIMIT) -> list[tuple[int, int]]:
    """Every non-empty match, in order, at most ``limit``; QueryError when too slow."""
    found: list[tuple[int, int]] = []
    try:
        for match in pattern.finditer(text, timeout=TIME_LIMIT):
            start, end = match.span()
            if start < end:
                found.append((start, end))
                if len(found) >= limit:
                    break
    except TimeoutError:
        raise QueryError("the pattern takes too long on this text; make it more specific") from None
    return found


def snippet(text: str, start: int, end: int, width: int = 70) -> str:
    """One line of text around a match, shown as plain text (stand-ins for controls)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    room = max(0, width - (end - start)) // 2
    left = max(line_start, start - room)
    right = min(line_end, end + room)
    piece = text[left:right]
    return (
        ("…" if left > line_start else "")
        + one_line_visible(piece, width + 2)
        + ("…" if right < line_end else "")
    )


def hits_in(
    article_id: str, text: str, pattern: Pattern, limit: int = MATCH_LIMIT
) -> Iterator[Hit]:
    """The matches of one article as hits (line numbers counted once, in one pass)."""
    line, counted = 1, 0
    for start, end in find_all(text, pattern, limit):
        line += text.count("\n", counted, start)
        counted = start
        yield Hit(article_id, start, end, line, snippet(text, start, end))
