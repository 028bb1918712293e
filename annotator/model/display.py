"""Make untrusted text safe to show in a terminal without changing its length.

Rich passes ESC and C1 characters through, so ``\\x1b[31m`` or an OSC title/clipboard
sequence inside an article would reach the analyst's terminal (and make SVG screenshots
invalid XML). Every control character except LF and TAB becomes a visible one-code-point
stand-in, so offsets into the shown text equal offsets into the real text.
"""

from __future__ import annotations

import re

#: C0 controls -> U+2400 block (␀ .. ␟), DEL -> ␡, C1 controls -> ␦ (SUBSTITUTE FORM TWO),
#: bidirectional overrides and isolates (which can reorder what the analyst sees) -> ␦ too.
_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: "\u2426" for c in range(0x80, 0xA0)})
_TABLE.update({c: "\u2426" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


_DANGEROUS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")


def visible(text: str) -> str:
    """``text`` with every dangerous control character replaced one-for-one."""
    # Searching is ~50x faster than translating, and most texts have nothing to replace.
    return text.translate(_TABLE) if _DANGEROUS.search(text) else text


def one_line_visible(text: str, limit: int | None = None) -> str:
    """Visible text folded onto one line (for list entries), clipped with an ellipsis.

    With a ``limit`` only a prefix of the text is looked at (growing until it is enough),
    so a 100 MB note costs no more than a short one.
    """
    if limit is not None:
        size = max(4 * limit, 256)
        while size < len(text):
            flat = " ".join(visible(text[:size]).split())
            if len(flat) > limit:
                return flat[: max(0, limit - 1)] + "…"
            size *= 4
    flat = " ".join(visible(text).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(0, limit - 1)] + "…"
    return flat


_LINE_CONTROLS = {0x0A: "\u240a", 0x09: "\u2409"}


def safe_line(text: str) -> str:
    """Text for one line of terminal output (file names, messages): every control
    character, line breaks and tabs included, becomes its one-code-point stand-in."""
    return visible(text).translate(_LINE_CONTROLS)


def terminal_text(text: str) -> str:
    """Multi-line data for a terminal: controls become stand-ins, line ends stay."""
    return visible(text.replace("\r\n", "\n"))


def clipped_visible(text: str, limit: int = 4000) -> str:
    """Visible text (line breaks kept) cut to ``limit`` code points, saying how much more
    there is (for the details pane: a 100 MB note must not be laid out)."""
    if len(text) <= limit:
        return visible(text)
    return visible(text[:limit]) + f"… ({len(text) - limit:,} more characters)"
