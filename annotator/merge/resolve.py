"""Resolving one merge conflict record: keep the base, side a or side b (pure, no files).

The app (or a script) calls ``resolve_span_conflict`` / ``resolve_fact_conflict`` and
saves the result through the store. The record's sides are in a canonical order, not
"ours" and "theirs"; ``which_side`` tells which one a given version (for instance
``git show HEAD:<path>`` during the merge) holds, so a user can be offered "ours".
"""

from __future__ import annotations

from typing import Literal

from annotator.errors import AnnotatorError
from annotator.model.models import (
    AnnotationFile,
    Fact,
    FactConflict,
    FactRegistry,
    Span,
    SpanConflict,
)

#: Which version of a conflict to keep.
Take = Literal["base", "a", "b"]
TAKES: tuple[Take, ...] = ("base", "a", "b")


class ResolveError(AnnotatorError):
    """The conflict cannot be resolved as asked (no such record, an id already taken)."""


def _chosen(record: SpanConflict | FactConflict, take: Take) -> Span | Fact | None:
    if take == "base":
        return record.base
    if take == "a":
        return record.a
    if take == "b":
        return record.b
    raise ResolveError(f"take must be one of {', '.join(TAKES)}, got {take!r}")


def resolve_span_conflict(doc: AnnotationFile, conflict_id: str, take: Take) -> AnnotationFile:
    """``doc`` with the conflict record ``conflict_id`` replaced by the version ``take``.

    ``take`` is ``"base"``, ``"a"`` or ``"b"``; a null version means the span is gone.
    Raises ResolveError when there is no such record or the kept span's id is in use.
    """
    record = next((c for c in doc.conflicts if c.id == conflict_id), None)
    if record is None:
        raise ResolveError(f"{doc.article.id}: no conflict record {conflict_id!r}")
    span = _chosen(record, take)
    spans = list(doc.spans)
    if isinstance(span, Span):
        if any(s.id == span.id for s in spans):
            raise ResolveError(
                f"{doc.article.id}: span id {span.id!r} is already in use; delete that span first"
            )
        spans.append(span)
    return doc.model_copy(
        update={
            "spans": sorted(spans, key=lambda s: s.sort_key),
            "conflicts": [c for c in doc.conflicts if c.id != conflict_id],
        }
    )


def resolve_fact_conflict(registry: FactRegistry, conflict_id: str, take: Take) -> FactRegistry:
    """``registry`` with the fact conflict ``conflict_id`` replaced by the version ``take``."""
    record = next((c for c in registry.conflicts if c.id == conflict_id), None)
    if record is None:
        raise ResolveError(f"facts.json: no conflict record {conflict_id!r}")
    fact = _chosen(record, take)
    facts = list(registry.facts)
    if isinstance(fact, Fact):
        if any(f.id == fact.id for f in facts):
            raise ResolveError(f"facts.json: fact id {fact.id!r} is already in use")
        facts.append(fact)
    return registry.model_copy(
        update={
            "facts": sorted(facts, key=lambda f: f.id),
            "conflicts": [c for c in registry.conflicts if c.id != conflict_id],
        }
    )


def which_side(
    record: SpanConflict | FactConflict,
    version: AnnotationFile | FactRegistry,
) -> Literal["a", "b"] | None:
    """Which side of ``record`` a branch's version of the file holds, or None if neither.

    Pass the file as it was on one branch before the merge (``git show HEAD:<path>`` is
    "ours" during ``git merge``). A side that is null (deleted) matches a version with
    none of the record's items.
    """
    items: dict[str, Span | Fact] = {}
    if isinstance(version, AnnotationFile):
        items.update((s.id, s) for s in version.spans)
    else:
        items.update((f.id, f) for f in version.facts)
    a, b = record.a, record.b
    for name, side in (("a", a), ("b", b)):
        if side is not None and items.get(side.id) == side:
            return "a" if name == "a" else "b"
    ids = {s.id for s in (a, b, record.base) if s is not None}
    if not ids & set(items):
        if a is None:
            return "a"
        if b is None:
            return "b"
    return None
