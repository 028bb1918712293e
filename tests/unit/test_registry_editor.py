"""The fact registry's moves in the headless Editor and the store under them: edit,
rename (every layer, one undo step, all-or-nothing), merge, delete; article status and
manifest metadata."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from annotator.editor import Editor, ReadOnlyError
from annotator.errors import ConflictError, SaveError
from annotator.model.manifest import ArticleMeta, checked_meta
from annotator.model.models import AnnotationFile
from annotator.store.files import replace_all
from annotator.store.store import Store
from tests.helpers import read_json

FACT = "kim-left-pyongyang-by-train"


def snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file under a folder, byte for byte (not the store's empty lock file)."""
    return {
        p: p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".annotator.lock"
    }


def with_layer(workspace: Path) -> Path:
    """An analyst's layer ``by/ana/`` holding copies of two gold files."""
    layer = workspace / "annotations" / "by" / "ana"
    layer.mkdir(parents=True)
    for name in ("afp-kim-leaves.json", "efe-kim-train.json"):
        shutil.copy(workspace / "annotations" / name, layer / name)
    return layer


def editor_for(workspace: Path, article: str | None = "afp-kim-leaves") -> Editor:
    editor = Editor(Store(workspace / "seeds", workspace / "annotations"), "tester")
    if article:
        editor.open(article)
    return editor


def links(path: Path, fact_id: str) -> int:
    return sum(fact_id in s["facts"] for s in read_json(path)["spans"])


def test_rename_rewrites_every_layer_and_undo_restores_every_byte(
    workspace: Path, fixed_clock: str
) -> None:
    layer = with_layer(workspace)
    folder = workspace / "annotations"
    before = snapshot(folder)
    editor = editor_for(workspace)
    usage = editor.fact_usage()[FACT]
    assert {u.article_id for u in usage} == {
        "afp-kim-leaves",
        "efe-kim-train",
        "national-post-train",
        "sghir-vladivostok-summit",
        "yonhap-special-train",
    }
    fact = editor.rename_fact(FACT, "kim-left-by-train")
    assert fact.id == "kim-left-by-train" and fact.modified == fixed_clock
    for path in [*folder.glob("*-*.json"), *layer.glob("*.json")]:
        assert links(path, FACT) == 0
    assert links(folder / "afp-kim-leaves.json", "kim-left-by-train") == 2
    assert links(layer / "efe-kim-train.json", "kim-left-by-train") == 2
    registry = {f["id"] for f in read_json(folder / "facts.json")["facts"]}
    assert "kim-left-by-train" in registry and FACT not in registry
    # The open article's spans in memory follow.
    assert "kim-left-by-train" in editor.article.span("afp-01").facts  # type: ignore[union-attr]
    change = editor.undo()
    assert change is not None and change.description.startswith("rename fact")
    assert snapshot(folder) == before  # every file, byte for byte, in one step
    editor.redo()
    assert links(layer / "afp-kim-leaves.json", "kim-left-by-train") == 2
    assert not editor.can_redo


def test_rename_refuses_a_taken_or_malformed_id(workspace: Path) -> None:
    editor = editor_for(workspace)
    before = snapshot(workspace / "annotations")
    with pytest.raises(ReadOnlyError, match="exists already"):
        editor.rename_fact(FACT, "kcna-confirmed-visit")
    with pytest.raises(ReadOnlyError, match="not a fact id"):
        editor.rename_fact(FACT, "Kim Left")
    with pytest.raises(ReadOnlyError, match="no fact"):
        editor.rename_fact("no-such-fact", "x")
    assert snapshot(workspace / "annotations") == before and not editor.can_undo


def test_rename_is_all_or_nothing_when_a_replace_fails(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_layer(workspace)
    folder = workspace / "annotations"
    before = snapshot(folder)
    editor = editor_for(workspace)
    real = os.replace
    calls = {"n": 0}

    def flaky(src: str, dst: str | Path) -> None:
        calls["n"] += 1
        if calls["n"] == 4:  # the registry and two files are already in place
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(SaveError, match=r"No space left on device.*nothing was changed"):
        editor.rename_fact(FACT, "kim-left-by-train")
    monkeypatch.setattr(os, "replace", real)
    assert snapshot(folder) == before  # rolled back; no temp file left either
    assert not editor.can_undo
    assert FACT in editor.article.span("afp-01").facts  # type: ignore[union-attr]
    assert FACT in editor.registry.by_id()
    editor.rename_fact(FACT, "kim-left-by-train")  # and it works once the disk is back
    assert links(folder / "by" / "ana" / "afp-kim-leaves.json", "kim-left-by-train") == 2


def test_rename_refuses_when_a_layer_changed_on_disk(workspace: Path) -> None:
    layer = with_layer(workspace)
    editor = editor_for(workspace)
    editor.fact_usage()
    # Another program edits the layer between the read and the write.
    real_load = editor.store.load_annotations_at

    def load_then_change(path: Path, article_id: str) -> AnnotationFile | None:
        doc = real_load(path, article_id)
        if path == layer / "efe-kim-train.json":
            path.write_bytes(path.read_bytes().replace(b"efe-01", b"efe-99"))
        return doc

    editor.store.load_annotations_at = load_then_change  # type: ignore[method-assign]
    gold = (workspace / "annotations" / "afp-kim-leaves.json").read_bytes()
    with pytest.raises(ConflictError):
        editor.rename_fact(FACT, "kim-left-by-train")
    assert (workspace / "annotations" / "afp-kim-leaves.json").read_bytes() == gold
    assert b"efe-99" in (layer / "efe-kim-train.json").read_bytes()  # their change kept


def test_a_broken_layer_file_stops_the_rename_before_anything_is_written(workspace: Path) -> None:
    layer = with_layer(workspace)
    (layer / "efe-kim-train.json").write_bytes(b"{broken")
    before = snapshot(workspace / "annotations")
    editor = editor_for(workspace)
    with pytest.raises(ReadOnlyError, match=r"nothing changed: cannot read .*efe-kim-train"):
        editor.rename_fact(FACT, "kim-left-by-train")
    assert snapshot(workspace / "annotations") == before


def test_merge_moves_every_link_once_and_removes_the_fact(workspace: Path) -> None:
    layer = with_layer(workspace)
    folder = workspace / "annotations"
    before = snapshot(folder)
    editor = editor_for(workspace)
    # efe-02 links both; after the merge it links the kept fact once.
    editor.merge_facts(FACT, "train-bound-for-russian-far-east")
    spans = {s["id"]: s for s in read_json(folder / "efe-kim-train.json")["spans"]}
    assert spans["efe-02"]["facts"] == [FACT]
    assert spans["efe-03"]["facts"] == [FACT]
    assert links(layer / "efe-kim-train.json", "train-bound-for-russian-far-east") == 0
    assert links(folder / "yonhap-special-train.json", FACT) == 4
    assert "train-bound-for-russian-far-east" not in {
        f["id"] for f in read_json(folder / "facts.json")["facts"]
    }
    usage = editor.fact_usage()[FACT]
    gold = [u for u in usage if u.layer == "gold"]
    assert len(gold) == 5 + 9  # the two facts' spans, efe-02 once
    assert len(usage) - len(gold) == sum(links(p, FACT) for p in layer.glob("*.json")) == 6
    editor.undo()
    assert snapshot(folder) == before
    with pytest.raises(ReadOnlyError, match="two different"):
        editor.merge_facts(FACT, FACT)


def test_delete_refused_while_linked_anywhere_then_allowed(workspace: Path) -> None:
    with_layer(workspace)
    folder = workspace / "annotations"
    editor = editor_for(workspace)
    before = snapshot(folder)
    with pytest.raises(ReadOnlyError, match=r"linked by \d+ spans .*by/ana/afp-kim-leaves"):
        editor.delete_fact(FACT)
    assert snapshot(folder) == before
    fact = editor.create_fact("An unused fact")
    facts_with = (folder / "facts.json").read_bytes()
    editor.delete_fact(fact.id)
    assert fact.id not in {f["id"] for f in read_json(folder / "facts.json")["facts"]}
    editor.undo()
    assert (folder / "facts.json").read_bytes() == facts_with


def test_delete_refused_when_only_a_layer_links_it(workspace: Path) -> None:
    layer = with_layer(workspace)
    editor = editor_for(workspace)
    new = editor.create_fact("Only ana links this")
    raw = (layer / "afp-kim-leaves.json").read_bytes()
    (layer / "afp-kim-leaves.json").write_bytes(raw.replace(FACT.encode(), new.id.encode(), 1))
    with pytest.raises(ReadOnlyError, match=r"linked by 1 span \(by/ana/afp-kim-leaves\)"):
        editor.delete_fact(new.id)


def test_edit_fact_statement_and_undo(workspace: Path, fixed_clock: str) -> None:
    editor = editor_for(workspace)
    facts = workspace / "annotations" / "facts.json"
    original = facts.read_bytes()
    fact = editor.edit_fact(FACT, "  Kim   left Pyongyang by train. ")
    assert fact.statement == "Kim left Pyongyang by train."
    saved = {f["id"]: f for f in read_json(facts)["facts"]}[FACT]
    assert saved["statement"] == fact.statement and saved["modified"] == fixed_clock
    with pytest.raises(ReadOnlyError, match="needs a statement"):
        editor.edit_fact(FACT, "   ")
    editor.undo()
    assert facts.read_bytes() == original


def test_status_is_omitted_until_set_and_toggles(workspace: Path) -> None:
    path = workspace / "annotations" / "afp-kim-leaves.json"
    original = path.read_bytes()
    store = Store(workspace / "seeds", workspace / "annotations")
    doc = store.load_annotations("afp-kim-leaves")
    assert doc is not None and doc.status is None
    assert store.save_annotations(doc) is False and path.read_bytes() == original
    editor = editor_for(workspace)
    assert editor.toggle_done() == "done"
    assert read_json(path)["status"] == "done"
    assert editor.status_of("afp-kim-leaves") == "done"
    assert editor.toggle_done() == "in-progress"
    assert read_json(path)["status"] == "in-progress"
    editor.undo()
    editor.undo()
    assert path.read_bytes() == original and b'"status"' not in original


def test_metadata_saved_to_the_manifest_and_undone(workspace: Path) -> None:
    manifest = workspace / "seeds" / "manifest.json"
    original = manifest.read_bytes()
    editor = editor_for(workspace)
    corpus = editor.store.corpus
    same = corpus.meta("afp-kim-leaves")
    assert editor.set_article_meta("afp-kim-leaves", same) is False
    assert editor.store.save_article_meta("afp-kim-leaves", same) is False
    assert manifest.read_bytes() == original and not editor.can_undo
    meta = checked_meta("  New  title ", "AFP", "https://www.afp.com/x", "2023-09-12")
    assert editor.set_article_meta("afp-kim-leaves", meta) is True
    saved = read_json(manifest)["articles"]["afp-kim-leaves"]
    assert saved == {
        "date": "2023-09-12",
        "outlet": "AFP",
        "title": "New title",
        "url": "https://www.afp.com/x",
    }
    assert (
        corpus.title("afp-kim-leaves") == "New title"
        and corpus.get("afp-kim-leaves").url == "https://www.afp.com/x"
    )
    other = read_json(manifest)["articles"]["efe-kim-train"]
    assert other == read_json_bytes(original)["articles"]["efe-kim-train"]
    editor.undo()
    assert manifest.read_bytes() == original
    assert corpus.title("afp-kim-leaves") == "Kim Jong-un leaves Pyongyang by train for Russia"


def read_json_bytes(raw: bytes) -> dict[str, dict[str, dict[str, object]]]:
    import orjson

    data: dict[str, dict[str, dict[str, object]]] = orjson.loads(raw)
    return data


def test_metadata_for_an_article_without_a_manifest_entry(workspace: Path) -> None:
    manifest = workspace / "seeds" / "manifest.json"
    manifest.unlink()
    editor = editor_for(workspace)
    assert editor.set_article_meta("efe-kim-train", ArticleMeta()) is False
    assert not manifest.exists()
    editor.set_article_meta("efe-kim-train", ArticleMeta(outlet="EFE"))
    assert read_json(manifest) == {
        "articles": {"efe-kim-train": {"date": None, "outlet": "EFE", "title": None, "url": None}}
    }


@pytest.mark.parametrize(
    ("date", "url", "message"),
    [
        ("11/09/2023", None, "must be YYYY-MM-DD"),
        ("2023-02-30", None, "must be YYYY-MM-DD"),
        ("2023-9-1", None, "must be YYYY-MM-DD"),
        (None, "ftp://example.org/x", "http:// or https://"),
        (None, "https://", "http:// or https://"),
        (None, "javascript:alert(1)", "http:// or https://"),
    ],
)
def test_metadata_validation(date: str | None, url: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        checked_meta("t", "o", url, date)


def test_checked_meta_treats_empty_as_unset() -> None:
    assert checked_meta(" ", "", None, "") == ArticleMeta()


def test_replace_all_rolls_back_and_creates_nothing_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "new.json"
    a.write_bytes(b"A")
    b.write_bytes(b"B")
    real = os.replace
    calls = {"n": 0}

    def flaky(src: str, dst: str | Path) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(SaveError, match=r"b.json.*Permission denied"):
        replace_all([(c, b"C"), (a, b"A2"), (b, b"B2")])
    monkeypatch.setattr(os, "replace", real)
    assert (a.read_bytes(), b.read_bytes(), c.exists()) == (b"A", b"B", False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]
    replace_all([(c, b"C"), (a, b"A2")])
    assert (a.read_bytes(), c.read_bytes()) == (b"A2", b"C")


def test_the_merge_driver_keeps_the_status_mark(workspace: Path) -> None:
    from annotator.merge.three_way import merge_annotations
    from annotator.store.jsonio import dumps

    store = Store(workspace / "seeds", workspace / "annotations")
    base = store.load_annotations("afp-kim-leaves")
    assert base is not None
    done = base.model_copy(update={"status": "done"})
    back = base.model_copy(update={"status": "in-progress"})
    assert merge_annotations(base, done, base).status == "done"
    assert merge_annotations(base, base, done).status == "done"
    assert merge_annotations(base, base, base).status is None
    assert b'"status"' not in dumps(merge_annotations(base, base, base))
    # Set differently on both branches: not done until someone says so again, either way round.
    assert merge_annotations(done, back, base).status == "in-progress"
    assert dumps(merge_annotations(None, done, back)) == dumps(merge_annotations(None, back, done))


def test_metadata_keeps_an_ingested_articles_author_and_source(workspace: Path) -> None:
    import orjson

    manifest = workspace / "seeds" / "manifest.json"
    data = read_json(manifest)
    data["articles"]["efe-kim-train"]["author"] = "EFE staff"
    manifest.write_bytes(
        orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    )
    editor = editor_for(workspace)
    old = editor.store.corpus.meta("efe-kim-train")
    assert old.author == "EFE staff"
    editor.set_article_meta("efe-kim-train", old.model_copy(update={"outlet": "Agencia EFE"}))
    entry = read_json(manifest)["articles"]["efe-kim-train"]
    assert entry["author"] == "EFE staff" and entry["outlet"] == "Agencia EFE"
    assert "source" not in entry  # unset new fields stay out of the file
    assert "author" not in read_json(manifest)["articles"]["afp-kim-leaves"]


# -- usage over every layer, read once per file version -------------------------------------
def test_usage_lists_the_spans_of_every_layer_with_their_layer(workspace: Path) -> None:
    layer = with_layer(workspace)
    folder = workspace / "annotations"
    editor = editor_for(workspace)
    usage = editor.fact_usage()[FACT]
    gold = [u for u in usage if u.layer == "gold"]
    ana = [u for u in usage if u.layer == "by/ana"]
    assert len(gold) == sum(links(p, FACT) for p in folder.glob("*-*.json")) == 7
    assert len(ana) == sum(links(p, FACT) for p in layer.glob("*.json")) == 4
    assert len(usage) == len(gold) + len(ana)
    assert {(u.article_id, u.path) for u in ana} == {
        ("afp-kim-leaves", layer / "afp-kim-leaves.json"),
        ("efe-kim-train", layer / "efe-kim-train.json"),
    }
    # In article order, gold before the layers within an article, text order within a file.
    assert [(u.article_id, u.layer) for u in usage][:4] == [
        ("afp-kim-leaves", "gold"),
        ("afp-kim-leaves", "gold"),
        ("afp-kim-leaves", "by/ana"),
        ("afp-kim-leaves", "by/ana"),
    ]
    assert all(u.kind == "span" for u in usage)


def test_a_fact_linked_only_in_a_layer_is_used_and_not_deletable(workspace: Path) -> None:
    layer = with_layer(workspace)
    editor = editor_for(workspace)
    new = editor.create_fact("Only ana links this")
    assert editor.fact_usage()[new.id] == []
    path = layer / "afp-kim-leaves.json"
    path.write_bytes(path.read_bytes().replace(FACT.encode(), new.id.encode(), 1))
    uses = editor.fact_usage()[new.id]
    assert [(u.layer, u.article_id, u.path) for u in uses] == [("by/ana", "afp-kim-leaves", path)]
    with pytest.raises(ReadOnlyError, match=r"linked by 1 span \(by/ana/afp-kim-leaves\)"):
        editor.delete_fact_check(new.id)


def test_a_fact_linked_only_by_an_orphan_is_listed_as_one(workspace: Path) -> None:
    path = workspace / "annotations" / "national-post-train.json"
    doc = read_json(path)
    orphan = doc["spans"].pop(0)
    orphan["facts"] = ["orphan-only"]
    doc["orphans"] = [
        {"orphaned": "2026-11-22T15:00:00Z", "score": 0.0, "sha256": "0" * 64, "span": orphan}
    ]
    facts = workspace / "annotations" / "facts.json"
    registry = read_json(facts)
    registry["facts"].append({**registry["facts"][0], "id": "orphan-only"})
    import orjson

    for target, data in ((path, doc), (facts, registry)):
        target.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    editor = editor_for(workspace)
    uses = editor.fact_usage()["orphan-only"]
    assert [(u.article_id, u.kind, u.span.id) for u in uses] == [
        ("national-post-train", "orphan", orphan["id"])
    ]
    with pytest.raises(ReadOnlyError, match=r"linked by 1 span \(national-post-train\)"):
        editor.delete_fact("orphan-only")


def test_usage_sees_a_file_changed_on_disk_and_reads_nothing_unchanged(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layer = with_layer(workspace)
    editor = editor_for(workspace)
    import annotator.store.store as store_module

    real = store_module.load_annotation_file
    read: list[Path] = []

    def counting(path: Path) -> AnnotationFile:
        read.append(Path(path))
        return real(path)

    monkeypatch.setattr(store_module, "load_annotation_file", counting)
    first = editor.fact_usage()
    # Every file but the open article (its spans come from memory): 4 gold + 2 ana.
    assert len(read) == 6 and workspace / "annotations" / "afp-kim-leaves.json" not in read
    read.clear()
    assert editor.fact_usage() == first
    assert read == []  # nothing changed: nothing read again
    path = layer / "efe-kim-train.json"
    path.write_bytes(path.read_bytes().replace(FACT.encode(), b"kcna-confirmed-visit"))
    after = editor.fact_usage()
    assert read == [path]  # only the changed file
    assert [u.layer for u in after[FACT]].count("by/ana") == 2  # afp's only now
    assert {"by/ana"} <= {u.layer for u in after["kcna-confirmed-visit"]}


def test_usage_right_after_a_rename_and_its_undo(workspace: Path) -> None:
    with_layer(workspace)
    editor = editor_for(workspace)
    count = len(editor.fact_usage()[FACT])
    editor.rename_fact(FACT, "kim-left-by-train")
    usage = editor.fact_usage()
    assert FACT not in usage and len(usage["kim-left-by-train"]) == count
    assert {u.layer for u in usage["kim-left-by-train"]} == {"gold", "by/ana"}
    editor.undo()
    usage = editor.fact_usage()
    assert "kim-left-by-train" not in usage and len(usage[FACT]) == count


def test_in_memory_spans_of_the_open_article_win_over_disk(workspace: Path) -> None:
    editor = editor_for(workspace)
    before = len(editor.fact_usage()[FACT])
    span = next(s for s in editor.article.doc.spans if FACT in s.facts)  # type: ignore[union-attr]
    editor.unlink(span.id, FACT)
    assert len(editor.fact_usage()[FACT]) == before - 1


def test_rename_as_an_analyst_writes_each_layer_its_own_spans(workspace: Path) -> None:
    """Under --as the open article's spans are the analyst's: a rename must not write
    them into the gold file (nor gold's into the layer)."""
    layer = with_layer(workspace)
    folder = workspace / "annotations"
    doc = read_json(layer / "afp-kim-leaves.json")
    doc["spans"] = [s for s in doc["spans"] if FACT in s["facts"]]  # ana kept 2 of them
    import orjson

    (layer / "afp-kim-leaves.json").write_bytes(
        orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    )
    gold_ids = [s["id"] for s in read_json(folder / "afp-kim-leaves.json")["spans"]]
    editor = Editor(Store(workspace / "seeds", folder, "ana"), "ana")
    editor.open("afp-kim-leaves")
    assert {u.layer for u in editor.fact_usage()[FACT]} == {"gold", "by/ana"}
    editor.rename_fact(FACT, "kim-left-by-train")
    assert [s["id"] for s in read_json(folder / "afp-kim-leaves.json")["spans"]] == gold_ids
    assert len(read_json(layer / "afp-kim-leaves.json")["spans"]) == 2
    assert links(layer / "afp-kim-leaves.json", "kim-left-by-train") == 2
    assert editor.article is not None and len(editor.article.doc.spans) == 2


def test_annotation_files_lists_every_layer_and_nothing_else(workspace: Path) -> None:
    layer = with_layer(workspace)
    folder = workspace / "annotations"
    (folder / ".hidden.json").write_bytes(b"{}")
    (folder / ".afp-kim-leaves.json.x1y2.tmp").write_bytes(b"{}")
    (folder / "notes.txt").write_bytes(b"")
    (folder / "folder.json").mkdir()
    (folder / "by" / ".git").mkdir()
    (folder / "by" / ".git" / "x.json").write_bytes(b"{}")
    listed = Store(workspace / "seeds", folder).annotation_files()
    gold = sorted(p.stem for p in folder.glob("*-*.json"))
    assert listed == [("gold", a, folder / f"{a}.json") for a in gold] + [
        ("by/ana", a, layer / f"{a}.json") for a in ("afp-kim-leaves", "efe-kim-train")
    ]
