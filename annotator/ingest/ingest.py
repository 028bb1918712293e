"""The ingest flow: page (file or URL) -> extraction -> id -> the store writes it.

Nothing is written until the page has been read in full and extracted (and, for an
update, every annotation layer of the article has been read): a failure at any step
before that leaves the corpus and the annotations as they were. An update then
re-anchors every layer (gold and each analyst's) onto the new text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import DataError, UsageError
from annotator.ingest.extract import Extracted, IngestError, extract, extractor_name
from annotator.ingest.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, fetch, is_url
from annotator.ingest.slug import ID_PATTERN, make_id, unique_id
from annotator.model.anchoring import Outcome
from annotator.model.manifest import ArticleMeta, SourceInfo
from annotator.model.models import now as utc_now
from annotator.store.corpus import Corpus
from annotator.store.reanchor import reanchor_article
from annotator.store.sources import (
    SavedArticle,
    read_page,
    save_article,
    sha256_bytes,
    source_relpath,
)
from annotator.store.store import Store


@dataclass(frozen=True, slots=True)
class Page:
    body: bytes
    where: str
    """The URL or file, as named in messages."""
    origin: str | None
    """The URL it was fetched from (None for a file)."""
    final_url: str | None = None
    """Where the server finally served it from, after redirects."""


@dataclass(frozen=True, slots=True)
class Ingested:
    saved: SavedArticle
    meta: ArticleMeta
    extracted: Extracted
    text: str
    reanchored: list[tuple[str, list[Outcome]]] = field(default_factory=list)
    """After an update: (layer, what happened to each span) per annotation file."""

    @property
    def id(self) -> str:
        return self.saved.id


def load_page(
    source: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> Page:
    """Fetch a URL or read a saved page."""
    if is_url(source):
        fetched = fetch(source, timeout=timeout, max_bytes=max_bytes)
        return Page(fetched.body, source, source, fetched.final_url)
    if "://" in source:
        raise UsageError(f"{source}: only http:// and https:// URLs can be fetched")
    return Page(read_page(Path(source), max_bytes), source, None)


def _same_article(
    meta: ArticleMeta, url: str | None, title: str | None, outlet: str | None
) -> bool:
    if url and meta.url == url:
        return True
    return bool(title) and meta.title == title and meta.outlet == outlet


def choose_id(
    corpus: Corpus, extracted: Extracted, url: str | None, *, wanted: str | None, update: bool
) -> str:
    """``wanted`` (``--id``), else the existing article with the same URL (or the same
    outlet and title), else a new unique slug."""
    if wanted is not None:
        if not ID_PATTERN.match(wanted):
            raise UsageError(
                f"--id {wanted!r}: use letters, digits, '.', '_' and '-' (starting with a "
                "letter or digit), at most 120 characters"
            )
        return wanted
    for existing in corpus.ids:
        article = corpus.get(existing)
        meta = ArticleMeta(outlet=article.outlet, title=article.manifest_title, url=article.url)
        if _same_article(meta, url, extracted.title, extracted.outlet):
            return article.id
    base = make_id(extracted.outlet, extracted.title, extracted.text)
    return base if update else unique_id(base, corpus)


def ingest(
    corpus_dir: Path | str,
    source: str,
    *,
    article_id: str | None = None,
    url: str | None = None,
    update: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetched_at: str | None = None,
    annotations_dir: Path | str | None = None,
) -> Ingested:
    """Take one page into the corpus (see the README's "Ingesting articles").

    With ``update``, the article's spans in ``annotations_dir`` (every layer) are
    re-anchored onto the new text; without an annotations folder they are left alone.
    """
    corpus = Corpus(corpus_dir)
    page = load_page(source, timeout=timeout, max_bytes=max_bytes)
    extracted = extract(page.body, where=page.where)
    article_url = url or page.final_url or extracted.url
    target = choose_id(corpus, extracted, article_url, wanted=article_id, update=update)
    exists = target in corpus
    if exists and not update:
        raise DataError(
            corpus.get(target).path,
            f"article {target!r} exists; not overwritten (use --update to replace its text)",
        )
    if update and not exists:
        raise IngestError(page.where, f"no article {target!r} to update (drop --update to add it)")
    # An update keeps what the new page does not say (an outlet or date set by hand).
    before = corpus.get(target) if exists else None
    meta = ArticleMeta(
        outlet=extracted.outlet or (before.outlet if before else None),
        title=extracted.title or (before.manifest_title if before else None),
        url=article_url or (before.url if before else None),
        date=extracted.date or (before.date if before else None),
        author=extracted.author or (before.author if before else None),
        source=SourceInfo(
            path=source_relpath(target),
            sha256=sha256_bytes(page.body),
            extractor=extractor_name(),
            fetched=fetched_at or utc_now(),
            origin=page.origin,
        ),
    )
    store = Store(corpus.folder, annotations_dir) if update and annotations_dir else None
    if store is not None:
        # Read every layer first: a broken file stops the update before anything changes.
        for _layer, path in store.layer_paths(target):
            store.load_annotations_at(path, target)
    saved = save_article(corpus.folder, target, extracted.text, meta, page.body, replace=update)
    reanchored: list[tuple[str, list[Outcome]]] = []
    if store is not None:
        reanchored = reanchor_article(Store(corpus.folder, store.folder), target)
    return Ingested(saved, meta, extracted, extracted.text, reanchored)


def reextract(corpus_dir: Path | str, article_id: str) -> Extracted:
    """Extract an ingested article's saved page again (to check it reproduces the text)."""
    corpus = Corpus(corpus_dir)
    article = corpus.get(article_id)
    if article.source is None:
        raise DataError(corpus.folder / "manifest.json", f"article {article_id!r} has no source")
    path = (corpus.folder / article.source.path).resolve()
    raw = read_page(path, max_bytes=2**62)
    if sha256_bytes(raw) != article.source.sha256:
        raise DataError(path, "saved page changed since ingest (sha256 differs)")
    return extract(raw, where=str(path))
