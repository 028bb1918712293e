"""`annotator report` and the fact matrix: goldens, disagreement flag, hostile text.

Regenerate the goldens after a deliberate change with:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_report.py
"""

from __future__ import annotations

import html.parser
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.model.matrix import build_matrix
from annotator.model.models import Fact, FactRegistry, Span
from annotator.model.text import sha256_text
from annotator.report.render import render_html, render_markdown, render_text
from annotator.store.dataset import load_dataset
from annotator.store.jsonio import dumps
from tests.helpers import ANNOTATIONS, CORPUS, DATA

GOLDEN = DATA.parent / "golden" / "report"
FILES = {"text": "report.txt", "markdown": "report.md", "html": "report.html"}


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", "report", *args],
        cwd=cwd,
        capture_output=True,
        timeout=120,
    )


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_report_goldens_from_the_real_command(workspace: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / FILES[fmt]
    proc = cli(workspace, "--format", fmt, "--output", str(out), "--width", "180")
    assert proc.returncode == 0, proc.stderr.decode()
    content = out.read_bytes()
    golden = GOLDEN / FILES[fmt]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(content)
    assert content == golden.read_bytes()


def test_disagreement_is_flagged_where_sources_disagree() -> None:
    matrix = build_matrix(load_dataset([ANNOTATIONS], CORPUS))
    flagged = {row.fact_id for row in matrix.rows if row.disagree}
    assert flagged == {
        "kcna-confirmed-visit",
        "kremlin-announced-official-visit",
        "moscow-pyongyang-deny-arms-deal",
        "pyongyang-vladivostok-distance",
        "us-dprk-talks-broke-down-2019",
    }
    distance = next(r for r in matrix.rows if r.fact_id == "pyongyang-vladivostok-distance")
    assert distance.cells["efe-kim-train"].labels == ["confirmed"]
    assert distance.cells["sghir-vladivostok-summit"].labels == ["disputed"]
    assert distance.cells["sghir-vladivostok-summit"].span_ids == ["sgh-12"]
    assert sum(matrix.coverage["afp-kim-leaves"].values()) == 17
    assert all(not span.facts for _, span in matrix.unlinked) and matrix.unlinked


def test_text_uses_distinct_glyphs_and_ascii_fallback(workspace: Path) -> None:
    text = cli(workspace, "--width", "200").stdout.decode()
    assert "✔" in text and "✘" in text and "❝" in text and "◇" in text and "⚠" in text
    ascii_text = cli(workspace, "--width", "200", "--ascii").stdout.decode()
    assert "✔" not in ascii_text and "Legend" not in ascii_text and " C " in ascii_text


HOSTILE = "Claim | with <script>alert(1)</script> [/] [bold]x[/bold] 😀 北\nsecond line"


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "h.txt").write_text(HOSTILE, "utf-8")
    stamp = "2026-01-01T00:00:00Z"
    spans = [
        Span.create(
            HOSTILE,
            0,
            len(HOSTILE),
            "disputed",
            author="t",
            facts=["f-one"],
            span_id="a",
            timestamp=stamp,
        ),
        Span.create(
            HOSTILE,
            HOSTILE.index("<script>"),
            len(HOSTILE),
            "opinion",
            author="t",
            span_id="b",
            timestamp=stamp,
        ),
    ]
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "h.json").write_bytes(
        dumps(
            {
                "$schema": "../schemas/annotation.schema.json",
                "version": 1,
                "article": {"id": "h", "sha256": sha256_text(HOSTILE)},
                "spans": [s.model_dump(mode="json") for s in spans],
            }
        )
    )
    (tmp_path / "annotations" / "facts.json").write_bytes(
        dumps(
            FactRegistry(
                facts=[
                    Fact(
                        id="f-one",
                        statement="A <b>fact</b> | with [red]markup[/red]",
                        note=None,
                        author="t",
                        created=stamp,
                        modified=stamp,
                    )
                ]
            )
        )
    )
    return tmp_path


def test_hostile_text_renders_safely_in_every_format(hostile: Path) -> None:
    data = load_dataset([hostile / "annotations"], hostile / "seeds")
    matrix = build_matrix(data)
    text = render_text(matrix, width=200)
    assert "[red]markup" in text and "[/] [bold]x[/bold]" in text  # shown, not applied
    markdown = render_markdown(matrix)
    table_lines = [lbl for lbl in markdown.splitlines() if lbl.startswith("| ")]
    columns = {lbl.count(" | ") - lbl.count("\\|") for lbl in table_lines[:3]}
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "<b>" not in markdown and "&lt;b&gt;fact&lt;/b&gt;" in markdown
    assert "\\|" in markdown and "second line" in markdown
    assert all("\n" not in line for line in table_lines) and columns
    page = render_html(matrix)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;fact&lt;/b&gt;" in page
    parser = html.parser.HTMLParser()
    parser.feed(page)  # well-formed enough to parse
    assert page.startswith("<!DOCTYPE html>") and "<link" not in page and "src=" not in page


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_real_command_on_hostile_text(hostile: Path, fmt: str) -> None:
    proc = cli(hostile, "--format", fmt, "--width", "160")
    assert proc.returncode == 0, proc.stderr.decode()
    assert "\x1b" not in proc.stdout.decode()


def test_broken_input_is_one_line(hostile: Path) -> None:
    (hostile / "annotations" / "h.json").write_bytes(b"{")
    proc = cli(hostile)
    assert proc.returncode == 1 and b"h.json:1:" in proc.stderr and b"Traceback" not in proc.stderr
