"""Run documents through the W3C Web Annotation test suite's "must" assertion schemas.

The schemas (draft-04, relative ids) are in ../shared/w3c-web-annotation/schemas; every
$ref resolves locally. An assertion with expectedResult "valid" fails when the document
does not validate, one with "invalid" when it does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from jsonschema import Draft4Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "w3c-web-annotation" / "schemas"
CONTEXT = SUITE.parent / "anno.jsonld"


def _registry() -> Registry:
    resources = []
    for path in SUITE.rglob("*.json"):
        schema = orjson.loads(path.read_bytes())
        if isinstance(schema, dict) and "id" in schema:
            resources.append((schema["id"], DRAFT4.create_resource(schema)))
    return Registry().with_resources(resources)


def must_assertions(manifest: str) -> list[dict[str, Any]]:
    test = orjson.loads((SUITE / manifest).read_bytes())
    return [orjson.loads((SUITE / name).read_bytes()) for name in test["assertions"]]


def failures(document: Any, manifest: str) -> list[str]:
    """Messages of every must assertion in ``manifest`` the document fails."""
    registry = _registry()
    out = []
    for schema in must_assertions(manifest):
        valid = Draft4Validator(schema, registry=registry).is_valid(document)
        expected = schema.get("expectedResult", "valid") == "valid"
        if valid != expected:
            out.append(f"{schema['id']}: {schema.get('errorMessage', '')}")
    return out


def context_terms() -> set[str]:
    context = orjson.loads(CONTEXT.read_bytes())["@context"]
    return set(context) | {"@context", "@id", "@type"}
