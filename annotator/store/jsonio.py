"""The one place that turns data into bytes and bytes into data.

Every writer goes through ``dumps`` so equal data gives byte-identical files: orjson,
2-space indent, sorted keys, UTF-8 not escaped, one trailing newline.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import orjson
from pydantic import BaseModel, ValidationError

from annotator.errors import DataError
from annotator.model.jsonpos import Locator, pointer
from annotator.model.models import AnnotationFile, Span
from annotator.model.text import utf8_problem
from annotator.model.validation import problems
from annotator.store.files import atomic_write, read_bytes

__all__ = [
    "AnnotationDumper",
    "atomic_write",
    "dumps",
    "loads",
    "parse_model",
    "read_bytes",
    "validation_errors",
]

M = TypeVar("M", bound=BaseModel)

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def dumps(data: Any) -> bytes:
    """Canonical bytes for a JSON document (a model is dumped by alias first)."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json", by_alias=True)
    return orjson.dumps(data, option=_OPTIONS) + b"\n"


#: Stands in for the spans while the rest of an annotation file is dumped.
_SPANS_HOLE = "annotator: spans go here"
#: How the hole reads in the canonical bytes: "spans" is a top-level key (two spaces),
#: its one item the hole (four); no nested key sits at that depth.
_HOLE_BYTES = b'\n  "spans": [\n    "' + _SPANS_HOLE.encode() + b'"\n  ]'
#: Annotation files whose spans' bytes are kept (the ones being edited).
_DUMPER_FILES = 4


class AnnotationDumper:
    """``dumps`` for annotation files, byte for byte, re-encoding only the spans that
    changed since the last call for the same file.

    Spans are immutable (frozen models, replaced on change), so a span object that was
    dumped before has the same bytes: a save after one change to a 20,000-span file
    encodes one span, not 20,000 (bench/bench_app_scale.py).
    """

    def __init__(self) -> None:
        # key (the file) -> {id(span): (span, bytes indented as an item of "spans")}.
        # The span is kept with its bytes so its id cannot be reused while cached.
        self._files: dict[object, dict[int, tuple[Span, bytes]]] = {}

    def prime(self, spans: Sequence[Span], key: object) -> None:
        """Encode a file's spans now (when it is opened), so its first save after a
        change encodes only that change."""
        self._files[key] = {id(span): (span, self._encode(span)) for span in spans}
        while len(self._files) > _DUMPER_FILES:
            del self._files[next(iter(self._files))]

    @staticmethod
    def _encode(span: Span) -> bytes:
        body = orjson.dumps(span.model_dump(mode="json", by_alias=True), option=_OPTIONS)
        return b"    " + body.replace(b"\n", b"\n    ")

    def dumps(self, doc: AnnotationFile, spans: Sequence[Span], key: object) -> bytes:
        """The canonical bytes of ``doc`` with ``spans`` (in this order) as its spans."""
        if not spans:
            return dumps(doc.model_copy(update={"spans": []}))
        old = self._files.pop(key, {})
        # Found by id: the cache holds each span it has bytes for, so no other object
        # can have that id while the entry exists. (C-level loops: 20,000 spans.)
        ids = list(map(id, spans))
        entries = list(map(old.get, ids))
        for n, entry in enumerate(entries):
            if entry is None:
                entries[n] = (spans[n], self._encode(spans[n]))
        known = cast(list[tuple[Span, bytes]], entries)
        self._files[key] = dict(zip(ids, known, strict=True))
        parts = [entry[1] for entry in known]
        while len(self._files) > _DUMPER_FILES:
            del self._files[next(iter(self._files))]
        skeleton = doc.model_dump(mode="json", by_alias=True, exclude={"spans"})
        skeleton["spans"] = [_SPANS_HOLE]
        head, hole, tail = orjson.dumps(skeleton, option=_OPTIONS).partition(_HOLE_BYTES)
        if not hole:  # cannot happen with orjson's layout; never write wrong bytes
            return dumps(doc.model_copy(update={"spans": list(spans)}))
        return b"".join((head, b'\n  "spans": [\n', b",\n".join(parts), b"\n  ]", tail, b"\n"))


def loads(raw: bytes, path: Path | str) -> Any:
    """Parse JSON bytes; a DataError names the file, line and column on failure."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        bad = utf8_problem(raw)
        if bad is not None:
            line, col, message = bad
            raise DataError(path, message, line=line, col=col) from None
        reason = exc.msg.split(":")[0] if exc.msg else "invalid JSON"
        raise DataError(path, f"invalid JSON: {reason}", line=exc.lineno, col=exc.colno) from None


def validation_errors(path: Path | str, raw: bytes, exc: ValidationError) -> list[DataError]:
    """One DataError per problem pydantic found, located in the file where possible."""
    locator = Locator(raw.decode("utf-8", errors="replace"))
    out: list[DataError] = []
    for problem in problems(exc):
        where = locator.locate(problem.loc)
        out.append(
            DataError(
                path,
                problem.message,
                line=where[0] if where else None,
                col=where[1] if where else None,
                pointer=pointer(problem.loc) or "(document)",
            )
        )
    return out


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return {list: "an array", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def parse_model(model: type[M], data: Any, raw: bytes, path: Path | str) -> M:
    """Validate parsed JSON against a model; the first problem becomes a DataError."""
    if not isinstance(data, dict):
        raise DataError(
            path,
            f"the document must be an object, got {kind_of(data)}",
            line=1,
            col=1,
            pointer="(document)",
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = validation_errors(path, raw, exc)
        first = errors[0]
        more = len(errors) - 1
        if more:
            suffix = f" (and {more} more problem{'s' if more > 1 else ''})"
            raise DataError(
                first.path,
                first.detail + suffix,
                line=first.line,
                col=first.col,
                pointer=first.pointer,
            ) from None
        raise first from None
