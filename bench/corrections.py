"""A corrections test set built from the seed articles, with ground truth per character.

Newsroom corrections are simulated as edits on a ``Draft``: the text's characters, each
with the offset it had in the published text (``None`` for a character the correction
wrote). So after any sequence of edits every new character knows where it came from,
and where each old span *should* land is known exactly:

- the span's **surviving characters** are the new characters whose origin lies inside
  the old span;
- of those, the ones that **kept their order** (the longest run of them whose new
  positions increase with their old ones; a word swapped out of place is not among
  them) give the **core**: from the first to the last of them, white space at its
  edges left out;
- a span placed at ``[a, b)`` (exact, moved or fuzzy) is **right** when ``[a, b)``
  contains the core and every extra character at either end is text the correction
  wrote (origin ``None``: it rewrote the span's edge, e.g. ``700`` -> ``800``) or the
  span's own characters moved out of order; anything else is **wrong** (a misplacement);
- an **orphaned** span is right when fewer than half of its characters survive (its
  text was deleted or rewritten), otherwise it is **lost** (not wrong, but not right).

``build()`` gives, for each kind of correction, each seed article's new text and origin
array; ``spans_for()`` the span set (the bundled annotations plus every sentence and
some phrases of each seed); ``evaluate()`` runs ``reanchor_file`` and judges each span.
"""

from __future__ import annotations

import itertools
import random
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.model.anchoring import Outcome, reanchor_file
from annotator.model.boundaries import sentence_at
from annotator.model.models import AnnotationFile, ArticleRef, Span
from annotator.model.text import sha256_text
from annotator.store.corpus import Corpus
from annotator.store.store import load_annotation_file

ROOT = Path(__file__).resolve().parent.parent
STAMP = "2026-11-22T12:00:00Z"
LATER = "2026-12-01T09:00:00Z"


class Draft:
    """Text under edit: characters and, for each, its offset in the original (or None)."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.chars: list[str] = list(text)
        self.origin: list[int | None] = list(range(len(text)))

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def replace(self, start: int, end: int, new: str) -> None:
        """Replace ``[start, end)`` of the current text by new characters."""
        self.chars[start:end] = list(new)
        self.origin[start:end] = [None] * len(new)

    def insert(self, at: int, new: str) -> None:
        self.replace(at, at, new)

    def delete(self, start: int, end: int) -> None:
        self.replace(start, end, "")

    def move(self, start: int, end: int, dest: int) -> None:
        """Move ``[start, end)`` to ``dest`` (an offset of the current text outside it);
        the moved characters keep their origin."""
        if start <= dest <= end:
            raise ValueError("destination inside the moved range")
        chars, origin = self.chars[start:end], self.origin[start:end]
        del self.chars[start:end]
        del self.origin[start:end]
        if dest > start:
            dest -= end - start
        self.chars[dest:dest] = chars
        self.origin[dest:dest] = origin

    def find(self, needle: str, start: int = 0) -> int:
        at = self.text.find(needle, start)
        if at < 0:
            raise ValueError(f"{needle!r} not in the draft")
        return at


# -- paragraphs and sentences ------------------------------------------------------------------


def paragraphs(text: str) -> list[tuple[int, int, int]]:
    """(start, end, next start) of each non-empty line; next start is where the following
    non-empty line begins (or the text's end)."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    out = []
    for i, (start, end) in enumerate(lines):
        following = lines[i + 1][0] if i + 1 < len(lines) else len(text)
        out.append((start, end, following))
    return out


def body(text: str) -> list[tuple[int, int, int]]:
    """The article's real paragraphs: not the headline, at least 60 code points."""
    return [p for p in paragraphs(text)[1:] if p[1] - p[0] >= 60]


def sentences(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        start, end = sentence_at(text, pos)
        if end <= start or end <= pos:
            pos += 1
            continue
        if not out or out[-1] != (start, end):
            out.append((start, end))
        pos = end
    return out


# -- the kinds of correction -----------------------------------------------------------------

WORD = re.compile(r"[A-Za-z]{6,}")
NUMBER = re.compile(r"\d+")
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{3,}\b", re.M)
_NOT_NAMES = {
    "This",
    "That",
    "However",
    "Monday",
    "Sunday",
    "Tuesday",
    "There",
    "Their",
    "North",
    "South",
    "Korean",
    "The",
    "Still",
    "Hours",
    "Last",
    "Both",
    "Many",
}


def _bump(char: str) -> str:
    if char.isdigit():
        return str((int(char) + 1) % 10)
    base = ord("a") if char.islower() else ord("A")
    return chr((ord(char) - base + 1) % 26 + base)


def typo_fix(draft: Draft) -> None:
    """Three misspelt words fixed (one letter each)."""
    words = list(WORD.finditer(draft.text))
    for index in (len(words) // 5, len(words) // 2, 4 * len(words) // 5):
        match = words[index]
        at = match.start() + len(match.group()) // 2
        draft.replace(at, at + 1, _bump(draft.text[at]))


def number_corrected(draft: Draft) -> None:
    """Two figures corrected (their last digit)."""
    numbers = list(NUMBER.finditer(draft.text))
    for match in {numbers[len(numbers) // 2], numbers[-1]} if numbers else set():
        at = match.end() - 1
        draft.replace(at, at + 1, _bump(draft.text[at]))


def _names(text: str) -> list[str]:
    counts = Counter(m.group() for m in NAME.finditer(text) if m.group() not in _NOT_NAMES)
    return [name for name, _ in counts.most_common()]


def name_spelling(draft: Draft) -> None:
    """The most frequent name respelt everywhere (a letter changed); the next one gains
    a letter; a hyphenated given name loses its hyphen."""
    names = _names(draft.text)
    for rank, name in enumerate(names[:2]):
        for match in reversed(list(re.finditer(rf"\b{name}\b", draft.text))):
            at = match.start() + len(name) // 2
            if rank == 0:
                draft.replace(at, at + 1, _bump(draft.text[at]))
            else:
                draft.insert(at, draft.text[at])
    for match in reversed(list(re.finditer(r"Jong-un", draft.text))):
        draft.replace(match.start() + 4, match.start() + 6, " U")


def quote_normalisation(draft: Draft) -> None:
    """Curly quote marks and apostrophes made straight (or straight ones curly)."""
    text = draft.text
    curly = {"’": "'", "‘": "'", "“": '"', "”": '"'}
    if any(c in text for c in curly):
        for i, char in enumerate(text):
            if char in curly:
                draft.replace(i, i + 1, curly[char])
        return
    opened = False
    for i, char in enumerate(text):
        if char == "'":
            draft.replace(i, i + 1, "’")
        elif char == '"':
            draft.replace(i, i + 1, "”" if opened else "“")
            opened = not opened


def paragraph_moved(draft: Draft) -> None:
    """The second paragraph moved down, after the fifth."""
    paras = body(draft.text)
    source, target = paras[1], paras[min(4, len(paras) - 2)]
    draft.move(source[0], source[2], target[2])


def paragraph_deleted(draft: Draft) -> None:
    """The third paragraph deleted."""
    start, _end, following = body(draft.text)[2]
    draft.delete(start, following)


def sentence_inserted(draft: Draft) -> None:
    """A new first paragraph, and a sentence added inside the second paragraph."""
    paras = body(draft.text)
    second = paras[1]
    inside = [s for s in sentences(draft.text) if second[0] < s[0] < second[1]]
    at = inside[0][0] if inside else second[1]
    draft.insert(
        at,
        "Officials did not immediately respond to a request for comment. "
        if inside
        else " Officials did not immediately respond.",
    )
    draft.insert(paras[0][0], "This article has been updated with new information.\n\n")


def correction_note(draft: Draft) -> None:
    """A figure corrected in one sentence, and a note appended that quotes the old
    sentence word for word."""
    text = draft.text
    for start, end in sentences(text):
        numbers = list(NUMBER.finditer(text, start, end))
        if numbers and start > body(text)[0][0]:
            break
    else:  # no figure: a name corrected instead
        start, end = sentences(text)[3]
        numbers = list(WORD.finditer(text, start, end))
    old = text[start:end]
    at = numbers[-1].end() - 1
    draft.replace(at, at + 1, _bump(text[at]))
    draft.insert(
        len(draft.text),
        f"\n\nCorrection: An earlier version of this article said “{old}” It has been corrected.",
    )


def whitespace_reflow(draft: Draft) -> None:
    """Every paragraph re-wrapped at 70 columns; two spaces after each sentence of the
    first paragraph."""
    text = draft.text
    first = body(text)[0]
    ends = [e for s, e in sentences(text) if first[0] <= s and e < first[1]]
    for end in reversed(ends):
        if draft.text[end] == " ":
            draft.insert(end, " ")
    text = draft.text
    edits: list[int] = []
    for start, end, _following in paragraphs(text):
        column = 0
        for i in range(start, end):
            column += 1
            if text[i] == " " and column > 70:
                edits.append(i)
                column = 0
    for i in edits:
        draft.replace(i, i + 1, "\n")


def word_order(draft: Draft) -> None:
    """Two neighbouring words swapped in three paragraphs."""
    paras = body(draft.text)
    for para in reversed([paras[0], paras[len(paras) // 2], paras[-1]]):
        text = draft.text
        words = list(
            re.finditer(
                r"[A-Za-z]{3,}",
                text,
            )
        )
        inside = [w for w in words if para[0] < w.start() and w.end() < para[1]]
        pairs = [(a, b) for a, b in itertools.pairwise(inside) if text[a.end() : b.start()] == " "]
        first, second = pairs[len(pairs) // 2]
        draft.move(first.start() - 1, first.end(), second.end())


def sentence_split_merge(draft: Draft) -> None:
    """Two sentences merged into one; one sentence split in two."""
    text = draft.text
    paras = body(text)
    spans = sentences(text)
    merged = False
    for (s1, e1), (s2, _e2) in itertools.pairwise(spans):
        if (
            any(p[0] <= s1 and s2 < p[1] for p in paras)
            and text[e1 - 1] == "."
            and text[e1:s2] == " "
            and text[s2].isupper()
        ):
            draft.replace(s2, s2 + 1, text[s2].lower())
            draft.replace(e1 - 1, e1, ";")
            merged = True
            break
    text = draft.text
    for joint in (", and ", ", which ", ", but "):
        at = text.find(joint, body(text)[-1][0] if merged else 0)
        if at < 0:
            at = text.find(joint)
        if at >= 0:
            word = joint.strip(", ")
            draft.replace(at, at + len(joint), ". " + word[0].upper() + word[1:] + " ")
            break


def headline_change(draft: Draft) -> None:
    """A new headline."""
    start, end, _following = paragraphs(draft.text)[0]
    draft.replace(start, end, "UPDATE 2: Train carrying North Korea's leader nears the border")


def several_at_once(draft: Draft) -> None:
    """A heavy revision: typos, figures, a moved paragraph, a new headline and a note."""
    typo_fix(draft)
    paragraph_moved(draft)
    correction_note(draft)
    headline_change(draft)


KINDS: dict[str, Callable[[Draft], None]] = {
    "typo fix": typo_fix,
    "number corrected": number_corrected,
    "name spelling": name_spelling,
    "quote normalisation": quote_normalisation,
    "paragraph moved": paragraph_moved,
    "paragraph deleted": paragraph_deleted,
    "sentence inserted": sentence_inserted,
    "correction note": correction_note,
    "whitespace reflow": whitespace_reflow,
    "word order": word_order,
    "sentence split/merge": sentence_split_merge,
    "headline change": headline_change,
    "several at once": several_at_once,
}


# -- the span set ------------------------------------------------------------------------------


def generated_spans(article_id: str, text: str) -> list[Span]:
    """Every sentence of the text and four phrases of each (first words, a middle pair,
    last words, one long word)."""
    rng = random.Random(article_id)
    ranges: list[tuple[int, int]] = []
    for start, end in sentences(text):
        ranges.append((start, end))
        words = [(m.start(), m.end()) for m in re.finditer(r"[\w’'-]+", text[start:end])]
        words = [(start + a, start + b) for a, b in words]
        if len(words) < 4:
            continue
        mid = rng.randrange(1, len(words) - 2)
        ranges.append((words[0][0], words[min(2, len(words) - 1)][1]))
        ranges.append((words[mid][0], words[mid + 1][1]))
        ranges.append((words[-min(4, len(words))][0], words[-1][1]))
        long_words = [w for w in words if w[1] - w[0] >= 5]
        if long_words:
            ranges.append(rng.choice(long_words))
    out: list[Span] = []
    for n, (start, end) in enumerate(dict.fromkeys(ranges)):
        out.append(
            Span.create(
                text, start, end, "opinion", author="bench", span_id=f"g{n:03d}", timestamp=STAMP
            )
        )
    return out


def spans_for(article_id: str, text: str, annotations: Path | None = None) -> AnnotationFile:
    """The bundled annotation file's spans plus the generated ones, as one file."""
    spans = list(generated_spans(article_id, text))
    path = (annotations or ROOT / "annotations") / f"{article_id}.json"
    if path.exists():
        spans.extend(load_annotation_file(path).spans)
    return AnnotationFile(
        article=ArticleRef(id=article_id, sha256=sha256_text(text)),
        spans=sorted(spans, key=lambda s: s.sort_key),
    )


# -- building and judging ------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One corrected article: the kind, the article, the new text, each character's origin."""

    kind: str
    article_id: str
    old_text: str
    new_text: str
    origin: tuple[int | None, ...]


def build(corpus: Path | None = None) -> list[Case]:
    """Every kind of correction applied to every seed article."""
    seeds = Corpus(corpus or ROOT / "seeds")
    cases: list[Case] = []
    for kind, edit in KINDS.items():
        for article_id in seeds.ids:
            text = seeds.text(article_id)
            draft = Draft(text)
            edit(draft)
            assert draft.text != text, (kind, article_id)
            cases.append(Case(kind, article_id, text, draft.text, tuple(draft.origin)))
    return cases


Verdict = str  # "right", "wrong" or "lost"


def inverse(origin: tuple[int | None, ...], old_length: int) -> list[int | None]:
    """For each old offset, the new offset of that character (None: deleted)."""
    out: list[int | None] = [None] * old_length
    for j, o in enumerate(origin):
        if o is not None:
            out[o] = j
    return out


def _kept_order(positions: list[int]) -> list[int]:
    """The longest increasing subsequence of ``positions`` (the characters that kept
    their relative order)."""
    tails: list[int] = []
    tail_at: list[int] = []
    parent: list[int] = [-1] * len(positions)
    for i, p in enumerate(positions):
        k = bisect_left(tails, p)
        if k == len(tails):
            tails.append(p)
            tail_at.append(i)
        else:
            tails[k] = p
            tail_at[k] = i
        parent[i] = tail_at[k - 1] if k else -1
    out: list[int] = []
    i = tail_at[-1] if tail_at else -1
    while i != -1:
        out.append(positions[i])
        i = parent[i]
    return out[::-1]


def judge(
    outcome: Outcome, origin: tuple[int | None, ...], where: list[int | None], new_text: str
) -> Verdict:
    """Whether one outcome put its span where the ground truth says (see module doc).

    ``where`` is ``inverse(origin, len(old_text))``.
    """
    start, end = outcome.old
    surviving = [j for j in where[start:end] if j is not None]
    if outcome.new is None:
        return "right" if len(surviving) < (end - start) / 2 else "lost"
    if not surviving:
        return "wrong"
    a, b = outcome.new
    kept = _kept_order(surviving)
    x, y = kept[0], kept[-1] + 1
    while y - x > 1 and new_text[x].isspace():
        x += 1
    while y - x > 1 and new_text[y - 1].isspace():
        y -= 1
    if a > x or b < y:
        return "wrong"

    def edited(j: int) -> bool:
        o = origin[j]
        return o is None or start <= o < end

    extra = list(range(a, x)) + list(range(y, b))
    return "right" if all(edited(j) for j in extra) else "wrong"


@dataclass
class Row:
    kind: str
    spans: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    @property
    def right(self) -> int:
        return self.counts["right"]

    @property
    def right_share(self) -> float:
        return self.right / self.spans if self.spans else 1.0


def cascade(doc: AnnotationFile, new_text: str) -> list[Outcome]:
    """The re-anchoring under test."""
    return reanchor_file(doc, new_text, clock=lambda: LATER)[1]


def legacy(doc: AnnotationFile, new_text: str) -> list[Outcome]:
    """What ``Editor.reanchor`` did before the cascade, for comparison: the quote with
    its prefix and suffix if that occurs once, else the quote's occurrence nearest the
    old offset, else the span is dropped (reported as orphaned)."""
    out: list[Outcome] = []
    for span in doc.spans:
        whole = span.prefix + span.quote + span.suffix
        at = new_text.find(whole)
        found: int | None = None
        if at != -1 and new_text.find(whole, at + 1) == -1:
            found = at + len(span.prefix)
        else:
            pos = new_text.find(span.quote)
            while pos != -1:
                if found is None or abs(pos - span.start) < abs(found - span.start):
                    found = pos
                pos = new_text.find(span.quote, pos + 1)
        old = (span.start, span.end)
        if found is None:
            out.append(Outcome(span.id, "orphaned", 0.0, old, None))
        else:
            new = (found, found + len(span.quote))
            out.append(Outcome(span.id, "exact" if new == old else "moved", 1.0, old, new))
    return out


def evaluate(
    cases: list[Case],
    annotations: Path | None = None,
    method: Callable[[AnnotationFile, str], list[Outcome]] = cascade,
) -> list[Row]:
    """Re-anchor each case's spans and judge every outcome; one row per kind."""
    rows: dict[str, Row] = {}
    for case in cases:
        row = rows.setdefault(case.kind, Row(case.kind))
        doc = spans_for(case.article_id, case.old_text, annotations)
        outcomes = method(doc, case.new_text)
        quotes = {s.id: s.quote for s in doc.spans}
        where = inverse(case.origin, len(case.old_text))
        for outcome in outcomes:
            verdict = judge(outcome, case.origin, where, case.new_text)
            row.spans += 1
            row.counts[outcome.status] += 1
            row.counts[verdict] += 1
            if verdict != "right":
                line = (
                    f"{case.article_id} {outcome.span_id} {outcome.status} "
                    f"{outcome.old}->{outcome.new} {outcome.score:.3f} "
                    f"{quotes[outcome.span_id][:60]!r}"
                )
                (row.wrong if verdict == "wrong" else row.lost).append(line)
    return list(rows.values())


def total(rows: list[Row]) -> Row:
    out = Row("all")
    for row in rows:
        out.spans += row.spans
        out.counts.update(row.counts)
        out.wrong.extend(row.wrong)
        out.lost.extend(row.lost)
    return out
