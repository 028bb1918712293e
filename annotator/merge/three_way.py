"""Three-way merge of annotation files and fact registries, span by span and fact by fact.

Pure: models in, models out, no files, no git. The rules (README, "Merging branches"):

- items (spans, facts) are matched by id; an item only one branch touched takes that
  branch's version (added, changed or deleted); both branches doing the same is that;
  a change of nothing but ``modified`` is no change;
- an item both branches changed merges field by field: a field only one branch changed
  takes that change, the same change on both is taken once, different changes collide;
  ``facts`` (a span's links) merge as sets (base plus each side's additions minus each
  side's deletions); ``modified`` takes the later time when everything else merged;
- deleted on one branch and changed on the other collides;
- the same claim added on both branches (same start, end and label, different ids)
  folds into one: the smaller id, the links united, the earlier ``created``, the later
  ``modified``; facts added on both branches under one id fold the same way when their
  statements agree;
- a collision becomes a conflict record (``SpanConflict`` / ``FactConflict``) in the
  file's ``conflicts`` list, with the two branches' versions in a canonical order, so
  merging ours into theirs or theirs into ours gives byte-identical files;
- what cannot be recorded per item (the article reference changed differently on both
  branches, clashing conflict records) raises ``FileConflict``: the caller falls back to
  a text merge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from annotator.model.models import AnnotationFile, Fact, FactRegistry, Span

M = TypeVar("M", bound=BaseModel)
V = TypeVar("V")


class FileConflict(Exception):
    """The file cannot be merged item by item; the message says why (one line)."""


@dataclass(frozen=True)
class Collision:
    """An item both branches changed incompatibly: its id, why, and the three versions."""

    id: str
    reason: str
    base: dict[str, Any] | None
    ours: dict[str, Any] | None
    theirs: dict[str, Any] | None


@dataclass(frozen=True)
class _Kind:
    """What differs between spans and facts for the merge rules."""

    #: Fields merged as sets (a span's fact links).
    set_fields: frozenset[str]
    #: Optional fields: on a fold, null gives way to a value.
    optional: frozenset[str]


_SPAN = _Kind(
    set_fields=frozenset({"facts"}),
    optional=frozenset({"attribution", "note"}),
)
_FACT = _Kind(set_fields=frozenset(), optional=frozenset({"note"}))


def _canon(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def pick(base: V | None, ours: V | None, theirs: V | None) -> tuple[bool, V | None]:
    """The classic three-way choice for one value: (merged?, value)."""
    if ours == theirs:
        return True, ours
    if ours == base:
        return True, theirs
    if theirs == base:
        return True, ours
    return False, None


def _set_merge(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> list[str]:
    b, o, t = set(base), set(ours), set(theirs)
    return sorted((o & t) | (o - b) | (t - b))


def _merge_fields(
    item_id: str,
    kind: _Kind,
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
) -> dict[str, Any] | Collision:
    """Both branches changed an item: merge it field by field."""
    merged: dict[str, Any] = {}
    clashes: list[str] = []
    for name in sorted(set(base) | set(ours) | set(theirs)):
        if name == "modified":
            continue
        b, o, t = base.get(name), ours.get(name), theirs.get(name)
        ok, value = pick(b, o, t)
        if ok:
            merged[name] = value
        elif name in kind.set_fields:
            merged[name] = _set_merge(b or [], o or [], t or [])
        else:
            clashes.append(name)
    if clashes:
        return Collision(
            item_id, f"{_names(clashes)} changed differently on both branches", base, ours, theirs
        )
    merged["modified"] = max(ours["modified"], theirs["modified"])
    return merged


def _fold(
    kind: _Kind,
    ours: dict[str, Any],
    theirs: dict[str, Any],
) -> dict[str, Any] | Collision:
    """Two additions of the same item (same id, or the same claim under two ids)."""
    # Every other field (offsets, label, quote, statement) must agree, or it collides.
    first = min((ours, theirs), key=lambda d: (d["created"], d["id"], _canon(d)))
    merged: dict[str, Any] = {}
    clashes: list[str] = []
    for name in sorted(set(ours) | set(theirs)):
        o, t = ours.get(name), theirs.get(name)
        if name in ("id", "created"):
            merged[name] = min(str(ours[name]), str(theirs[name]))
        elif name == "modified":
            merged[name] = max(str(ours[name]), str(theirs[name]))
        elif name == "author":
            merged[name] = first[name]
        elif o == t:
            merged[name] = o
        elif name in kind.set_fields:
            merged[name] = sorted(set(o or []) | set(t or []))
        elif name in kind.optional and (o is None or t is None):
            merged[name] = t if o is None else o
        else:
            clashes.append(name)
    if clashes:
        return Collision(
            min(ours["id"], theirs["id"]),
            f"added on both branches with different {_names(clashes)}",
            None,
            ours,
            theirs,
        )
    return merged


def _names(fields: Iterable[str]) -> str:
    return ", ".join(fields)


def _same(side: dict[str, Any] | None, base: dict[str, Any]) -> bool:
    """A side unchanged from the base but for its ``modified`` time (or deleted: False)."""
    if side is None:
        return False
    return {k: v for k, v in side.items() if k != "modified"} == {
        k: v for k, v in base.items() if k != "modified"
    }


def _later(kept: dict[str, Any] | None, other: dict[str, Any] | None) -> dict[str, Any] | None:
    """``kept``, with the later of both ``modified`` times."""
    if kept is None or other is None:
        return kept
    return {**kept, "modified": max(str(kept["modified"]), str(other["modified"]))}


def _merge_items(
    kind: _Kind,
    base: dict[str, dict[str, Any]],
    ours: dict[str, dict[str, Any]],
    theirs: dict[str, dict[str, Any]],
) -> tuple[dict[str, dict[str, Any]], list[Collision], set[str], set[str]]:
    """Merge items keyed by id. Also returns the ids only ours / only theirs added."""
    merged: dict[str, dict[str, Any]] = {}
    collisions: list[Collision] = []
    added_ours: set[str] = set()
    added_theirs: set[str] = set()
    for item_id in sorted(set(base) | set(ours) | set(theirs)):
        b, o, t = base.get(item_id), ours.get(item_id), theirs.get(item_id)
        result: dict[str, Any] | Collision | None
        if o == t:
            result = o
        elif b is None:
            if o is None:
                result = t
                added_theirs.add(item_id)
            elif t is None:
                result = o
                added_ours.add(item_id)
            else:
                result = _fold(kind, o, t)
        elif _same(o, b) and _same(t, b):
            result = _later(o, t)  # both only touched "modified"
        elif _same(o, b):
            result = _later(t, o)
        elif _same(t, b):
            result = _later(o, t)
        elif o is None or t is None:
            changed = o if o is not None else t
            assert changed is not None
            fields = [n for n in sorted(changed) if changed.get(n) != b.get(n) and n != "modified"]
            detail = f" ({_names(fields)})" if fields else ""
            result = Collision(
                item_id, f"deleted on one branch, changed on the other{detail}", b, o, t
            )
        else:
            result = _merge_fields(item_id, kind, b, o, t)
        if isinstance(result, Collision):
            collisions.append(result)
        elif result is not None:
            merged[item_id] = result
    return merged, collisions, added_ours, added_theirs


def _fold_same_claims(
    merged: dict[str, dict[str, Any]],
    collisions: list[Collision],
    added_ours: set[str],
    added_theirs: set[str],
) -> None:
    """Fold a span only ours added into one only theirs added over the same claim."""

    def claim(span: dict[str, Any]) -> tuple[int, int, str]:
        return (span["start"], span["end"], span["label"])

    theirs_by_claim: dict[tuple[int, int, str], list[str]] = {}
    for span_id in sorted(added_theirs):
        if span_id in merged:
            theirs_by_claim.setdefault(claim(merged[span_id]), []).append(span_id)
    for span_id in sorted(added_ours):
        if span_id not in merged:
            continue
        candidates = theirs_by_claim.get(claim(merged[span_id]))
        if not candidates:
            continue
        other = candidates.pop(0)
        ours_span, theirs_span = merged.pop(span_id), merged.pop(other)
        result = _fold(_SPAN, ours_span, theirs_span)
        if isinstance(result, Collision):
            collisions.append(result)
        else:
            merged[result["id"]] = result


def _validated(
    model: type[M],
    merged: dict[str, dict[str, Any]],
    collisions: list[Collision],
    base: dict[str, dict[str, Any]],
    ours: dict[str, dict[str, Any]],
    theirs: dict[str, dict[str, Any]],
) -> list[M]:
    """Build the merged items; one the rules made invalid (end before start) collides."""
    out: list[M] = []
    for item_id, data in merged.items():
        try:
            out.append(model.model_validate(data))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            message = str(first["msg"]).removeprefix("Value error, ")
            collisions.append(
                Collision(
                    item_id,
                    f"the merged version is invalid: {message}",
                    base.get(item_id),
                    ours.get(item_id),
                    theirs.get(item_id),
                )
            )
    return out


def _sides(collision: Collision) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The two branches' versions in canonical order: null first, then by content."""
    a, b = sorted(
        (collision.ours, collision.theirs),
        key=lambda d: (d is not None, _canon(d) if d is not None else b""),
    )
    return a, b


def _dicts(items: Iterable[BaseModel]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        data = item.model_dump(mode="json", by_alias=True)
        out[data["id"]] = data
    return out


def _merge_records(
    base: Sequence[BaseModel],
    ours: Sequence[BaseModel],
    theirs: Sequence[BaseModel],
) -> dict[str, dict[str, Any]]:
    """Conflict records already in the files: whole records, three-way by id."""
    b, o, t = _dicts(base), _dicts(ours), _dicts(theirs)
    out: dict[str, dict[str, Any]] = {}
    for record_id in sorted(set(b) | set(o) | set(t)):
        ok, value = pick(b.get(record_id), o.get(record_id), t.get(record_id))
        if not ok:
            raise FileConflict(
                f"the unresolved conflict record {record_id!r} differs on both branches"
            )
        if value is not None:
            out[record_id] = value
    return out


def _top(name: str, base: Any, ours: Any, theirs: Any) -> Any:
    ok, value = pick(base, ours, theirs)
    if not ok:
        raise FileConflict(f"{name} changed differently on both branches")
    return value


def _merge_doc(
    kind: _Kind,
    item_model: type[M],
    base_items: Sequence[M],
    ours_items: Sequence[M],
    theirs_items: Sequence[M],
    records: dict[str, dict[str, Any]],
    fold_claims: Callable[..., None] | None,
) -> tuple[list[M], list[dict[str, Any]]]:
    b, o, t = _dicts(base_items), _dicts(ours_items), _dicts(theirs_items)
    merged, collisions, added_ours, added_theirs = _merge_items(kind, b, o, t)
    if fold_claims is not None:
        fold_claims(merged, collisions, added_ours, added_theirs)
    items = _validated(item_model, merged, collisions, b, o, t)
    for collision in collisions:
        if collision.id in records:
            raise FileConflict(
                f"{collision.id!r} collides again while an earlier conflict "
                "record for it is unresolved"
            )
        a, b_side = _sides(collision)
        records[collision.id] = {
            "id": collision.id,
            "reason": collision.reason,
            "base": collision.base,
            "a": a,
            "b": b_side,
        }
    return items, [records[k] for k in sorted(records)]


def merge_annotations(
    base: AnnotationFile | None,
    ours: AnnotationFile,
    theirs: AnnotationFile,
) -> AnnotationFile:
    """Merge two branches' versions of one annotation file; ``base`` None: added on both.

    Raises FileConflict when the article reference changed differently on both branches.
    """
    article = _top(
        "article (id or sha256)",
        base.article.model_dump() if base else None,
        ours.article.model_dump(),
        theirs.article.model_dump(),
    )
    schema = _top("$schema", base.schema_ if base else None, ours.schema_, theirs.schema_)
    records = _merge_records(base.conflicts if base else [], ours.conflicts, theirs.conflicts)
    spans, conflicts = _merge_doc(
        _SPAN,
        Span,
        base.spans if base else [],
        ours.spans,
        theirs.spans,
        records,
        _fold_same_claims,
    )
    # The article's done / in-progress mark: one branch's change wins; set differently
    # on both, the article is not done until someone says so again.
    ok, status = pick(base.status if base else None, ours.status, theirs.status)
    # The adjudicated mark (gold files): one branch's change wins; set differently on
    # both, the later mark (by time, then name), the same either way round.
    marks = [m for m in (ours.adjudicated, theirs.adjudicated) if m is not None]
    settled, mark = pick(base.adjudicated if base else None, ours.adjudicated, theirs.adjudicated)
    if not settled:
        mark = max(marks, key=lambda m: (m.at, m.by)) if marks else None
    return AnnotationFile.model_validate(
        {
            "$schema": schema,
            "version": ours.version,
            "article": article,
            "spans": [s.model_dump(mode="json") for s in sorted(spans, key=lambda s: s.sort_key)],
            "conflicts": conflicts,
            "status": status if ok else "in-progress",
            "adjudicated": mark.model_dump() if mark is not None else None,
        }
    )


def merge_registries(
    base: FactRegistry | None,
    ours: FactRegistry,
    theirs: FactRegistry,
) -> FactRegistry:
    """Merge two branches' versions of ``facts.json`` fact by fact."""
    schema = _top("$schema", base.schema_ if base else None, ours.schema_, theirs.schema_)
    records = _merge_records(base.conflicts if base else [], ours.conflicts, theirs.conflicts)
    facts, conflicts = _merge_doc(
        _FACT, Fact, base.facts if base else [], ours.facts, theirs.facts, records, None
    )
    return FactRegistry.model_validate(
        {
            "$schema": schema,
            "version": ours.version,
            "facts": [f.model_dump(mode="json") for f in sorted(facts, key=lambda f: f.id)],
            "conflicts": conflicts,
        }
    )


__all__ = ["Collision", "FileConflict", "merge_annotations", "merge_registries", "pick"]
