r"""Sentence, word and grapheme boundaries over canonical text (code-point offsets).

Rules an analyst expects: a sentence ends at . ! ? (plus closing quotes and brackets)
followed by white space, except after abbreviations (U.S., N., Mr., Sep.), initials and
inside decimals (3.5); the CJK enders 。！？ (and the half-width ｡) end a sentence with
or without white space after them, together with the full-width closers that follow
(」』）】 ...); a line break that ends a headline or paragraph ends a sentence even
without punctuation.

Grapheme clusters are Unicode's extended grapheme clusters (UAX #29), as the ``regex``
module's ``\X`` matches them (emoji ZWJ sequences, flags, combining marks, Hangul
syllables from jamo, Indic conjuncts): a span edge never falls inside one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

#: Words that end with a period without ending a sentence (lower-cased, no period).
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "gov",
        "sen",
        "rep",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "approx",
        "dept",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
_CLOSERS = "\"'”’»)]}」』）】〕〉》〗〙〛＂＇］｝｣"
_ENDERS = ".!?"
#: Sentence enders of Chinese and Japanese: they need no white space after them.
_CJK_ENDERS = "。！？｡"
_SENTENCE_END = re.compile(
    r"[.!?][\"'”’»)\]}]*(?=\s|$)|[" + _CJK_ENDERS + "]+[" + re.escape(_CLOSERS) + "]*"
)
_WORD = re.compile(r"[\w’'\-]+")


def _is_boundary(text: str, pos: int) -> bool:
    """True when a sentence ends just before ``pos`` (text[pos-1] is an ender or closer)."""
    i = pos
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    if i > 0 and text[i - 1] in _CJK_ENDERS:
        return True
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
    return not (pos < len(text) and not text[pos].isspace())


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
    for match in _SENTENCE_END.finditer(line):
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
        return 0 <= i < n and _is_word(text, i)

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


# -- grapheme clusters (UAX #29) ------------------------------------------------------------
_CLUSTER = regex.compile(r"\X", regex.DOTALL)
#: Between two characters of these Grapheme_Cluster_Break classes a boundary is certain:
#: no rule of UAX #29 joins an Other or Control to an Other or Control (GB11 needs a ZWJ
#: before, GB12/13 regional indicators, GB9* Extend/ZWJ/SpacingMark/Prepend, GB6-8
#: Hangul jamo), except CR LF, which canonical text never holds but is kept out.
_PLAIN = regex.compile(r"[\p{Grapheme_Cluster_Break=Other}\p{Grapheme_Cluster_Break=Control}]")


@lru_cache(maxsize=4096)
def _plain(char: str) -> bool:
    return char != "\r" and _PLAIN.fullmatch(char) is not None


def _safe_start(text: str, pos: int) -> int:
    r"""A cluster boundary at or before ``pos`` from which ``\X`` can be run.

    Walks back to the nearest pair of "plain" characters (or a line start, or the start
    of the text): two characters of class Other or Control always have a boundary
    between them. Usually one or two steps; at worst back to the line
    start (a line break is a boundary: GB4/GB5).
    """
    i = min(pos, len(text))
    while i > 0:
        before, after = text[i - 1], text[i] if i < len(text) else "\n"
        if before == "\n" or after == "\n" or (_plain(before) and _plain(after)):
            return i
        i -= 1
    return 0


def grapheme_floor(text: str, pos: int) -> int:
    """The last cluster boundary at or before ``pos`` (clamped to the text)."""
    pos = min(max(pos, 0), len(text))
    i = _safe_start(text, pos)
    while i < pos:
        match = _CLUSTER.match(text, i)
        if match is None or match.end() > pos:
            break
        i = match.end()
    return i


def grapheme_ceil(text: str, pos: int) -> int:
    """The first cluster boundary at or after ``pos`` (clamped to the text)."""
    pos = min(max(pos, 0), len(text))
    start = grapheme_floor(text, pos)
    if start == pos:
        return pos
    match = _CLUSTER.match(text, start)
    return match.end() if match is not None else len(text)


def next_grapheme(text: str, pos: int) -> int:
    """The boundary after the cluster at ``pos`` (``len(text)`` at the end)."""
    start = grapheme_floor(text, pos)
    match = _CLUSTER.match(text, start) if start < len(text) else None
    return match.end() if match is not None else len(text)


def previous_grapheme(text: str, pos: int) -> int:
    """The boundary before the cluster that ends at (or holds) ``pos``."""
    end = grapheme_ceil(text, pos)
    return grapheme_floor(text, end - 1) if end > 0 else 0


def snap_to_graphemes(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``[start, end)`` to whole clusters: start down, end up. A caret stays a caret
    (moved to the boundary at or before it)."""
    start, end = sorted((start, end))
    if start == end:
        caret = grapheme_floor(text, start)
        return (caret, caret)
    return (grapheme_floor(text, start), grapheme_ceil(text, end))


def clusters(text: str) -> list[str]:
    """The text cut into its extended grapheme clusters."""
    return _CLUSTER.findall(text)


# -- word steps for span edges ----------------------------------------------------------
def _is_word(text: str, i: int) -> bool:
    char = text[i]
    return char.isalnum() or char in "’'-_" or unicodedata.category(char)[0] == "M"


def word_right(text: str, pos: int) -> int:
    """From ``pos``, past any non-word characters, then to the end of the next word."""
    n, i = len(text), min(max(pos, 0), len(text))
    while i < n and not _is_word(text, i):
        i += 1
    while i < n and _is_word(text, i):
        i += 1
    return grapheme_ceil(text, i)


def word_left(text: str, pos: int) -> int:
    """From ``pos``, back past any non-word characters, then to the start of that word."""
    i = min(max(pos, 0), len(text))
    while i > 0 and not _is_word(text, i - 1):
        i -= 1
    while i > 0 and _is_word(text, i - 1):
        i -= 1
    return grapheme_floor(text, i)
