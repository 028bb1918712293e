"""Load a Dataset (annotator.model.dataset) from annotation files, registry and corpus."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.errors import DataError
from annotator.model.dataset import ArticleData, Dataset
from annotator.model.display import one_line_visible
from annotator.model.models import AnnotationFile
from annotator.store.corpus import Corpus
from annotator.store.store import (
    collect_annotation_files,
    load_annotation_file,
    load_registry_file,
)


def _stderr(message: str) -> None:
    print(one_line_visible(message), file=sys.stderr)


def load_dataset(
    paths: Sequence[Path],
    corpus_dir: Path,
    *,
    all_articles: bool = True,
    warn: Callable[[str], None] = _stderr,
) -> Dataset:
    """Read the annotation files and registry; with ``all_articles`` unannotated articles
    of the corpus are included too (with no spans), in corpus order.

    An unannotated article that cannot be read (not UTF-8, refused, unreadable) is
    skipped with a warning through ``warn`` naming the file; an annotated one is an error.
    """
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
        try:
            text = corpus.text(article_id)
        except DataError as exc:
            if found is not None:
                raise
            warn(f"annotator: warning: skipped unannotated article: {exc}")
            continue
        articles.append(
            ArticleData(
                id=article_id,
                title=corpus.title(article_id),
                outlet=meta.outlet,
                url=meta.url,
                date=meta.date,
                text=text,
                spans=found.sorted_spans() if found else [],
                author=meta.author,
            )
        )
    return Dataset(articles, facts, files)
