"""A faster word wrap for long plain-text lines, identical to Textual's where it applies.

Textual's ``compute_wrap_offsets`` measures every chunk's cell width in Python, which
dominates loading a 1 MB article. For a line of single-cell characters without tabs,
a chunk's width is its length, so the same greedy algorithm needs no measuring. Other
lines (tabs, wide or zero-width characters, words longer than the width) use Textual's
own function. tests/test_fastwrap.py checks both give the same offsets.
"""

from __future__ import annotations

import re

from annotator.tui.widgets._textual_compat import compute_wrap_offsets, get_tab_widths, re_chunk

#: Characters that always take exactly one cell (checked against Rich in the tests).
SINGLE_CELL_RANGES = "\x20-\x7e\xa1-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205e\u2400-\u2426"
_NOT_SINGLE = re.compile(f"[^{SINGLE_CELL_RANGES}]")


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
                break  # a word longer than the line folds: Textual's slow path
            elif cell and start:
                offsets.append(start)
                cell = chunk_width
        else:
            return offsets, no_tabs
    sections = get_tab_widths(line, tab_width)
    tabs = [w for _, w in sections]
    if not width:
        return [], tabs
    return compute_wrap_offsets(line, width, tab_size=tab_width,
                                precomputed_tab_sections=sections), tabs
