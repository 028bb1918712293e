"""``manifest.json`` beside the articles: optional metadata per article id."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ArticleMeta(BaseModel):
    """Per-article metadata from the manifest; every field optional."""

    model_config = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True)

    outlet: str | None = None
    """The publishing outlet."""
    title: str | None = None
    """Headline; when absent, the first non-empty line of the text."""
    url: str | None = None
    """Where it was published."""
    date: str | None = None
    """Publication date (ISO 8601)."""


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    articles: dict[str, ArticleMeta] = {}
