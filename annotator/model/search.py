"""Ranking facts for the fact picker: word search, suggestions for a span's text, new ids.

Text is compared as *tokens*: ``\\w+`` runs of the NFKC-normalised, casefolded text, so
"Peskov Kremlin" finds "... Kremlin spokesman Dmitry Peskov ..." (order-free) and
Cyrillic, Greek, Korean or Arabic words are words like any other. Chinese and Japanese
(Han, kana) have no spaces: each run of those characters gives its single characters and
its character bigrams ("金正恩" -> 金, 正, 恩, 金正, 正恩), so a two-character query is found
anywhere inside a run.

``FactIndex`` tokenises every fact once (id and statement) into an inverted index with
a sorted vocabulary; a query word is looked up as a *prefix* by bisection, so a key
press costs work proportional to the matching facts, not to the registry (50,000 facts:
``bench/bench_picker.py``).

A fact matches a query **well** when every query word is a prefix of one of its tokens
(its id's or its statement's), or when the whole query, normalised, occurs in its
statement. Facts that match only some of the words are *weak* matches: shown, but never
the default choice of the picker.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.model.models import Fact

_WORD = re.compile(r"\w+")
#: Scripts written without spaces between words: tokenised as characters and bigrams.
_NO_SPACES = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+"
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "and",
        "or",
        "for",
        "by",
        "with",
        "at",
        "from",
        "as",
        "is",
        "was",
        "be",
        "that",
        "this",
        "it",
        "its",
        "his",
        "her",
        "their",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "said",
        "says",
        "not",
        "no",
    ]
)
#: How many options the picker shows at most.
LIMIT = 200


def normalise(text: str) -> str:
    """NFKC, casefolded, curly apostrophes straightened, white space collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return " ".join(folded.split())


def _split(word: str) -> Iterable[str]:
    """A ``\\w+`` run as tokens: spaced-script parts as they are, CJK parts as characters
    and bigrams."""
    pos = 0
    for run in _NO_SPACES.finditer(word):
        if run.start() > pos:
            yield word[pos : run.start()]
        chars = run.group()
        yield from chars
        yield from (chars[i : i + 2] for i in range(len(chars) - 1))
        pos = run.end()
    if pos < len(word):
        yield word[pos:]


def words(text: str) -> list[str]:
    """The tokens of ``text`` in order (duplicates kept), stop words included."""
    return [t for w in _WORD.findall(normalise(text)) for t in _split(w)]


def tokens(text: str) -> set[str]:
    """The significant tokens of ``text`` (stop words dropped), for suggestions."""
    return {t for t in words(text) if t not in _STOP}


def _query_terms(query: str) -> tuple[list[str], list[str]]:
    """What a query must match: its words, or for CJK runs their bigrams (a single
    character stays itself); stop words only when the query has nothing else. Second:
    the stop words, which only help the ordering."""
    terms: list[str] = []
    for w in _WORD.findall(normalise(query)):
        for part in _split_query(w):
            if part not in terms:
                terms.append(part)
    significant = [t for t in terms if t not in _STOP]
    if not significant:
        return terms, []
    return significant, [t for t in terms if t in _STOP]


def _split_query(word: str) -> Iterable[str]:
    pos = 0
    for run in _NO_SPACES.finditer(word):
        if run.start() > pos:
            yield word[pos : run.start()]
        chars = run.group()
        if len(chars) == 1:
            yield chars
        else:
            yield from (chars[i : i + 2] for i in range(len(chars) - 1))
        pos = run.end()
    if pos < len(word):
        yield word[pos:]


def fuzzy_score(query: str, candidate: str) -> float:
    """Higher is better; 0 when the query's characters do not all appear in order.

    Rewards contiguous runs and matches at word starts, like editors' fuzzy finders.
    """
    query = query.lower().strip()
    if not query:
        return 0.0
    text = candidate.lower()
    if query in text:
        at = text.index(query)
        return (
            100.0 + len(query) * 2 - at * 0.01 + (5 if at == 0 or not text[at - 1].isalnum() else 0)
        )
    score, pos, run = 0.0, 0, 0
    for char in query:
        if char == " ":
            run = 0
            continue
        found = text.find(char, pos)
        if found == -1:
            return 0.0
        run = run + 1 if found == pos else 1
        score += run + (2 if found == 0 or not text[found - 1].isalnum() else 0)
        pos = found + 1
    return score


@dataclass(frozen=True)
class Ranked:
    """The picker's options for one query: good matches first, then weak ones."""

    good: list[Fact]
    weak: list[Fact]
    #: The fact whose statement equals the query (casefold, NFKC, spaces), if any.
    same_statement: Fact | None


class FactIndex:
    """Every fact's tokens, computed once; answers queries by prefix lookups.

    Facts are numbered in id order, so "by id" is "by number" and the set operations on
    postings (``frozenset`` of numbers) run in C: a query costs a bisection per word, a
    union of the postings under each prefix and one intersection, then a sort of at most
    ``limit`` survivors (or of a few thousand when relevance must be weighed).
    """

    #: Up to this many good matches are ordered by relevance; beyond it, by tier and id.
    WEIGH = 2000

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.facts = sorted(facts, key=lambda f: f.id)
        self._statements = [normalise(f.statement) for f in self.facts]
        self._by_statement: dict[str, int] = {}
        postings: dict[str, list[int]] = {}
        for i, (fact, statement) in enumerate(zip(self.facts, self._statements, strict=True)):
            self._by_statement.setdefault(statement, i)
            found = set(_statement_tokens(statement))
            found.update(fact.id.split("-"))
            for token in found:
                posting = postings.get(token)
                if posting is None:
                    postings[token] = [i]
                else:
                    posting.append(i)
        self._vocabulary = sorted(postings)
        self._postings = [frozenset(postings[t]) for t in self._vocabulary]
        self._exact = dict(zip(self._vocabulary, self._postings, strict=True))
        #: Every statement on one line each, for finding a phrase with ``str.find``.
        self._joined = "\n".join(self._statements)
        self._starts: list[int] = []
        at = 0
        for statement in self._statements:
            self._starts.append(at)
            at += len(statement) + 1
        self._cache: dict[str, frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self.facts)

    def _prefixed(self, term: str) -> frozenset[int]:
        """Facts with a token starting with ``term`` (the last few answers are kept)."""
        cached = self._cache.get(term)
        if cached is None:
            start = bisect_left(self._vocabulary, term)
            end = bisect_left(self._vocabulary, term + "\U0010ffff", start)
            cached = frozenset().union(*self._postings[start:end])
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[term] = cached
        return cached

    def _phrase(self, phrase: str, limit: int) -> set[int]:
        """Facts whose normalised statement contains ``phrase`` (at most ``limit``)."""
        found: set[int] = set()
        at = self._joined.find(phrase)
        while at != -1 and len(found) < limit:
            fact = bisect_right(self._starts, at) - 1
            found.add(fact)
            next_line = (
                self._starts[fact + 1] if fact + 1 < len(self._starts) else len(self._joined)
            )
            at = self._joined.find(phrase, next_line)
        return found

    def find_statement(self, statement: str) -> Fact | None:
        """The fact with this statement (casefolded, NFKC, white space collapsed)."""
        at = self._by_statement.get(normalise(statement))
        return None if at is None else self.facts[at]

    def search(self, query: str, limit: int = LIMIT) -> Ranked:
        """Facts for a typed query: good (every word a token prefix, or the whole query
        inside the statement) best first, then weak (some of the words)."""
        terms, extra = _query_terms(query)
        phrase = normalise(query)
        same = self._by_statement.get(phrase) if phrase else None
        same_fact = None if same is None else self.facts[same]
        if not terms:
            return Ranked([], [], same_fact)
        found = [self._prefixed(t) for t in terms]
        exact = [self._exact.get(t, frozenset()) for t in terms + extra]
        good = set(found[0]).intersection(*found[1:])
        if len(good) < limit and len(phrase) >= 3:
            good |= self._phrase(phrase, limit)
        best = self._order(good, terms, found, exact, phrase, limit)
        weak: list[int] = []
        if len(best) < limit and len(terms) > 1:
            rest = frozenset().union(*found) - good
            weak = self._order(rest, terms, found, exact, phrase, limit - len(best))
        return Ranked([self.facts[i] for i in best], [self.facts[i] for i in weak], same_fact)

    def _order(
        self,
        candidates: set[int] | frozenset[int],
        terms: list[str],
        found: list[frozenset[int]],
        exact: list[frozenset[int]],
        phrase: str,
        limit: int,
    ) -> list[int]:
        """Best first: more words matched whole, the phrase itself, more words matched
        as prefixes, then id; many candidates are tiered (all words whole first) by id."""
        if len(candidates) > self.WEIGH:
            whole = set(candidates).intersection(*exact[: len(terms)])
            first = heapq.nsmallest(limit, whole)
            return first + heapq.nsmallest(limit - len(first), set(candidates) - whole)

        def key(i: int) -> tuple[int, int, int, int]:
            return (
                -sum(1 for e in exact if i in e),
                0 if phrase in self._statements[i] else 1,
                -sum(1 for f in found if i in f),
                i,
            )

        return sorted(candidates, key=key)[:limit]

    def suggest(self, span_text: str | None, limit: int = LIMIT) -> list[Fact]:
        """With nothing typed: the facts sharing most tokens with the span's text (rarer
        tokens count more), then the rest by id, at most ``limit``."""
        shared: dict[int, float] = {}
        for token in tokens(span_text or ""):
            posting = self._exact.get(token)
            if posting and len(posting) <= max(self.WEIGH, len(self.facts) // 10):
                weight = 1.0 + 1.0 / len(posting)
                for i in posting:
                    shared[i] = shared.get(i, 0.0) + weight
        ranked = heapq.nsmallest(limit, shared, key=lambda i: (-shared[i], i))
        if len(ranked) < limit:
            seen = set(ranked)
            ranked.extend(
                i for i in range(min(len(self.facts), limit + len(seen))) if i not in seen
            )
        return [self.facts[i] for i in ranked[:limit]]


def _statement_tokens(statement: str) -> list[str]:
    """The tokens ``words`` gives, of an already normalised statement, faster: the CJK
    runs found once over the whole statement, the other words around them."""
    runs = _NO_SPACES.findall(statement)
    if not runs:
        return _WORD.findall(statement)
    found = _WORD.findall(_NO_SPACES.sub(" ", statement))
    for chars in runs:
        found.extend(chars)
        found.extend(chars[i : i + 2] for i in range(len(chars) - 1))
    return found


def rank_facts(query: str, facts: Sequence[Fact], span_text: str | None = None) -> list[Fact]:
    """Facts best first (one-off; the picker keeps a ``FactIndex``): for a query, its
    good then weak matches; with no query, suggestions for ``span_text``."""
    index = FactIndex(facts)
    if query.strip():
        ranked = index.search(query)
        return ranked.good + ranked.weak
    return index.suggest(span_text, limit=len(facts))


# -- ids for new facts -----------------------------------------------------------------

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўђјљњћџ",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "-",
            "y",
            "-",
            "e",
            "yu",
            "ya",
            "i",
            "yi",
            "ye",
            "g",
            "u",
            "dj",
            "j",
            "lj",
            "nj",
            "c",
            "dz",
        ],
        strict=True,
    )
)
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
        [
            "a",
            "v",
            "g",
            "d",
            "e",
            "z",
            "i",
            "th",
            "i",
            "k",
            "l",
            "m",
            "n",
            "x",
            "o",
            "p",
            "r",
            "s",
            "s",
            "t",
            "y",
            "f",
            "ch",
            "ps",
            "o",
            "a",
            "e",
            "i",
            "i",
            "o",
            "y",
            "o",
            "i",
            "y",
            "i",
            "y",
        ],
        strict=True,
    )
)
#: Hangul syllables (Revised Romanization, letter by letter, without sound changes).
_L = [
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "-",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
]
_V = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_T = [
    "",
    *[
        "k",
        "k",
        "ks",
        "n",
        "nj",
        "nh",
        "t",
        "l",
        "lk",
        "lm",
        "lb",
        "ls",
        "lt",
        "lp",
        "lh",
        "m",
        "p",
        "ps",
        "t",
        "t",
        "ng",
        "t",
        "t",
        "k",
        "t",
        "p",
        "t",
    ],
]


def _romanise(word: str) -> str:
    """A word in ASCII letters and digits when its script can be spelled so, else ""."""
    out: list[str] = []
    for char in word:
        code = ord(char)
        if 0xAC00 <= code <= 0xD7A3:
            s = code - 0xAC00
            out.append(_L[s // 588].replace("-", "") + _V[(s // 28) % 21] + _T[s % 28])
        elif char in _CYRILLIC:
            out.append(_CYRILLIC[char].replace("-", ""))
        elif char in _GREEK:
            out.append(_GREEK[char])
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            if base.isascii() and base.isalnum():
                out.append(base.lower())
            elif char == "_":
                continue
            else:
                return ""
    return "".join(out)


def slugify(statement: str, taken: set[str], limit: int = 6) -> str:
    """A readable kebab-case id (``[a-z0-9-]``) for a new fact, unique in ``taken``.

    Its first ``limit`` significant words spelled in ASCII: Latin with accents dropped,
    Cyrillic and Greek transliterated, Korean romanised syllable by syllable. When a
    word cannot be spelled so (Chinese, Japanese, Arabic, ...), the id is ``fact-`` and
    the first 6 hex digits of the SHA-256 of the normalised statement, followed by the
    statement's spellable words if it has any (``fact-3f9a2c-kim``). A taken id gets
    ``-2``, ``-3``, ...
    """
    significant = [w for w in _WORD.findall(normalise(statement)) if w not in _STOP]
    spelled = [_romanise(w) for w in significant]
    if significant and all(spelled[:limit]):
        base = "-".join(spelled[:limit])
    else:
        digest = hashlib.sha256(normalise(statement).encode("utf-8")).hexdigest()[:6]
        base = "-".join(["fact", digest, *[w for w in spelled if w][:3]])
    base = base[:100].strip("-")
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug
