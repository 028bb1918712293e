"""Ranking facts for the fact picker: fuzzy search, and suggestions for a span's text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotator.model.models import Fact

_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "the a an of to in on and or for by with at from as is was be that this it its his her "
    "their has have had will would could said says not no".split()
)


def tokens(text: str) -> set[str]:
    return {t for t in _TOKEN.findall(text.lower().replace("’", "'")) if t not in _STOP}


def fuzzy_score(query: str, candidate: str) -> float:
    """Higher is better; 0 when the query's characters do not all appear in order.

    Rewards contiguous runs and matches at word starts, like editors' fuzzy finders.
    """
    query = query.lower().strip()
    if not query:
        return 0.0
    text = candidate.lower()
    if query in text:
        at = text.index(query)
        return 100.0 + len(query) * 2 - at * 0.01 + (5 if at == 0 or not text[at - 1].isalnum() else 0)
    score, pos, run = 0.0, 0, 0
    for char in query:
        if char == " ":
            run = 0
            continue
        found = text.find(char, pos)
        if found == -1:
            return 0.0
        run = run + 1 if found == pos else 1
        score += run + (2 if found == 0 or not text[found - 1].isalnum() else 0)
        pos = found + 1
    return score


def rank_facts(query: str, facts: Sequence[Fact], span_text: str | None = None) -> list[Fact]:
    """Facts best first: by fuzzy match of ``query`` against id and statement; with no
    query, those sharing most words with ``span_text`` first, then the rest by id."""
    if query.strip():
        scored = [(max(fuzzy_score(query, f.statement), fuzzy_score(query, f.id)), f) for f in facts]
        return [f for s, f in sorted(scored, key=lambda p: (-p[0], p[1].id)) if s > 0]
    if span_text:
        words = tokens(span_text)
        scored = [(len(words & (tokens(f.statement) | tokens(f.id.replace("-", " ")))), f)
                  for f in facts]
        return [f for _, f in sorted(scored, key=lambda p: (-p[0], p[1].id))]
    return sorted(facts, key=lambda f: f.id)


def slugify(statement: str, taken: set[str], limit: int = 6) -> str:
    """A kebab-case id from a statement's first significant words, unique in ``taken``."""
    words = [w for w in _TOKEN.findall(statement.lower()) if w not in _STOP][:limit]
    base = "-".join(words) or "fact"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug
