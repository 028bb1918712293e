"""One test per validator rule: a minimal bad file finds the code, its fixed twin does not."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.model.models import Fact, FactRegistry, Label, Span
from annotator.model.text import sha256_text
from annotator.store.jsonio import dumps
from annotator.validate import validate_paths
from annotator.validate.codes import CODES

TEXT = "Kim’s train “left” Pyongyang on Sunday.\nIt is 700 km to Vladivostok, officials said.\n"
STAMP = "2026-01-01T00:00:00Z"


def _span(sid: str, quote: str, label: Label, **kw: Any) -> dict[str, Any]:
    start = TEXT.index(quote)
    span = Span.create(
        TEXT, start, start + len(quote), label, author="t", span_id=sid, timestamp=STAMP, **kw
    )
    return span.model_dump(mode="json")


def base_annotation() -> dict[str, Any]:
    return {
        "$schema": "../schemas/annotation.schema.json",
        "version": 1,
        "article": {"id": "kim", "sha256": sha256_text(TEXT)},
        "spans": [
            _span("a", "Kim’s train “left” Pyongyang", "confirmed", facts=["departure"]),
            _span("b", "700 km", "disputed", facts=["distance"]),
            _span("c", "officials said", "attributed", attribution="officials"),
        ],
    }


def base_registry() -> dict[str, Any]:
    return FactRegistry(
        facts=[
            Fact(
                id=i,
                statement=f"{i} statement.",
                note=None,
                author="t",
                created=STAMP,
                modified=STAMP,
            )
            for i in ("departure", "distance")
        ]
    ).model_dump(mode="json", by_alias=True)


def write(
    folder: Path,
    annotation: Any,
    registry: Any,
    extra: dict[str, Any] | None = None,
    raw: bytes | None = None,
) -> Path:
    corpus = folder / "seeds"
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "kim.txt").write_text(TEXT, "utf-8")
    (corpus / "other.txt").write_text("Other article.\n", "utf-8")
    ann = folder / "annotations"
    ann.mkdir(exist_ok=True)
    (ann / "facts.json").write_bytes(dumps(registry))
    (ann / "kim.json").write_bytes(raw if raw is not None else dumps(annotation))
    for name, data in (extra or {}).items():
        (ann / name).write_bytes(dumps(data))
    return folder


def codes_for(folder: Path) -> set[str]:
    result = validate_paths([folder / "annotations"], folder / "seeds")
    return {f.code for f in result.findings}


Mutation = Callable[[dict[str, Any], dict[str, Any]], None]


def _set(path: tuple[Any, ...], value: Any, target: str = "ann") -> Mutation:
    def mutate(ann: dict[str, Any], reg: dict[str, Any]) -> None:
        node: Any = ann if target == "ann" else reg
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


def _dup_span(ann: dict[str, Any], reg: dict[str, Any]) -> None:
    ann["spans"].append(copy.deepcopy(ann["spans"][0]))


def _same_range_label(ann: dict[str, Any], reg: dict[str, Any]) -> None:
    twin = copy.deepcopy(ann["spans"][0])
    twin["id"] = "a2"
    ann["spans"].append(twin)


def _confirmed_and_disputed(ann: dict[str, Any], reg: dict[str, Any]) -> None:
    twin = copy.deepcopy(ann["spans"][0])
    twin["id"], twin["label"] = "a2", "disputed"
    ann["spans"].append(twin)


def _dup_fact(ann: dict[str, Any], reg: dict[str, Any]) -> None:
    reg["facts"].append(copy.deepcopy(reg["facts"][0]))


def _remove_field(ann: dict[str, Any], reg: dict[str, Any]) -> None:
    del ann["spans"][0]["author"]


def _text_changed(ann: dict[str, Any], reg: dict[str, Any]) -> None:
    ann["article"]["sha256"] = "0" * 64


def _orphan(ann: dict[str, Any], reg: dict[str, Any]) -> None:
    span = ann["spans"].pop(1)
    ann["orphans"] = [{"span": span, "sha256": "0" * 64, "orphaned": STAMP, "score": 0.4}]


FUZZY = {"status": "fuzzy", "score": 0.9, "was": {"start": 30, "end": 36, "quote": "800 km"}}


def _span_conflict(ann: dict[str, Any], reg: dict[str, Any]) -> None:
    span = ann["spans"].pop(2)
    ann["conflicts"] = [
        {
            "id": span["id"],
            "reason": "note changed differently on both branches",
            "base": span,
            "a": {**span, "note": "x"},
            "b": {**span, "note": "y"},
        }
    ]


def _fact_conflict(ann: dict[str, Any], reg: dict[str, Any]) -> None:
    fact = copy.deepcopy(reg["facts"][0])
    reg["conflicts"] = [
        {
            "id": fact["id"],
            "reason": "deleted on one branch, changed on the other (statement)",
            "base": fact,
            "a": None,
            "b": {**fact, "statement": "Changed."},
        }
    ]


RULES: list[tuple[str, Mutation]] = [
    ("E102", _remove_field),
    ("E102", _set(("spans", 0, "label"), "rumour")),
    ("E102", _set(("spans", 0, "created"), "2026-13-01T00:00:00Z")),
    ("E102", _set(("spans", 0, "start"), -1)),
    ("E102", _set(("spans", 0, "colour"), "red")),
    ("E201", _set(("article", "id"), "nope")),
    ("E202", _text_changed),
    ("E203", _set(("article", "id"), "other")),
    ("E301", _set(("spans", 1, "end"), len(TEXT) + 3)),
    ("E302", _set(("spans", 1, "end"), TEXT.index("700 km"))),
    ("E303", _set(("spans", 1, "quote"), "200 km")),
    ("E304", _set(("spans", 1, "prefix"), "wrong")),
    ("E304", _set(("spans", 1, "suffix"), "wrong")),
    ("E305", _dup_span),
    ("E306", _same_range_label),
    ("E307", _confirmed_and_disputed),
    ("E308", _span_conflict),
    ("E401", _set(("spans", 0, "facts"), ["no-such-fact"])),
    ("E402", _set(("spans", 0, "facts"), [])),
    ("E403", _set(("spans", 2, "attribution"), None)),
    ("E403", _set(("spans", 2, "attribution"), "  ")),
    ("E404", _dup_fact),
    ("E405", _set(("facts", 0, "statement"), "", "reg")),
    ("E405", _set(("facts", 0, "statement"), "   ", "reg")),
    ("E406", _set(("facts", 1, "id"), "Bad Id", "reg")),
    ("E407", _fact_conflict),
    ("W501", _set(("spans", 1, "facts"), ["departure"])),
    ("W505", _set(("spans", 1, "anchor"), FUZZY)),
    ("W506", _orphan),
]


@pytest.mark.parametrize(
    ("code", "mutate"), RULES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(RULES)]
)
def test_rule_bad_and_fixed(tmp_path: Path, code: str, mutate: Mutation) -> None:
    fixed = write(
        tmp_path / "fixed", base_annotation(), base_registry(), extra={"other.json": _other()}
    )
    assert code not in codes_for(fixed)
    ann, reg = base_annotation(), base_registry()
    mutate(ann, reg)
    bad = write(tmp_path / "bad", ann, reg, extra={"other.json": _other()})
    assert code in codes_for(bad)


def _other() -> dict[str, Any]:
    return {
        "$schema": "../schemas/annotation.schema.json",
        "version": 1,
        "article": {"id": "other", "sha256": sha256_text("Other article.\n")},
        "spans": [
            Span.create(
                "Other article.\n", 0, 5, "opinion", author="t", span_id="o", timestamp=STAMP
            ).model_dump(mode="json")
        ],
    }


def test_invalid_json_and_not_utf8(tmp_path: Path) -> None:
    folder = write(tmp_path / "a", None, base_registry(), raw=b'{"version": 1,,}')
    result = validate_paths([folder / "annotations"], folder / "seeds")
    bad = [f for f in result.findings if f.code == "E101"]
    assert bad and bad[0].line == 1 and bad[0].col == 15
    folder = write(tmp_path / "b", None, base_registry(), raw=b'{"a": "\xff"}')
    assert "E100" in codes_for(folder)


def test_one_finding_per_schema_problem(tmp_path: Path) -> None:
    ann = base_annotation()
    ann["spans"][0]["label"] = "rumour"
    ann["spans"][1]["start"] = "zero"
    del ann["spans"][2]["author"]
    folder = write(tmp_path, ann, base_registry())
    result = validate_paths([folder / "annotations"], folder / "seeds")
    schema = sorted(f.pointer for f in result.findings if f.code == "E102")
    assert schema == ["spans[0].label", "spans[1].start", "spans[2].author"]
    assert all(f.line and f.col for f in result.findings if f.code == "E102")


def test_broken_span_does_not_hide_rules_on_others(tmp_path: Path) -> None:
    ann = base_annotation()
    ann["spans"][0]["label"] = "rumour"
    ann["spans"][1]["quote"] = "200 km"
    folder = write(tmp_path, ann, base_registry())
    assert {"E102", "E303"} <= codes_for(folder)


def test_text_changed_reports_spans_still_matching(tmp_path: Path) -> None:
    ann = base_annotation()
    _text_changed(ann, {})
    ann["spans"][1]["quote"] = "200 km"
    folder = write(tmp_path, ann, base_registry())
    result = validate_paths([folder / "annotations"], folder / "seeds")
    (finding,) = [f for f in result.findings if f.code == "E202"]
    assert "2 of 3 spans still match" in finding.message
    assert "E303" not in {f.code for f in result.findings}


def test_word_boundary_warnings(tmp_path: Path) -> None:
    ann = base_annotation()
    start = TEXT.index("700 km")
    inside = Span.create(
        TEXT, start + 1, start + 6, "opinion", author="t", span_id="w", timestamp=STAMP
    ).model_dump(mode="json")
    space = Span.create(
        TEXT, start - 1, start + 3, "opinion", author="t", span_id="x", timestamp=STAMP
    ).model_dump(mode="json")
    ann["spans"] += [inside, space]
    folder = write(tmp_path, ann, base_registry())
    result = validate_paths([folder / "annotations"], folder / "seeds")
    messages = sorted(f.message for f in result.findings if f.code == "W502")
    assert len(messages) == 2 and "inside a word" in messages[0] and "white space" in messages[1]


def test_article_without_annotations_and_cross_source_dispute(tmp_path: Path) -> None:
    folder = write(tmp_path, base_annotation(), base_registry())
    result = validate_paths([folder / "annotations"], folder / "seeds")
    assert any(f.code == "W503" and "'other'" in f.message for f in result.findings)
    other = _other()
    other_text = "Other article.\n"
    other["spans"] = [
        Span.create(
            other_text,
            0,
            5,
            "confirmed",
            author="t",
            span_id="o",
            facts=["distance"],
            timestamp=STAMP,
        ).model_dump(mode="json")
    ]
    folder = write(
        tmp_path / "two", base_annotation(), base_registry(), extra={"other.json": other}
    )
    result = validate_paths([folder / "annotations"], folder / "seeds")
    (w,) = [f for f in result.findings if f.code == "W504"]
    assert "confirmed by other" in w.message and "disputed by kim" in w.message
    assert w.path.endswith("facts.json") and w.line is not None


def test_missing_registry_is_an_error(tmp_path: Path) -> None:
    folder = write(tmp_path, base_annotation(), base_registry())
    (folder / "annotations" / "facts.json").unlink()
    assert "E104" in codes_for(folder)


def test_every_code_is_documented() -> None:
    readme = Path("README.md").read_text("utf-8")
    for code, (_severity, title) in CODES.items():
        assert f"`{code}`" in readme, f"{code} ({title}) missing from README"


def test_conflict_records_are_located_and_explained(tmp_path: Path) -> None:
    ann, reg = base_annotation(), base_registry()
    _span_conflict(ann, reg)
    _fact_conflict(ann, reg)
    folder = write(tmp_path, ann, reg)
    result = validate_paths([folder / "annotations"], folder / "seeds")
    by_code = {f.code: f for f in result.findings}
    span, fact = by_code["E308"], by_code["E407"]
    assert span.pointer == "conflicts[0]" and span.line and span.col
    assert span.message.startswith(
        "conflicts[0]: unresolved merge conflict on span 'c': note "
        "changed differently on both branches; keep base, a or b"
    )
    assert fact.path.endswith("facts.json") and "fact 'departure'" in fact.message
    assert all(f.code not in {"E102", "E101"} for f in result.findings)
