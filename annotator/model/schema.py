"""JSON Schemas generated from the models (``annotator schema`` writes them)."""

from __future__ import annotations

from typing import Any

from annotator.model.models import AnnotationFile, FactRegistry
from annotator.model.team import Team

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _schema(model: type, schema_id: str, title: str) -> dict[str, Any]:
    body = model.model_json_schema(by_alias=True, mode="validation")  # type: ignore[attr-defined]
    return {"$schema": DIALECT, "$id": schema_id, **body, "title": title}


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema document, for every committed schema."""
    return {
        "annotation.schema.json": _schema(
            AnnotationFile, "annotation.schema.json", "annotator annotation file"
        ),
        "facts.schema.json": _schema(FactRegistry, "facts.schema.json", "annotator fact registry"),
        "team.schema.json": _schema(Team, "team.schema.json", "annotator team file"),
    }
