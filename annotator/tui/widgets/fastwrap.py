"""A faster word wrap for long plain-text lines, identical to Textual's where it applies.

Textual's ``compute_wrap_offsets`` measures every chunk's cell width in Python (and folds
a word longer than the line one character at a time), which dominates loading a 1 MB
article. Two fast paths run the same greedy algorithm without that:

- a line of single-cell characters without tabs: a chunk's width is its length;
- any other line without tabs, zero-width joiners or variation selectors (CJK,
  Cyrillic, emoji, combining marks): a chunk's width comes from prefix sums of a
  per-character cell-width table built once from Rich's own table (wide = 2,
  combining = 0), and a word longer than the line is folded by bisecting them.

Other lines (tabs, ZWJ sequences, a width under 2) use Textual's own function.
tests/tui/test_fastwrap.py checks every path gives the same offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from rich._unicode_data import load as load_cell_table

from annotator.tui.widgets._textual_compat import compute_wrap_offsets, get_tab_widths, re_chunk

#: Characters that always take exactly one cell (checked against Rich in the tests).
SINGLE_CELL_RANGES = (
    "\x20-\x7e\xa1-\xac\xae-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u038a\u038c"
    "\u038e-\u03a1\u03a3-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u2400-\u2426"
)
_NOT_SINGLE = re.compile(f"[^{SINGLE_CELL_RANGES}]")
#: Characters whose width depends on their neighbours (or tabs): Textual measures those.
_CONTEXTUAL = re.compile("[\t\u200d\ufe0f]")

_widths: bytes | None = None


def cell_widths() -> bytes:
    """Cell width of every code point (index = ``ord``), as Rich's
    ``get_character_cell_size`` gives it; built once (1.1 MB)."""
    global _widths
    if _widths is None:
        table = bytearray(b"\x01" * 0x110000)
        for start, end, width in load_cell_table("auto").widths:
            table[start : end + 1] = bytes([width]) * (end + 1 - start)
        table[1:32] = bytes(31)
        table[0x7F:0xA0] = bytes(0xA0 - 0x7F)
        _widths = bytes(table)
    return _widths


def _measured_offsets(line: str, width: int) -> list[int]:
    """Textual's greedy wrap (and fold) with widths from the table: a line without
    tabs, ZWJ or variation selectors, ``width >= 2`` (every character fits a line).

    A mostly single-cell line (Latin text with an emoji or a flag here and there) costs
    what a Latin line costs: a chunk's width is its length plus what its few other
    characters add, found by walking their positions once along the chunks. A line
    with many of them, or a word to fold, takes the prefix sums of every character.
    """
    table = cell_widths()
    odd = [m.start() for m in _NOT_SINGLE.finditer(line)]
    if len(odd) * 8 > len(line):
        return _dense_offsets(line, width, table)
    extra = [table[ord(line[p])] - 1 for p in odd]
    offsets: list[int] = []
    cell = k = 0
    count = len(odd)
    for match in re_chunk.finditer(line):
        start, end = match.span()
        chunk_width = end - start
        while k < count and odd[k] < end:  # chunks are consecutive: each once
            chunk_width += extra[k]
            k += 1
        if width - cell >= chunk_width:
            cell += chunk_width
        elif chunk_width > width:
            return _dense_offsets(line, width, table)  # a word to fold
        elif cell and start:
            offsets.append(start)
            cell = chunk_width
    return offsets


def _dense_offsets(line: str, width: int, table: bytes) -> list[int]:
    """``_measured_offsets`` with prefix sums of every character's width."""
    cum = [0, *accumulate(map(table.__getitem__, map(ord, line)))]
    offsets: list[int] = []
    cell = 0
    for match in re_chunk.finditer(line):
        start, end = match.span()
        chunk_width = cum[end] - cum[start]
        if width - cell >= chunk_width:
            cell += chunk_width
        elif chunk_width > width:
            # Fold: each piece runs as far as the width allows (zero-width characters
            # stay with the piece before them, as in Textual's character loop).
            while True:
                if start:
                    offsets.append(start)
                stop = bisect_right(cum, cum[start] + width, start, end + 1) - 1
                if stop >= end:
                    cell = cum[end] - cum[start]
                    break
                start = stop
        elif cell and start:
            offsets.append(start)
            cell = chunk_width
    return offsets


def wrap_offsets(line: str, width: int, tab_width: int) -> tuple[list[int], list[int]]:
    """(wrap offsets, tab widths) for one line, as Textual's WrappedDocument computes them."""
    if _NOT_SINGLE.search(line) is None:
        # get_tab_widths gives one tab-free section of width 0 for a non-empty line.
        no_tabs = [0] if line else []
        if not width:
            return [], no_tabs
        offsets: list[int] = []
        cell = 0
        for match in re_chunk.finditer(line):
            start, end = match.span()
            chunk_width = end - start
            if width - cell >= chunk_width:
                cell += chunk_width
            elif chunk_width > width:
                break  # a word longer than the line folds: the measured path
            elif cell and start:
                offsets.append(start)
                cell = chunk_width
        else:
            return offsets, no_tabs
        if width >= 2:
            return _measured_offsets(line, width), no_tabs
    elif _CONTEXTUAL.search(line) is None:
        if not width:
            return [], [0]
        if width >= 2:
            return _measured_offsets(line, width), [0]
    sections = get_tab_widths(line, tab_width)
    tabs = [w for _, w in sections]
    if not width:
        return [], tabs
    return compute_wrap_offsets(
        line, width, tab_size=tab_width, precomputed_tab_sections=sections
    ), tabs
