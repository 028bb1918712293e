"""The store: the only code that reads and writes annotation and registry files.

It remembers the hash of each file's bytes as last read or written, and refuses to
save over a file whose bytes changed since (another process, a git checkout): a
ConflictError rather than silently losing someone's work. The check and the replace
happen under one ``flock`` on ``<folder>/.annotator.lock``, so two processes writing the
same folder never interleave between them. A save that writes several files (an
article and the registry it links to) is all-or-nothing.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Collection, Sequence
from pathlib import Path

from annotator.errors import ConflictError, DataError, SaveError, UsageError
from annotator.model.manifest import ArticleMeta, Manifest, manifest_data
from annotator.model.models import AnnotationFile, ArticleRef, FactRegistry
from annotator.model.text import sha256_text
from annotator.store.corpus import MANIFEST, Corpus
from annotator.store.files import (
    atomic_write,
    folder_lock,
    is_temp_name,
    read_bytes,
    read_if_exists,
    remove_stale_temps,
    replace_all,
)
from annotator.store.jsonio import AnnotationDumper, dumps, loads, parse_model

FACTS_FILE = "facts.json"
#: How many files' bytes the store keeps as known (the ones being edited); older ones
#: are kept as a sha256. Comparing bytes costs far less than hashing 8 MB per save.
_KEEP_BYTES = 4


def _digest(raw: bytes | None) -> str | None:
    return None if raw is None else hashlib.sha256(raw).hexdigest()


def _same(known: bytes | str | None, raw: bytes | None) -> bool:
    """Whether ``raw`` (None: absent) is the content ``known`` describes."""
    if known is None or raw is None:
        return known is None and raw is None
    if isinstance(known, bytes):
        return known == raw
    return hashlib.sha256(raw).hexdigest() == known


def _stat(path: Path) -> tuple[int, int, int, int, int] | None:
    """What tells a file apart without reading it (None: not a regular file, or absent).

    Another writer replaces the file (a new inode: git, editors, other annotator
    processes, which also take the folder lock) or changes its size or times. Left
    unseen: an in-place rewrite of the same size within the file system's timestamp
    tick (a few ms) of our own write, by a process that ignores the lock.
    """
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def collect_annotation_files(paths: Sequence[Path]) -> tuple[list[Path], Path | None, bool]:
    """Annotation files, the registry beside them, and whether a whole folder was given.

    A folder means every ``*.json`` in it (its ``facts.json`` is the registry); a
    ``facts.json`` path is the registry; any other path is an annotation file. Without
    one, the registry is the ``facts.json`` in the folder of the first annotation file.
    """
    files: list[Path] = []
    registry: Path | None = None
    whole_folder = False
    for path in paths:
        if path.is_dir():
            whole_folder = True
            if (path / FACTS_FILE).exists():
                registry = registry or path / FACTS_FILE
            files.extend(
                sorted(
                    p
                    for p in path.glob("*.json")
                    if p.name != FACTS_FILE
                    and not p.name.startswith(".")
                    and not is_temp_name(p.name)
                )
            )
        elif path.name == FACTS_FILE:
            registry = path
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if registry is None:
        for folder in sorted({p.parent for p in files}):
            if (folder / FACTS_FILE).exists():
                registry = folder / FACTS_FILE
                break
    return files, registry, whole_folder


def load_annotation_file(path: Path) -> AnnotationFile:
    """Read and validate one annotation file (no corpus needed)."""
    raw = read_bytes(path, root=Path(path).parent)
    return parse_model(AnnotationFile, loads(raw, path), raw, path)


def load_registry_file(path: Path) -> FactRegistry:
    raw = read_bytes(path, root=Path(path).parent)
    return parse_model(FactRegistry, loads(raw, path), raw, path)


def check_spans_against_text(doc: AnnotationFile, text: str, path: Path) -> None:
    """Raise DataError at the first span whose offsets or quote do not fit ``text``."""
    from annotator.model.jsonpos import locate

    for index, span in enumerate(doc.spans):
        problem = None
        field = "end"
        if span.end > len(text):
            problem = f"end {span.end} is past the end of the text ({len(text)} code points)"
        elif text[span.start : span.end] != span.quote:
            field, problem = "quote", "quote differs from the text at the offsets"
        if problem:
            where = locate(
                read_bytes(path, root=path.parent).decode("utf-8", "replace"),
                ("spans", index, field),
            )
            raise DataError(
                path,
                problem,
                line=where[0] if where else None,
                col=where[1] if where else None,
                pointer=f"spans[{index}].{field}",
            )


class Store:
    """Reads the corpus, the annotations folder and the fact registry; writes atomically."""

    def __init__(
        self, corpus_dir: Path | str, annotations_dir: Path | str, layer: str | None = None
    ) -> None:
        self.corpus = Corpus(corpus_dir)
        self.folder = Path(annotations_dir)
        #: The analyst whose layer (``by/<layer>/``) this store reads and writes, or None
        #: for the gold files. ``facts.json`` is the shared one either way.
        self.layer = layer
        #: Each file as last read or written: None (absent), its bytes (the files written
        #: last, see _remember) or their sha256.
        self._known: dict[Path, bytes | str | None] = {}
        #: The files whose bytes _known keeps, oldest first.
        self._recent: dict[Path, None] = {}
        #: Each file as this store last wrote it (see ``_stat``).
        self._written: dict[Path, tuple[int, int, int, int, int] | None] = {}
        #: Re-encodes only the spans that changed since the file's last save.
        self._dumper = AnnotationDumper()
        #: Each annotation file as ``peek_annotation_files`` last parsed it: its
        #: (inode, size, mtime) then, and the file or why it did not load.
        self._peeked: dict[Path, tuple[tuple[int, int, int], AnnotationFile | DataError]] = {}
        #: Temp files a killed save left behind, removed now.
        self.removed_temps: list[Path] = remove_stale_temps(self.folder)
        by = self.folder / "by"
        if by.is_dir():  # analysts' layers are written the same way
            for sub in sorted(p for p in by.iterdir() if p.is_dir() and not p.is_symlink()):
                self.removed_temps += remove_stale_temps(sub)

    # -- paths ---------------------------------------------------------------------
    @property
    def layer_folder(self) -> Path:
        """Where this store's annotation files live: the gold folder or ``by/<layer>/``."""
        return self.folder if self.layer is None else self.folder / "by" / self.layer

    def annotation_path(self, article_id: str) -> Path:
        return self.layer_folder / f"{article_id}.json"

    def layer_paths(self, article_id: str) -> list[tuple[str, Path]]:
        """Every annotation file of an article that exists: ``gold``
        (``<id>.json``) first, then each analyst's layer (``by/<analyst>/<id>.json``,
        named ``by/<analyst>``) in name order."""
        out: list[tuple[str, Path]] = []
        gold = self.annotation_path(article_id)
        if gold.is_file():
            out.append(("gold", gold))
        by = self.folder / "by"
        if by.is_dir():
            for folder in sorted(p for p in by.iterdir() if p.is_dir()):
                path = folder / f"{article_id}.json"
                if path.is_file():
                    out.append((f"by/{folder.name}", path))
        return out

    def annotated_ids(self) -> set[str]:
        """Ids of the articles with an annotation file in this store's layer (one listing
        of the folder, not a stat per article of a 50,000-article corpus)."""
        try:
            names = os.listdir(self.layer_folder)
        except OSError:
            return set()
        return {
            name[: -len(".json")]
            for name in names
            if name.endswith(".json") and name != FACTS_FILE and not name.startswith(".")
        }

    @property
    def facts_path(self) -> Path:
        return self.folder / FACTS_FILE

    # -- reading ---------------------------------------------------------------------
    def _read(self, path: Path) -> bytes | None:
        """The file's bytes (None if absent), remembered as what we last saw on disk."""
        raw = read_if_exists(path, root=self.folder)
        self._known[path] = _digest(raw)
        self._written.pop(path, None)
        self._recent.pop(path, None)
        return raw

    def load_annotations(self, article_id: str) -> AnnotationFile | None:
        """The article's annotation file, or None when it has none yet.

        Raises DataError (with path, line and column) for a broken file. Whether the
        spans still fit the text is the caller's question: see ``is_stale``.
        """
        return self.load_annotations_at(self.annotation_path(article_id), article_id)

    def load_annotations_at(self, path: Path, article_id: str) -> AnnotationFile | None:
        """An annotation file at any path (an analyst's layer), or None when absent;
        remembered like ``load_annotations`` so a later save detects conflicts."""
        raw = self._read(path)
        if raw is None:
            return None
        doc = parse_model(AnnotationFile, loads(raw, path), raw, path)
        if doc.article.id != article_id:
            raise DataError(
                path,
                f"article.id is {doc.article.id!r} but the file is named for {article_id!r}",
                pointer="article.id",
            )
        self._dumper.prime(doc.spans, path)  # so the first change saves like the next
        return doc

    def new_annotations(self, article_id: str, text: str) -> AnnotationFile:
        """An empty annotation file for an article (not written until saved)."""
        return AnnotationFile(article=ArticleRef(id=article_id, sha256=sha256_text(text)), spans=[])

    def load_facts(self) -> FactRegistry:
        """The fact registry; an empty one when the file does not exist yet."""
        raw = self._read(self.facts_path)
        if raw is None:
            return FactRegistry(facts=[])
        return parse_model(FactRegistry, loads(raw, self.facts_path), raw, self.facts_path)

    # -- writing ---------------------------------------------------------------------
    def _write(self, path: Path, data: bytes, *, force: bool) -> bool:
        """Write unless unchanged; refuse when the file changed since we read it."""
        return self._write_all([(path, data)], force=force)

    def _write_all(
        self, items: Sequence[tuple[Path, bytes]], *, force: bool, with_registry: bool = False
    ) -> bool:
        """Check every file, then replace the changed ones all-or-nothing, under the lock.

        ``with_registry``: also write an empty ``facts.json`` when the folder has none
        (the first annotation file of a new folder, so the folder validates). A
        ConflictError or SaveError leaves every file as it was.
        """
        for folder in sorted({self.folder, *(Path(p).parent for p, _ in items)}):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SaveError(folder, exc.strerror or str(exc)) from None
        with folder_lock(self.folder):
            items = list(items)
            if (
                with_registry
                and not any(p == self.facts_path for p, _ in items)
                and self._known.get(self.facts_path) is None
                and read_if_exists(self.facts_path, root=self.folder) is None
            ):
                items.insert(0, (self.facts_path, dumps(FactRegistry(facts=[]))))
            changed: list[tuple[Path, bytes]] = []
            for path, data in items:
                known = self._known.get(path)
                written = self._written.get(path)
                if (
                    not force
                    and known is not None
                    and written is not None
                    and written == _stat(path)
                ):
                    # The very file this store wrote last (same inode, size, times):
                    # its bytes are the known ones, no need to read them again.
                    if not _same(known, data):
                        changed.append((path, data))
                    continue
                current = read_if_exists(path, root=self.folder)
                if not force and not _same(known, current):
                    raise ConflictError(path)
                if current != data:
                    changed.append((path, data))
            if len(changed) == 1:
                atomic_write(*changed[0])
            elif changed:
                replace_all(changed)
            for path, data in items:
                self._remember(path, data)
            for path, _ in changed:
                self._written[path] = _stat(path)
        return bool(changed)

    def _remember(self, path: Path, data: bytes) -> None:
        self._known[path] = data
        self._recent.pop(path, None)
        self._recent[path] = None
        while len(self._recent) > _KEEP_BYTES:
            oldest = next(iter(self._recent))
            del self._recent[oldest]
            value = self._known.get(oldest)
            if isinstance(value, bytes):
                self._known[oldest] = _digest(value)

    def _items(
        self,
        docs: Sequence[AnnotationFile],
        registry: FactRegistry | None,
        presorted: bool = False,
    ) -> list[tuple[Path, bytes]]:
        items: list[tuple[Path, bytes]] = []
        if registry is not None:
            registry = registry.model_copy(
                update={"facts": sorted(registry.facts, key=lambda f: f.id)}
            )
            items.append((self.facts_path, dumps(registry)))
        for doc in docs:
            path = self.annotation_path(doc.article.id)
            spans = doc.spans if presorted else doc.sorted_spans()
            items.append((path, self._dumper.dumps(doc, spans, path)))
        return items

    def save_annotations(
        self, doc: AnnotationFile, *, force: bool = False, presorted: bool = False
    ) -> bool:
        """Write an article's spans sorted by (start, end, id). True if bytes changed.

        In a folder with no ``facts.json`` yet, an empty registry is written with it.
        ``presorted``: the caller keeps ``doc.spans`` in that order (the editor does), so
        they are not sorted again (20,000 spans on every save).
        """
        return self._write_all(self._items([doc], None, presorted), force=force, with_registry=True)

    def save_annotations_at(self, path: Path, doc: AnnotationFile, *, force: bool = False) -> bool:
        """Write an annotation file at any path (an analyst's layer), spans sorted."""
        return self._write_all(
            [(path, self._dumper.dumps(doc, doc.sorted_spans(), path))], force=force
        )

    def save_facts(self, registry: FactRegistry, *, force: bool = False) -> bool:
        """Write the registry with facts sorted by id. True if bytes changed."""
        return self._write_all(self._items([], registry), force=force)

    def save_all(
        self,
        docs: Sequence[AnnotationFile],
        registry: FactRegistry | None,
        *,
        force: bool = False,
        presorted: bool = False,
    ) -> bool:
        """Write annotation files and the registry as one change: all or none of them.

        Conflicts are checked for every file before any is written; if one write fails
        the others are rolled back. True if any bytes changed.
        """
        return self._write_all(
            self._items(docs, registry, presorted), force=force, with_registry=bool(docs)
        )

    def backup_annotations(self, article_id: str, *, move: bool = False) -> Path:
        """Copy an article's annotation file to ``<id>.json.bak`` (and remove it if ``move``).

        Used before the analyst replaces a stale or broken file, so nothing is lost.
        """
        path = self.annotation_path(article_id)
        backup = path.with_name(path.name + ".bak")
        atomic_write(backup, read_bytes(path, root=self.folder))
        if move:
            try:
                os.unlink(path)
            except OSError as exc:
                raise SaveError(path, exc.strerror or str(exc)) from None
            self._known[path] = None
            self._written.pop(path, None)
            self._recent.pop(path, None)
        return backup

    # -- questions -------------------------------------------------------------------
    def is_stale(self, doc: AnnotationFile, text: str) -> bool:
        """True when the article text changed since the spans were made."""
        return doc.article.sha256 != sha256_text(text)

    # -- several files at once: the registry screen's renames and merges ------------------
    def annotation_files(self) -> list[tuple[str, str, Path]]:
        """Every annotation file as ``(layer, article id, path)``: gold
        (``<id>.json``, layer ``gold``) first, then each analyst's ``by/<name>/<id>.json``
        (layer ``by/<name>``), in name order. Hidden files and temp files are skipped."""
        out: list[tuple[str, str, Path]] = []
        folders: list[tuple[str, Path]] = [("gold", self.folder)]
        by = self.folder / "by"
        if by.is_dir():
            folders += [
                (f"by/{f.name}", f)
                for f in sorted(by.iterdir())
                if f.is_dir() and not f.name.startswith(".")
            ]
        for layer, folder in folders:
            # One scandir per folder (its entries know whether they are files): a glob
            # and a stat per file cost more than the registry screen's whole redraw.
            try:
                with os.scandir(folder) as entries:
                    names = sorted(
                        e.name
                        for e in entries
                        if e.name.endswith(".json")
                        and e.name != FACTS_FILE
                        and not e.name.startswith(".")
                        and e.is_file()
                    )
            except OSError:
                continue
            out += [(layer, name[: -len(".json")], folder / name) for name in names]
        return out

    def peek_annotation_files(
        self, skip: Collection[tuple[str, str]] = ()
    ) -> list[tuple[str, str, Path, AnnotationFile | DataError | None]]:
        """Every annotation file of every layer (``annotation_files``) with its content
        as on disk, or the DataError saying why it does not load, or None for the
        (layer, article id) pairs in ``skip`` (the caller holds them: not read).

        A file is read and validated again only when its inode, size or modification
        time changed since the last call (a replace by this store, another program, git):
        the registry screen asks after every move, and a few thousand unchanged files
        are not read each time. Peeking does not change what the store believes is on
        disk (the conflict check of a later save), and forgets files that are gone.
        """
        out: list[tuple[str, str, Path, AnnotationFile | DataError | None]] = []
        seen: dict[Path, tuple[tuple[int, int, int], AnnotationFile | DataError]] = {}
        for layer, article_id, path in self.annotation_files():
            if (layer, article_id) in skip:
                if path in self._peeked:
                    seen[path] = self._peeked[path]
                out.append((layer, article_id, path, None))
                continue
            try:
                info = os.stat(path)
            except OSError:
                continue  # gone since the listing
            key = (info.st_ino, info.st_size, info.st_mtime_ns)
            cached = self._peeked.get(path)
            if cached is None or cached[0] != key:
                try:
                    loaded: AnnotationFile | DataError = load_annotation_file(path)
                except DataError as exc:
                    loaded = exc
                cached = (key, loaded)
            seen[path] = cached
            out.append((layer, article_id, path, cached[1]))
        self._peeked = seen
        return out

    def save_many(
        self,
        files: Sequence[tuple[Path, AnnotationFile]],
        registry: FactRegistry | None,
        *,
        force: bool = False,
    ) -> bool:
        """Write several annotation files (any layer) and the registry as ONE change.

        Every file is checked for conflicts before any is written; then the changed ones
        are replaced all-or-nothing under the folder lock (``files.replace_all``): on
        ConflictError or SaveError every file on disk is as it was. True if any bytes
        changed.
        """
        items: list[tuple[Path, bytes]] = []
        if registry is not None:
            ordered = registry.model_copy(
                update={"facts": sorted(registry.facts, key=lambda f: f.id)}
            )
            items.append((self.facts_path, dumps(ordered)))
        for path, doc in files:
            items.append((Path(path), dumps(doc.model_copy(update={"spans": doc.sorted_spans()}))))
        return self._write_all(items, force=force)

    # -- article metadata: seeds/manifest.json -----------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.corpus.folder / MANIFEST

    def save_article_meta(self, article_id: str, meta: ArticleMeta) -> bool:
        """Set one article's entry in the corpus's ``manifest.json`` (title, outlet, URL,
        date), atomically and in canonical bytes (``dumps``); the other entries are kept
        as they are on disk now. Nothing is written when the entry is unchanged (the file
        stays byte-identical). The corpus's cached entries are refreshed. True if written.
        """
        self.corpus.get(article_id)  # DataError for an unknown article
        path = self.manifest_path
        raw = read_if_exists(path)
        data: dict[str, object] = {"articles": {}}
        if raw is not None:
            parsed = loads(raw, path)
            parse_model(Manifest, parsed, raw, path)  # refuse to rewrite a broken manifest
            data = parsed
        articles = data.setdefault("articles", {})
        assert isinstance(articles, dict)
        entry = Manifest.model_validate({"articles": {article_id: meta.model_dump()}})
        new = manifest_data(entry)["articles"]
        assert isinstance(new, dict)
        new = new[article_id]
        if articles.get(article_id) == new or (
            article_id not in articles and not any(new.values())
        ):
            return False
        articles[article_id] = new
        encoded = dumps(data)
        if raw == encoded:
            return False
        atomic_write(path, encoded)
        self.corpus.refresh_meta()
        return True
