"""The article corpus: ``*.txt`` files in a folder, ids are file stems.

Listing is cheap (one ``scandir``, no file is read) so a corpus of 10,000 articles opens
at once; a text is read and canonicalised when it is asked for. Optional metadata comes
from ``manifest.json`` beside the articles:
``{"articles": {"<id>": {"outlet": ..., "title": ..., "url": ..., "date": ...}}}``, plus
``author`` and ``source`` when known (annotator.model.manifest).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import DataError, UsageError
from annotator.model.manifest import ArticleMeta, Manifest, SourceInfo
from annotator.model.text import decode_article
from annotator.store.files import read_bytes, read_head, read_if_exists
from annotator.store.jsonio import loads, parse_model

MANIFEST = "manifest.json"


def load_manifest(path: Path) -> Manifest:
    """The manifest at ``path``; an empty one when the file does not exist.

    Read through the one reader with the corpus folder as root (no FIFO, no symlink out).
    """
    raw = read_if_exists(path, root=path.parent)
    if raw is None:
        return Manifest()
    return parse_model(Manifest, loads(raw, path), raw, path)


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """One corpus entry, without its text."""

    id: str
    #: The text file's path as a string: a Path per article is built only when asked
    #: for (50,000 of them were a third of a second before the first paint).
    file: str
    outlet: str | None
    url: str | None
    date: str | None
    manifest_title: str | None
    author: str | None = None
    source: SourceInfo | None = None

    @property
    def path(self) -> Path:
        return Path(self.file)

    @classmethod
    def of(cls, article_id: str, file: str, info: ArticleMeta | None) -> CorpusEntry:
        """The entry for a text file and its manifest metadata (None: no entry)."""
        info = info or ArticleMeta()
        return cls(
            id=article_id,
            file=file,
            outlet=info.outlet,
            url=info.url,
            date=info.date,
            manifest_title=info.title,
            author=info.author,
            source=info.source,
        )


class Corpus:
    """The articles of one folder, listed without reading their texts."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        meta = self._load_manifest()
        articles: dict[str, CorpusEntry] = {}
        if not self.folder.is_dir():
            raise UsageError(f"{self.folder}: no such corpus folder")
        try:
            entries = list(os.scandir(self.folder))
        except OSError as exc:
            raise DataError(self.folder, f"cannot read corpus folder: {exc.strerror}") from None
        for entry in entries:
            name = entry.name
            if not name.endswith(".txt") or name.startswith("."):
                continue
            try:
                # stat, never open: a FIFO, device or folder named *.txt is not an article.
                if not entry.is_file():
                    continue
            except OSError:
                continue
            article_id = name[:-4]
            articles[article_id] = CorpusEntry.of(article_id, entry.path, meta.get(article_id))
        self._articles = dict(sorted(articles.items()))
        self._titles: dict[str, str] = {}

    def refresh_meta(self) -> None:
        """Read ``manifest.json`` again and refresh every entry's metadata (after a save)."""
        meta = self._load_manifest()
        for article_id, old in self._articles.items():
            self._articles[article_id] = CorpusEntry.of(article_id, old.file, meta.get(article_id))

    def meta(self, article_id: str) -> ArticleMeta:
        """The article's manifest metadata (every field None when it has no entry)."""
        entry = self.get(article_id)
        return ArticleMeta(
            outlet=entry.outlet,
            title=entry.manifest_title,
            url=entry.url,
            date=entry.date,
            author=entry.author,
            source=entry.source,
        )

    def _load_manifest(self) -> dict[str, ArticleMeta]:
        return load_manifest(self.folder / MANIFEST).articles

    def __len__(self) -> int:
        return len(self._articles)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._articles

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._articles.values())

    @property
    def ids(self) -> list[str]:
        return list(self._articles)

    def get(self, article_id: str) -> CorpusEntry:
        try:
            return self._articles[article_id]
        except KeyError:
            raise DataError(self.folder, f"no article {article_id!r} in the corpus") from None

    def text(self, article_id: str) -> str:
        """The canonical text of an article (read now, not cached)."""
        article = self.get(article_id)
        return decode_article(read_bytes(article.path, root=self.folder), article.path)

    def title(self, article_id: str) -> str:
        """The manifest title, else the first non-empty line (reads at most 4 KiB)."""
        article = self.get(article_id)
        if article.manifest_title:
            return article.manifest_title
        cached = self._titles.get(article_id)
        if cached is None:
            cached = article_id
            try:
                head = read_head(article.file, 4096, root=self.folder) or b""
                for line in head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines():
                    if line.strip():
                        cached = line.strip()
                        break
            except DataError:
                pass
            self._titles[article_id] = cached
        return cached
