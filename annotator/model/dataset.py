"""What every exporter and the report read: corpus metadata, facts, and spans per article.

Plain data, no I/O: ``annotator.store.dataset.load_dataset`` builds it from the files, and
exporters are pure functions of a Dataset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from annotator.model.models import Fact, Span
from annotator.model.text import sha256_text

#: IRIs minted for things that have no URL of their own.
ARTICLE_IRI = "urn:annotator:article:"
FACT_IRI = "urn:annotator:fact:"


@dataclass
class ArticleData:
    """One article of an export: metadata, canonical text and spans in text order."""

    id: str
    title: str
    outlet: str | None
    url: str | None
    date: str | None
    text: str
    spans: list[Span]
    author: str | None = None
    """The byline from the manifest, when known."""

    @cached_property
    def sha256(self) -> str:
        return sha256_text(self.text)

    @property
    def iri(self) -> str:
        return self.url or ARTICLE_IRI + self.id


@dataclass
class Dataset:
    """Articles in corpus order with their spans, and the fact registry."""

    articles: list[ArticleData]
    facts: list[Fact]
    files: list[Path] = field(default_factory=list)

    def fact(self, fact_id: str) -> Fact | None:
        return self.facts_by_id.get(fact_id)

    @property
    def facts_by_id(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}
