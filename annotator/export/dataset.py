"""What every exporter and the report read: corpus metadata, facts, and spans per article.

Loaded through the store's reading functions; exporters are pure functions of a Dataset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.model.models import AnnotationFile, Fact, Span
from annotator.model.text import sha256_text
from annotator.store.corpus import Corpus
from annotator.store.store import (
    collect_annotation_files,
    load_annotation_file,
    load_registry_file,
)

#: IRIs minted for things that have no URL of their own.
ARTICLE_IRI = "urn:annotator:article:"
FACT_IRI = "urn:annotator:fact:"


@dataclass
class ArticleData:
    id: str
    title: str
    outlet: str | None
    url: str | None
    date: str | None
    text: str
    spans: list[Span]

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)

    @property
    def iri(self) -> str:
        return self.url or ARTICLE_IRI + self.id


@dataclass
class Dataset:
    articles: list[ArticleData]
    facts: list[Fact]
    corpus: Corpus
    files: list[Path] = field(default_factory=list)

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)

    @property
    def facts_by_id(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}


def load_dataset(paths: Sequence[Path], corpus_dir: Path, *, all_articles: bool = True) -> Dataset:
    """Read the annotation files and registry; with ``all_articles`` unannotated articles
    of the corpus are included too (with no spans), in corpus order."""
    corpus = Corpus(corpus_dir)
    files, registry_path, _ = collect_annotation_files(paths)
    docs: dict[str, AnnotationFile] = {}
    for path in files:
        doc = load_annotation_file(path)
        docs[doc.article.id] = doc
    facts = load_registry_file(registry_path).facts if registry_path else []
    ids = corpus.ids if all_articles else [i for i in corpus.ids if i in docs]
    articles = []
    for article_id in ids:
        meta = corpus.get(article_id)
        found = docs.get(article_id)
        articles.append(ArticleData(
            id=article_id, title=corpus.title(article_id), outlet=meta.outlet, url=meta.url,
            date=meta.date, text=corpus.text(article_id),
            spans=found.sorted_spans() if found else [],
        ))
    return Dataset(articles, facts, corpus, files)
