"""Issue 8 (trust), the store and the editor: no lost writes, no dangling links, sane files."""

from __future__ import annotations

import multiprocessing
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from annotator.editor import Editor
from annotator.errors import ConflictError, DataError, SaveError
from annotator.model.models import Fact
from annotator.store import files
from annotator.store.corpus import Corpus
from annotator.store.files import atomic_write, read_bytes, read_head, replace_all
from annotator.store.store import Store, load_annotation_file
from tests.helpers import read_json

PHRASE = "Mr. Putin is reportedly seeking"
STAMP = "2026-11-22T15:00:00Z"


# -- two writers on one file ----------------------------------------------------------------------
def _writer(folder: str, corpus: str, worker: int, cycles: int, out: str) -> None:
    """M read-modify-write cycles adding one fact each, retrying on ConflictError."""
    store = Store(corpus, folder)
    done: list[str] = []
    for cycle in range(cycles):
        fact_id = f"w{worker}-c{cycle}"
        while True:
            registry = store.load_facts()
            fact = Fact(
                id=fact_id,
                statement=f"Fact {fact_id}.",
                note=None,
                author="race",
                created=STAMP,
                modified=STAMP,
            )
            try:
                store.save_facts(registry.model_copy(update={"facts": [*registry.facts, fact]}))
            except ConflictError:
                continue
            done.append(fact_id)
            break
    Path(out).write_bytes(orjson.dumps(done))


def test_two_processes_never_lose_a_reported_write(workspace: Path) -> None:
    folder, corpus = workspace / "annotations", workspace / "seeds"
    before = {f["id"] for f in read_json(folder / "facts.json")["facts"]}
    workers, cycles = 4, 40
    context = multiprocessing.get_context("spawn")
    procs = [
        context.Process(
            target=_writer,
            args=(str(folder), str(corpus), w, cycles, str(workspace / f"done-{w}.json")),
        )
        for w in range(workers)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
        assert proc.exitcode == 0
    reported = [fid for w in range(workers) for fid in read_json(workspace / f"done-{w}.json")]
    assert len(reported) == workers * cycles  # every write eventually reported success
    on_disk = {f["id"] for f in read_json(folder / "facts.json")["facts"]}
    lost = set(reported) - on_disk
    assert not lost, f"{len(lost)} of {len(reported)} reported writes were lost"
    assert on_disk == before | set(reported)
    assert (folder / ".annotator.lock").exists()


# -- a change touching the registry and an article is all-or-nothing ------------------------------
def _editor(workspace: Path, article: str = "afp-kim-leaves") -> Editor:
    editor = Editor(Store(workspace / "seeds", workspace / "annotations"), "tester")
    editor.open(article)
    return editor


def test_new_fact_link_not_saved_when_registry_conflicts(workspace: Path) -> None:
    editor = _editor(workspace)
    article = workspace / "annotations" / "afp-kim-leaves.json"
    facts = workspace / "annotations" / "facts.json"
    text = editor.article.text  # type: ignore[union-attr]
    span = editor.create_span(text.index(PHRASE), text.index(PHRASE) + len(PHRASE), "disputed")
    on_disk = article.read_bytes()
    # Another program changes facts.json: the registry write must be refused ...
    other = read_json(facts)
    other["facts"][0]["note"] = "edited elsewhere"
    facts.write_bytes(orjson.dumps(other))
    facts_before = facts.read_bytes()
    fact = editor.create_fact("Putin seeks weapons", link_to=span.id)
    # ... and then the article linking the new fact is not written either.
    assert article.read_bytes() == on_disk
    assert facts.read_bytes() == facts_before
    assert fact.id not in {f for s in read_json(article)["spans"] for f in s["facts"]}
    assert editor.unsaved and editor.save_error and "facts.json" in editor.save_error
    assert fact.id in editor.article.span(span.id).facts  # type: ignore[union-attr]
    # Overwriting (the palette's choice) writes both together.
    assert editor.save(force=True)
    assert fact.id in {f["id"] for f in read_json(facts)["facts"]}
    assert fact.id in {f for s in read_json(article)["spans"] for f in s["facts"]}


def test_new_fact_link_not_saved_when_registry_write_fails(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = _editor(workspace)
    article = workspace / "annotations" / "afp-kim-leaves.json"
    facts = workspace / "annotations" / "facts.json"
    text = editor.article.text  # type: ignore[union-attr]
    span = editor.create_span(text.index(PHRASE), text.index(PHRASE) + len(PHRASE), "disputed")
    before = (article.read_bytes(), facts.read_bytes())
    real_replace = os.replace

    def refuse_registry(src: str, dst: str | Path) -> None:
        if Path(dst).name == "facts.json":
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_registry)
    editor.create_fact("Putin seeks weapons", link_to=span.id)
    assert (article.read_bytes(), facts.read_bytes()) == before
    assert editor.unsaved and "Permission denied" in (editor.save_error or "")
    assert not list((workspace / "annotations").glob(".*.tmp"))
    monkeypatch.setattr(os, "replace", real_replace)
    assert editor.save() and not editor.unsaved


def test_replace_all_rolls_back_when_the_nth_replace_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [tmp_path / f"f{i}.json" for i in range(4)]
    for path in paths[:3]:
        path.write_bytes(b"old " + path.name.encode())
    calls = 0
    real_replace = os.replace

    def third_fails(src: str, dst: str | Path) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", third_fails)
    with pytest.raises(SaveError, match="No space left"):
        replace_all([(p, b"new") for p in paths])
    monkeypatch.setattr(os, "replace", real_replace)
    assert [p.read_bytes() for p in paths[:3]] == [b"old f0.json", b"old f1.json", b"old f2.json"]
    assert not paths[3].exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in paths[:3]]


# -- a new folder validates -----------------------------------------------------------------------
def test_first_annotation_file_writes_an_empty_registry(workspace: Path) -> None:
    empty = workspace / "fresh"
    editor = Editor(Store(workspace / "seeds", empty), "tester")
    editor.open("afp-kim-leaves")
    text = editor.article.text  # type: ignore[union-attr]
    editor.create_span(text.index(PHRASE), text.index(PHRASE) + len(PHRASE), "opinion")
    assert read_json(empty / "facts.json")["facts"] == []
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator",
            "validate",
            "--corpus",
            str(workspace / "seeds"),
            str(empty),
        ],
        capture_output=True,
        text=True,
    )
    assert "E104" not in run.stdout
    assert run.returncode == 0, run.stdout + run.stderr


# -- permissions ----------------------------------------------------------------------------------
@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_new_files_get_the_umask_mode(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        atomic_write(tmp_path / "new.json", b"{}\n")
        replace_all([(tmp_path / "a.json", b"1"), (tmp_path / "b.json", b"2")])
    finally:
        os.umask(old)
    for name in ("new.json", "a.json", "b.json"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask


def test_replacing_a_file_keeps_its_mode(workspace: Path) -> None:
    store = Store(workspace / "seeds", workspace / "annotations")
    path = store.annotation_path("afp-kim-leaves")
    os.chmod(path, 0o640)
    doc = store.load_annotations("afp-kim-leaves")
    assert doc is not None
    old = os.umask(0o077)
    try:
        assert store.save_annotations(doc.model_copy(update={"spans": doc.spans[1:]}))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


# -- duplicate span ids ---------------------------------------------------------------------------
def test_editing_one_of_two_same_id_spans_never_changes_the_other(workspace: Path) -> None:
    path = workspace / "annotations" / "afp-kim-leaves.json"
    data = read_json(path)
    first, second = data["spans"][0], data["spans"][1]
    second["id"] = first["id"]
    path.write_bytes(orjson.dumps(data))
    editor = _editor(workspace)
    article = editor.article
    assert article is not None and not article.read_only
    assert article.notice and first["id"] in article.notice
    ids = [s.id for s in article.doc.spans]
    assert len(ids) == len(set(ids))
    editor.set_note(first["id"], "only this one")
    saved = read_json(path)["spans"]
    by_quote = {(s["start"], s["end"]): s for s in saved}
    assert by_quote[(first["start"], first["end"])]["note"] == "only this one"
    other = by_quote[(second["start"], second["end"])]
    assert other["note"] == second["note"] and other["id"] != first["id"]
    assert len({s["id"] for s in saved}) == len(saved)


# -- temp files of a killed save ------------------------------------------------------------------
def test_store_removes_stale_temp_files(workspace: Path) -> None:
    folder = workspace / "annotations"
    stale = folder / ".afp-kim-leaves.json.k1ll3d.tmp"
    fresh = folder / ".facts.json.wr1t1ng.tmp"
    stale.write_bytes(b'{"half": ')
    fresh.write_bytes(b'{"half": ')
    old = time.time() - 3600
    os.utime(stale, (old, old))
    (folder / "by" / "ann").mkdir(parents=True)
    in_layer = folder / "by" / "ann" / ".efe-kim-train.json.d34d.tmp"
    in_layer.write_bytes(b"{")
    os.utime(in_layer, (old, old))
    store = Store(workspace / "seeds", folder)
    assert not stale.exists() and store.removed_temps == [stale, in_layer]
    assert fresh.exists()  # another writer may still be using it
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator",
            "validate",
            "--corpus",
            str(workspace / "seeds"),
            str(folder),
        ],
        capture_output=True,
        text=True,
    )
    assert "wr1t1ng" not in run.stdout and run.returncode == 0, run.stdout


# -- the one reader -------------------------------------------------------------------------------
def test_reader_refuses_a_fifo_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "a.json"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="not a regular file"):
        read_bytes(fifo)


def test_reader_refuses_a_symlink_out_of_its_root(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "inside.txt").write_text("fine")
    (root / "leak.txt").symlink_to(secret)
    (root / "ok.txt").symlink_to(root / "inside.txt")
    with pytest.raises(DataError, match="outside"):
        read_bytes(root / "leak.txt", root=root)
    assert read_bytes(root / "ok.txt", root=root) == b"fine"


def test_head_reader_refuses_what_the_reader_refuses(tmp_path: Path) -> None:
    """read_head (titles of a 50,000-article list) opens plain files at once and sends
    anything else through the careful reader: the same refusals, no hang."""
    secret = tmp_path / "secret.txt"
    secret.write_text("password\n")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "inside.txt").write_text("Headline inside\nbody")
    (root / "leak.txt").symlink_to(secret)
    (root / "ok.txt").symlink_to(root / "inside.txt")
    os.mkfifo(root / "pipe.txt")
    assert read_head(root / "inside.txt", 8, root=root) == b"Headline"
    assert read_head(str(root / "ok.txt"), 4096, root=root) == b"Headline inside\nbody"
    assert read_head(root / "missing.txt", 10, root=root) is None
    with pytest.raises(DataError, match="outside"):
        read_head(root / "leak.txt", 100, root=root)
    with pytest.raises(DataError, match="not a regular file"):
        read_head(root / "pipe.txt", 100, root=root)
    # The corpus lists the in-root link; its title comes through it, never the secret's.
    corpus = Corpus(root)
    assert corpus.title("ok") == "Headline inside"
    assert "leak" not in corpus or corpus.title("leak") == "leak"


def test_reader_refuses_absurd_sizes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 2048)
    monkeypatch.setattr(files, "MAX_BYTES", 1024)
    with pytest.raises(DataError, match="limit"):
        read_bytes(path)


def test_null_document_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"null\n")
    with pytest.raises(DataError, match="the document must be an object") as caught:
        load_annotation_file(path)
    assert str(caught.value).startswith(f"{path}:1:1:")


def test_deep_nesting_is_one_line_data_error(workspace: Path) -> None:
    path = workspace / "annotations" / "afp-kim-leaves.json"
    data = read_json(path)
    raw = orjson.dumps(data).decode()
    deep = "[" * 1000 + "]" * 1000
    path.write_text(raw.replace('"note":null', f'"note":{deep}', 1))
    with pytest.raises(DataError) as caught:
        load_annotation_file(path)
    assert "\n" not in str(caught.value) and "note" in str(caught.value)
