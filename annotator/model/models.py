"""The data model: annotation files and the fact registry (pydantic v2, strict).

Unknown fields are rejected everywhere. Field docstrings flow into the JSON Schemas
that ``annotator schema`` writes to ``schemas/``.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from operator import attrgetter
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from annotator.model.text import context

Label = Literal["confirmed", "disputed", "attributed", "opinion"]
#: How far the analyst got with an article (``status`` of an annotation file).
ArticleStatus = Literal["done", "in-progress"]
#: The four labels, in key order (1..4).
LABELS: tuple[Label, ...] = ("confirmed", "disputed", "attributed", "opinion")
#: A glyph per label, so colour is never the only cue (panel, list, report).
LABEL_GLYPHS: dict[str, str] = {
    "confirmed": "✔",
    "disputed": "✘",
    "attributed": "❝",
    "opinion": "◇",
}
#: Labels that make a claim about a fact and so must link at least one.
FACT_LABELS: frozenset[str] = frozenset({"confirmed", "disputed"})

SCHEMA_VERSION = 1
ANNOTATION_SCHEMA_REF = "../schemas/annotation.schema.json"
FACTS_SCHEMA_REF = "../schemas/facts.schema.json"

TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$"
FACT_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SPAN_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
ARTICLE_ID_PATTERN = r"^[^/\\\x00-\x1f]+$"


def _check_timestamp(value: str) -> str:
    # The pattern guarantees the shape; this rejects impossible dates like 2023-02-30.
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


Timestamp = Annotated[
    str,
    Field(pattern=TIMESTAMP_PATTERN, description="RFC 3339 timestamp in UTC (ends in Z)."),
    AfterValidator(_check_timestamp),
]
FactId = Annotated[str, Field(pattern=FACT_ID_PATTERN, min_length=1, max_length=120)]


def now() -> str:
    """The current time as an RFC 3339 UTC timestamp with second precision."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_span_id() -> str:
    """A short random id, unique within a file for all practical purposes."""
    return "s-" + secrets.token_hex(5)


class _Strict(BaseModel):
    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=False,
        use_attribute_docstrings=True,
        populate_by_name=True,
    )


AnchorStatus = Literal["moved", "fuzzy"]
#: Every outcome of re-anchoring one span (``exact`` and ``orphaned`` are never written
#: on a span: an exact span did not change, an orphan goes to the file's ``orphans``).
OutcomeStatus = Literal["exact", "moved", "fuzzy", "orphaned"]


class AnchorWas(_Strict):
    """Where a re-anchored span was before, in the text its file was made on."""

    start: Annotated[int, Field(ge=0)]
    """The old start offset."""
    end: Annotated[int, Field(ge=1)]
    """The old end offset."""
    quote: str
    """The old quote."""


class Anchor(_Strict):
    """How the span was last re-anchored onto a changed text (absent: never, or accepted)."""

    status: AnchorStatus
    """moved: the same text (up to quote marks, dashes and white space) found elsewhere;
    fuzzy: similar text found, the analyst should review it."""
    score: Annotated[float, Field(ge=0, le=1)]
    """How well the new place matches the old quote and context (1 is perfect)."""
    was: AnchorWas
    """The span's offsets and quote before re-anchoring."""


class SpanSource(_Strict):
    """An analyst's span a gold span was adjudicated from."""

    layer: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]
    """The analyst whose layer held it (``annotations/by/<layer>/``)."""
    span: Annotated[str, Field(pattern=SPAN_ID_PATTERN, max_length=64)]
    """That span's id in the analyst's file."""


class Adjudicated(_Strict):
    """Who marked a gold file's article as adjudicated, and when."""

    by: str
    """The adjudicator."""
    at: Timestamp
    """When the article was marked adjudicated."""


class Span(_Strict):
    """One claim: a range of the article text with a label and linked facts."""

    # Frozen: a change is a new Span (model_copy). The editor's undo steps and the
    # store's per-span byte cache tell spans apart by identity.
    model_config = ConfigDict(**{**_Strict.model_config, "frozen": True})

    id: Annotated[str, Field(pattern=SPAN_ID_PATTERN, max_length=64)]
    """Stable id, unique within the file."""
    start: Annotated[int, Field(ge=0)]
    """Offset of the first code point (Unicode code points into the canonical text)."""
    end: Annotated[int, Field(ge=1)]
    """Offset just past the last code point (end exclusive); greater than start."""
    quote: str
    """The text at the offsets: ``text[start:end]``."""
    prefix: Annotated[str, Field(max_length=32)]
    """Up to 32 code points of text just before the span (W3C TextQuoteSelector)."""
    suffix: Annotated[str, Field(max_length=32)]
    """Up to 32 code points of text just after the span."""
    label: Label
    """The analyst's judgement: confirmed, disputed, attributed or opinion."""
    facts: list[FactId]
    """Ids of the canonical facts this claim is about (from facts.json)."""
    attribution: str | None
    """Who says so, for attributed claims; null when not given."""
    note: str | None
    """Free text from the analyst; null when none."""
    author: str
    """Who made the span."""
    created: Timestamp
    """When the span was created."""
    modified: Timestamp
    """When the span was last changed."""
    anchor: Anchor | None = Field(default=None, exclude_if=lambda value: value is None)
    """Set when re-anchoring moved the span or matched it approximately; omitted otherwise."""
    sources: list[SpanSource] = Field(default_factory=list, exclude_if=lambda value: not value)
    """For a gold span: the analysts' spans it was adjudicated from; omitted when none."""

    @model_validator(mode="after")
    def _range(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        return self

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.id)

    @classmethod
    def create(
        cls,
        text: str,
        start: int,
        end: int,
        label: Label,
        *,
        author: str,
        facts: list[str] | None = None,
        attribution: str | None = None,
        note: str | None = None,
        span_id: str | None = None,
        timestamp: str | None = None,
    ) -> Span:
        """A new span over ``text[start:end]`` with quote and context filled in."""
        stamp = timestamp or now()
        prefix, suffix = context(text, start, end)
        return cls(
            id=span_id or new_span_id(),
            start=start,
            end=end,
            quote=text[start:end],
            prefix=prefix,
            suffix=suffix,
            label=label,
            facts=list(facts or []),
            attribution=attribution,
            note=note,
            author=author,
            created=stamp,
            modified=stamp,
        )


#: ``Span.sort_key`` as a C-level key function (sorting 20,000 spans on every save).
SPAN_ORDER = attrgetter("start", "end", "id")


class ArticleRef(_Strict):
    """Which article an annotation file belongs to, and the text it was made on."""

    id: Annotated[str, Field(pattern=ARTICLE_ID_PATTERN, min_length=1)]
    """The article id: the corpus file's stem."""
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    """sha256 of the canonical text's UTF-8 bytes when the spans were made."""


class Orphan(_Strict):
    """A span re-anchoring could not place on the changed text, kept until the analyst
    re-attaches or deletes it."""

    span: Span
    """The span as it was, its selectors (offsets, quote, prefix, suffix) into the old text."""
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    """sha256 of the text the span's selectors refer to."""
    orphaned: Timestamp
    """When re-anchoring gave up on it."""
    score: Annotated[float, Field(ge=0, le=1)]
    """The best candidate's score (0 when there was none)."""


class SpanConflict(_Strict):
    """A span two branches changed in ways that cannot both be kept (``annotator merge-driver``).

    ``a`` and ``b`` are the two branches' versions in a canonical order (a deleted side,
    null, first; otherwise by content), so merging either way round writes the same
    file. Resolving keeps ``base``, ``a`` or ``b`` (null: no span) and drops the record.
    """

    id: Annotated[str, Field(pattern=SPAN_ID_PATTERN, max_length=64)]
    """The conflicting span's id (for a claim added on both branches: the smaller id)."""
    reason: str
    """What collided, for people: which fields changed differently, or deleted vs changed."""
    base: Span | None
    """The span in the common ancestor; null when both branches added it."""
    a: Span | None
    """One branch's version; null when that branch deleted the span."""
    b: Span | None
    """The other branch's version; null when that branch deleted the span."""

    @model_validator(mode="after")
    def _one_side(self) -> SpanConflict:
        if self.a is None and self.b is None:
            raise ValueError("a conflict needs at least one side (a or b)")
        return self


class AnnotationFile(_Strict):
    """``annotations/<article-id>.json``: every span of one article."""

    schema_: str = Field(default=ANNOTATION_SCHEMA_REF, alias="$schema")
    """Relative link to the JSON Schema, for editors."""
    version: Literal[1] = 1
    """Format version."""
    article: ArticleRef
    """The article and its text's hash."""
    spans: list[Span]
    """Spans sorted by (start, end, id)."""
    orphans: list[Orphan] = Field(default_factory=list, exclude_if=lambda value: not value)
    """Spans lost when the article text changed (omitted when there are none)."""
    conflicts: list[SpanConflict] = Field(default_factory=list, exclude_if=lambda value: not value)
    """Unresolved merge conflicts, sorted by id; omitted from the file when there are none."""
    status: ArticleStatus | None = Field(default=None, exclude_if=lambda value: value is None)
    """``done`` when the analyst finished the article, ``in-progress`` while they work on
    it; omitted when never set."""
    adjudicated: Adjudicated | None = Field(default=None, exclude_if=lambda value: value is None)
    """Set on a gold file when an adjudicator marked the article done; omitted otherwise."""

    def sorted_spans(self) -> list[Span]:
        return sorted(self.spans, key=SPAN_ORDER)


class Fact(_Strict):
    """A canonical fact in the shared registry."""

    id: FactId
    """A kebab-case slug, unique in the registry."""
    statement: Annotated[str, Field(min_length=1)]
    """One canonical sentence."""
    note: str | None
    """Sources, caveats; null when none."""
    author: str
    """Who added the fact."""
    created: Timestamp
    """When the fact was added."""
    modified: Timestamp
    """When the fact was last changed."""


class FactConflict(_Strict):
    """A fact two branches changed in ways that cannot both be kept (``annotator merge-driver``).

    Same shape and rules as a span conflict: ``a`` and ``b`` in a canonical order.
    """

    id: FactId
    """The conflicting fact's id."""
    reason: str
    """What collided, for people."""
    base: Fact | None
    """The fact in the common ancestor; null when both branches added it."""
    a: Fact | None
    """One branch's version; null when that branch deleted the fact."""
    b: Fact | None
    """The other branch's version; null when that branch deleted the fact."""

    @model_validator(mode="after")
    def _one_side(self) -> FactConflict:
        if self.a is None and self.b is None:
            raise ValueError("a conflict needs at least one side (a or b)")
        return self


class FactRegistry(_Strict):
    """``annotations/facts.json``: the shared registry of canonical facts."""

    schema_: str = Field(default=FACTS_SCHEMA_REF, alias="$schema")
    """Relative link to the JSON Schema, for editors."""
    version: Literal[1] = 1
    """Format version."""
    facts: list[Fact]
    """Facts sorted by id."""
    conflicts: list[FactConflict] = Field(default_factory=list, exclude_if=lambda value: not value)
    """Unresolved merge conflicts, sorted by id; omitted from the file when there are none."""

    def by_id(self) -> dict[str, Fact]:
        return {fact.id: fact for fact in self.facts}
