"""schema.org ClaimReview export (https://schema.org/ClaimReview), as Google's fact-check
markup reads it (https://developers.google.com/search/docs/appearance/structured-data/factcheck).

A ClaimReview reviews a claim someone else made. One is written per claim a source makes
about a fact: the confirmed or disputed spans of one article that link the same fact with
the same label form one group (article, fact, label); attributed and opinion spans are not
reviewed. For each group:

- ``claimReviewed``: the claim as the source made it: the first span's quote, white space
  folded, cut at a word to at most 280 characters with an ellipsis;
- ``itemReviewed``: a ``Claim`` whose ``author`` is who made it (the span's attribution,
  else the outlet) and whose ``appearance`` is the article (a ``NewsArticle``: url,
  headline, publisher, datePublished, author);
- ``reviewRating``: disputed = **False** (ratingValue 1), confirmed = **True** (ratingValue
  5), on a 1-5 scale (worstRating 1, bestRating 5), ``alternateName`` the word readers see;
- ``reviewBody``: the canonical fact's statement, then its note (the evidence) and the
  notes on the group's spans;
- ``author``: the fact-checking organisation (``--publisher``, ``--publisher-url``);
- ``url``: the review's address from the ``--review-url`` template (placeholders
  ``{article}``, ``{span}``, ``{fact}``, ``{label}``; every url must be unique, which
  ``{article}/{span}/{fact}`` is); Google requires it, so without a template the export is
  incomplete (``missing_url_notice``);
- ``datePublished``: the date of the latest change to the group's spans.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from annotator.errors import UsageError
from annotator.model.dataset import ArticleData, Dataset
from annotator.model.models import Span
from annotator.store.jsonio import dumps

#: How long ``claimReviewed`` may be (Google shows it in a snippet).
CLAIM_MAX = 280
#: label -> (ratingValue, alternateName). bestRating 5, worstRating 1.
RATINGS: dict[str, tuple[int, str]] = {"disputed": (1, "False"), "confirmed": (5, "True")}
BEST, WORST = 5, 1
PLACEHOLDERS = ("article", "span", "fact", "label")
REVIEW_IRI = "urn:annotator:claimreview:"

# Words that make an attribution an organisation rather than a person.
_ORG_WORDS = re.compile(
    r"\b(agency|army|association|bureau|center|centre|college|committee|company|corp|council|"
    r"court|department|embassy|government|group|house|ilbo|inc|institute|intelligence|kremlin|"
    r"ltd|media|ministry|network|news|office|officials?|party|police|post|press|reports?|"
    r"service|sources|times|tv|university|via)\b",
    re.I,
)
_NAME_WORD = re.compile(r"^[A-Z][\w'’.-]*$")


@dataclass(frozen=True, slots=True)
class Publisher:
    """The fact-checking organisation that publishes the reviews."""

    name: str
    url: str
    review_url: str | None = None
    """Template for each review's URL (``https://example.org/checks/{article}/{span}``)."""


def check_review_url(template: str) -> None:
    """UsageError when the template names a placeholder we do not fill."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise UsageError(f"--review-url {template!r}: {exc}") from None
    unknown = sorted({f for f in fields if f not in PLACEHOLDERS})
    if unknown or "" in fields:
        raise UsageError(
            f"--review-url {template!r}: unknown placeholder {{{(unknown or [''])[0]}}} "
            f"(use {', '.join('{' + p + '}' for p in PLACEHOLDERS)})"
        )


def missing_url_notice() -> str:
    return (
        "claimreview: no --review-url, so the reviews have no url, which Google requires "
        "(give a template such as 'https://example.org/checks/{article}/{span}/{fact}')"
    )


def short_claim(quote_text: str, limit: int = CLAIM_MAX) -> str:
    """The quote on one line, cut at a word boundary to at most ``limit`` characters."""
    claim = " ".join(quote_text.split())
    if len(claim) <= limit:
        return claim
    cut = claim[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-—–") + "…"


def party(name: str, *, organisation: bool = False) -> dict[str, str]:
    """A Person or Organization by name. Attributions are free text, so this is a
    heuristic: 2-4 capitalised words before any comma, with no organisational word and no
    leading "The", are a Person ("Cheong Seong-chang, Sejong Institute"); anything else
    is an Organization ("KCNA", "South Korean officials", "The White House")."""
    if not organisation:
        first = name.split(",", 1)[0].strip()
        words = first.split()
        if (
            2 <= len(words) <= 4
            and all(_NAME_WORD.match(w) for w in words)
            and words[0] != "The"
            and not _ORG_WORDS.search(first)
        ):
            return {"@type": "Person", "name": name}
    return {"@type": "Organization", "name": name}


def _appearance(article: ArticleData) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "NewsArticle", "headline": article.title}
    if article.url:
        work["url"] = article.url
    if article.outlet:
        work["publisher"] = party(article.outlet, organisation=True)
    if article.date:
        work["datePublished"] = article.date
    if article.author:
        work["author"] = party(article.author)
    return work


def _review_url(template: str, article: str, span: str, fact: str, label: str) -> str:
    values = {"article": article, "span": span, "fact": fact, "label": label}
    return template.format(**{k: quote(v, safe="") for k, v in values.items()})


def _groups(article: ArticleData) -> list[tuple[str, str, list[Span]]]:
    """(fact, label, spans in text order) for the article's confirmed and disputed spans,
    in the order of each group's first span."""
    groups: dict[tuple[str, str], list[Span]] = {}
    for span in article.spans:
        if span.label not in RATINGS:
            continue
        for fact_id in span.facts:
            groups.setdefault((fact_id, span.label), []).append(span)
    ordered = sorted(groups.items(), key=lambda kv: (kv[1][0].sort_key, kv[0]))
    return [(fact, label, spans) for (fact, label), spans in ordered]


def claim_reviews(data: Dataset, publisher: Publisher) -> list[dict[str, Any]]:
    facts = data.facts_by_id
    reviews: list[dict[str, Any]] = []
    for article in data.articles:
        for fact_id, label, spans in _groups(article):
            first = spans[0]
            fact = facts.get(fact_id)
            value, word = RATINGS[label]
            body = [fact.statement if fact else f"Fact {fact_id}."]
            if fact and fact.note and fact.note.strip():
                body.append(fact.note.strip())
            body.extend(s.note.strip() for s in spans if s.note and s.note.strip())
            body = list(dict.fromkeys(body))
            claimant = next((s.attribution for s in spans if s.attribution), None)
            claim: dict[str, Any] = {
                "@type": "Claim",
                "author": party(claimant)
                if claimant
                else party(article.outlet or article.title, organisation=True),
                "appearance": [_appearance(article)],
            }
            if article.date:
                claim["datePublished"] = article.date
            review: dict[str, Any] = {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "@id": f"{REVIEW_IRI}{article.id}/{fact_id}/{label}",
                "claimReviewed": short_claim(first.quote),
                "itemReviewed": claim,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": value,
                    "bestRating": BEST,
                    "worstRating": WORST,
                    "alternateName": word,
                },
                "reviewBody": " ".join(body),
                "author": {"@type": "Organization", "name": publisher.name, "url": publisher.url},
                "datePublished": max(s.modified for s in spans)[:10],
            }
            if publisher.review_url:
                review["url"] = _review_url(
                    publisher.review_url, article.id, first.id, fact_id, label
                )
            reviews.append(review)
    return reviews


def export_claimreview(data: Dataset, publisher: Publisher) -> bytes:
    """A JSON array of ClaimReview objects (JSON-LD), one per reviewed claim.

    UsageError when the ``--review-url`` template gives two reviews the same url (one
    span can link several facts: ``{span}`` alone is not enough, ``{span}/{fact}`` is).
    """
    reviews = claim_reviews(data, publisher)
    seen: dict[str, str] = {}
    for review in reviews:
        url = review.get("url")
        if url is None:
            continue
        if url in seen:
            raise UsageError(
                f"--review-url {publisher.review_url!r} gives two reviews the same url "
                f"{url!r} ({seen[url]} and {review['@id']}); add {{fact}} to it"
            )
        seen[url] = review["@id"]
    return dumps(reviews)
