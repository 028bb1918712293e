"""Canonical article text, hashes, context and the offset <-> (row, column) index.

All offsets in annotator are Unicode code points into the canonical text (Python
``str`` indexes), end exclusive.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from pathlib import Path

from annotator.errors import DataError

#: How many code points of context ``prefix`` and ``suffix`` hold on each side.
CONTEXT = 32

# Every line break str.splitlines() knows; CRLF first so it becomes a single LF.
_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def canonicalize(text: str) -> str:
    """Drop a leading BOM and turn every kind of line break into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return _LINE_BREAKS.sub("\n", text)


def utf8_problem(raw: bytes) -> tuple[int, int, str] | None:
    """(line, column, message) of the first byte that is not UTF-8, or None if all are.

    Line and column are 1-based; the column counts bytes of that line. The one place
    that locates a decoding failure (articles, annotation files, the validator).
    """
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return line, col, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at byte offset {exc.start})"
    return None


def decode_article(raw: bytes, path: Path | str) -> str:
    """Decode an article file's bytes as UTF-8 into canonical text.

    Raises DataError naming the file, line and column of the first bad byte.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        line, col, message = utf8_problem(raw) or (1, 1, "not UTF-8")
        raise DataError(path, message, line=line, col=col) from None
    return canonicalize(text)


def sha256_text(text: str) -> str:
    """The hex sha256 of the canonical text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix (up to CONTEXT code points) around ``text[start:end]``."""
    return text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


class LineIndex:
    """Sorted line starts of a text, for O(log n) offset <-> (row, column) conversion.

    Rows and columns are 0-based, columns in code points, like Textual's locations.
    Textual's ``Document.get_index_from_location`` is O(document) per call; this is not.
    """

    __slots__ = ("length", "starts")

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.starts = starts
        self.length = len(text)

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def row_of(self, offset: int) -> int:
        """The row holding ``offset`` (an offset equal to a line's end is on that line)."""
        return bisect_right(self.starts, offset) - 1

    def location(self, offset: int) -> tuple[int, int]:
        """(row, column) of an offset, clamped to the text."""
        offset = min(max(offset, 0), self.length)
        row = self.row_of(offset)
        return row, offset - self.starts[row]

    def offset(self, row: int, column: int) -> int:
        """Offset of (row, column), clamped to the text and to the row's end."""
        if row < 0:
            return 0
        if row >= len(self.starts):
            return self.length
        start, end = self.line_bounds(row)
        return start + min(max(column, 0), end - start)

    def line_bounds(self, row: int) -> tuple[int, int]:
        """Start offset and end offset (before the LF) of a row."""
        start = self.starts[row]
        end = self.starts[row + 1] - 1 if row + 1 < len(self.starts) else self.length
        return start, end
