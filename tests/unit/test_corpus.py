"""The corpus lists articles without reading their texts."""

from __future__ import annotations

import builtins
import os
from pathlib import Path
from typing import Any

import pytest

from annotator.errors import DataError, UsageError
from annotator.store.corpus import Corpus
from tests.helpers import CORPUS


def test_seed_corpus_ids_and_metadata() -> None:
    corpus = Corpus(CORPUS)
    assert corpus.ids == [
        "afp-kim-leaves",
        "efe-kim-train",
        "national-post-train",
        "sghir-vladivostok-summit",
        "yonhap-special-train",
    ]
    assert corpus.get("efe-kim-train").outlet == "EFE"
    assert corpus.title("yonhap-special-train").startswith("N. Korean leader’s special train")


def test_seed_texts_unchanged_from_shared_originals() -> None:
    shared = Path("../shared/seeds")
    if not shared.exists():
        pytest.skip("shared/ not beside the checkout")
    originals = sorted(p.read_bytes() for p in shared.glob("*.txt"))
    ours = sorted(p.read_bytes() for p in CORPUS.glob("*.txt"))
    assert originals == ours


def test_title_falls_back_to_first_non_empty_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("\ufeff\r\n  \r\nHeadline “here”\r\nbody".encode())
    assert Corpus(tmp_path).title("a") == "Headline “here”"
    assert Corpus(tmp_path).text("a") == "\n  \nHeadline “here”\nbody"


def test_ten_thousand_articles_listed_without_reading_any(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(10_000):
        (tmp_path / f"a{i:05d}.txt").write_text(f"Title {i}\nbody\n")
    real_open = builtins.open
    real_os_open = os.open
    opened: list[str] = []

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith(".txt"):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def os_spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith(".txt"):
            opened.append(str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(os, "open", os_spy)
    corpus = Corpus(tmp_path)
    assert len(corpus) == 10_000 and corpus.ids[0] == "a00000"
    assert opened == []
    assert corpus.title("a09999") == "Title 9999"
    assert len(opened) == 1


def test_bad_manifest_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "manifest.json").write_text('{"articles": {"a": {"outlet": 3}}}')
    with pytest.raises(DataError, match=r"manifest.json:1:\d+: articles.a.outlet"):
        Corpus(tmp_path)


def test_non_utf8_article_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"caf\xe9")
    with pytest.raises(DataError, match=r"a.txt:1:4: not UTF-8"):
        Corpus(tmp_path).text("a")


def test_missing_article_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no article"):
        Corpus(tmp_path).get("nope")
    with pytest.raises(UsageError, match="no such corpus folder"):
        Corpus(tmp_path / "missing")
