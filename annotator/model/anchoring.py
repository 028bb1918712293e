"""Re-anchoring spans onto a changed article text (pure: no I/O, no Textual).

Publishers correct articles after publication. Each span keeps its offsets, its quote
and 32 code points of context on each side (W3C TextPositionSelector and
TextQuoteSelector); from these the cascade finds the span on the new text:

1. **exact**: the quote is still at the same offsets (and its context still fits).
2. **moved**: the quote, exactly or up to typography (curly/straight quote marks,
   dashes, runs of white space and line breaks), occurs elsewhere; each occurrence is
   scored by the similarity of its prefix and suffix to the old ones and, as a tie
   breaker, by its distance from the old offset.
3. **fuzzy**: when no occurrence has a convincing context, an approximate search
   (edit distance, every local minimum within reach is a candidate) runs, and every
   candidate, exact occurrences included, competes on quote similarity plus context
   similarity. So a correction note that quotes the old sentence word for word loses
   to the corrected sentence in its old surroundings. A candidate is accepted only
   above the quote and context thresholds.
4. **orphaned**: nothing acceptable; the span goes to the file's ``orphans`` list with
   its old selectors, never dropped.

Re-anchoring is idempotent: on the text it was anchored to, every span is exact and
every orphan stays an orphan, so a second run changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from annotator.model.models import (
    Anchor,
    AnchorStatus,
    AnchorWas,
    AnnotationFile,
    Orphan,
    OutcomeStatus,
    Span,
)
from annotator.model.text import CONTEXT, context, sha256_text

#: A fuzzy candidate's quote must be at least this similar to the old quote
#: (1 - edit distance / length).
QUOTE_MIN = 0.75
#: A moved or fuzzy candidate's context (prefix and suffix) must be at least this similar.
CONTEXT_MIN = 0.5
#: ... and neither side of a fuzzy candidate's context may be less similar than this
#: (unrelated English text scores about 0.1-0.35).
SIDE_MIN = 0.4
#: ... unless the quote is long, at least this similar, and its neighbouring characters
#: are of the same kind as before (a whole paragraph moved and corrected).
QUOTE_SURE = 0.9
#: An occurrence of the exact quote with context at least this similar is taken as
#: moved without running the approximate search.
CONTEXT_SURE = 0.8
#: An exact quote at least this long that occurs once, whose neighbouring characters are
#: of the same kind as before (line break, space, letter, the same punctuation), moves
#: even when both sides of its context changed (a whole paragraph moved elsewhere).
LONG_QUOTE = 24
#: Quotes shorter than this are never matched approximately.
FUZZY_MIN_LENGTH = 4
#: The approximate search looks this many code points around the old offset first ...
NEAR_WINDOW = 20_000
#: ... and, when nothing acceptable is there, at most this many.
SEARCH_WINDOW = 200_000
#: A fuzzy candidate that cuts a word is grown by at most this many code points to the
#: word's edge.
SNAP = 12
#: Weights of the candidate score (the stored score is quote and context only).
W_QUOTE = 0.5
W_CONTEXT = 0.5
W_DISTANCE = 0.05
W_BOUNDARY = 0.01
#: At most this many candidates per span are found (the best by edit distance) ...
MAX_CANDIDATES = 400
#: ... and of a quote's exact occurrences at most this many are scored in full (those
#: whose neighbouring code points agree longest with the old context).
MAX_SCORED = 40

_FOLD = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What re-anchoring did with one span (offsets are code points, end exclusive)."""

    span_id: str
    status: OutcomeStatus
    #: 1.0 for exact; quote and context similarity otherwise (for an orphan: the best
    #: rejected candidate's, 0.0 when there was none).
    score: float
    old: tuple[int, int]
    new: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a span lands: its new range and how it was found."""

    start: int
    end: int
    status: OutcomeStatus
    score: float


# -- text folding and similarity ------------------------------------------------------------


def fold(text: str) -> tuple[str, list[int]]:
    """Text with typography folded, and each folded character's offset in ``text``.

    Curly and other quote marks become ``'`` or ``"``, dashes ``-``, and every run of
    white space (line breaks included) one space.
    """
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, char in enumerate(text):
        if char.isspace():
            if space:
                continue
            space = True
            char = " "
        else:
            space = False
            char = _FOLD.get(char, char)
        out.append(char)
        where.append(i)
    return "".join(out), where


_FOLD_TABLE = str.maketrans(_FOLD)
_SPACES = re.compile(r"\s+")


def _fold_only(text: str) -> str:
    """``fold(text)[0]`` without the offsets (fast)."""
    return _SPACES.sub(" ", text.translate(_FOLD_TABLE))


def _masks(pattern: str) -> dict[str, int]:
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    return peq


def _myers(pattern: str, text: str, *, anchored: bool) -> list[int]:
    """Edit distances for every prefix end of ``text`` (Myers' bit-parallel algorithm).

    ``anchored``: entry j is the edit distance between ``pattern`` and ``text[:j+1]``;
    otherwise the smallest edit distance between ``pattern`` and any substring of
    ``text`` ending at j (approximate search).
    """
    m = len(pattern)
    peq = _masks(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    carry = 1 if anchored else 0
    out: list[int] = []
    append = out.append
    get = peq.get
    for char in text:
        eq = get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        append(score)
    return out


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions all cost 1)."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    return _myers(a, b, anchored=True)[-1]


def similarity(a: str, b: str) -> float:
    """1 - edit distance / the longer length (1.0 for two empty strings)."""
    if a == b:
        return 1.0
    return 1.0 - edit_distance(a, b) / max(len(a), len(b))


# -- the new text, prepared once per file -------------------------------------------------


class TextIndex:
    """The new text with its folded form, so each span's search is cheap."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self.where = fold(text)

    def occurrences(self, quote: str) -> list[tuple[int, int]]:
        """Ranges where ``quote`` occurs, exactly or up to typography."""
        found: set[tuple[int, int]] = set()
        text = self.text
        pos = text.find(quote)
        while pos != -1 and len(found) < MAX_CANDIDATES:
            found.add((pos, pos + len(quote)))
            pos = text.find(quote, pos + 1)
        folded = _fold_only(quote)
        if folded:
            pos = self.folded.find(folded)
            while pos != -1 and len(found) < 2 * MAX_CANDIDATES:
                found.add((self.where[pos], self.where[pos + len(folded) - 1] + 1))
                pos = self.folded.find(folded, pos + 1)
        return sorted(found)

    def approximate(
        self, quote: str, near: int, size: int = SEARCH_WINDOW
    ) -> list[tuple[int, int, int]]:
        """(start, end, edit distance) of approximate occurrences of ``quote``.

        Every local minimum of the edit distance over end positions that is within
        reach of QUOTE_MIN is a candidate; its start is where the distance to the quote
        is smallest with the end fixed.
        """
        m = len(quote)
        reach = int(m * (1 - QUOTE_MIN) / QUOTE_MIN)
        if m < FUZZY_MIN_LENGTH or reach < 1:
            return []
        lo = max(0, near - size // 2)
        hi = min(len(self.text), lo + size)
        window = self.text[lo:hi]
        scores = _myers(quote, window, anchored=False)
        ends: list[tuple[int, int]] = []
        last = len(scores) - 1
        for j, d in enumerate(scores):
            if d > reach:
                continue
            if (j > 0 and scores[j - 1] < d) or (j < last and scores[j + 1] < d):
                continue
            ends.append((d, j + 1))
        ends.sort()
        out: list[tuple[int, int, int]] = []
        seen: set[tuple[int, int]] = set()
        reversed_quote = quote[::-1]
        for _d, end in ends[:MAX_CANDIDATES]:
            begin = max(0, end - m - reach)
            back = _myers(reversed_quote, window[begin:end][::-1], anchored=True)
            best = min(back)
            # Ties: the longest range that does not start on white space.
            length = 0
            for k in range(len(back) - 1, -1, -1):
                if back[k] == best and not window[end - k - 1].isspace():
                    length = k + 1
                    break
            if length == 0:
                length = max(k + 1 for k, v in enumerate(back) if v == best)
            key = (lo + end - length, lo + end)
            if key not in seen:
                seen.add(key)
                out.append((key[0], key[1], best))
        return out


# -- scoring ---------------------------------------------------------------------------------


def _kind(char: str) -> str:
    if not char or char.isspace():
        return " "
    if char.isalnum():
        return "a"
    return _FOLD.get(char, char)


def _prefix_form(raw: str) -> str:
    # A prefix shorter than CONTEXT reaches the start of the text: that edge is context
    # too, so a span that was at the very start does not fit as well in the middle.
    return "\x02" * (CONTEXT - len(raw)) + _fold_only(raw)


def _suffix_form(raw: str) -> str:
    return _fold_only(raw) + "\x03" * (CONTEXT - len(raw))


def context_sides(span: Span, text: str, start: int, end: int) -> tuple[float, float]:
    """How similar the text before and after ``start..end`` is to the span's prefix and
    suffix (typography folded; the start and end of the text count as context)."""
    new_prefix, new_suffix = context(text, start, end)
    prefix = (
        1.0
        if new_prefix == span.prefix
        else similarity(_prefix_form(span.prefix), _prefix_form(new_prefix))
    )
    suffix = (
        1.0
        if new_suffix == span.suffix
        else similarity(_suffix_form(span.suffix), _suffix_form(new_suffix))
    )
    return prefix, suffix


def context_score(span: Span, text: str, start: int, end: int) -> float:
    """The mean of both sides' context similarity (see ``context_sides``)."""
    prefix, suffix = context_sides(span, text, start, end)
    return (prefix + suffix) / 2


def _quick_context(span: Span, text: str, start: int, end: int) -> int:
    """A cheap pre-score for quotes that occur very often: how many code points next to
    the span agree exactly with its prefix and suffix."""
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    agree = 0
    for old, new in zip(reversed(span.prefix), reversed(before), strict=False):
        if old != new:
            break
        agree += 1
    for old, new in zip(span.suffix, after, strict=False):
        if old != new:
            break
        agree += 1
    return agree


def _boundaries_kept(span: Span, text: str, start: int, end: int) -> int:
    """How many of the span's two ends have neighbours of the same kind as before."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return int(_kind(span.prefix[-1:]) == _kind(before)) + int(
        _kind(span.suffix[:1]) == _kind(after)
    )


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    quote: float
    context: float
    exact: bool  # the quote itself, exactly or up to typography
    rank: float
    side: float  # the weaker side's context similarity

    @property
    def score(self) -> float:
        return round(min(1.0, max(0.0, W_QUOTE * self.quote + W_CONTEXT * self.context)), 3)


def _candidate(
    span: Span, text: str, start: int, end: int, quote_sim: float, exact: bool
) -> _Candidate:
    prefix, suffix = context_sides(span, text, start, end)
    ctx = (prefix + suffix) / 2
    distance = abs(start - span.start) / max(len(text), 1)
    kept = _boundaries_kept(span, text, start, end)
    rank = W_QUOTE * quote_sim + W_CONTEXT * ctx - W_DISTANCE * distance + W_BOUNDARY * kept
    return _Candidate(start, end, quote_sim, ctx, exact, rank, min(prefix, suffix))


_WORDS = re.compile(r"\w+")


def _word_edges_kept(span: Span, text: str, start: int, end: int) -> bool:
    """False when the span began or ended at a word boundary and the candidate does not
    (it would cut a word), or ends on white space the span did not."""
    quote = span.quote
    if text[start].isspace() and not quote[0].isspace():
        return False
    if text[end - 1].isspace() and not quote[-1].isspace():
        return False
    old_start_cut = span.prefix[-1:].isalnum() and quote[0].isalnum()
    new_start_cut = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    old_end_cut = span.suffix[:1].isalnum() and quote[-1].isalnum()
    new_end_cut = end < len(text) and text[end].isalnum() and text[end - 1].isalnum()
    return not (new_start_cut and not old_start_cut) and not (new_end_cut and not old_end_cut)


def _snap_to_words(span: Span, text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a candidate that cuts a word the span did not cut to that whole word (at most
    SNAP code points on each side): ``say`` corrected to ``said`` ends after ``said``."""
    if not (span.prefix[-1:].isalnum() and span.quote[0].isalnum()):
        s = start
        while s > 0 and start - s < SNAP and text[s - 1].isalnum() and text[s].isalnum():
            s -= 1
        if not (s > 0 and text[s - 1].isalnum()):
            start = s
    if not (span.suffix[:1].isalnum() and span.quote[-1].isalnum()):
        e = end
        while e < len(text) and e - end < SNAP and text[e].isalnum() and text[e - 1].isalnum():
            e += 1
        if not (e < len(text) and text[e].isalnum()):
            end = e
    return start, end


def _edge_words_kept(old: str, new: str) -> bool:
    """The candidate's first and last words must resemble the quote's (or be one of its
    first / last three words, when a word was dropped or swapped): this keeps a fuzzy
    match from reaching into a neighbouring word that happens to be as close."""
    old_words = _WORDS.findall(_fold_only(old).casefold())
    new_words = _WORDS.findall(_fold_only(new).casefold())
    if not old_words or not new_words:
        return True
    first = new_words[0] in old_words[:3] or similarity(new_words[0], old_words[0]) >= 0.5
    last = new_words[-1] in old_words[-3:] or similarity(new_words[-1], old_words[-1]) >= 0.5
    return first and last


def _acceptable(span: Span, text: str, cand: _Candidate, unique: bool) -> bool:
    if cand.exact:
        if cand.context >= CONTEXT_MIN:
            return True
        return (
            unique
            and len(span.quote) >= LONG_QUOTE
            and _boundaries_kept(span, text, cand.start, cand.end) == 2
        )
    sides = cand.side >= SIDE_MIN or (
        cand.quote >= QUOTE_SURE
        and len(span.quote) >= LONG_QUOTE
        and _boundaries_kept(span, text, cand.start, cand.end) == 2
    )
    return (
        cand.quote >= QUOTE_MIN
        and cand.context >= CONTEXT_MIN
        and sides
        and _word_edges_kept(span, text, cand.start, cand.end)
        and _edge_words_kept(span.quote, text[cand.start : cand.end])
    )


def locate(span: Span, index: TextIndex) -> tuple[Placement | None, float]:
    """Where ``span`` belongs in the indexed text, and the best candidate's score.

    Returns (None, best score) when no candidate is acceptable (an orphan).
    """
    text = index.text
    if text[span.start : span.end] == span.quote:
        ctx = context_score(span, text, span.start, span.end)
        if ctx >= CONTEXT_MIN:
            return Placement(span.start, span.end, "exact", 1.0), 1.0
    ranges = index.occurrences(span.quote)
    unique = len(ranges) == 1
    if len(ranges) > MAX_SCORED:
        ranges = sorted(ranges, key=lambda r: -_quick_context(span, text, *r))[:MAX_SCORED]
    exact = [_candidate(span, text, s, e, 1.0, True) for s, e in ranges]
    best_exact = max(exact, key=lambda c: c.rank, default=None)
    if best_exact is not None and best_exact.context >= CONTEXT_SURE:
        return _placement(span, text, best_exact), best_exact.score
    pool = list(exact)
    accepted: list[_Candidate] = []
    # Near the old place first; the whole search window only if nothing fits there.
    for size in (NEAR_WINDOW, SEARCH_WINDOW):
        pool.extend(_approximate(span, index, {(c.start, c.end) for c in pool}, size))
        accepted = [c for c in pool if _acceptable(span, text, c, unique)]
        if accepted or len(text) <= size:
            break
    if not pool:
        return None, 0.0
    if not accepted:
        return None, max(c.score for c in pool)
    best = max(accepted, key=lambda c: (c.rank, -c.start))
    return _placement(span, text, best), best.score


def _approximate(
    span: Span, index: TextIndex, taken: set[tuple[int, int]], size: int
) -> list[_Candidate]:
    """Fuzzy candidates within ``size`` code points around the span's old place."""
    text = index.text
    out: list[_Candidate] = []
    folded_quote = _fold_only(span.quote)
    for s, e, _distance in index.approximate(span.quote, span.start, size):
        # White space the old quote did not have at an edge is not part of the span.
        while e - s > 1 and text[s].isspace() and not span.quote[0].isspace():
            s += 1
        while e - s > 1 and text[e - 1].isspace() and not span.quote[-1].isspace():
            e -= 1
        s, e = _snap_to_words(span, text, s, e)
        if (s, e) in taken:
            continue
        taken.add((s, e))
        quote_sim = similarity(folded_quote, _fold_only(text[s:e]))
        out.append(_candidate(span, text, s, e, quote_sim, False))
    return out


def _placement(span: Span, text: str, cand: _Candidate) -> Placement:
    if cand.exact:
        same = (cand.start, cand.end) == (span.start, span.end) and text[
            cand.start : cand.end
        ] == span.quote
        status: OutcomeStatus = "exact" if same else "moved"
        return Placement(cand.start, cand.end, status, 1.0 if same else cand.score)
    return Placement(cand.start, cand.end, "fuzzy", cand.score)


# -- whole files -----------------------------------------------------------------------------


def _merged_anchor(span: Span, status: AnchorStatus, score: float) -> Anchor:
    """The span's new anchor record: since the last accepted state, the worst status,
    the lowest score, and where it was then."""
    old = span.anchor
    if old is None:
        return Anchor(
            status=status,
            score=score,
            was=AnchorWas(start=span.start, end=span.end, quote=span.quote),
        )
    worst: AnchorStatus = "fuzzy" if "fuzzy" in (old.status, status) else "moved"
    return Anchor(status=worst, score=min(old.score, score), was=old.was)


def reanchor_file(
    doc: AnnotationFile, new_text: str, *, clock: Callable[[], str]
) -> tuple[AnnotationFile, list[Outcome]]:
    """Re-anchor every span of ``doc`` onto ``new_text``.

    Returns the new file (article hash updated, spans sorted as the store writes them,
    new orphans appended to ``orphans``) and one Outcome per span, in the order of
    ``doc.spans``. ``clock()`` gives the
    timestamp for ``modified`` of spans that moved and for new orphans; it is called
    only when something changed.
    """
    index = TextIndex(new_text)
    stamp: str | None = None

    def now() -> str:
        nonlocal stamp
        if stamp is None:
            stamp = clock()
        return stamp

    spans: list[Span] = []
    orphans = list(doc.orphans)
    outcomes: list[Outcome] = []
    for span in doc.spans:
        old = (span.start, span.end)
        placement, best = locate(span, index)
        if placement is None:
            orphans.append(Orphan(span=span, sha256=doc.article.sha256, orphaned=now(), score=best))
            outcomes.append(Outcome(span.id, "orphaned", best, old, None))
            continue
        start, end = placement.start, placement.end
        prefix, suffix = context(new_text, start, end)
        if placement.status == "exact":
            if (prefix, suffix) != (span.prefix, span.suffix):
                span = span.model_copy(update={"prefix": prefix, "suffix": suffix})
            spans.append(span)
        else:
            status: AnchorStatus = "fuzzy" if placement.status == "fuzzy" else "moved"
            spans.append(
                span.model_copy(
                    update={
                        "start": start,
                        "end": end,
                        "quote": new_text[start:end],
                        "prefix": prefix,
                        "suffix": suffix,
                        "modified": now(),
                        "anchor": _merged_anchor(span, status, placement.score),
                    }
                )
            )
        outcomes.append(Outcome(span.id, placement.status, placement.score, old, (start, end)))
    article = doc.article
    digest = sha256_text(new_text)
    if article.sha256 != digest:
        article = article.model_copy(update={"sha256": digest})
    spans.sort(key=lambda s: s.sort_key)
    new_doc = doc.model_copy(update={"article": article, "spans": spans, "orphans": orphans})
    return new_doc, outcomes


__all__ = [
    "CONTEXT",
    "CONTEXT_MIN",
    "CONTEXT_SURE",
    "LONG_QUOTE",
    "QUOTE_MIN",
    "Outcome",
    "Placement",
    "TextIndex",
    "context_score",
    "edit_distance",
    "fold",
    "locate",
    "reanchor_file",
    "similarity",
]
