"""ClaimReview export against schema.org's vocabulary and Google's fact-check fields."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from annotator.errors import UsageError
from annotator.formats.claimreview import (
    CLAIM_MAX,
    Publisher,
    check_review_url,
    claim_reviews,
    party,
    short_claim,
)
from annotator.store.dataset import load_dataset
from tests.helpers import DATA

VOCAB = orjson.loads((DATA / "schemaorg" / "vocabulary.json").read_bytes())
PUBLISHER = Publisher(
    "Fact Desk",
    "https://factdesk.example",
    "https://factdesk.example/checks/{article}/{fact}/{span}",
)
#: schema.org data types and the JSON values that stand for them.
DATATYPES = {"Text", "URL", "Date", "DateTime", "Number", "Integer"}


def ancestors(cls: str) -> set[str]:
    seen = {cls}
    todo = [cls] if cls in VOCAB["classes"] else []
    while todo:
        for parent in VOCAB["classes"][todo.pop()]["subClassOf"]:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def value_fits(value: Any, ranges: list[str]) -> bool:
    if isinstance(value, dict):
        return bool(ancestors(value["@type"]) & set(ranges))
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return bool({"Number", "Integer"} & set(ranges))
    if isinstance(value, str):
        # URL is a subclass of Text; Date and DateTime are written as ISO 8601 strings.
        return bool({"Text", "URL", "Date", "DateTime"} & set(ranges))
    return False


def check_node(node: dict[str, Any], where: str, problems: list[str]) -> None:
    cls = node.get("@type")
    if not isinstance(cls, str) or cls not in VOCAB["classes"] or cls in DATATYPES:
        problems.append(f"{where}: unknown type {cls!r}")
        return
    for key, value in node.items():
        if key.startswith("@"):
            continue
        prop = VOCAB["properties"].get(key)
        if prop is None:
            problems.append(f"{where}.{key}: not a schema.org property we checked")
            continue
        if not ancestors(cls) & set(prop["domainIncludes"]):
            problems.append(f"{where}.{key}: not a property of {cls}")
        for n, item in enumerate(value if isinstance(value, list) else [value]):
            if not value_fits(item, prop["rangeIncludes"]):
                problems.append(f"{where}.{key}[{n}]: {item!r} not in {prop['rangeIncludes']}")
            if isinstance(item, dict):
                check_node(item, f"{where}.{key}[{n}]", problems)


@pytest.fixture()
def reviews(workspace: Path) -> list[dict[str, Any]]:
    data = load_dataset([workspace / "annotations"], workspace / "seeds")
    return claim_reviews(data, PUBLISHER)


def test_every_type_and_property_is_schema_org(reviews: list[dict[str, Any]]) -> None:
    problems: list[str] = []
    for n, review in enumerate(reviews):
        assert review["@context"] == "https://schema.org"
        check_node(review, f"[{n}]", problems)
    assert problems == []


def test_the_vocabulary_check_catches_mistakes() -> None:
    problems: list[str] = []
    check_node(
        {
            "@type": "ClaimReview",
            "ratingValue": 5,
            "headline": {"@type": "Person"},
            "claimed": "x",
            "itemReviewed": {"@type": "Fact"},
        },
        "r",
        problems,
    )
    assert problems == [
        "r.ratingValue: not a property of ClaimReview",
        "r.headline[0]: {'@type': 'Person'} not in ['Text']",
        "r.claimed: not a schema.org property we checked",
        "r.itemReviewed[0]: {'@type': 'Fact'} not in ['Thing']",
        "r.itemReviewed[0]: unknown type 'Fact'",
    ]


def test_google_required_and_recommended_fields(reviews: list[dict[str, Any]]) -> None:
    assert reviews
    for review in reviews:
        # required: claimReviewed, reviewRating (alternateName, or ratingValue with
        # bestRating and worstRating), url, author
        assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
        assert len(review["claimReviewed"]) <= CLAIM_MAX
        rating = review["reviewRating"]
        assert rating["alternateName"] in {"True", "False"}
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert review["url"].startswith("https://factdesk.example/checks/")
        assert review["author"] == {
            "@type": "Organization",
            "name": "Fact Desk",
            "url": "https://factdesk.example",
        }
        # recommended: itemReviewed (a Claim with author and appearance), datePublished
        claim = review["itemReviewed"]
        assert claim["@type"] == "Claim" and claim["author"]["name"]
        assert claim["author"]["@type"] in {"Person", "Organization"}
        (work,) = claim["appearance"]
        assert work["@type"] == "NewsArticle" and work["headline"]
        assert len(review["datePublished"]) == 10 and review["datePublished"][4] == "-"
    assert len({r["url"] for r in reviews}) == len(reviews)  # the template makes them unique


def test_rating_follows_the_label(reviews: list[dict[str, Any]]) -> None:
    for review in reviews:
        label = review["@id"].rsplit("/", 1)[1]
        value = review["reviewRating"]["ratingValue"]
        word = review["reviewRating"]["alternateName"]
        assert (label, value, word) in {("confirmed", 5, "True"), ("disputed", 1, "False")}


def test_claim_text_is_the_quote_shortened_at_a_word() -> None:
    assert short_claim("  a\nclaim   spread\tout ") == "a claim spread out"
    long = "word " * 100
    cut = short_claim(long)
    assert len(cut) <= CLAIM_MAX and cut.endswith("word…")
    assert short_claim("x" * 500).endswith("…") and len(short_claim("x" * 500)) == CLAIM_MAX


def test_claim_authors() -> None:
    assert party("Cheong Seong-chang, Sejong Institute, to AFP")["@type"] == "Person"
    assert party("Vladimir Putin")["@type"] == "Person"
    for org in [
        "KCNA",
        "The White House",
        "South Korean government officials",
        "US State Department",
        "Russian Far East officials via Interfax",
        "Dong-a Ilbo",
    ]:
        assert party(org) == {"@type": "Organization", "name": org}
    assert party("Jane Doe", organisation=True)["@type"] == "Organization"


def test_review_url_template_is_checked() -> None:
    check_review_url("https://x.example/{article}/{fact}/{span}/{label}")
    with pytest.raises(UsageError, match=r"unknown placeholder \{author\}"):
        check_review_url("https://x.example/{author}")
    with pytest.raises(UsageError, match="--review-url"):
        check_review_url("https://x.example/{article")


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], cwd=cwd, capture_output=True, timeout=120
    )


def test_cli_needs_a_publisher(workspace: Path) -> None:
    for args in ([], ["--publisher", "Fact Desk"], ["--publisher-url", "https://x.example"]):
        proc = cli(workspace, "export", "--format", "claimreview", *args)
        assert proc.returncode == 2 and proc.stdout == b""
        assert proc.stderr.decode().splitlines() == [
            "annotator: claimreview needs --publisher NAME and --publisher-url URL "
            "(the fact-checking organisation that publishes the reviews)"
        ]


def test_cli_without_review_url_writes_but_says_why_it_is_incomplete(workspace: Path) -> None:
    out = workspace / "reviews.jsonld"
    proc = cli(
        workspace,
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "Fact Desk",
        "--publisher-url",
        "https://factdesk.example",
        "--output",
        str(out),
    )
    assert proc.returncode == 0
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and "no --review-url" in lines[0] and "Google requires" in lines[0]
    written = orjson.loads(out.read_bytes())
    assert written and all("url" not in r for r in written)
    proc = cli(
        workspace,
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "Fact Desk",
        "--publisher-url",
        "https://factdesk.example",
        "--review-url",
        "https://x/{nope}",
    )
    assert proc.returncode == 2 and b"unknown placeholder {nope}" in proc.stderr
    # one span linking two facts makes two reviews: {span} alone would repeat a url
    proc = cli(
        workspace,
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "Fact Desk",
        "--publisher-url",
        "https://factdesk.example",
        "--review-url",
        "https://factdesk.example/{article}/{span}",
        "--output",
        str(out),
    )
    assert proc.returncode == 2 and proc.stderr.count(b"\n") == 1
    assert b"gives two reviews the same url" in proc.stderr and b"add {fact}" in proc.stderr
    assert orjson.loads(out.read_bytes()) == written  # the earlier export is untouched
