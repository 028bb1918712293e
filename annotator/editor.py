"""The headless editing session behind the app: every change, its undo, and its save.

One source of truth: the annotation files as the store last loaded them, plus the
changes made since. Every change is saved through the store before the call returns,
so killing the process loses at most the change in flight. A failed save (read-only
folder, disk full, a file another program changed) keeps the change in memory, records
the error for the status line, and is retried on the next change or ``save()``.

Spans and facts are treated as immutable: a change replaces objects, so a snapshot for
undo is a cheap tuple of references.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from annotator.errors import AnnotatorError, DataError
from annotator.merge.resolve import Take, resolve_span_conflict
from annotator.merge.three_way import FileConflict, merge_annotations, merge_registries
from annotator.model.anchoring import Outcome
from annotator.model.boundaries import snap_to_graphemes
from annotator.model.manifest import ArticleMeta
from annotator.model.models import (
    ARTICLE_ID_PATTERN,
    FACT_LABELS,
    SPAN_ORDER,
    Adjudicated,
    AnnotationFile,
    ArticleRef,
    ArticleStatus,
    Fact,
    FactRegistry,
    Label,
    Orphan,
    Span,
    SpanConflict,
    new_span_id,
    now,
)
from annotator.model.search import FactIndex, normalise, slugify
from annotator.model.text import LineIndex, context, sha256_text
from annotator.store.reanchor import reanchor_article
from annotator.store.store import Store, load_annotation_file


class ReadOnlyError(AnnotatorError):
    """The open article cannot be changed (stale text or a broken file)."""


class DuplicateFactError(ReadOnlyError):
    """A new fact's statement is already in the registry (as ``fact``)."""

    def __init__(self, fact: Fact) -> None:
        self.fact = fact
        super().__init__(f"the registry already has this statement as {fact.id!r}")


@dataclass(frozen=True)
class MergeResult:
    """What ``merge_with_disk`` did: files merged, changes kept, what collided."""

    files: list[str]
    #: (file, span or fact id, reason) of every collision, kept as a conflict record.
    collided: list[tuple[str, str, str]]
    #: Files that could not be merged item by item (left unsaved), with the reason.
    failed: list[tuple[str, str]]


@dataclass
class OpenArticle:
    """An opened article: its text, its spans, and whether it may be changed."""

    id: str
    text: str
    doc: AnnotationFile
    lines: LineIndex
    #: Why this article is read-only (stale text, broken file), or None.
    problem: str | None = None
    #: "stale" (text changed), "broken" (file unreadable) or "name" (the file name cannot
    #: be an article id), with problem.
    problem_kind: Literal["stale", "broken", "name"] | None = None
    #: Something the analyst should know that does not make the article read-only
    #: (duplicate span ids given new ids in memory), or None.
    notice: str | None = None

    @property
    def read_only(self) -> bool:
        return self.problem is not None

    def span(self, span_id: str) -> Span:
        # A dict per doc (rebuilt when the doc changes): check_action asks for the
        # current span once per binding, which scanned 20,000 spans each time.
        index: tuple[AnnotationFile, dict[str, Span]] | None = self.__dict__.get("_by_id")
        if index is None or index[0] is not self.doc:
            by_id: dict[str, Span] = {}
            for span in self.doc.spans:
                by_id.setdefault(span.id, span)  # the first of duplicate ids, as before
            index = (self.doc, by_id)
            self.__dict__["_by_id"] = index
        found = index[1].get(span_id)
        if found is None:
            raise KeyError(span_id)
        return found


@dataclass(frozen=True)
class FileEdit:
    """One annotation file (any layer) as a multi-file step leaves it, and as it was."""

    path: Path
    layer: str  # "gold" or "by/<analyst>"
    article_id: str
    before: AnnotationFile
    after: AnnotationFile


#: Where a span that links a fact sits in its file: ``spans``, ``orphans`` (re-anchoring
#: could not place it) or a merge conflict record.
UseKind = Literal["span", "orphan", "conflict"]


@dataclass(frozen=True)
class FactUse:
    """A span that links a fact: where it is (layer, article, file) and the span."""

    #: ``gold`` or ``by/<analyst>``.
    layer: str
    article_id: str
    span: Span
    path: Path
    kind: UseKind = "span"

    @property
    def layer_name(self) -> str:
        """``gold`` or the analyst's name."""
        return self.layer.removeprefix("by/")


@dataclass(frozen=True)
class Change:
    """One undoable step: the file it touched and what it changed there.

    ``before`` holds only the spans the step took out (as they were) and ``after`` only
    the spans it put in (a replaced span is in both), not every span of the file: undo
    memory stays independent of the file's size.

    A step over several files (renaming or merging facts: every annotation file of every
    layer that links them, plus the registry) lists them in ``files`` and is saved
    all-or-nothing; a metadata step carries ``meta`` (article id, before, after).
    """

    description: str
    article_id: str | None  # None: the fact registry
    before: tuple[object, ...]
    after: tuple[object, ...]
    #: Facts before/after for steps that also changed the registry (create fact + link).
    facts_before: tuple[Fact, ...] | None = None
    facts_after: tuple[Fact, ...] | None = None
    #: The file's orphans before/after, for steps that re-attach or delete one.
    orphans_before: tuple[Orphan, ...] | None = None
    orphans_after: tuple[Orphan, ...] | None = None
    #: Merge conflict records before/after, for steps that resolve one.
    conflicts_before: tuple[SpanConflict, ...] | None = None
    conflicts_after: tuple[SpanConflict, ...] | None = None
    #: Several annotation files changed as one step (article_id is None then).
    files: tuple[FileEdit, ...] = ()
    #: Manifest metadata of one article: (article id, before, after).
    meta: tuple[str, ArticleMeta, ArticleMeta] | None = None
    #: The article's ``status`` before/after, for steps that mark it done or in progress.
    status: tuple[ArticleStatus | None, ArticleStatus | None] | None = None
    #: The file's ``adjudicated`` mark before/after, for steps that set or clear it.
    adjudicated: tuple[Adjudicated | None, Adjudicated | None] | None = None


@dataclass
class Editor:
    """Opens articles, applies changes, keeps undo/redo, and saves through the store."""

    store: Store
    author: str
    clock: Callable[[], str] = field(default=lambda: now())
    registry: FactRegistry = field(init=False)
    registry_problem: str | None = field(init=False, default=None)
    save_error: str | None = field(init=False, default=None)
    article: OpenArticle | None = field(init=False, default=None)
    _docs: dict[str, AnnotationFile] = field(init=False, default_factory=dict)
    _dirty: set[str | None] = field(init=False, default_factory=set)
    _undo: list[Change] = field(init=False, default_factory=list)
    _redo: list[Change] = field(init=False, default_factory=list)
    #: The doc of each article whose spans are known to be sorted (see _spans_after).
    _sorted: dict[str, AnnotationFile] = field(init=False, default_factory=dict)
    #: Each file as last read from or written to disk (None: absent): the base of a merge.
    _base: dict[str, AnnotationFile | None] = field(init=False, default_factory=dict)
    _registry_base: FactRegistry | None = field(init=False, default=None)
    _index: tuple[FactRegistry, FactIndex] | None = field(init=False, default=None)
    #: The registry's fact ids, for the registry they were built from.
    _known_ids: tuple[FactRegistry, frozenset[str]] | None = field(init=False, default=None)
    #: How many spans lack something, for the (doc, registry) it was worked out for.
    _incomplete: tuple[AnnotationFile, FactRegistry, int] | None = field(init=False, default=None)
    #: Each file's links as fact_usage last listed them, for the file object they were
    #: listed from: (file, [(fact id, use), ...]) by path.
    _file_uses: dict[Path, tuple[AnnotationFile, list[tuple[str, FactUse]]]] = field(
        init=False, default_factory=dict
    )
    #: What the last ``reanchor()`` did: (layer, outcomes) per annotation layer.
    last_reanchor: list[tuple[str, list[Outcome]]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        try:
            self.registry = self.store.load_facts()
            self._registry_base = self.registry
        except DataError as exc:
            self.registry = FactRegistry(facts=[])
            self.registry_problem = str(exc)

    # -- opening ---------------------------------------------------------------------
    def open(self, article_id: str) -> OpenArticle:
        """Open an article; a stale or broken annotation file opens read-only."""
        text = self.store.corpus.text(article_id)
        problem: str | None = None
        kind: Literal["stale", "broken", "name"] | None = None
        notice: str | None = None
        if not re.match(ARTICLE_ID_PATTERN, article_id):
            # A file name with a line break, backslash or control character: readable,
            # but no annotation file may carry that id. Shown read-only, never saved.
            empty = AnnotationFile.model_construct(
                article=ArticleRef.model_construct(id=article_id, sha256=sha256_text(text)),
                spans=[],
                orphans=[],
                conflicts=[],
            )
            self.article = OpenArticle(
                article_id,
                text,
                empty,
                LineIndex(text),
                "the file name cannot be an article id (it holds a line break, backslash or "
                "control character): read-only; rename the file to annotate it",
                "name",
            )
            return self.article
        doc = self._docs.get(article_id)
        if doc is None:
            try:
                doc = self.store.load_annotations(article_id)
                self._base[article_id] = doc
            except DataError as exc:
                doc, problem, kind = None, f"cannot load annotations: {exc}", "broken"
            if doc is None:
                doc = self.store.new_annotations(article_id, text)
            elif self.store.is_stale(doc, text):
                problem = (
                    f"the article text changed since it was annotated "
                    f"({len(doc.spans)} spans may be misplaced): read-only until re-anchored"
                )
                kind = "stale"
            if problem is None:
                doc, notice = _unique_ids(doc)
                self._docs[article_id] = doc
        self.article = OpenArticle(article_id, text, doc, LineIndex(text), problem, kind, notice)
        return self.article

    def spans_for(self, article_id: str) -> list[Span] | None:
        """The spans of an article if its file loads (for counts in the list)."""
        doc = self._docs.get(article_id)
        if doc is not None:
            return list(doc.spans)
        path = self.store.annotation_path(article_id)
        if not path.exists():
            return []
        try:
            # Not store.load_annotations: peeking must not change what the store
            # believes is on disk, or a later save could miss another program's change.
            return list(load_annotation_file(path).spans)
        except DataError:
            return None

    # -- the changes -------------------------------------------------------------------
    def _current(self) -> OpenArticle:
        if self.article is None:
            raise ReadOnlyError("no article is open")
        if self.article.read_only:
            raise ReadOnlyError(f"{self.article.id} is read-only: {self.article.problem}")
        return self.article

    def _apply(
        self,
        description: str,
        spans: list[Span],
        facts: list[Fact] | None = None,
        orphans: list[Orphan] | None = None,
        conflicts: list[SpanConflict] | None = None,
        status: tuple[ArticleStatus | None, ArticleStatus | None] | None = None,
        adjudicated: tuple[Adjudicated | None, Adjudicated | None] | None = None,
    ) -> None:
        article = self._current()
        # Only what the step changes is kept (by identity: spans are immutable), so
        # undo memory does not grow with the file (bench/bench_undo_memory.py).
        kept = {id(s) for s in spans}
        current = {id(s) for s in article.doc.spans}
        before = tuple(s for s in article.doc.spans if id(s) not in kept)
        spans = [s for s in spans if id(s) not in current]
        facts_before = tuple(self.registry.facts) if facts is not None else None
        orphans_before = tuple(article.doc.orphans) if orphans is not None else None
        change = Change(
            description,
            article.id,
            before,
            tuple(spans),
            facts_before,
            tuple(facts) if facts is not None else None,
            orphans_before,
            tuple(orphans) if orphans is not None else None,
            tuple(article.doc.conflicts) if conflicts is not None else None,
            tuple(conflicts) if conflicts is not None else None,
            status=status,
            adjudicated=adjudicated,
        )
        self._do(change, forward=True)
        self._undo.append(change)
        self._redo.clear()

    def _do(self, change: Change, *, forward: bool) -> None:
        if change.files or change.meta is not None:
            self._do_at_once(change, forward=forward)
            return
        out = change.before if forward else change.after
        into = change.after if forward else change.before
        facts = change.facts_after if forward else change.facts_before
        if facts is not None:
            self.registry = self.registry.model_copy(update={"facts": list(facts)})
            self._dirty.add(None)
        if change.article_id is not None:
            doc = self._docs[change.article_id]
            update: dict[str, object] = {
                "spans": self._spans_after(change.article_id, doc, out, into)
            }
            orphans = change.orphans_after if forward else change.orphans_before
            if orphans is not None:
                update["orphans"] = list(orphans)
            conflicts = change.conflicts_after if forward else change.conflicts_before
            if conflicts is not None:
                update["conflicts"] = list(conflicts)
            if change.status is not None:
                update["status"] = change.status[1 if forward else 0]
            if change.adjudicated is not None:
                update["adjudicated"] = change.adjudicated[1 if forward else 0]
            before_doc, doc = doc, doc.model_copy(update=update)
            self._carry_incomplete(before_doc, doc, out, into)
            self._sorted[change.article_id] = doc  # its spans are in order
            self._docs[change.article_id] = doc
            if self.article is not None and self.article.id == change.article_id:
                self.article.doc = doc
            self._dirty.add(change.article_id)
        self.save()

    def _spans_after(
        self,
        article_id: str,
        doc: AnnotationFile,
        out: tuple[object, ...],
        into: tuple[object, ...],
    ) -> list[Span]:
        """The file's spans, sorted by (start, end, id), with ``out`` taken out and
        ``into`` put in: bisection on a list sorted once per loaded file."""
        if self._sorted.get(article_id) is doc:
            spans = list(doc.spans)
        else:
            spans = sorted(doc.spans, key=SPAN_ORDER)
        for span in out:
            if not isinstance(span, Span):
                continue
            index = bisect_left(spans, span.sort_key, key=SPAN_ORDER)
            while (
                index < len(spans)
                and spans[index] is not span
                and spans[index].sort_key == span.sort_key
            ):
                index += 1
            if index < len(spans) and spans[index] is span:
                del spans[index]
            else:  # not where its key says: look everywhere
                spans = [s for s in spans if s is not span]
        for span in into:
            if isinstance(span, Span):
                insort(spans, span, key=SPAN_ORDER)
        return spans

    def create_span(self, start: int, end: int, label: Label) -> Span:
        article = self._current()
        # Never split a grapheme cluster (an emoji sequence, a flag, a letter with marks).
        start, end = snap_to_graphemes(article.text, start, end)
        if start == end:
            raise ReadOnlyError("select some text first")
        # White space at either edge is never part of the claim (a selection made with
        # shift+arrows or a drag often takes the space before a word).
        text = article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            raise ReadOnlyError("the selection is only white space: select some text")
        span = Span.create(
            article.text, start, end, label, author=self.author, timestamp=self.clock()
        )
        taken = {s.id for s in article.doc.spans}
        while span.id in taken:
            span = span.model_copy(
                update={"id": Span.create(article.text, start, end, label, author=self.author).id}
            )
        self._apply(f"new {label} span", [*article.doc.spans, span])
        return span

    def _replace(self, span_id: str, description: str, **update: object) -> Span:
        article = self._current()
        old = article.span(span_id)
        new = old.model_copy(update={**update, "modified": self.clock()})
        # Re-validate: model_copy does not, and a bad value must never reach a file.
        new = Span.model_validate(new.model_dump())
        self._apply(description, [new if s.id == span_id else s for s in article.doc.spans])
        return new

    def relabel(self, span_id: str, label: Label, *, keep_attribution: bool = True) -> Span:
        """Change a span's label; ``keep_attribution=False`` also clears its attribution
        (one undo step)."""
        if keep_attribution:
            return self._replace(span_id, f"label {label}", label=label)
        return self._replace(span_id, f"label {label}", label=label, attribution=None)

    def link(self, span_id: str, fact_id: str) -> Span:
        span = self._current().span(span_id)
        if fact_id in span.facts:
            return span
        return self._replace(span_id, f"link {fact_id}", facts=[*span.facts, fact_id])

    def unlink(self, span_id: str, fact_id: str | None = None) -> Span:
        span = self._current().span(span_id)
        kept = [] if fact_id is None else [f for f in span.facts if f != fact_id]
        return self._replace(span_id, "unlink " + (fact_id or "all facts"), facts=kept)

    def set_note(self, span_id: str, note: str | None) -> Span:
        return self._replace(span_id, "note", note=note or None)

    def set_attribution(self, span_id: str, who: str | None) -> Span:
        return self._replace(span_id, "attribution", attribution=(who or "").strip() or None)

    def resize_span(self, span_id: str, start: int, end: int) -> Span:
        """Move a span's edges to ``[start, end)``, snapped out to whole grapheme clusters.

        Id, label, facts, note, attribution, author and created are kept; quote, prefix,
        suffix and modified follow the new range. One undo step, saved at once. An empty
        or reversed range, or one outside the text, is refused (the span is unchanged).
        """
        article = self._current()
        old = article.span(span_id)
        if start >= end:
            raise ReadOnlyError("a span cannot be empty: its end must stay after its start")
        if start < 0 or end > len(article.text):
            raise ReadOnlyError("a span cannot reach past the article's text")
        start, end = snap_to_graphemes(article.text, start, end)
        if (start, end) == (old.start, old.end):
            return old
        prefix, suffix = context(article.text, start, end)
        return self._replace(
            span_id,
            f"resize span {span_id}",
            start=start,
            end=end,
            quote=article.text[start:end],
            prefix=prefix,
            suffix=suffix,
        )

    def delete_span(self, span_id: str) -> None:
        article = self._current()
        article.span(span_id)
        self._apply("delete span", [s for s in article.doc.spans if s.id != span_id])

    # -- after re-anchoring: review fuzzy anchors, re-attach or delete orphans ------------
    def accept_anchor(self, span_id: str) -> Span:
        """The analyst agrees with where re-anchoring put a span: clear its ``anchor``
        record (so the validator stops asking for review). Undoable."""
        span = self._current().span(span_id)
        if span.anchor is None:
            raise ReadOnlyError(f"span {span_id} has no re-anchoring to accept")
        return self._replace(span_id, f"accept anchor of {span_id}", anchor=None)

    def _orphan_index(self, orphan: int | str) -> int:
        orphans = self._current().doc.orphans
        if isinstance(orphan, int):
            if not 0 <= orphan < len(orphans):
                raise ReadOnlyError(f"no orphan #{orphan} (there are {len(orphans)})")
            return orphan
        for index, item in enumerate(orphans):
            if item.span.id == orphan:
                return index
        raise ReadOnlyError(f"no orphaned span {orphan!r}")

    def reattach_orphan(self, orphan: int | str, start: int, end: int) -> Span:
        """Put an orphaned span back on the text at ``start..end`` (the analyst's
        selection): label, facts, note and author kept, quote and context taken from
        the text. ``orphan`` is its index in the file's orphans or its span id. Undoable."""
        article = self._current()
        index = self._orphan_index(orphan)
        start, end = sorted((start, end))
        if start == end or start < 0 or end > len(article.text):
            raise ReadOnlyError("select some text to re-attach the span to")
        old = article.doc.orphans[index].span
        prefix, suffix = context(article.text, start, end)
        span_id = old.id
        taken = {s.id for s in article.doc.spans}
        while span_id in taken:
            span_id = Span.create(article.text, start, end, old.label, author=self.author).id
        span = Span.model_validate(
            {
                **old.model_dump(),
                "id": span_id,
                "start": start,
                "end": end,
                "quote": article.text[start:end],
                "prefix": prefix,
                "suffix": suffix,
                "modified": self.clock(),
                "anchor": None,
            }
        )
        orphans = [o for i, o in enumerate(article.doc.orphans) if i != index]
        self._apply(f"re-attach {old.id}", [*article.doc.spans, span], orphans=orphans)
        return span

    def delete_orphan(self, orphan: int | str) -> Orphan:
        """Drop an orphaned span for good (index or span id). Undoable."""
        article = self._current()
        index = self._orphan_index(orphan)
        gone = article.doc.orphans[index]
        orphans = [o for i, o in enumerate(article.doc.orphans) if i != index]
        self._apply(f"delete orphan {gone.span.id}", list(article.doc.spans), orphans=orphans)
        return gone

    # -- adjudication (gold) ----------------------------------------------------------------
    def replace_spans(self, description: str, spans: list[Span]) -> None:
        """Replace every span of the open article in one undoable step (an adjudication
        decision: ``annotator.agreement.adjudication.decide`` computes the spans)."""
        ids = [s.id for s in spans]
        if len(set(ids)) != len(ids):
            raise ReadOnlyError("two spans with one id")
        self._apply(description, [Span.model_validate(s.model_dump()) for s in spans])

    def mark_adjudicated(self, done: bool = True) -> Adjudicated | None:
        """Mark the open article adjudicated by the session's author (or clear the mark).
        Undoable."""
        article = self._current()
        mark = Adjudicated(by=self.author, at=self.clock()) if done else None
        self._apply(
            "marked adjudicated" if done else "adjudicated mark cleared",
            list(article.doc.spans),
            adjudicated=(article.doc.adjudicated, mark),
        )
        return mark

    def create_fact(self, statement: str, link_to: str | None = None) -> Fact:
        """Add a fact to the registry (and link it to a span in the same undo step)."""
        statement = " ".join(statement.split())
        if not statement:
            raise ReadOnlyError("a fact needs a statement")
        same = self.fact_with_statement(statement)
        if same is not None:
            raise DuplicateFactError(same)
        if self.registry_problem:
            raise ReadOnlyError(f"the fact registry is read-only: {self.registry_problem}")
        stamp = self.clock()
        fact = Fact(
            id=slugify(statement, {f.id for f in self.registry.facts}),
            statement=statement,
            note=None,
            author=self.author,
            created=stamp,
            modified=stamp,
        )
        facts = [*self.registry.facts, fact]
        article = self._current()
        spans = list(article.doc.spans)
        if link_to is not None:
            spans = [
                s.model_copy(update={"facts": [*s.facts, fact.id], "modified": stamp})
                if s.id == link_to
                else s
                for s in spans
            ]
        self._apply(f"new fact {fact.id}", spans, facts)
        return fact

    def fact_with_statement(self, statement: str) -> Fact | None:
        """The registry's fact with this statement (casefolded, NFKC, spaces collapsed)."""
        wanted = normalise(statement)
        return next((f for f in self.registry.facts if normalise(f.statement) == wanted), None)

    def fact_index(self) -> FactIndex:
        """The registry's search index, rebuilt only when the registry changed."""
        cached = self._index
        if cached is None or cached[0] is not self.registry:
            cached = (self.registry, FactIndex(self.registry.facts))
            self._index = cached
        return cached[1]

    def resolve_conflict(self, conflict_id: str, take: Take) -> Span | None:
        """Resolve a merge conflict record of the open article (undoable, saved at once).

        ``take`` is ``"base"``, ``"a"`` or ``"b"`` (see ``SpanConflict``); returns the
        span kept, or None when the chosen version is "no span".
        """
        article = self._current()
        resolved = resolve_span_conflict(article.doc, conflict_id, take)
        kept = {s.id for s in resolved.spans} - {s.id for s in article.doc.spans}
        self._apply(
            f"resolve conflict {conflict_id} ({take})",
            list(resolved.spans),
            conflicts=list(resolved.conflicts),
        )
        return next((s for s in resolved.spans if s.id in kept), None)

    # -- article status and metadata ---------------------------------------------------------
    def set_status(self, status: ArticleStatus | None) -> ArticleStatus | None:
        """Mark the open article ``done`` or ``in-progress`` (None: unset). Undoable."""
        article = self._current()
        old = article.doc.status
        if old != status:
            self._apply(
                f"mark {article.id} {status or 'unmarked'}",
                list(article.doc.spans),
                status=(old, status),
            )
        return status

    def toggle_done(self) -> ArticleStatus:
        """Done -> in progress; anything else -> done."""
        article = self._current()
        new: ArticleStatus = "in-progress" if article.doc.status == "done" else "done"
        self.set_status(new)
        return new

    def status_of(self, article_id: str) -> ArticleStatus | None:
        """An article's status from memory or its gold file (None when unset or broken)."""
        doc = self._docs.get(article_id)
        if doc is not None:
            return doc.status
        path = self.store.annotation_path(article_id)
        if not path.exists():
            return None
        try:
            return load_annotation_file(path).status
        except DataError:
            return None

    def set_article_meta(self, article_id: str, meta: ArticleMeta) -> bool:
        """Save an article's title, outlet, URL and date to the corpus manifest (through
        the store, at once). Undoable; False (and no undo step) when nothing changed."""
        before = self.store.corpus.meta(article_id)
        if before == meta:
            return False
        change = Change(f"metadata of {article_id}", None, (), (), meta=(article_id, before, meta))
        self._do(change, forward=True)
        self._undo.append(change)
        self._redo.clear()
        return True

    # -- the fact registry: usage, edit, rename, merge, delete ---------------------------------
    @property
    def own_layer(self) -> str:
        """The layer this session edits: ``gold``, or ``by/<analyst>`` under ``--as``."""
        return "gold" if self.store.layer is None else f"by/{self.store.layer}"

    def _every_doc(self) -> tuple[list[tuple[str, str, Path, AnnotationFile]], list[DataError]]:
        """Every annotation file of every layer as (layer, article id, path, file), and
        the errors of those that do not load. The session's own layer comes from memory
        for the articles it holds (changed or open); the rest from the store's peek,
        which reads a file only when it changed on disk since the last call."""
        own = self.own_layer
        docs: list[tuple[str, str, Path, AnnotationFile]] = []
        broken: list[DataError] = []
        listed: set[str] = set()
        held = {(own, article_id) for article_id in self._docs}
        for layer, article_id, path, loaded in self.store.peek_annotation_files(held):
            doc = self._docs.get(article_id) if layer == own else None
            if layer == own:
                listed.add(article_id)
            if doc is None:
                if loaded is None:
                    continue  # cannot happen: skipped ones are held
                if isinstance(loaded, DataError):
                    broken.append(loaded)
                    continue
                doc = loaded
            docs.append((layer, article_id, path, doc))
        for article_id, doc in sorted(self._docs.items()):
            if article_id not in listed and doc.spans:  # not on disk yet (a failed save)
                docs.append((own, article_id, self.store.annotation_path(article_id), doc))
        return docs, broken

    def fact_usage(self) -> dict[str, list[FactUse]]:
        """Fact id -> every span of every layer that links it (gold and each analyst's
        ``by/<name>``; orphans and conflict records too, as ``kind``), in article order,
        gold before the analysts' layers, text order within a file (ids that are not in
        the registry included). Files that do not load are left out (``delete_fact``
        refuses while one does not). Unchanged files are not read again."""
        return self._usage(self._every_doc()[0], [f.id for f in self.registry.facts])

    def _usage(
        self, docs: Sequence[tuple[str, str, Path, AnnotationFile]], fact_ids: Sequence[str]
    ) -> dict[str, list[FactUse]]:
        """Fact id -> its uses in ``docs``; every id of ``fact_ids`` is a key. Each file's
        uses are kept while it is the same object (unchanged on disk or in memory)."""
        usage: dict[str, list[FactUse]] = {fact_id: [] for fact_id in fact_ids}
        cache = self._file_uses
        self._file_uses = {}
        # Article order, gold before the analysts' layers (stable: listing order kept).
        for layer, article_id, path, doc in sorted(
            docs, key=lambda d: (d[1], d[0] != "gold", d[0])
        ):
            cached = cache.get(path)
            if cached is None or cached[0] is not doc:
                cached = (doc, _file_uses(layer, article_id, path, doc))
            self._file_uses[path] = cached
            for fact_id, use in cached[1]:
                found = usage.get(fact_id)
                if found is None:
                    found = usage[fact_id] = []
                found.append(use)
        return usage

    def _fact(self, fact_id: str) -> Fact:
        if self.registry_problem:
            raise ReadOnlyError(f"the fact registry is read-only: {self.registry_problem}")
        for fact in self.registry.facts:
            if fact.id == fact_id:
                return fact
        raise ReadOnlyError(f"no fact {fact_id!r} in the registry")

    def _registry_step(self, description: str, facts: list[Fact]) -> None:
        change = Change(description, None, (), (), tuple(self.registry.facts), tuple(facts))
        self._do(change, forward=True)
        self._undo.append(change)
        self._redo.clear()

    def edit_fact(self, fact_id: str, statement: str) -> Fact:
        """Change a fact's statement (white space collapsed; must not be empty). Undoable."""
        old = self._fact(fact_id)
        statement = " ".join(statement.split())
        if not statement:
            raise ReadOnlyError("a fact needs a statement")
        if statement == old.statement:
            return old
        new = old.model_copy(update={"statement": statement, "modified": self.clock()})
        self._registry_step(
            f"edit fact {fact_id}", [new if f.id == fact_id else f for f in self.registry.facts]
        )
        return new

    def _linking_files(self, fact_ids: set[str]) -> list[tuple[str, str, Path, AnnotationFile]]:
        """Every annotation file of every layer whose spans, orphans or conflict records
        link one of ``fact_ids``; DataError when a file cannot be read (nothing may be
        left half renamed)."""
        out: list[tuple[str, str, Path, AnnotationFile]] = []
        own = self.own_layer
        held = {(own, article_id) for article_id in self._docs}
        for layer, article_id, path, peeked in self.store.peek_annotation_files(held):
            doc = self._docs.get(article_id) if layer == own else None
            if doc is None:
                if peeked is None:
                    continue  # cannot happen: skipped ones are held
                if isinstance(peeked, DataError):
                    raise peeked
                if not _links_any(peeked, fact_ids):
                    continue  # unchanged since peeked, and linking none of them
                # Read through the store, so that the save checks nobody changed it since.
                doc = self.store.load_annotations_at(path, article_id)
                if doc is None:
                    continue
            if _links_any(doc, fact_ids):
                out.append((layer, article_id, path, doc))
        return out

    def _relink_step(
        self,
        description: str,
        fact_ids: set[str],
        relink: Callable[[list[str]], list[str]],
        facts: list[Fact],
    ) -> Change:
        if not self.save():
            raise ReadOnlyError(f"save the earlier changes first: {self.save_error}")
        try:
            linking = self._linking_files(fact_ids)
        except DataError as exc:
            raise ReadOnlyError(f"nothing changed: cannot read {exc}") from None
        edits = tuple(
            FileEdit(path, layer, article_id, doc, _relinked(doc, relink))
            for layer, article_id, path, doc in linking
        )
        change = Change(
            description, None, (), (), tuple(self.registry.facts), tuple(facts), files=edits
        )
        self._do(change, forward=True)
        self._undo.append(change)
        self._redo.clear()
        return change

    def rename_fact(self, old_id: str, new_id: str) -> Fact:
        """Give a fact a new id and rewrite every link to it in every annotation file
        (gold and each analyst's layer) as one undo step, all-or-nothing on disk."""
        fact = self._fact(old_id)
        new_id = new_id.strip()
        if new_id == old_id:
            return fact
        if any(f.id == new_id for f in self.registry.facts):
            raise ReadOnlyError(f"a fact {new_id!r} exists already (merge the two instead)")
        try:
            renamed = Fact.model_validate(
                {**fact.model_dump(), "id": new_id, "modified": self.clock()}
            )
        except ValueError:
            raise ReadOnlyError(
                f"{new_id!r} is not a fact id: lower-case words and digits "
                "joined by '-' (e.g. eef-opening)"
            ) from None
        facts = [renamed if f.id == old_id else f for f in self.registry.facts]
        self._relink_step(
            f"rename fact {old_id} to {new_id}",
            {old_id},
            lambda ids: [new_id if i == old_id else i for i in ids],
            facts,
        )
        return renamed

    def merge_facts(self, keep: str, drop: str) -> Fact:
        """Merge fact ``drop`` into ``keep``: every link to ``drop`` becomes a link to
        ``keep`` (once per span), ``drop`` leaves the registry. One undo step."""
        kept = self._fact(keep)
        self._fact(drop)
        if keep == drop:
            raise ReadOnlyError("pick two different facts to merge")

        def relink(ids: list[str]) -> list[str]:
            out: list[str] = []
            for fact_id in ids:
                fact_id = keep if fact_id == drop else fact_id
                if fact_id not in out:
                    out.append(fact_id)
            return out

        facts = [f for f in self.registry.facts if f.id != drop]
        self._relink_step(f"merge fact {drop} into {keep}", {drop}, relink, facts)
        return kept

    def delete_fact(self, fact_id: str) -> Fact:
        """Remove a fact no span links (in any layer, orphans and conflict records
        included); ReadOnlyError saying who links it otherwise. Undoable."""
        fact = self.delete_fact_check(fact_id)
        self._registry_step(
            f"delete fact {fact_id}", [f for f in self.registry.facts if f.id != fact_id]
        )
        return fact

    def delete_fact_check(self, fact_id: str) -> Fact:
        """The fact, if ``delete_fact`` may remove it; ReadOnlyError saying why not."""
        fact = self._fact(fact_id)
        docs, broken = self._every_doc()
        if broken:
            raise ReadOnlyError(f"not deleted: cannot check every file: {broken[0]}")
        uses = self._usage(docs, [fact_id]).get(fact_id, [])
        if uses:
            where = ", ".join(
                sorted(
                    {
                        u.article_id if u.layer == "gold" else f"{u.layer}/{u.article_id}"
                        for u in uses
                    }
                )
            )
            raise ReadOnlyError(
                f"{fact_id} is linked by {len(uses)} span{'s' * (len(uses) != 1)} "
                f"({where}): unlink or merge it first"
            )
        return fact

    def _do_at_once(self, change: Change, *, forward: bool) -> None:
        """Apply a multi-file or metadata step: written first (all-or-nothing), then
        taken into memory, so a failed write changes nothing anywhere (raises)."""
        if change.meta is not None:
            article_id, before, after = change.meta
            self.store.save_article_meta(article_id, after if forward else before)
            return
        if not self.save():
            raise ReadOnlyError(f"save the earlier changes first: {self.save_error}")
        facts = change.facts_after if forward else change.facts_before
        registry = (
            None if facts is None else self.registry.model_copy(update={"facts": list(facts)})
        )
        docs = [(e.path, e.after if forward else e.before) for e in change.files]
        self.store.save_many(docs, registry)
        if registry is not None:
            self.registry = self._registry_base = registry
        own = self.own_layer
        for edit, (_path, doc) in zip(change.files, docs, strict=True):
            if edit.layer != own:  # the session holds its own layer's files only
                continue
            if edit.article_id in self._docs:
                self._docs[edit.article_id] = doc
                self._base[edit.article_id] = doc  # as on disk now: the base of a merge
            if self.article is not None and self.article.id == edit.article_id:
                self.article.doc = doc

    # -- undo / redo -------------------------------------------------------------------
    def undo(self) -> Change | None:
        if not self._undo:
            return None
        change = self._undo[-1]
        self._do(change, forward=False)  # a multi-file step that cannot be written raises
        self._undo.pop()
        self._redo.append(change)
        return change

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        change = self._redo[-1]
        self._do(change, forward=True)
        self._redo.pop()
        self._undo.append(change)
        return change

    # -- saving --------------------------------------------------------------------------
    @property
    def unsaved(self) -> bool:
        return bool(self._dirty)

    def save(self, *, force: bool = False) -> bool:
        """Write every file with unsaved changes. True when all are on disk.

        While the registry has unsaved changes it is written together with every
        unsaved article, all-or-nothing (store.save_all): an article linking a new fact
        is never on disk without that fact. Otherwise each article is saved on its own.
        """
        errors = []
        if None in self._dirty:
            keys = sorted(k for k in self._dirty if k is not None)
            try:
                self.store.save_all(
                    [self._docs[k] for k in keys],
                    self.registry,
                    force=force,
                    presorted=all(self._sorted.get(k) is self._docs[k] for k in keys),
                )
                self._registry_base = self.registry
                for k in keys:
                    self._base[k] = self._docs[k]
                self._dirty.clear()
            except AnnotatorError as exc:
                errors.append(exc)
        for key in sorted(k for k in self._dirty if k is not None and None not in self._dirty):
            try:
                doc = self._docs[key]
                self.store.save_annotations(
                    doc, force=force, presorted=self._sorted.get(key) is doc
                )
                self._base[key] = self._docs[key]
                self._dirty.discard(key)
            except AnnotatorError as exc:
                errors.append(exc)
        self.save_error = (
            None
            if not errors
            else str(errors[0]) + (f" (+{len(errors) - 1} more)" if len(errors) > 1 else "")
        )
        return not errors

    @property
    def conflict(self) -> bool:
        return self.save_error is not None and "changed on disk" in self.save_error

    def unsaved_changes(self) -> int:
        """How many spans and facts differ from the files as last read or written (what
        a reload would lose)."""
        count = 0
        for key in self._dirty:
            if key is None:
                base_items: list[Fact] | list[Span] = (
                    self._registry_base.facts if self._registry_base else []
                )
                count += _differences(base_items, self.registry.facts)
            else:
                base = self._base.get(key)
                count += _differences(base.spans if base else [], self._docs[key].spans)
                count += _differences(base.conflicts if base else [], self._docs[key].conflicts)
        return count

    def merge_with_disk(self) -> MergeResult:
        """Three-way merge of every unsaved file with its version on disk, then save.

        Base: the file as last read or written; ours: the session's version; theirs:
        the file on disk now (``annotator.merge.three_way``). Changes that do not
        collide are kept from both sides; a span (or fact) both changed differently
        becomes a conflict record in the file's ``conflicts`` (``resolve_conflict``
        keeps one version). The undo history is cleared: its steps predate the merge.
        """
        files: list[str] = []
        collided: list[tuple[str, str, str]] = []
        failed: list[tuple[str, str]] = []
        for key in sorted(self._dirty, key=lambda k: (k is not None, k or "")):
            try:
                if key is None:
                    name = self.store.facts_path.name
                    theirs_registry = self.store.load_facts()
                    merged_registry = merge_registries(
                        self._registry_base, self.registry, theirs_registry
                    )
                    old = {c.id for c in self.registry.conflicts}
                    collided += [
                        (name, c.id, c.reason) for c in merged_registry.conflicts if c.id not in old
                    ]
                    self.registry = merged_registry
                    self._registry_base = theirs_registry
                else:
                    name = self.store.annotation_path(key).name
                    theirs = self.store.load_annotations(key)
                    if theirs is None:  # deleted on disk: keep ours as a new file
                        theirs = self.store.new_annotations(key, self.store.corpus.text(key))
                    merged = merge_annotations(self._base.get(key), self._docs[key], theirs)
                    old = {c.id for c in self._docs[key].conflicts}
                    collided += [
                        (name, c.id, c.reason) for c in merged.conflicts if c.id not in old
                    ]
                    self._docs[key] = merged
                    self._base[key] = theirs
                    if self.article is not None and self.article.id == key:
                        self.article.doc = merged
                files.append(name)
            except (FileConflict, DataError) as exc:
                failed.append((str(key or self.store.facts_path.name), str(exc)))
        self._undo.clear()
        self._redo.clear()
        self.save()
        return MergeResult(files, collided, failed)

    def reload_from_disk(self) -> None:
        """Drop unsaved changes and the undo history; read every file again."""
        self._docs.clear()
        self._base.clear()
        self._dirty.clear()
        self._undo.clear()
        self._redo.clear()
        self.save_error = None
        self.__post_init__()
        if self.article is not None:
            self.open(self.article.id)

    # -- repairing read-only articles ------------------------------------------------------
    def reanchor(self) -> tuple[int, int]:
        """Move a stale article's spans onto the new text; returns (placed, orphaned).

        Every layer of the article (gold and each analyst's) goes through the cascade
        of ``annotator.model.anchoring`` (exact, moved, fuzzy, orphaned) and is saved;
        ``last_reanchor`` holds the outcomes. Nothing is dropped: spans it cannot place
        stay in the file's ``orphans``. The old gold file is also kept as ``.bak``.
        """
        article = self.article
        if article is None or article.problem_kind != "stale":
            raise ReadOnlyError("only an article whose text changed can be re-anchored")
        self.store.backup_annotations(article.id)
        self.last_reanchor = reanchor_article(self.store, article.id, clock=self.clock)
        gold = next((o for layer, o in self.last_reanchor if layer == "gold"), [])
        orphaned = sum(1 for o in gold if o.status == "orphaned")
        self._docs.pop(article.id, None)
        self.open(article.id)
        return len(gold) - orphaned, orphaned

    def start_fresh(self) -> str:
        """Set a broken annotation file aside as ``.bak`` and start an empty one."""
        article = self.article
        if article is None or article.problem_kind != "broken":
            raise ReadOnlyError("only an article whose file is broken can start fresh")
        backup = self.store.backup_annotations(article.id, move=True)
        self._docs.pop(article.id, None)
        self.open(article.id)
        return str(backup)

    # -- questions for the UI -------------------------------------------------------------
    def missing(self, span: Span) -> list[str]:
        """What a span still lacks, for the claim panel's marks."""
        lacks = []
        if span.label in FACT_LABELS and not span.facts:
            lacks.append("needs a fact")
        if span.label == "attributed" and not span.attribution:
            lacks.append("needs attribution")
        if span.facts:
            known = self._known_fact_ids()
            lacks.extend(f"unknown fact {f}" for f in span.facts if f not in known)
        return lacks

    def _known_fact_ids(self) -> frozenset[str]:
        # Built once per registry (it is replaced, never changed in place), not per span:
        # the claim panel and the moves ask for every span of a 20,000-span article.
        cached = self._known_ids
        if cached is None or cached[0] is not self.registry:
            cached = self._known_ids = (
                self.registry,
                frozenset(f.id for f in self.registry.facts),
            )
        return cached[1]

    def has_incomplete(self) -> bool:
        """Whether a span of the open article still lacks something (a fact, an
        attribution, a known fact). check_action asks on every refresh: the count is
        kept per (doc, registry) and carried through each change by the spans it took
        out and put in (``_carry_incomplete``), so only a new article or registry
        counts every span."""
        article = self.article
        if article is None:
            return False
        cached = self._incomplete
        if cached is None or cached[0] is not article.doc or cached[1] is not self.registry:
            count = sum(1 for span in article.doc.spans if self.missing(span))
            cached = self._incomplete = (article.doc, self.registry, count)
        return cached[2] > 0

    def _carry_incomplete(
        self,
        before: AnnotationFile,
        after: AnnotationFile,
        out: Sequence[object],
        into: Sequence[object],
    ) -> None:
        cached = self._incomplete
        if cached is None or cached[0] is not before or cached[1] is not self.registry:
            return  # worked out afresh when next asked
        count = cached[2]
        count -= sum(1 for s in out if isinstance(s, Span) and self.missing(s))
        count += sum(1 for s in into if isinstance(s, Span) and self.missing(s))
        self._incomplete = (after, self.registry, count)


def _docs_spans(doc: AnnotationFile) -> list[Span]:
    """Every span of a file that can link facts: its spans, orphans, conflict sides."""
    spans = list(doc.spans) + [o.span for o in doc.orphans]
    for record in doc.conflicts:
        spans += [s for s in (record.base, record.a, record.b) if s is not None]
    return spans


def _links_any(doc: AnnotationFile, fact_ids: set[str]) -> bool:
    return any(fact_ids.intersection(s.facts) for s in _docs_spans(doc))


def _file_uses(
    layer: str, article_id: str, path: Path, doc: AnnotationFile
) -> list[tuple[str, FactUse]]:
    """(fact id, use) for every link of one file, in text order: its spans, then its
    orphans, then its conflict records (once per record and fact: the first of the
    sides a, b, base that links it)."""
    out: list[tuple[str, FactUse]] = []
    groups: tuple[tuple[UseKind, list[Span]], ...] = (
        ("span", doc.sorted_spans()),
        ("orphan", [o.span for o in doc.orphans]),
    )
    for kind, spans in groups:
        for span in spans:
            use = FactUse(layer, article_id, span, path, kind)
            out += [(fact_id, use) for fact_id in dict.fromkeys(span.facts)]
    for record in doc.conflicts:
        first: dict[str, Span] = {}
        for side in (s for s in (record.a, record.b, record.base) if s is not None):
            for fact_id in side.facts:
                first.setdefault(fact_id, side)
        out += [
            (fact_id, FactUse(layer, article_id, side, path, "conflict"))
            for fact_id, side in first.items()
        ]
    return out


def _relinked(doc: AnnotationFile, relink: Callable[[list[str]], list[str]]) -> AnnotationFile:
    """The file with every span's (orphan's, conflict side's) facts passed through relink."""

    def span(s: Span) -> Span:
        facts = relink(list(s.facts))
        return s if facts == list(s.facts) else s.model_copy(update={"facts": facts})

    def side(s: Span | None) -> Span | None:
        return None if s is None else span(s)

    return doc.model_copy(
        update={
            "spans": [span(s) for s in doc.spans],
            "orphans": [o.model_copy(update={"span": span(o.span)}) for o in doc.orphans],
            "conflicts": [
                c.model_copy(update={"base": side(c.base), "a": side(c.a), "b": side(c.b)})
                for c in doc.conflicts
            ],
        }
    )


def _unique_ids(doc: AnnotationFile) -> tuple[AnnotationFile, str | None]:
    """Give every span after the first with an id already used a new id (in memory).

    Changes are keyed by span id, so two spans sharing one would be edited together.
    The file itself changes only with the next saved change (which then validates).
    """
    seen: set[str] = set()
    renamed: list[str] = []
    spans: list[Span] = []
    taken = {s.id for s in doc.spans}
    for span in doc.spans:
        if span.id in seen:
            new_id = new_span_id()
            while new_id in taken:
                new_id = new_span_id()
            taken.add(new_id)
            renamed.append(f"{span.id} -> {new_id}")
            span = span.model_copy(update={"id": new_id})
        seen.add(span.id)
        spans.append(span)
    if not renamed:
        return doc, None
    notice = (
        f"{len(renamed)} span{'s' if len(renamed) > 1 else ''} shared an id with "
        f"another and got a new one ({', '.join(renamed)}); saved with the next change"
    )
    return doc.model_copy(update={"spans": spans}), notice


def _differences(
    base: list[Fact] | list[Span] | list[SpanConflict],
    ours: list[Fact] | list[Span] | list[SpanConflict],
) -> int:
    """Items (by id) added, removed or changed between two lists."""
    before = {item.id: item for item in base}
    after = {item.id: item for item in ours}
    return sum(1 for key in before.keys() | after.keys() if before.get(key) != after.get(key))
