"""Sentence and word boundaries over canonical text (code-point offsets).

Rules an analyst expects: a sentence ends at . ! ? (plus closing quotes and brackets)
followed by white space, except after abbreviations (U.S., N., Mr., Sep.), initials and
inside decimals (3.5); a line break that ends a headline or paragraph ends a sentence
even without punctuation.
"""

from __future__ import annotations

import re

#: Words that end with a period without ending a sentence (lower-cased, no period).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt gov sen rep st jr sr vs etc inc ltd co corp
    no nos approx dept est fig jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thurs fri sat sun u.s u.k u.n e.g i.e a.m p.m""".split()
)
_CLOSERS = "\"'”’»)]}"
_ENDERS = ".!?"
_WORD = re.compile(r"[\w’'\-]+")


def _is_boundary(text: str, pos: int) -> bool:
    """True when a sentence ends just before ``pos`` (text[pos-1] is an ender or closer)."""
    i = pos
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    if i == 0 or text[i - 1] not in _ENDERS:
        return False
    if text[i - 1] == ".":
        # The word before the period: abbreviation, initial or part of U.S.-style chain.
        j = i - 1
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "."):
            j -= 1
        word = text[j : i - 1].lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return False
        if "." in word and all(len(part) <= 2 for part in word.split(".")):
            return False  # U.S, e.g, a.m
    # Must be followed by white space (or end of text); "3.5" and "kyiv.com" are not ends.
    if pos < len(text) and not text[pos].isspace():
        return False
    return True


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The sentence containing ``offset``, without surrounding white space.

    On white space between sentences the following sentence is chosen (or the
    previous one at the end of a line).
    """
    n = len(text)
    if n == 0:
        return (0, 0)
    offset = min(max(offset, 0), n)
    # Paragraph/line limits: a line break always ends a sentence.
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = n if line_end == -1 else line_end
    line = text[line_start:line_end]
    if not line.strip():
        return (offset, offset)
    local = offset - line_start
    # Candidate boundaries inside the line: positions after enders/closers followed by space.
    starts = [0]
    for match in re.finditer(r"[.!?][\"'”’»)\]}]*(?=\s|$)", line):
        end = match.end()
        if _is_boundary(line, end):
            starts.append(end)
    start = max(s for s in starts if s <= local) if local < len(line) else starts[-1]
    following = [s for s in starts if s > start]
    end = following[0] if following else len(line)
    # If the offset is on trailing white space after the last sentence, pick the previous.
    if not line[start:end].strip() and len(starts) > 1:
        start = starts[-2]
        end = starts[-1]
    seg = line[start:end]
    left = len(seg) - len(seg.lstrip())
    right = len(seg.rstrip())
    return (line_start + start + left, line_start + start + right)


def expand_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``[start, end)`` to whole words; trim white space at the edges.

    A caret (start == end) inside or touching a word selects that word.
    """
    n = len(text)
    start, end = sorted((min(max(start, 0), n), min(max(end, 0), n)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1

    def word_char(i: int) -> bool:
        return 0 <= i < n and (text[i].isalnum() or text[i] in "’'-_")

    if start == end:
        if not word_char(start) and word_char(start - 1):
            start -= 1
            end = start + 1
        elif word_char(start):
            end = start + 1
        else:
            return (start, end)
    while start > 0 and word_char(start - 1) and word_char(start):
        start -= 1
    while end < n and word_char(end) and word_char(end - 1):
        end += 1
    # Trailing apostrophes/hyphens are punctuation, not word.
    while end > start + 1 and text[end - 1] in "’'-":
        end -= 1
    while start < end - 1 and text[start] in "’'-":
        start += 1
    return (start, end)
