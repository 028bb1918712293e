"""Adding and replacing articles: the text, the saved page and the manifest entry.

An ingested article is three files, all written here through ``atomic_write``:

- ``<corpus>/<id>.txt``: the canonical text (what offsets point into);
- ``<corpus>/../sources/<id>.html``: the page it was extracted from, byte for byte;
- ``<corpus>/manifest.json``: its metadata, with ``source`` (path, sha256, extractor,
  fetched, origin) so the extraction can be repeated and checked.

The page is written first, then the manifest, then the text: the article only appears in
the corpus (a ``*.txt`` file) once everything it refers to is on disk, and a crash part
way leaves at worst an unreferenced page or an unused manifest entry, never a text
without its metadata.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import ConflictError, DataError
from annotator.model.manifest import ArticleMeta, Manifest, manifest_data
from annotator.store.corpus import MANIFEST, load_manifest
from annotator.store.files import atomic_write, read_if_exists
from annotator.store.jsonio import dumps

SOURCES = "sources"


def sources_dir(corpus_dir: Path | str) -> Path:
    """The folder of saved pages: ``sources/`` beside the corpus folder."""
    corpus = Path(corpus_dir)
    if corpus.name in ("", ".", ".."):
        corpus = Path(os.path.abspath(corpus))
    return corpus.parent / SOURCES


def source_relpath(article_id: str) -> str:
    """The saved page's path as recorded in the manifest (relative to the corpus folder)."""
    return f"../{SOURCES}/{article_id}.html"


def manifest_bytes(manifest: Manifest) -> bytes:
    """Canonical manifest bytes (fields added later are omitted when unset)."""
    return dumps(manifest_data(manifest))


def sha256_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True, slots=True)
class SavedArticle:
    id: str
    text_path: Path
    source_path: Path
    manifest_path: Path
    replaced: bool


def article_exists(corpus_dir: Path | str, article_id: str) -> bool:
    return (Path(corpus_dir) / f"{article_id}.txt").exists()


def save_article(
    corpus_dir: Path | str,
    article_id: str,
    text: str,
    meta: ArticleMeta,
    page: bytes,
    *,
    replace: bool,
) -> SavedArticle:
    """Write an article's page, manifest entry and text.

    ``meta.source`` must describe ``page`` (its sha256 is checked). Refuses (DataError) to
    replace an existing article unless ``replace``; a manifest changed on disk while we
    worked is a ConflictError, and nothing is written.
    """
    corpus = Path(corpus_dir)
    text_path = corpus / f"{article_id}.txt"
    manifest_path = corpus / MANIFEST
    source_path = sources_dir(corpus) / f"{article_id}.html"
    exists = text_path.exists()
    if exists and not replace:
        raise DataError(text_path, "article exists; not overwritten (use --update to replace it)")
    if not exists and replace:
        raise DataError(text_path, "no such article to update")
    if meta.source is None or meta.source.sha256 != sha256_bytes(page):
        raise ValueError("meta.source must describe the page being saved")
    before = read_if_exists(manifest_path)
    manifest = load_manifest(manifest_path)
    articles = dict(manifest.articles)
    articles[article_id] = meta
    new_manifest = manifest_bytes(Manifest(articles=dict(sorted(articles.items()))))
    source_path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(source_path, page)
    if read_if_exists(manifest_path) != before:
        raise ConflictError(manifest_path)
    if new_manifest != before:
        atomic_write(manifest_path, new_manifest)
    atomic_write(text_path, text.encode("utf-8"))
    return SavedArticle(article_id, text_path, source_path, manifest_path, exists)


def read_page(path: Path | str, max_bytes: int) -> bytes:
    """A saved page's bytes, refusing one larger than ``max_bytes`` (DataError)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataError(path, "no such file") from None
    except OSError as exc:
        raise DataError(path, f"cannot read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise DataError(path, "is a folder, not a page")
    if size > max_bytes:
        raise DataError(path, f"too large ({size:,} bytes; the limit is {max_bytes:,})")
    raw = read_if_exists(path)
    if raw is None:
        raise DataError(path, "no such file")
    return raw
