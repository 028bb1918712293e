"""The fact picker's ranking: word-based and order-free, any script, an index, new ids."""

from __future__ import annotations

import re

import orjson
import pytest

from annotator.editor import DuplicateFactError, Editor
from annotator.model.models import FACT_ID_PATTERN, Fact
from annotator.model.search import LIMIT, FactIndex, rank_facts, slugify, words
from annotator.store.store import Store
from tests.helpers import ANNOTATIONS

STAMP = "2026-11-22T12:00:00Z"


def fact(fact_id: str, statement: str) -> Fact:
    return Fact(
        id=fact_id, statement=statement, note=None, author="t", created=STAMP, modified=STAMP
    )


@pytest.fixture(scope="module")
def registry() -> FactIndex:
    raw = orjson.loads((ANNOTATIONS / "facts.json").read_bytes())
    facts = [Fact.model_validate(f) for f in raw["facts"]]
    facts += [
        fact("putin-kim-met-moscow", "Путин и Ким Чен Ын встретились на космодроме Восточный."),
        fact("kim-train-chinese", "金正恩乘坐专列前往俄罗斯远东地区。"),
        fact("kim-train-korean", "김정은 위원장이 전용 열차로 러시아를 방문했다."),
    ]
    return FactIndex(facts)


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("Peskov Kremlin", "peskov-no-talks-at-eef"),  # words out of order
        ("kremlin peskov", "peskov-no-talks-at-eef"),
        ("Poland tanks", "south-korea-sold-tanks-to-poland"),
        ("tanks pol", "south-korea-sold-tanks-to-poland"),  # the last word as a prefix
        ("econ forum", "eastern-economic-forum-sept-10-13"),
        ("ssian far", "train-bound-for-russian-far-east"),  # the phrase inside the statement
        ("Восточный Путин", "putin-kim-met-moscow"),  # Cyrillic, casefolded, any order
        ("путин", "putin-kim-met-moscow"),
        ("专列", "kim-train-chinese"),  # CJK: bigrams, no spaces needed
        ("俄罗斯", "kim-train-chinese"),
        ("远", "kim-train-chinese"),
        ("열차로 러시아", "kim-train-korean"),  # Korean words
        ("러시", "kim-train-korean"),  # Korean prefix
    ],
)
def test_every_word_found_in_any_order_and_script(
    registry: FactIndex, query: str, wanted: str
) -> None:
    ranked = registry.search(query)
    assert ranked.good and ranked.good[0].id == wanted, [f.id for f in ranked.good]


def test_partial_matches_are_weak_never_good(registry: FactIndex) -> None:
    ranked = registry.search("Peskov zebra")
    assert ranked.good == []
    assert "peskov-no-talks-at-eef" in [f.id for f in ranked.weak]
    assert registry.search("zzqx").weak == []


def test_suggestions_for_a_span_in_any_script(registry: FactIndex) -> None:
    assert registry.suggest("Dmitry Peskov said no talks")[0].id == "peskov-no-talks-at-eef"
    assert registry.suggest("в понедельник Путин и Ким Чен Ын")[0].id == "putin-kim-met-moscow"
    assert registry.suggest("据报道，金正恩的专列已经出发")[0].id == "kim-train-chinese"
    assert registry.suggest("러시아를 방문했다고 밝혔다")[0].id == "kim-train-korean"


def test_same_statement_is_found_whatever_the_case_and_spaces(registry: FactIndex) -> None:
    statement = "kim's train was  bound for the RUSSIAN far east."
    found = registry.search(statement).same_statement
    assert found is not None and found.id == "train-bound-for-russian-far-east"
    assert registry.search("Kim's train").same_statement is None


def test_tokens_are_words_and_cjk_bigrams() -> None:
    assert words("Ｐｕｔｉｎ’s ТАНКИ 金正恩") == [
        "putin's"[:5],
        "s",
        "танки",
        "金",
        "正",
        "恩",
        "金正",
        "正恩",
    ]


def test_many_facts_show_at_most_the_limit() -> None:
    index = FactIndex([fact(f"tank-{i}", f"Tank number {i} went to Poland") for i in range(1000)])
    ranked = index.search("tank")
    assert len(ranked.good) == LIMIT and len(ranked.good) + len(ranked.weak) <= LIMIT
    assert len(index.suggest("nothing shared")) == LIMIT
    assert len(index.suggest("Poland")) == LIMIT


def test_rank_facts_keeps_its_old_contract() -> None:
    facts = [
        fact("eef-opening", "The Eastern Economic Forum opened in Vladivostok."),
        fact("distance", "Vladivostok is about 700 km from Pyongyang."),
        fact("peskov", "Peskov said no talks were planned."),
    ]
    assert rank_facts("econ forum", facts)[0].id == "eef-opening"
    assert rank_facts("forum econ", facts)[0].id == "eef-opening"
    assert rank_facts("", facts, "situated around 700 km away from Pyongyang")[0].id == "distance"
    assert rank_facts("zzzz", facts) == []


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("The EEF opened on Sunday!", "eef-opened-sunday"),
        ("Zürich café reopened", "zurich-cafe-reopened"),
        ("Путин встретился с Ким Чен Ыном", "putin-vstretilsya-s-kim-chen-ynom"),
        ("김정은 위원장이 러시아를 방문했다", "gimjeongeun-wiwonjangi-reosiareul-bangmunhaetda"),
        ("Η Ελλάδα", "i-ellada"),
    ],
)
def test_new_fact_ids_are_spelled_readably(statement: str, expected: str) -> None:
    assert slugify(statement, set()) == expected
    assert re.fullmatch(FACT_ID_PATTERN, expected)


def test_unspellable_scripts_get_a_stable_hash_and_their_latin_words() -> None:
    chinese = slugify("金正恩乘坐专列前往俄罗斯", set())
    assert re.fullmatch(r"fact-[0-9a-f]{6}", chinese)
    assert slugify("金正恩乘坐专列前往俄罗斯", set()) == chinese  # stable
    assert slugify("金正恩乘坐专列前往俄罗斯。", set()) != slugify("金正恩访问俄罗斯", set())
    mixed = slugify("金正恩 visited Russia by train", set())
    assert re.fullmatch(r"fact-[0-9a-f]{6}-visited-russia-train", mixed)
    assert slugify("金正恩乘坐专列前往俄罗斯", {chinese}) == chinese + "-2"
    for statement in ["金正恩乘坐专列", "ليبيا", "!!!", "東京タワー"]:
        new = slugify(statement, set())
        assert re.fullmatch(FACT_ID_PATTERN, new) and new not in ("fact", "fact-2"), new


def test_editor_refuses_a_duplicate_statement(store: Store) -> None:
    editor = Editor(store, "tester")
    editor.open(store.corpus.ids[0])
    with pytest.raises(DuplicateFactError) as caught:
        editor.create_fact("  kim's TRAIN was bound for the Russian Far East. ")
    assert caught.value.fact.id == "train-bound-for-russian-far-east"
    made = editor.create_fact("Путин встретился с Ким Чен Ыном")
    assert made.id == "putin-vstretilsya-s-kim-chen-ynom"
    assert editor.create_fact("金正恩乘坐专列前往俄罗斯").id.startswith("fact-")


def test_stop_words_are_not_required_but_break_ties(registry: FactIndex) -> None:
    # "says" is a stop word: not required, but the fact that has it too comes first.
    assert registry.search("us says arms").good[0].id == "us-says-arms-talks-advancing"
    assert registry.search("the").good  # a query of stop words only still searches
