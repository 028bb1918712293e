"""``annotator ingest`` run as a user would: the real command in a subprocess on a copy of
the corpus, against saved pages and a local HTTP server (never the internet)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import orjson

from annotator.model.text import sha256_text
from tests.helpers import DATA

PAGES = DATA / "pages"
SALON_ID = "salon-com-despite-everything-us-emissions-dipped-in-2019"


def ingest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", "ingest", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_ingest_a_saved_page(workspace: Path) -> None:
    proc = ingest(workspace, str(PAGES / "salon.com.emissions.html"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.splitlines() == [
        f"added {SALON_ID}: Despite everything, U.S. emissions dipped in 2019 "
        "(Salon.com, 2020-01-10, Nathanael Johnson)",
        f"  text: seeds/{SALON_ID}.txt (2,711 code points)",
        f"  page: sources/{SALON_ID}.html",
    ]
    text = (workspace / "seeds" / f"{SALON_ID}.txt").read_text("utf-8")
    assert "total emissions fell 2 percent" in text
    assert (workspace / "sources" / f"{SALON_ID}.html").read_bytes() == (
        PAGES / "salon.com.emissions.html"
    ).read_bytes()
    entry = orjson.loads((workspace / "seeds" / "manifest.json").read_bytes())["articles"][SALON_ID]
    assert entry["source"]["extractor"] == "trafilatura 2.3.1"
    assert entry["source"]["fetched"].endswith("Z") and entry["source"]["origin"] is None
    # the new article validates (no annotations yet: a warning, not an error)
    check = subprocess.run(
        [sys.executable, "-m", "annotator", "validate"],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout
    assert f"W503 article {SALON_ID!r} has no annotations" in check.stdout


def test_ingest_a_url_with_id_and_url(workspace: Path, page_server: str) -> None:
    url = page_server + "/pages/phys.org.tool.html"
    proc = ingest(workspace, url, "--id", "phys-birch-tar", "--url", "https://phys.org/x")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("added phys-birch-tar: Flint flake tool partially covered")
    entry = orjson.loads((workspace / "seeds" / "manifest.json").read_bytes())["articles"][
        "phys-birch-tar"
    ]
    assert entry["url"] == "https://phys.org/x" and entry["source"]["origin"] == url
    assert entry["author"] == "Bob Yirka" and entry["outlet"] == "Phys.org"


def test_errors_are_one_line_naming_the_url_and_write_nothing(
    workspace: Path, page_server: str
) -> None:
    before = snapshot(workspace)
    cases = [
        (["/missing"], "HTTP 404 Not Found"),
        (["/slow", "--timeout", "0.3"], "timed out after 0.3 s"),
        (["/big", "--max-bytes", "50000"], "too large (200,012 bytes; the limit is 50,000)"),
        (["/json"], "not HTML (Content-Type: application/json)"),
        (["/empty"], "nothing extractable (no article text found in the page)"),
    ]
    for (path, *options), message in cases:
        proc = ingest(workspace, page_server + path, *options)
        assert proc.returncode == 1, (path, proc.stderr)
        assert proc.stdout == ""
        assert proc.stderr == f"annotator: {page_server}{path}: {message}\n"
    assert snapshot(workspace) == before


def test_file_errors(workspace: Path) -> None:
    (workspace / "notes.txt").write_text("plain text, not a page\n")
    proc = ingest(workspace, "notes.txt")
    assert (proc.returncode, proc.stderr) == (
        1,
        "annotator: notes.txt: not HTML (no HTML tag at the start of the page)\n",
    )
    proc = ingest(workspace, "missing.html")
    assert (proc.returncode, proc.stderr) == (2, "annotator: missing.html: no such file\n")
    proc = ingest(workspace, str(PAGES / "salon.com.emissions.html"), "--id", "a/b")
    assert proc.returncode == 2 and proc.stderr.startswith("annotator: --id 'a/b': use letters")
    proc = ingest(workspace, "ftp://example.org/page.html")
    assert proc.returncode == 2 and "only http:// and https://" in proc.stderr
    proc = ingest(workspace, str(PAGES / "salon.com.emissions.html"), "--timeout", "0")
    assert proc.returncode == 2 and "--timeout must be positive" in proc.stderr


def test_refuses_to_overwrite_without_update(workspace: Path) -> None:
    page = str(PAGES / "futurezone.at.lyft.html")
    assert ingest(workspace, page).returncode == 0
    before = snapshot(workspace)
    proc = ingest(workspace, page)
    assert proc.returncode == 1
    assert proc.stderr.endswith("exists; not overwritten (use --update to replace its text)\n")
    assert proc.stderr.count("\n") == 1
    proc = ingest(workspace, page, "--id", "efe-kim-train")
    assert proc.returncode == 1 and "efe-kim-train.txt: article 'efe-kim-train' exists" in (
        proc.stderr
    )
    assert snapshot(workspace) == before


def new_version(workspace: Path, tmp_path: Path) -> Path:
    """A page with efe-kim-train's text, edited ("Kim Jong-un" -> "Kim Jong Un")."""
    old_text = (workspace / "seeds" / "efe-kim-train.txt").read_text("utf-8")
    new_text = old_text.replace("Kim Jong-un", "Kim Jong Un")
    paragraphs = "".join(f"<p>{line}</p>" for line in new_text.split("\n") if line)
    page = tmp_path / "efe-v2.html"
    page.write_text(f"<html><body><article>{paragraphs}</article></body></html>", "utf-8")
    return page


def test_update_replaces_the_text_and_reanchors_every_layer(
    workspace: Path, tmp_path: Path
) -> None:
    seeds, annotations = workspace / "seeds", workspace / "annotations"
    analyst = annotations / "by" / "alice"
    analyst.mkdir(parents=True)
    shutil.copy(annotations / "efe-kim-train.json", analyst / "efe-kim-train.json")
    page = new_version(workspace, tmp_path)
    proc = ingest(workspace, str(page), "--id", "efe-kim-train")
    assert proc.returncode == 1 and "use --update" in proc.stderr
    proc = ingest(workspace, str(page), "--id", "efe-kim-train", "--update")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("updated efe-kim-train: ")
    assert [line.split() for line in lines[3:6]] == [
        ["article", "layer", "spans", "exact", "moved", "fuzzy", "orphaned"],
        ["efe-kim-train", "gold", "15", "0", "12", "3", "0"],
        ["efe-kim-train", "by/alice", "15", "0", "12", "3", "0"],
    ]
    assert lines[6].split()[:4] == ["fuzzy", "efe-kim-train", "gold", "efe-01:"]
    assert lines[-1] == "2 files, 30 spans: re-anchored"
    text = (seeds / "efe-kim-train.txt").read_text("utf-8")
    assert "Kim Jong Un" in text and "Kim Jong-un" not in text
    assert (workspace / "sources" / "efe-kim-train.html").read_bytes() == page.read_bytes()
    for layer in (annotations / "efe-kim-train.json", analyst / "efe-kim-train.json"):
        doc = orjson.loads(layer.read_bytes())
        assert doc["article"]["sha256"] == sha256_text(text)
        for span in doc["spans"]:
            assert text[span["start"] : span["end"]] == span["quote"]
    check = subprocess.run(
        [sys.executable, "-m", "annotator", "validate"],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout  # warnings (W505: review fuzzy anchors) only
    assert "E202" not in check.stdout and "W505" in check.stdout


def test_update_with_a_broken_layer_changes_nothing(workspace: Path, tmp_path: Path) -> None:
    analyst = workspace / "annotations" / "by" / "bob"
    analyst.mkdir(parents=True)
    (analyst / "efe-kim-train.json").write_text('{"version": 1,,}')
    page = new_version(workspace, tmp_path)
    before = snapshot(workspace)
    proc = ingest(workspace, str(page), "--id", "efe-kim-train", "--update")
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("annotator: annotations/by/bob/efe-kim-train.json:1:")
    assert snapshot(workspace) == before


def test_update_without_annotations_and_of_a_missing_article(
    workspace: Path, tmp_path: Path
) -> None:
    page = str(new_version(workspace, tmp_path))
    (workspace / "annotations" / "efe-kim-train.json").unlink()
    proc = ingest(workspace, page, "--id", "efe-kim-train", "--update")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == (
        "no annotations for efe-kim-train in annotations: nothing to re-anchor"
    )
    before = snapshot(workspace)
    proc = ingest(workspace, page, "--id", "no-such-article", "--update")
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "no article 'no-such-article' to update (drop --update to add it)" in proc.stderr
    assert snapshot(workspace) == before
