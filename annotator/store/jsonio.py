"""The one place that turns data into bytes and bytes into data.

Every writer goes through ``dumps`` so equal data gives byte-identical files: orjson,
2-space indent, sorted keys, UTF-8 not escaped, one trailing newline.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from annotator.errors import DataError, SaveError
from annotator.model.jsonpos import Locator, pointer

M = TypeVar("M", bound=BaseModel)

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def dumps(data: Any) -> bytes:
    """Canonical bytes for a JSON document (a model is dumped by alias first)."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json", by_alias=True)
    return orjson.dumps(data, option=_OPTIONS) + b"\n"


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a crash leaves the old file or the new one.

    Temp file in the same folder, flush, fsync, ``os.replace``, then fsync the folder so
    the rename itself survives a power cut. Raises SaveError; the old file stays intact.
    """
    path = Path(path)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(path.parent)
    except OSError as exc:
        raise SaveError(path, exc.strerror or str(exc)) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def loads(raw: bytes, path: Path | str) -> Any:
    """Parse JSON bytes; a DataError names the file, line and column on failure."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            before = raw[: bad.start]
            raise DataError(
                path, f"not UTF-8 (byte 0x{raw[bad.start]:02x})",
                line=before.count(b"\n") + 1, col=bad.start - (before.rfind(b"\n") + 1) + 1,
            ) from None
        reason = exc.msg.split(":")[0] if exc.msg else "invalid JSON"
        raise DataError(
            path, f"invalid JSON: {reason}", line=exc.lineno, col=exc.colno
        ) from None


def validation_errors(
    path: Path | str, raw: bytes, exc: ValidationError
) -> list[DataError]:
    """One DataError per problem pydantic found, located in the file where possible."""
    locator = Locator(raw.decode("utf-8", errors="replace"))
    out: list[DataError] = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not is_union_tag(p))
        where = locator.locate(loc)
        message = describe_error(err)
        out.append(
            DataError(
                path, message, line=where[0] if where else None,
                col=where[1] if where else None, pointer=pointer(loc) or "(document)",
            )
        )
    return out


def is_union_tag(part: object) -> bool:
    # pydantic adds the member type's name ("str", "none") to locs inside unions.
    return isinstance(part, str) and part in {"str", "none", "int", "list[str]"}


def describe_error(err: Any) -> str:
    """A short human message for one pydantic error dict."""
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (not in the schema)"
    if kind == "literal_error":
        return f"{err['msg'].replace('Input should be', 'must be')}, got {err['input']!r}"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return msg.replace("Input should", "must").replace("String should", "must")


def parse_model(model: type[M], data: Any, raw: bytes, path: Path | str) -> M:
    """Validate parsed JSON against a model; the first problem becomes a DataError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = validation_errors(path, raw, exc)
        first = errors[0]
        more = len(errors) - 1
        if more:
            suffix = f" (and {more} more problem{'s' if more > 1 else ''})"
            raise DataError(
                first.path, first.detail + suffix, line=first.line, col=first.col,
                pointer=first.pointer,
            ) from None
        raise first from None


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(path, f"cannot read: {exc.strerror or exc}") from None
