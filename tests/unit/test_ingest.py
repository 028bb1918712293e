"""Ingest core: extraction from real saved news pages, ids, the store's writes, fetching
from a local HTTP server (never the internet)."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from annotator.errors import DataError, UsageError
from annotator.ingest.extract import IngestError, extract, extractor_name, looks_like_html
from annotator.ingest.fetch import fetch
from annotator.ingest.ingest import ingest, reextract
from annotator.ingest.slug import make_id, slugify, unique_id
from annotator.model.text import canonicalize, sha256_text
from annotator.store.corpus import Corpus, load_manifest
from annotator.store.sources import manifest_bytes, sha256_bytes, sources_dir
from tests.helpers import CORPUS, DATA

PAGES = DATA / "pages"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


# -- extraction from real pages ------------------------------------------------------------


def test_salon_page_title_outlet_date_author_and_text() -> None:
    got = extract(page("salon.com.emissions.html"), where="salon")
    assert got.title == "Despite everything, U.S. emissions dipped in 2019"
    assert got.outlet == "Salon.com"
    assert got.date == "2020-01-10"
    assert got.author == "Nathanael Johnson"
    assert got.url == (
        "https://www.salon.com/2020/01/10/despite-everything-u-s-emissions-dipped-in-2019_partner/"
    )
    assert got.text.startswith("Just a week into the new year, and the first estimate")
    # &rsquo; in the page becomes a real apostrophe
    assert (
        "Perhaps surprisingly, total emissions fell 2 percent compared with the year "
        "before, according to the Rhodium Group"
    ) in got.text
    assert "The U.S. is burning less coal. That’s been driving down emissions" in got.text
    assert "<p>" not in got.text and "&rsquo;" not in got.text


def test_german_page_without_byline() -> None:
    got = extract(page("futurezone.at.lyft.html"), where="futurezone")
    assert got.title == "Uber-Konkurrent Lyft startet mit Waymo-Robotertaxis in USA"
    assert got.date == "2019-05-08"
    assert got.author is None
    assert "Einige Kunden des Fahrdienst-Vermittler Lyft in der US-Stadt Phoenix" in got.text


def test_phys_org_and_dw_pages() -> None:
    phys = extract(page("phys.org.tool.html"), where="phys")
    assert phys.title == (
        "Flint flake tool partially covered by birch tar adds to evidence of Neanderthal "
        "complex thinking"
    )
    assert phys.outlet == "Phys.org" and phys.author == "Bob Yirka"
    assert phys.date == "2019-10-22"
    assert "A team of researchers affiliated with several institutions in The Netherlands" in (
        phys.text
    )
    dw = extract(page("dw.com.colonial.html"), where="dw")
    assert dw.title is not None and dw.title.startswith("Berlin confronts Germany")
    assert dw.date == "2020-01-19"
    assert "Berlin's relationship with its colonial history is being reconsidered" in dw.text


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.html")))
def test_extracted_text_is_canonical_and_repeatable(name: str) -> None:
    first = extract(page(name), where=name)
    assert canonicalize(first.text) == first.text
    assert first.text.endswith("\n") and not first.text.endswith("\n\n")
    assert all(line == line.rstrip() for line in first.text.split("\n"))
    assert extract(page(name), where=name) == first


def test_not_html_and_nothing_extractable() -> None:
    assert looks_like_html(b"\xef\xbb\xbf\n  <!DOCTYPE html><html><body>x</body></html>")
    assert not looks_like_html(b'{"headline": "x"}')
    assert not looks_like_html(b"%PDF-1.7\n")
    assert not looks_like_html("<html>".encode("utf-16"))
    with pytest.raises(IngestError, match=r"^notes\.txt: not HTML"):
        extract(b"Just some plain text, not a page.", where="notes.txt")
    with pytest.raises(IngestError, match=r"^empty\.html: nothing extractable"):
        extract(b"<html><head><title>t</title></head><body></body></html>", where="empty.html")


# -- ids ---------------------------------------------------------------------------------


def test_slugs_are_ascii_kebab_case() -> None:
    assert slugify("Uncork the mystery of Germany's Frühburgunder") == (
        "uncork-the-mystery-of-germanys-fruhburgunder"
    )
    assert slugify("Despite everything, U.S. emissions dipped") == (
        "despite-everything-us-emissions-dipped"
    )
    assert len(slugify("word " * 50, 30)) <= 30 and not slugify("word " * 50, 30).endswith("-")
    assert make_id("Salon.com", "Despite everything, U.S. emissions dipped in 2019", "t") == (
        "salon-com-despite-everything-us-emissions-dipped-in-2019"
    )
    # a site name after the headline is dropped from the id
    assert make_id("DW.COM", "Berlin confronts Germany's colonial past | DW | 19.01.2020", "t") == (
        "dw-com-berlin-confronts-germanys-colonial-past"
    )


def test_non_latin_titles_get_a_hash_never_an_empty_id() -> None:
    chinese = make_id("Xinhua", "金正恩乘专列抵达俄罗斯", "text")
    assert chinese.startswith("xinhua-") and len(chinese) == len("xinhua-") + 8
    assert chinese != make_id("Xinhua", "金正恩离开平壤", "text")
    russian = make_id(None, "Кремль: Путин встретится с Ким Чен Ыном", "text")
    assert russian.startswith("article-") and russian.isascii()
    assert make_id(None, None, "some text").startswith("article-")
    assert make_id("新华社", None, "a") != make_id("新华社", None, "b")
    for made in (chinese, russian, make_id("", "", "")):
        assert made and made == slugify(made)


def test_unique_id_adds_a_number() -> None:
    assert unique_id("a", {"b"}) == "a"
    assert unique_id("a", {"a", "a-2"}) == "a-3"


# -- the store's writes --------------------------------------------------------------------


def test_bundled_manifest_rewrites_byte_identical() -> None:
    raw = (CORPUS / "manifest.json").read_bytes()
    assert manifest_bytes(load_manifest(CORPUS / "manifest.json")) == raw


def test_ingest_a_saved_page(workspace: Path) -> None:
    corpus = workspace / "seeds"
    before = {p.name: p.read_bytes() for p in corpus.glob("*.txt")}
    old_manifest = orjson.loads((corpus / "manifest.json").read_bytes())["articles"]
    done = ingest(
        corpus, str(PAGES / "salon.com.emissions.html"), fetched_at="2026-12-01T12:00:00Z"
    )
    article_id = "salon-com-despite-everything-us-emissions-dipped-in-2019"
    assert done.id == article_id and not done.saved.replaced
    text_path = corpus / f"{article_id}.txt"
    saved_page = workspace / "sources" / f"{article_id}.html"
    assert saved_page.read_bytes() == page("salon.com.emissions.html")
    assert text_path.read_text("utf-8") == done.text
    entry = orjson.loads((corpus / "manifest.json").read_bytes())["articles"][article_id]
    assert entry == {
        "author": "Nathanael Johnson",
        "date": "2020-01-10",
        "outlet": "Salon.com",
        "title": "Despite everything, U.S. emissions dipped in 2019",
        "url": "https://www.salon.com/2020/01/10/despite-everything-u-s-emissions-dipped-in-"
        "2019_partner/",
        "source": {
            "path": f"../sources/{article_id}.html",
            "sha256": sha256_bytes(page("salon.com.emissions.html")),
            "extractor": extractor_name(),
            "fetched": "2026-12-01T12:00:00Z",
            "origin": None,
        },
    }
    assert extractor_name() == "trafilatura 2.3.1"
    # the other articles and their manifest entries are untouched
    assert {p.name: p.read_bytes() for p in corpus.glob("*.txt") if p != text_path} == before
    articles = orjson.loads((corpus / "manifest.json").read_bytes())["articles"]
    assert {k: v for k, v in articles.items() if k != article_id} == old_manifest
    # the corpus sees it, with the new metadata
    seen = Corpus(corpus)
    assert seen.get(article_id).author == "Nathanael Johnson"
    assert seen.title(article_id) == "Despite everything, U.S. emissions dipped in 2019"
    assert sha256_text(seen.text(article_id)) == sha256_text(done.text)
    # reproducible: the saved page extracts to the same text again
    assert reextract(corpus, article_id).text == text_path.read_text("utf-8")


def test_existing_article_is_not_overwritten(workspace: Path) -> None:
    corpus = workspace / "seeds"
    ingest(corpus, str(PAGES / "phys.org.tool.html"))
    snapshot = {p: p.read_bytes() for p in [*corpus.iterdir(), *sources_dir(corpus).iterdir()]}
    with pytest.raises(DataError, match="exists; not overwritten"):
        ingest(corpus, str(PAGES / "phys.org.tool.html"))  # same URL: the same article
    with pytest.raises(DataError, match="exists; not overwritten"):
        ingest(corpus, str(PAGES / "dw.com.colonial.html"), article_id="efe-kim-train")
    assert {p: p.read_bytes() for p in snapshot} == snapshot
    with pytest.raises(DataError, match="exists; not overwritten"):  # same outlet and title
        ingest(corpus, str(PAGES / "phys.org.tool.html"), url="https://example.org/amp")
    assert {p: p.read_bytes() for p in snapshot} == snapshot


def test_a_different_article_with_a_taken_slug_gets_a_number(workspace: Path) -> None:
    corpus = workspace / "seeds"
    taken = "salon-com-despite-everything-us-emissions-dipped-in-2019"
    (corpus / f"{taken}.txt").write_text("Another article whose id happens to be this.\n")
    done = ingest(corpus, str(PAGES / "salon.com.emissions.html"))
    assert done.id == taken + "-2"
    assert (corpus / f"{taken}.txt").read_text() == "Another article whose id happens to be this.\n"


def test_failed_extraction_writes_nothing(workspace: Path, tmp_path: Path) -> None:
    corpus = workspace / "seeds"
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"<html><body><script>var x = 1;</script></body></html>")
    snapshot = {p: p.read_bytes() for p in corpus.iterdir()}
    with pytest.raises(IngestError, match=r"bad.html: nothing extractable"):
        ingest(corpus, str(bad))
    assert {p: p.read_bytes() for p in corpus.iterdir()} == snapshot
    assert not sources_dir(corpus).exists()


def test_bad_id_and_missing_file(workspace: Path, tmp_path: Path) -> None:
    corpus = workspace / "seeds"
    with pytest.raises(UsageError, match=r"--id '../evil'"):
        ingest(corpus, str(PAGES / "salon.com.emissions.html"), article_id="../evil")
    with pytest.raises(DataError, match=r"nope.html: no such file"):
        ingest(corpus, str(tmp_path / "nope.html"))
    with pytest.raises(DataError, match="too large"):
        ingest(corpus, str(PAGES / "salon.com.emissions.html"), max_bytes=1000)


def test_update_replaces_text_page_and_manifest(workspace: Path, tmp_path: Path) -> None:
    corpus = workspace / "seeds"
    first = ingest(corpus, str(PAGES / "salon.com.emissions.html"), article_id="salon")
    edited = page("salon.com.emissions.html").replace(
        b"total emissions fell 2 percent", b"total emissions fell 2.1 percent"
    )
    newer = tmp_path / "salon-v2.html"
    newer.write_bytes(edited)
    with pytest.raises(IngestError, match="no article 'other' to update"):
        ingest(corpus, str(newer), article_id="other", update=True)
    second = ingest(corpus, str(newer), article_id="salon", update=True)
    assert second.saved.replaced
    assert "total emissions fell 2.1 percent" in (corpus / "salon.txt").read_text("utf-8")
    assert (workspace / "sources" / "salon.html").read_bytes() == edited
    entry = load_manifest(corpus / "manifest.json").articles["salon"]
    assert entry.source is not None and entry.source.sha256 == sha256_bytes(edited)
    assert first.text != second.text


def test_ingest_into_a_corpus_without_manifest(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    corpus.mkdir()
    done = ingest(corpus, str(PAGES / "futurezone.at.lyft.html"))
    assert (tmp_path / "sources" / f"{done.id}.html").is_file()
    assert list(load_manifest(corpus / "manifest.json").articles) == [done.id]
    shutil.rmtree(tmp_path / "sources")
    with pytest.raises(DataError, match="no such file"):
        reextract(corpus, done.id)


# -- fetching from a local server -----------------------------------------------------------


def test_fetch_a_page(page_server: str) -> None:
    got = fetch(page_server + "/pages/salon.com.emissions.html")
    assert got.body == page("salon.com.emissions.html")
    assert got.content_type == "text/html"


@pytest.mark.parametrize(
    ("path", "options", "message"),
    [
        ("/missing", {}, r"/missing: HTTP 404 Not Found$"),
        ("/slow", {"timeout": 0.3}, r"/slow: timed out after 0.3 s$"),
        ("/drip", {"timeout": 0.3}, r"/drip: timed out after 0.3 s$"),
        ("/big", {"max_bytes": 50_000}, r"/big: too large \(200,012 bytes; the limit is 50,000\)$"),
        ("/big-unsized", {"max_bytes": 50_000}, r"/big-unsized: too large \(over 50,000 bytes"),
        ("/json", {}, r"/json: not HTML \(Content-Type: application/json\)$"),
    ],
)
def test_fetch_errors_name_the_url(
    page_server: str, path: str, options: dict[str, float], message: str
) -> None:
    with pytest.raises(IngestError, match=message) as caught:
        fetch(page_server + path, **options)  # type: ignore[arg-type]
    assert str(caught.value).startswith(page_server + path + ": ")
    assert "\n" not in str(caught.value)


def test_fetch_refused_connection_and_bad_scheme(page_server: str) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(IngestError, match=rf"127.0.0.1:{port}/: cannot connect"):
        fetch(f"http://127.0.0.1:{port}/")
    with pytest.raises(UsageError, match="only http"):
        fetch("ftp://127.0.0.1/x")


def test_ingest_a_url(workspace: Path, page_server: str) -> None:
    url = page_server + "/pages/futurezone.at.lyft.html"
    done = ingest(workspace / "seeds", url)
    assert done.meta.url == url
    assert done.meta.source is not None and done.meta.source.origin == url
    assert "Robotertaxis" in done.text
    nothing = ingest(workspace / "seeds", page_server + "/no-type", article_id="sniffed")
    assert nothing.meta.outlet == "Salon.com"  # no Content-Type: sniffed as HTML


def test_a_redirect_is_followed_and_its_target_is_the_url(
    workspace: Path, page_server: str
) -> None:
    done = ingest(workspace / "seeds", page_server + "/redirect", article_id="moved")
    assert done.meta.url == page_server + "/pages/futurezone.at.lyft.html"
    assert done.meta.source is not None and done.meta.source.origin == page_server + "/redirect"
    assert "Robotertaxis" in done.text


def test_update_keeps_metadata_the_new_page_does_not_give(workspace: Path, tmp_path: Path) -> None:
    corpus = workspace / "seeds"
    bare = tmp_path / "efe.html"
    text = (corpus / "efe-kim-train.txt").read_text("utf-8")
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n") if line)
    bare.write_text(f"<html><body><article>{paragraphs}</article></body></html>", "utf-8")
    done = ingest(corpus, str(bare), article_id="efe-kim-train", update=True)
    entry = load_manifest(corpus / "manifest.json").articles["efe-kim-train"]
    assert (entry.outlet, entry.date) == ("EFE", "2023-09-11")  # kept from before
    assert entry.title == "Kim Jong-un’s train ‘appears’ to have left for Russia, Seoul says"
    assert "April 2019" in done.text and entry.date != "2019-01-01"  # no date guessed from text


def test_update_reanchors_the_spans_onto_the_new_text(workspace: Path, tmp_path: Path) -> None:
    corpus, annotations = workspace / "seeds", workspace / "annotations"
    old_text = (corpus / "yonhap-special-train.txt").read_text("utf-8")
    new_text = "Updated at 10:00 KST.\n" + old_text
    paragraphs = "".join(f"<p>{line}</p>" for line in new_text.split("\n") if line)
    page = tmp_path / "yonhap-v2.html"
    page.write_text(f"<html><body><article>{paragraphs}</article></body></html>", "utf-8")
    old_doc = orjson.loads((annotations / "yonhap-special-train.json").read_bytes())
    quotes = {s["id"]: s["quote"] for s in old_doc["spans"]}
    done = ingest(
        corpus,
        str(page),
        article_id="yonhap-special-train",
        update=True,
        annotations_dir=annotations,
    )
    ((layer, outcomes),) = done.reanchored
    assert layer == "gold" and len(outcomes) == len(quotes)
    text = (corpus / "yonhap-special-train.txt").read_text("utf-8")
    assert text.startswith("Updated at 10:00 KST.\n")
    for outcome in outcomes:  # every span found again, after the new first line
        assert outcome.status == "moved" and outcome.new is not None
        assert outcome.new[0] > outcome.old[0]
        assert text[outcome.new[0] : outcome.new[1]] == quotes[outcome.span_id]
    doc = orjson.loads((annotations / "yonhap-special-train.json").read_bytes())
    assert doc["article"]["sha256"] == sha256_text(text) == sha256_text(done.text)
    assert all(text[s["start"] : s["end"]] == s["quote"] for s in doc["spans"])
