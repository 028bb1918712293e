"""schema.org ClaimReview export (https://schema.org/ClaimReview).

One ``ClaimReview`` per fact that at least one span links:
- ``claimReviewed``: the fact's statement;
- ``itemReviewed``: a ``Claim`` whose ``appearance`` lists every article with a span on
  the fact (a ``CreativeWork`` with headline, url, publisher, datePublished);
- ``reviewRating``: a ``Rating`` from 1 to 5 derived from the labels (the rule below);
- ``author``: the publishing organization (``--publisher``), ``datePublished``: the day
  of the latest change to a linked span.

The rating rule (C = articles whose spans confirm the fact, D = that dispute it):
C > 0 and D = 0: 5 "Confirmed by every source that states it"; D > 0 and C = 0: 1
"Contradicted by every source that states it"; both: round(1 + 4 * C / (C + D)),
"Sources disagree (C confirm, D dispute)"; neither (only attributed or opinion spans): 3
"Reported, not established by the sources".
"""

from __future__ import annotations

from typing import Any

from annotator.model.dataset import FACT_IRI, Dataset
from annotator.store.jsonio import dumps


def rating(confirming: int, disputing: int) -> dict[str, Any]:
    if confirming and not disputing:
        value, name = 5, "Confirmed by every source that states it"
    elif disputing and not confirming:
        value, name = 1, "Contradicted by every source that states it"
    elif confirming and disputing:
        value = round(1 + 4 * confirming / (confirming + disputing))
        name = f"Sources disagree ({confirming} confirm, {disputing} dispute)"
    else:
        value, name = 3, "Reported, not established by the sources"
    return {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
            "alternateName": name}


def export_claimreview(data: Dataset, publisher: str = "annotator") -> bytes:
    reviews = []
    for fact in data.facts:
        appearances, confirming, disputing, latest = [], set(), set(), ""
        for article in data.articles:
            linked = [s for s in article.spans if fact.id in s.facts]
            if not linked:
                continue
            work: dict[str, Any] = {"@type": "CreativeWork", "headline": article.title}
            if article.url:
                work["url"] = article.url
            if article.outlet:
                work["publisher"] = {"@type": "Organization", "name": article.outlet}
            if article.date:
                work["datePublished"] = article.date
            appearances.append(work)
            for span in linked:
                latest = max(latest, span.modified)
                if span.label == "confirmed":
                    confirming.add(article.id)
                elif span.label == "disputed":
                    disputing.add(article.id)
        if not appearances:
            continue
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "@id": FACT_IRI + fact.id,
            "claimReviewed": fact.statement,
            "datePublished": latest[:10],
            "author": {"@type": "Organization", "name": publisher},
            "reviewRating": rating(len(confirming), len(disputing)),
            "itemReviewed": {"@type": "Claim", "appearance": appearances},
        })
    return dumps(reviews)
