"""The store: canonical bytes, atomic writes, conflict detection, one-line errors."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from annotator.errors import ConflictError, DataError, SaveError
from annotator.model.models import AnnotationFile, Fact, FactRegistry, Span
from annotator.store.files import atomic_write
from annotator.store.jsonio import dumps
from annotator.store.store import Store, check_spans_against_text
from tests.helpers import ANNOTATIONS, CORPUS

STAMP = "2026-01-02T03:04:05Z"


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    corpus = tmp_path / "seeds"
    shutil.copytree(CORPUS, corpus)
    return Store(corpus, tmp_path / "annotations")


def _doc(store: Store, article: str = "efe-kim-train") -> tuple[AnnotationFile, str]:
    text = store.corpus.text(article)
    doc = store.new_annotations(article, text)
    start = text.index("around 700 kms")
    doc.spans.append(
        Span.create(
            text,
            start + 7,
            start + 14,
            "disputed",
            author="a",
            facts=["distance"],
            span_id="b",
            timestamp=STAMP,
        )
    )
    doc.spans.append(
        Span.create(
            text,
            0,
            19,
            "opinion",
            author="a",
            span_id="a",
            timestamp=STAMP,
            note="“curly” – and ünïcode",
        )
    )
    return doc, text


def test_save_writes_canonical_sorted_bytes(store: Store) -> None:
    doc, _ = _doc(store)
    assert store.save_annotations(doc) is True
    raw = store.annotation_path("efe-kim-train").read_bytes()
    assert raw.endswith(b"}\n") and b'\n  "article": {' in raw
    assert "“curly”".encode() in raw  # UTF-8 not escaped
    data = orjson.loads(raw)
    assert [s["id"] for s in data["spans"]] == ["a", "b"]  # sorted by (start, end, id)
    assert list(data) == sorted(data)
    # Saving equal data again changes nothing on disk.
    again = store.load_annotations("efe-kim-train")
    assert again is not None
    assert store.save_annotations(again) is False


def test_committed_annotations_round_trip_byte_for_byte() -> None:
    folder = ANNOTATIONS
    files = sorted(folder.glob("*.json"))
    assert len(files) == 6, "facts.json and five annotation files are committed"
    store = Store("seeds", folder)
    for path in files:
        raw = path.read_bytes()
        if path.name == "facts.json":
            model = store.load_facts()
            again = dumps(
                model.model_copy(update={"facts": sorted(model.facts, key=lambda f: f.id)})
            )
        else:
            doc = store.load_annotations(path.stem)
            assert doc is not None
            text = store.corpus.text(path.stem)
            assert not store.is_stale(doc, text), path
            check_spans_against_text(doc, text, path)
            again = dumps(doc.model_copy(update={"spans": doc.sorted_spans()}))
        assert again == raw, path


def test_conflict_when_file_changed_on_disk(store: Store) -> None:
    doc, _ = _doc(store)
    store.save_annotations(doc)
    path = store.annotation_path("efe-kim-train")
    other = path.read_bytes().replace(b'"opinion"', b'"confirmed"')
    path.write_bytes(other)
    doc = doc.model_copy(
        update={"spans": [doc.spans[0].model_copy(update={"note": "mine"}), *doc.spans[1:]]}
    )
    with pytest.raises(ConflictError) as info:
        store.save_annotations(doc)
    assert "changed on disk" in str(info.value) and str(path) in str(info.value)
    assert path.read_bytes() == other  # not clobbered
    assert store.save_annotations(doc, force=True)


def test_conflict_when_file_appeared_since_load(store: Store) -> None:
    doc, _ = _doc(store)
    assert store.load_annotations("efe-kim-train") is None
    store.folder.mkdir(parents=True, exist_ok=True)
    store.annotation_path("efe-kim-train").write_bytes(dumps(doc))
    with pytest.raises(ConflictError):
        store.save_annotations(doc)


def test_facts_round_trip_and_sorted(store: Store) -> None:
    registry = FactRegistry(
        facts=[
            Fact(
                id=i,
                statement=f"{i} statement",
                note=None,
                author="a",
                created=STAMP,
                modified=STAMP,
            )
            for i in ("zeta", "alpha")
        ]
    )
    store.load_facts()
    store.save_facts(registry)
    loaded = store.load_facts()
    assert [f.id for f in loaded.facts] == ["alpha", "zeta"]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda raw: raw[:-5], "invalid JSON"),
        (lambda raw: raw.replace(b'"opinion"', b'"rumour"'), "spans[0].label"),
        (lambda raw: raw.replace(b'"start": 0', b'"start": -3'), "spans[0].start"),
        (lambda raw: raw.replace(b'"start": 0', b'"start": "0"'), "spans[0].start"),
        (lambda raw: raw.replace(b'"note": null', b'"note": null, "colour": 1'), "colour"),
        (lambda raw: raw.replace(b'"version": 1', b'"version": 2'), "version"),
        (lambda raw: raw.replace(b'Z"', b'+01:00"', 1), "created"),
        (lambda raw: b"\xff\xfe" + raw, "not UTF-8"),
    ],
)
def test_broken_files_raise_one_line_error_with_place(
    store: Store, mutate: Callable[[bytes], bytes], expected: str
) -> None:
    doc, _ = _doc(store)
    store.save_annotations(doc)
    path = store.annotation_path("efe-kim-train")
    path.write_bytes(mutate(path.read_bytes()))
    with pytest.raises(DataError) as info:
        store.load_annotations("efe-kim-train")
    message = str(info.value)
    assert message.startswith(f"{path}:") and expected in message
    assert "\n" not in message
    assert info.value.line is not None


def test_bad_offsets_against_text_are_located(store: Store) -> None:
    doc, text = _doc(store)
    doc.spans[1] = doc.spans[1].model_copy(update={"end": len(text) + 5})
    store.save_annotations(doc)
    loaded = store.load_annotations("efe-kim-train")
    assert loaded is not None
    with pytest.raises(DataError) as info:
        check_spans_against_text(loaded, text, store.annotation_path("efe-kim-train"))
    assert "past the end" in str(info.value) and "spans[0].end" in str(
        info.value
    )  # "a" sorts first


def test_article_id_must_match_file_name(store: Store) -> None:
    doc, _ = _doc(store)
    store.save_annotations(doc)
    os.rename(store.annotation_path("efe-kim-train"), store.annotation_path("afp-kim-leaves"))
    with pytest.raises(DataError, match=r"article.id"):
        store.load_annotations("afp-kim-leaves")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_save_into_read_only_folder_keeps_old_file(store: Store) -> None:
    doc, _ = _doc(store)
    store.save_annotations(doc)
    os.chmod(store.folder, 0o500)
    try:
        doc = doc.model_copy(
            update={"spans": [doc.spans[0].model_copy(update={"note": "changed"}), *doc.spans[1:]]}
        )
        with pytest.raises(SaveError):
            store.save_annotations(doc)
    finally:
        os.chmod(store.folder, 0o700)


def test_atomic_write_failure_leaves_no_temp_and_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.json"
    target.write_bytes(b"old\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(SaveError, match="No space left"):
        atomic_write(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_killed_writer_never_leaves_a_torn_file(tmp_path: Path) -> None:
    """A child saving in a loop is SIGKILLed at random moments; the file always parses."""
    target = tmp_path / "doc.json"
    script = textwrap.dedent(
        f"""
        import sys
        from annotator.store.files import atomic_write
        from annotator.store.jsonio import dumps
        big = "x" * 200_000
        i = 0
        while True:
            atomic_write({str(target)!r}, dumps({{"i": i, "pad": big, "tail": i}}))
            if i == 0:
                print("ready", flush=True)
            i += 1
        """
    )
    seen = set()
    for round_ in range(8):
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(0.05 + 0.03 * round_)
        child.send_signal(signal.SIGKILL)
        child.wait()
        data = orjson.loads(target.read_bytes())
        assert data["i"] == data["tail"]
        seen.add(data["i"])
    assert len(seen) > 1  # the loop really was saving repeatedly


def test_conflicts_are_seen_for_every_file_written_however_many(store: Store) -> None:
    """The store keeps the bytes of the last few files it wrote (no re-read, no hash per
    save) and a digest of older ones: a change on disk is refused for both."""
    ids = store.corpus.ids
    assert len(ids) > 4  # more files than the store keeps the bytes of
    docs = {a: store.new_annotations(a, store.corpus.text(a)) for a in ids}
    for article in ids:
        assert store.save_annotations(docs[article])
    assert not store.save_annotations(docs[ids[-1]])  # unchanged: nothing written
    for article in (ids[0], ids[-1]):  # the oldest (a digest) and the newest (bytes)
        path = store.annotation_path(article)
        edited = path.read_bytes().replace(b'"spans": [', b'"spans":  [', 1)
        path.write_bytes(edited)
        changed = docs[article].model_copy(update={"status": "done"})
        with pytest.raises(ConflictError):
            store.save_annotations(changed)
        assert path.read_bytes() == edited
