"""The committed JSON Schemas are generated from the models and accept our files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
from jsonschema import Draft202012Validator

from annotator.model.models import Span
from annotator.model.schema import schemas
from annotator.store.jsonio import dumps
from tests.helpers import ANNOTATIONS

SCHEMAS = Path("schemas")


def test_committed_schemas_match_models() -> None:
    for name, schema in schemas().items():
        assert (SCHEMAS / name).read_bytes() == dumps(schema), f"run `annotator schema` ({name})"


def test_schema_check_command_reports_drift(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "annotator", "schema", "--output", str(tmp_path)]
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 1
    assert subprocess.run(run, capture_output=True).returncode == 0
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 0


def _validator(name: str) -> Draft202012Validator:
    schema = orjson.loads((SCHEMAS / name).read_bytes())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_independent_validator_accepts_every_committed_file() -> None:
    files = sorted(ANNOTATIONS.glob("*.json"))
    assert len(files) == 6, "facts.json and five annotation files are committed"
    annotation = _validator("annotation.schema.json")
    facts = _validator("facts.schema.json")
    for path in files:
        validator = facts if path.name == "facts.json" else annotation
        errors = list(validator.iter_errors(orjson.loads(path.read_bytes())))
        assert not errors, f"{path}: {errors[0].message}"


def test_independent_validator_rejects_what_the_model_rejects() -> None:
    text = "A claim in “quotes”."
    span = Span.create(text, 0, 7, "opinion", author="a", timestamp="2026-01-01T00:00:00Z")
    good = {
        "$schema": "../schemas/annotation.schema.json",
        "version": 1,
        "article": {"id": "x", "sha256": "0" * 64},
        "spans": [span.model_dump(mode="json")],
    }
    validator = _validator("annotation.schema.json")
    assert not list(validator.iter_errors(good))
    for field, value in [
        ("label", "rumour"),
        ("start", -1),
        ("created", "yesterday"),
        ("facts", ["Not A Slug"]),
        ("extra", 1),
    ]:
        bad = orjson.loads(orjson.dumps(good))
        bad["spans"][0][field] = value
        assert list(validator.iter_errors(bad)), field
