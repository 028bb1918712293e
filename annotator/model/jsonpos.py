"""Find where a value sits in a JSON document, so errors can name line and column.

Only used when something is wrong, so it favours clarity over speed. Paths are tuples of
keys and list indexes, as pydantic's ``loc`` and the validator use them.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence

from annotator.model.text import LineIndex

Path = tuple[str | int, ...]

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"[^,\]\}\s]+")


def pointer(path: Sequence[str | int]) -> str:
    """``("spans", 3, "end")`` -> ``spans[3].end`` (the form messages use)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def locate(text: str, path: Sequence[str | int]) -> tuple[int, int] | None:
    """1-based (line, column) where the value at ``path`` starts, or None.

    Falls back to the deepest enclosing value that exists (a missing key is reported
    at its object). Columns count code points.
    """
    return Locator(text).locate(path)


class Locator:
    """Positions of every value in one JSON text, found in one pass when first asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._offsets: dict[Path, int] | None = None
        self._lines: LineIndex | None = None

    def locate(self, path: Sequence[str | int]) -> tuple[int, int] | None:
        if self._offsets is None:
            self._offsets = _Scanner(self.text).run()
        key = tuple(path)
        while key not in self._offsets:
            if not key:
                return None
            key = key[:-1]
        offset = self._offsets[key]
        if self._lines is None:
            self._lines = LineIndex(self.text)
        row, column = self._lines.location(offset)
        return row + 1, column + 1


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets: dict[Path, int] = {}

    def run(self) -> dict[Path, int]:
        # A broken or absurdly deep document: keep what was found so far.
        with contextlib.suppress(IndexError, ValueError, RecursionError):
            self._value(self._skip(0), ())
        return self.offsets

    def _skip(self, pos: int) -> int:
        match = _WS.match(self.text, pos)
        assert match is not None
        return match.end()

    def _value(self, pos: int, path: Path) -> int:
        self.offsets[path] = pos
        char = self.text[pos]
        if char == "{":
            return self._object(pos + 1, path)
        if char == "[":
            return self._array(pos + 1, path)
        match = (_STRING if char == '"' else _SCALAR).match(self.text, pos)
        if match is None:
            raise ValueError(pos)
        return match.end()

    def _object(self, pos: int, path: Path) -> int:
        pos = self._skip(pos)
        if self.text[pos] == "}":
            return pos + 1
        while True:
            match = _STRING.match(self.text, pos)
            if match is None:
                raise ValueError(pos)
            raw = match.group()
            key = raw[1:-1] if "\\" not in raw else json.loads(raw)
            pos = self._skip(match.end())
            if self.text[pos] != ":":
                raise ValueError(pos)
            pos = self._value(self._skip(pos + 1), (*path, key))
            pos = self._skip(pos)
            if self.text[pos] == "}":
                return pos + 1
            if self.text[pos] != ",":
                raise ValueError(pos)
            pos = self._skip(pos + 1)

    def _array(self, pos: int, path: Path) -> int:
        pos = self._skip(pos)
        if self.text[pos] == "]":
            return pos + 1
        index = 0
        while True:
            pos = self._value(pos, (*path, index))
            pos = self._skip(pos)
            if self.text[pos] == "]":
                return pos + 1
            if self.text[pos] != ",":
                raise ValueError(pos)
            pos = self._skip(pos + 1)
            index += 1
