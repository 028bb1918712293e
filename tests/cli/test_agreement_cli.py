"""The real `annotator agree` command on a workspace with analysts' layers, and the
validator's layer and team.json rules."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from annotator.store.layers import (
    discover_layers,
    layer_of_file,
    load_team,
    registry_for,
    team_path,
)
from tests.helpers import ROOT

ARTICLES = ["efe-kim-train", "afp-kim-leaves", "yonhap-special-train"]


def run(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The installed console script, as a user runs it.
    command = str(Path(sys.executable).parent / "annotator")
    return subprocess.run(
        [command, *args], capture_output=True, text=True, cwd=workspace, timeout=120
    )


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


@pytest.fixture()
def layered(workspace: Path) -> Path:
    """by/ana: copies of three gold files; by/bo: the same with changes a second analyst makes."""
    gold = workspace / "annotations"
    for article in ARTICLES:
        (gold / "by" / "ana").mkdir(parents=True, exist_ok=True)
        shutil.copy(gold / f"{article}.json", gold / "by" / "ana" / f"{article}.json")
        doc = orjson.loads((gold / f"{article}.json").read_bytes())
        if article == "efe-kim-train":
            doc["spans"][0]["label"] = (
                "opinion" if doc["spans"][0]["label"] != "opinion" else "confirmed"
            )
            doc["spans"][0]["facts"] = []
            del doc["spans"][1]
        write_json(gold / "by" / "bo" / f"{article}.json", doc)
    return workspace


def spans_of(path: Path) -> set[tuple[int, int, str]]:
    return {(s["start"], s["end"], s["label"]) for s in orjson.loads(path.read_bytes())["spans"]}


def test_discover_layers(layered: Path) -> None:
    layers = discover_layers(layered / "annotations")
    assert list(layers) == ["gold", "ana", "bo"]
    assert "facts" not in layers["gold"] and len(layers["gold"]) == 5
    assert sorted(layers["bo"]) == sorted(ARTICLES)
    path = layers["bo"]["efe-kim-train"]
    assert layer_of_file(path) == "bo" and layer_of_file(layers["gold"]["efe-kim-train"]) == "gold"
    assert registry_for(path) == layered / "annotations" / "facts.json"
    assert team_path(layered / "annotations") == layered / "team.json"
    assert load_team(layered / "annotations") is None


def test_agree_text_markdown_json(layered: Path) -> None:
    proc = run(layered, "agree")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "2 layers (ana, bo), 3 shared articles"
    assert any(line.startswith("ana ~ bo ") for line in lines)
    assert lines[-1].startswith("overall ")

    proc = run(layered, "agree", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = orjson.loads(proc.stdout)
    assert doc["layers"] == ["ana", "bo"] and doc["articles"] == sorted(ARTICLES)
    # Exact F1 from the files: every span of ana against bo, over the three articles.
    ana = bo = common = 0
    for article in ARTICLES:
        a = spans_of(layered / "annotations" / "by" / "ana" / f"{article}.json")
        b = spans_of(layered / "annotations" / "by" / "bo" / f"{article}.json")
        ana, bo, common = ana + len(a), bo + len(b), common + len(a & b)
    assert doc["overall"]["exact_f1"] == pytest.approx(2 * common / (ana + bo), abs=1e-12)
    assert doc["rows"][0]["layers"] == ["ana", "bo"]
    assert 0 < doc["overall"]["cohen_cp"] < 1 and 0 < doc["overall"]["u_alpha"] < 1

    proc = run(layered, "agree", "--format", "markdown", "--by", "article")
    assert proc.returncode == 0, proc.stderr
    table = [line for line in proc.stdout.splitlines() if line.startswith("|")]
    assert table[0].startswith("| article | exact F1 |") and table[1].startswith("|---|---:|")
    assert [row.split(" | ")[0] for row in table[2:]] == [
        "| afp-kim-leaves",
        "| efe-kim-train",
        "| yonhap-special-train",
        "| overall",
    ]
    # Copies agree perfectly: the unchanged articles' rows are all 1.000.
    assert "| afp-kim-leaves | 1.000 | 1.000 |" in proc.stdout


def test_agree_gold_against_a_copy_is_perfect(layered: Path) -> None:
    proc = run(layered, "agree", "--layers", "gold,ana", "--format", "json", "--by", "label")
    assert proc.returncode == 0, proc.stderr
    doc = orjson.loads(proc.stdout)
    assert all(v == 1.0 for v in doc["overall"].values())
    assert {row["label"] for row in doc["rows"]} <= {
        "confirmed",
        "disputed",
        "attributed",
        "opinion",
    }


def test_min_is_a_ci_gate(layered: Path) -> None:
    assert run(layered, "agree", "--min", "exact_f1=0.5", "--min", "u_alpha=0.1").returncode == 0
    proc = run(layered, "agree", "--min", "exact_f1=0.999", "--min", "alpha_cp=0.1")
    assert proc.returncode == 1
    assert "exact_f1" in proc.stderr and "below the bar 0.999" in proc.stderr
    assert "alpha_cp" not in proc.stderr
    for bad in ("exact=0.5", "exact_f1", "exact_f1=high"):
        proc = run(layered, "agree", "--min", bad)
        assert proc.returncode == 2 and proc.stderr.startswith("annotator: --min"), proc.stderr
        assert "Traceback" not in proc.stderr


def test_usage_errors(layered: Path, workspace: Path) -> None:
    proc = run(layered, "agree", "--layers", "ana,carol")
    assert proc.returncode == 2 and "unknown layer 'carol'" in proc.stderr
    proc = run(layered, "agree", "--layers", "ana")
    assert proc.returncode == 2 and "at least two layers" in proc.stderr
    shutil.rmtree(layered / "annotations" / "by")
    proc = run(workspace, "agree")
    assert proc.returncode == 2 and "at least two layers; found none" in proc.stderr


def test_layer_on_another_text_is_left_out(layered: Path) -> None:
    path = layered / "annotations" / "by" / "bo" / "efe-kim-train.json"
    doc = orjson.loads(path.read_bytes())
    doc["article"]["sha256"] = "0" * 64
    write_json(path, doc)
    proc = run(layered, "agree", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = orjson.loads(proc.stdout)
    assert "efe-kim-train" not in out["articles"]
    assert out["skipped"] == [
        {"article": "efe-kim-train", "reason": "made on a different text (sha256 differs) in bo"}
    ]
    # The two remaining articles are identical copies.
    assert out["overall"]["exact_f1"] == 1.0
    proc = run(layered, "validate")
    assert proc.returncode == 1
    w505 = [line for line in proc.stdout.splitlines() if " W507 " in line]
    assert len(w505) == 1 and w505[0].startswith(
        "annotations/by/bo/efe-kim-train.json:5:15: W507 article.sha256: layer 'bo'"
    )


def test_broken_team_json_is_a_located_error(layered: Path) -> None:
    (layered / "team.json").write_text('{\n  "analysts": ["ana", "bo"],\n  "blind": "yes"\n}\n')
    proc = run(layered, "agree")
    assert proc.returncode == 1
    assert proc.stderr.strip() == "annotator: team.json:3:12: blind: must be a valid boolean"
    proc = run(layered, "validate")
    assert proc.returncode == 1
    assert "team.json:3:12: E102 blind: must be a valid boolean" in proc.stdout.splitlines()


def test_validator_checks_team_json(layered: Path) -> None:
    write_json(
        layered / "team.json",
        {
            "analysts": ["ana"],
            "adjudicators": ["lead"],
            "assignments": {"ana": ["efe-kim-train"], "bo": ["afp-kim-leaves", "no-such-article"]},
            "blind": True,
        },
    )
    proc = run(layered, "validate", "--format", "json")
    found = {
        (f["path"], f["code"], f["pointer"])
        for f in orjson.loads(proc.stdout)["findings"]
        if f["path"] == "team.json"
    }
    assert found == {
        ("team.json", "E105", "assignments.bo"),
        ("team.json", "E201", "assignments.bo[1]"),
        ("team.json", "W508", "analysts"),
    }
    write_json(layered / "team.json", {"analysts": ["ana", "bo"], "blind": False})
    proc = run(layered, "validate")
    assert proc.returncode == 0, proc.stdout
    assert load_team(layered / "annotations") is not None


def test_validator_reports_per_layer(layered: Path) -> None:
    path = layered / "annotations" / "by" / "ana" / "afp-kim-leaves.json"
    path.write_bytes(path.read_bytes().replace(b'"label": "confirmed"', b'"label": "rumour"', 1))
    proc = run(layered, "validate")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    (bad,) = [line for line in lines if " E102 " in line]
    assert bad.startswith("annotations/by/ana/afp-kim-leaves.json:")
    assert "layer gold: 5 files, 74 spans: 0 errors, 0 warnings" in lines
    assert "layer ana: 3 files" in proc.stdout and "layer bo: 3 files" in proc.stdout
    ana = next(line for line in lines if line.startswith("layer ana:"))
    assert ana.endswith("1 error, 0 warnings")
    doc = orjson.loads(run(layered, "validate", "--format", "json").stdout)
    assert doc["summary"]["layers"]["ana"]["errors"] == 1
    assert doc["summary"]["layers"]["gold"] == {"files": 5, "spans": 74, "errors": 0, "warnings": 0}


def test_no_layers_no_layer_lines(workspace: Path) -> None:
    proc = run(workspace, "validate")
    assert proc.returncode == 0 and "layer " not in proc.stdout


def test_validating_one_layer_file_finds_the_shared_registry(layered: Path) -> None:
    proc = run(layered, "validate", "annotations/by/bo/efe-kim-train.json")
    assert proc.returncode == 0, proc.stdout
    assert "E104" not in proc.stdout
    assert proc.stdout.splitlines()[-2] == "layer bo: 1 file, 14 spans: 0 errors, 0 warnings"


def test_team_model_and_schema(tmp_path: Path) -> None:
    import jsonschema

    from annotator.errors import DataError
    from annotator.model.team import Team

    document = {
        "$schema": "schemas/team.schema.json",
        "version": 1,
        "analysts": ["ana", "bo"],
        "adjudicators": ["lead"],
        "assignments": {"ana": ["efe-kim-train"]},
        "blind": False,
    }
    team = Team.model_validate(document)
    assert team.assigned("ana") == ["efe-kim-train"] and team.assigned("bo") is None
    schema = orjson.loads((ROOT / "schemas" / "team.schema.json").read_bytes())
    jsonschema.validate(document, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "extra": 1}, schema)
    # 'gold' names the adjudicated files and cannot be an analyst.
    folder = tmp_path / "annotations"
    folder.mkdir()
    write_json(tmp_path / "team.json", {"analysts": ["ana", "gold"]})
    with pytest.raises(DataError) as caught:
        load_team(folder)
    assert str(caught.value).startswith(f"{tmp_path / 'team.json'}:")
    assert "analysts[1]" in str(caught.value) and "'gold' names the adjudicated" in str(
        caught.value
    )


def test_a_broken_layer_file_is_a_located_error(layered: Path) -> None:
    path = layered / "annotations" / "by" / "bo" / "afp-kim-leaves.json"
    path.write_bytes(path.read_bytes().replace(b'"label": "confirmed"', b'"label": "rumour"', 1))
    proc = run(layered, "agree")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    line = proc.stderr.strip()
    assert line.startswith("annotator: annotations/by/bo/afp-kim-leaves.json:")
    assert "label: must be 'confirmed', 'disputed', 'attributed' or 'opinion', got 'rumour'" in line


def test_validating_a_layer_folder_alone(layered: Path) -> None:
    # Cross-file rules read that layer's files when no gold file is given: the three
    # articles ana has are annotated, the other two have none (W503), and no fact linked
    # in those files is reported as unlinked.
    proc = run(layered, "validate", "--format", "json", "annotations/by/ana")
    assert proc.returncode == 0, proc.stdout
    findings = orjson.loads(proc.stdout)["findings"]
    w503 = sorted(f["path"] for f in findings if f["code"] == "W503")
    assert w503 == [
        "annotations/by/ana/national-post-train.json",
        "annotations/by/ana/sghir-vladivostok-summit.json",
    ]
    linked = {
        fact
        for article in ARTICLES
        for s in orjson.loads(
            (layered / "annotations" / "by" / "ana" / f"{article}.json").read_bytes()
        )["spans"]
        for fact in s["facts"]
    }
    unlinked = [f["message"] for f in findings if f["code"] == "W501"]
    assert unlinked and not any(repr(fact) in m for m in unlinked for fact in linked)


def test_a_folder_that_cannot_be_a_layer_is_flagged_not_used(layered: Path) -> None:
    by = layered / "annotations" / "by"
    shutil.copytree(by / "bo", by / "gold")
    shutil.copytree(by / "bo", by / "not an analyst")
    layers = discover_layers(layered / "annotations")
    assert list(layers) == ["gold", "ana", "bo"]
    assert layers["gold"]["efe-kim-train"] == layered / "annotations" / "efe-kim-train.json"
    proc = run(layered, "validate")
    w506 = [line for line in proc.stdout.splitlines() if " W508 " in line]
    assert w506 == [
        "annotations/by/gold: W508 folder by/gold/ is not an analyst name (letters, digits, "
        "_ . -; never 'gold'): its files are not checked",
        "annotations/by/not an analyst: W508 folder by/not an analyst/ is not an analyst name "
        "(letters, digits, _ . -; never 'gold'): its files are not checked",
    ]
    assert proc.returncode == 0
