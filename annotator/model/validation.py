"""Pydantic's validation errors as short, human problems (the one loop over them).

The store turns each into a located DataError; the validator into an E102 finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

#: pydantic adds the member type's name ("str", "none") to locs inside unions.
_UNION_TAGS = frozenset({"str", "none", "int", "list[str]"})


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: where (a JSON path), pydantic's error type, and a human message."""

    loc: tuple[str | int, ...]
    kind: str
    message: str
    raw_message: str


def problems(exc: ValidationError) -> list[Problem]:
    """Every problem pydantic found, union tags removed from the paths."""
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in _UNION_TAGS))
        out.append(Problem(loc, err["type"], describe_error(err), str(err["msg"])))
    return out


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
