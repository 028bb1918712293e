"""Display stand-ins, sentence and word boundaries, the per-line span index, fact search."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.model.boundaries import expand_to_words, sentence_at
from annotator.model.display import visible
from annotator.model.models import Fact, Span
from annotator.model.search import fuzzy_score, rank_facts, slugify
from annotator.model.spanindex import SpanIndex
from annotator.model.text import LineIndex
from annotator.store.corpus import Corpus
from tests.helpers import CORPUS

STAMP = "2026-01-01T00:00:00Z"


def test_visible_replaces_controls_one_for_one() -> None:
    raw = "a\x1b[31mb\x1b]52;c;aGk=\x07c\x9b31m\x00\x7f\u202eX\tY\nZ"
    shown = visible(raw)
    assert len(shown) == len(raw)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\u202e" not in shown and "\x00" not in shown and "\x7f" not in shown
    assert shown.startswith("a␛[31mb␛]52;c;aGk=␇c␦31m␀␡␦X\tY\nZ")


def _sentence(text: str, phrase: str, shift: int = 2) -> str:
    start, end = sentence_at(text, text.index(phrase) + shift)
    return text[start:end]


def test_sentences_in_the_seed_articles() -> None:
    corpus = Corpus(CORPUS)
    post = corpus.text("national-post-train")
    assert _sentence(post, "the U.S. said").endswith("help the Kremlin’s war machine.")
    assert _sentence(post, "the U.S. said").startswith("North Korean leader Kim Jong Un")
    efe = corpus.text("efe-kim-train")
    assert (
        _sentence(efe, "Seoul says")
        == "Kim Jong-un’s train ‘appears’ to have left for Russia, Seoul says"
    )
    assert _sentence(efe, "Sep 11").startswith("Seoul, Sep 11 (EFE).- A train")
    assert _sentence(efe, "an official told").startswith("“The intelligence authorities")
    assert _sentence(efe, "an official told").endswith("on the condition of anonymity.")
    yonhap = corpus.text("yonhap-special-train")
    assert _sentence(yonhap, "4 1/2").endswith("COVID-19 pandemic.")
    afp = corpus.text("afp-kim-leaves")
    assert _sentence(afp, "Mr. Putin", 5).startswith("Mr. Putin is reportedly")
    assert _sentence(afp, "respected Comrade").endswith("during his visit.”")
    assert _sentence(afp, "Begging”") == "“Begging” for help"


def test_abbreviations_and_decimals() -> None:
    text = "Prices rose 3.5 percent in Sep. and Sept. last year. Dr. Kim agreed. The U.N. said no."
    assert (
        text[slice(*sentence_at(text, 5))] == "Prices rose 3.5 percent in Sep. and Sept. last year."
    )
    assert text[slice(*sentence_at(text, text.index("Kim")))] == "Dr. Kim agreed."
    assert text[slice(*sentence_at(text, len(text) - 3))] == "The U.N. said no."


@given(st.text(alphabet=st.sampled_from(list("ab .!?“”\n3,")), max_size=80), st.integers(0, 80))
def test_sentence_properties(text: str, offset: int) -> None:
    offset = min(offset, len(text))
    start, end = sentence_at(text, offset)
    assert 0 <= start <= end <= len(text)
    if start < end:
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert "\n" not in text[start:end]
        assert sentence_at(text, start) == (start, end)


def test_expand_to_words() -> None:
    text = "Kim Jong-un’s train left."
    at = text.index("ong")
    assert text[slice(*expand_to_words(text, at, at))] == "Jong-un’s"
    assert text[slice(*expand_to_words(text, at, text.index("rain") + 1))] == "Jong-un’s train"
    assert text[slice(*expand_to_words(text, 3, 4))] == "Jong-un’s"  # white space trimmed first
    assert expand_to_words("a  b", 1, 3) == (3, 4)  # only spaces: the next word


def _span(text: str, sid: str, start: int, end: int, label: str = "opinion") -> Span:
    return Span.create(text, start, end, label, author="t", span_id=sid, timestamp=STAMP)  # type: ignore[arg-type]


def test_span_index_cuts_spans_per_line_and_orders_outer_first() -> None:
    text = "first line\n\nsecond line here\nthird"
    lines = LineIndex(text)
    outer = _span(text, "outer", 6, text.index("third") + 2)
    inner = _span(text, "inner", text.index("line here"), text.index("line here") + 4, "confirmed")
    index = SpanIndex(lines, [inner, outer])
    assert [(p.start, p.end) for p in index.pieces(0)] == [(6, 10)]
    assert index.pieces(1) == []  # the empty line has nothing to paint
    assert [p.span_id for p in index.pieces(2)] == ["outer", "inner"]
    assert [(p.start, p.end) for p in index.pieces(3)] == [(0, 2)]
    assert [s.id for s in index.spans_at(text.index("line here") + 1)] == ["inner", "outer"]
    assert index.remove("outer") == [0, 2, 3]  # rows that had a piece of it
    assert [p.span_id for p in index.pieces(2)] == ["inner"] and index.pieces(0) == []


def test_fact_ranking_and_slugs() -> None:
    facts = [
        Fact(id=i, statement=s, note=None, author="t", created=STAMP, modified=STAMP)
        for i, s in [
            ("eef-opening", "The Eastern Economic Forum opened in Vladivostok."),
            ("distance", "Vladivostok is about 700 km from Pyongyang."),
            ("peskov", "Peskov said no talks were planned."),
        ]
    ]
    assert rank_facts("econ forum", facts)[0].id == "eef-opening"
    assert rank_facts("", facts, "situated around 700 km away from Pyongyang")[0].id == "distance"
    assert rank_facts("zzzz", facts) == []
    assert fuzzy_score("pes", "peskov") > fuzzy_score("pes", "a pressing issue")
    assert slugify("The EEF opened on Sunday!", {"eef-opened-sunday"}) == "eef-opened-sunday-2"
