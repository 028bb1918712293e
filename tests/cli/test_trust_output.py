"""Issue 8 (trust), output: escape sequences from data never reach a terminal, CSV cells
never run as formulas, the markdown report never becomes live HTML, one unreadable
unannotated article blocks no export."""

from __future__ import annotations

import csv
import io
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

from markdown_it import MarkdownIt

from annotator.model.dataset import ArticleData, Dataset
from annotator.model.matrix import build_matrix
from annotator.model.models import AnnotationFile, ArticleRef, Fact, Span
from annotator.model.text import sha256_text
from annotator.report.render import render_markdown
from annotator.store.jsonio import dumps
from tests.helpers import read_json

STAMP = "2026-11-22T15:00:00Z"
ESC_NOTE = "see \x1b]0;pwned\x07 and \x1b[31mred\x1b[0m \x9b2J"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], cwd=cwd, capture_output=True, timeout=120
    )


def run_on_tty(cwd: Path, *args: str) -> bytes:
    """Run the real CLI with stdout on a pseudo-terminal; what the terminal received."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", *args], cwd=cwd, stdout=slave, stderr=subprocess.PIPE
    )
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
    return out


def _note_escape(workspace: Path) -> None:
    path = workspace / "annotations" / "afp-kim-leaves.json"
    data = read_json(path)
    data["spans"][0]["note"] = ESC_NOTE
    path.write_bytes(dumps(data))


def test_csv_on_a_terminal_shows_stand_ins_but_pipes_get_exact_bytes(workspace: Path) -> None:
    _note_escape(workspace)
    piped = run(workspace, "export", "--format", "csv")
    assert piped.returncode == 0 and b"\x1b]0;pwned\x07" in piped.stdout
    shown = run_on_tty(workspace, "export", "--format", "csv")
    assert b"\x1b" not in shown and b"\x07" not in shown and "\x9b".encode() not in shown
    assert "␛]0;pwned␇".encode() in shown
    jsonl = run_on_tty(workspace, "export", "--format", "jsonl")
    assert b"\x1b" not in jsonl  # orjson escapes controls in JSON strings anyway


def test_validator_and_report_never_print_raw_controls(workspace: Path) -> None:
    hostile = "evil\x1b]0;pwned\x07\nname"
    source = workspace / "annotations" / "afp-kim-leaves.json"
    (workspace / "annotations" / f"{hostile}.json").write_bytes(source.read_bytes())
    (workspace / "seeds" / f"{hostile}.txt").write_text("A short text.\n")
    result = run(workspace, "validate")
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "\x1b" not in out and "\x07" not in out
    assert "evil␛]0;pwned␇␊name.json" in out
    assert all(line.startswith(("annotations/", "6 files", "7 files")) for line in out.splitlines())
    for fmt in ("text", "markdown"):
        report = run(
            workspace,
            "report",
            "--format",
            fmt,
            "annotations/afp-kim-leaves.json",
            "annotations/facts.json",
        )
        assert report.returncode == 0, report.stderr
        assert b"\x1b" not in report.stdout and b"\x07" not in report.stdout
        assert "evil␛]0;pwned␇".encode() in report.stdout or fmt == "markdown"
    shown = run_on_tty(workspace, "report", "--format", "text", "--width", "200")
    assert b"\x1b]0" not in shown and b"\x07" not in shown


def test_errors_printed_with_stand_ins(workspace: Path) -> None:
    bad = workspace / "annotations" / "x\x1b[2J.json"
    bad.write_bytes(b"{")
    result = run(workspace, "export", "--format", "json", str(bad))
    assert result.returncode == 1 and b"\x1b" not in result.stderr + result.stdout
    assert "x␛[2J.json".encode() in result.stderr


def test_csv_guards_cells_against_formula_injection(workspace: Path) -> None:
    path = workspace / "annotations" / "afp-kim-leaves.json"
    data = read_json(path)
    hostile = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    for span, note in zip(data["spans"], hostile, strict=False):
        span["note"] = note
    path.write_bytes(dumps(data))
    out = workspace / "out.csv"
    assert run(workspace, "export", "--format", "csv", "--output", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode(), newline="")))
    notes = {r["note"] for r in rows if r["article_id"] == "afp-kim-leaves"}
    assert {"'" + h for h in hostile} <= notes
    assert not any(r[k].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for k in r)
    jsonl = run(workspace, "export", "--format", "jsonl").stdout.decode()
    assert '"note":"=HYPERLINK(\\"http://x\\")"' in jsonl  # jsonl keeps the data exact


def test_markdown_report_never_becomes_live_html() -> None:
    attacks = [
        "<img src=x onerror=alert(1)>",
        "`<img src=x onerror=alert(1)>`",
        "![x](javascript:alert(1))",
        "[click](javascript:alert(1))",
        "<script>alert(1)</script>",
        "``` <b>bold</b> ```",
        "a|b</td><td>",
        "\\`<i>x</i>",
    ]
    text = " ".join(attacks) + " end"
    spans = []
    facts = []
    for i, attack in enumerate(attacks):
        start = text.index(attack)
        facts.append(
            Fact(
                id=f"f-{i}", statement=attack, note=None, author="t", created=STAMP, modified=STAMP
            )
        )
        spans.append(
            Span.create(
                text,
                start,
                start + len(attack),
                "confirmed" if i % 2 else "opinion",
                author="t",
                facts=[f"f-{i}"] if i % 2 else [],
                timestamp=STAMP,
                span_id=f"s{i}",
            )
        )
    articles = [
        ArticleData(
            id=f"a`{attack}`",
            title=attack,
            outlet=attack,
            url=None,
            date=None,
            text=text,
            spans=spans if i == 0 else [],
        )
        for i, attack in enumerate(attacks)
    ]
    markdown = render_markdown(build_matrix(Dataset(articles, facts)))
    page = (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .enable("strikethrough")
        .render(markdown)
    )
    lowered = page.lower()
    for bad in ("<img", "<script", "<b>", "<i>", "<a ", "<code", "href="):
        assert bad not in lowered, bad
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # shown as text
    allowed = {
        "<br>",
        "<br />",
        "<table>",
        "</table>",
        "<thead>",
        "</thead>",
        "<tbody>",
        "</tbody>",
        "<tr>",
        "</tr>",
        "<th>",
        "</th>",
        "<td>",
        "</td>",
        "<h1>",
        "</h1>",
        "<h2>",
        "</h2>",
        "<p>",
        "</p>",
        "<strong>",
        "</strong>",
    }
    # Every tag in the page is one the report itself writes: no tag or attribute from data.
    tags = {re.sub(r'\s+style="[^"]*"', "", t) for t in re.findall(r"<[^>]+>", page)}
    assert tags <= allowed, tags - allowed


def test_unreadable_unannotated_article_is_skipped_with_a_warning(workspace: Path) -> None:
    (workspace / "seeds" / "latin1.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    for fmt in ("json", "csv", "w3c"):
        result = run(workspace, "export", "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert b"latin1.txt" in result.stderr and b"skipped" in result.stderr
    report = run(workspace, "report", "--format", "markdown")
    assert report.returncode == 0 and b"latin1.txt" in report.stderr
    # An annotated article that cannot be read is still an error.
    doc = AnnotationFile(article=ArticleRef(id="latin1", sha256=sha256_text("x")), spans=[])
    (workspace / "annotations" / "latin1.json").write_bytes(dumps(doc))
    assert run(workspace, "export", "--format", "json", "--force").returncode == 1
