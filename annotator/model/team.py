"""``team.json``: who annotates what, beside the ``annotations/`` folder (pydantic, strict).

Gold stays ``annotations/<id>.json``; each analyst's independent layer is
``annotations/by/<analyst>/<id>.json`` in the same schema. The team file is optional.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from annotator.model.models import ARTICLE_ID_PATTERN, _Strict

TEAM_FILE = "team.json"
TEAM_SCHEMA_REF = "schemas/team.schema.json"
#: The reserved layer name of the top-level (adjudicated) files.
GOLD = "gold"
#: An analyst's name is also a folder name under ``annotations/by/``.
ANALYST_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def _not_gold(name: str) -> str:
    if name == GOLD:
        raise ValueError(f"{GOLD!r} names the adjudicated files, not an analyst")
    return name


AnalystName = Annotated[
    str, Field(pattern=ANALYST_PATTERN, min_length=1, max_length=64), AfterValidator(_not_gold)
]
ArticleId = Annotated[str, Field(pattern=ARTICLE_ID_PATTERN, min_length=1)]


class Team(_Strict):
    """``team.json``: analysts, adjudicators, assignments and blindness."""

    schema_: str = Field(default=TEAM_SCHEMA_REF, alias="$schema")
    """Relative link to the JSON Schema, for editors."""
    version: Literal[1] = 1
    """Format version."""
    analysts: list[AnalystName]
    """Everyone who makes an independent layer (``annotations/by/<name>/``); not ``gold``."""
    adjudicators: list[AnalystName] = Field(default_factory=list)
    """Who may write the gold files (``annotations/<id>.json``)."""
    assignments: dict[AnalystName, list[ArticleId]] = Field(default_factory=dict)
    """Analyst -> the article ids they annotate (absent: every article)."""
    blind: bool = True
    """Whether analysts work without seeing each other's layers or gold."""

    def assigned(self, analyst: str) -> list[str] | None:
        """The articles assigned to an analyst, or None when every article is."""
        return self.assignments.get(analyst)
