"""The merge driver in real git repositories: `git-setup`, two branches, `git merge`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from annotator.merge.resolve import resolve_fact_conflict, resolve_span_conflict, which_side
from annotator.model.models import AnnotationFile, Fact, Label, Span
from annotator.store.files import atomic_write
from annotator.store.jsonio import dumps
from annotator.store.store import Store, load_annotation_file, load_registry_file

ARTICLE = "yonhap-special-train"
STAMP = "2026-11-30T10:00:00Z"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=_env(repo))
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {proc.stdout}{proc.stderr}")
    return proc


def _env(repo: Path) -> dict[str, str]:
    # No user or system git config leaks in; identity and branch name are fixed.
    return {
        **os.environ,
        "HOME": str(repo.parent),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
    }


def annotator(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=_env(repo),
    )


@pytest.fixture()
def repo(workspace: Path) -> Path:
    """The bundled corpus and annotations committed on `main`, driver set up."""
    git(workspace, "init", "-q", "-b", "main")
    setup = annotator(workspace, "git-setup")
    assert setup.returncode == 0, setup.stderr
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "base")
    return workspace


def path_of(repo: Path, article: str = ARTICLE) -> Path:
    return repo / "annotations" / f"{article}.json"


def load(repo: Path, article: str = ARTICLE) -> AnnotationFile:
    return load_annotation_file(path_of(repo, article))


def save(repo: Path, doc: AnnotationFile) -> None:
    store = Store(repo / "seeds", repo / "annotations")
    store.load_annotations(doc.article.id)
    store.save_annotations(doc)


def new_span(repo: Path, phrase: str, span_id: str, label: Label = "opinion") -> Span:
    text = Store(repo / "seeds", repo / "annotations").corpus.text(ARTICLE)
    start = text.index(phrase)
    return Span.create(
        text, start, start + len(phrase), label, author="t", span_id=span_id, timestamp=STAMP
    )


def edit_span(repo: Path, span_id: str, **update: object) -> None:
    doc = load(repo)
    spans = [
        Span.model_validate({**s.model_dump(), **update, "modified": STAMP})
        if s.id == span_id
        else s
        for s in doc.spans
    ]
    save(repo, doc.model_copy(update={"spans": spans}))


def commit(repo: Path, message: str) -> None:
    git(repo, "commit", "-q", "-am", message)


def merge(repo: Path, branch: str = "feature") -> subprocess.CompletedProcess[str]:
    return git(repo, "merge", "--no-edit", branch, check=False)


def branches(repo: Path) -> None:
    git(repo, "branch", "feature")


def test_independent_additions_merge_clean(repo: Path) -> None:
    branches(repo)
    doc = load(repo)
    save(
        repo,
        doc.model_copy(
            update={
                "spans": [
                    *doc.spans,
                    new_span(
                        repo, "Another senior official confirmed", "ours-1", "attributed"
                    ).model_copy(update={"attribution": "a senior official"}),
                ]
            }
        ),
    )
    commit(repo, "ours")
    git(repo, "checkout", "-q", "feature")
    doc = load(repo)
    save(
        repo,
        doc.model_copy(
            update={"spans": [*doc.spans, new_span(repo, "moving to Vladivostok", "theirs-1")]}
        ),
    )
    commit(repo, "theirs")
    git(repo, "checkout", "-q", "main")
    proc = merge(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ids = {s.id for s in load(repo).spans}
    assert {"ours-1", "theirs-1", "yon-01", "yon-12"} <= ids
    assert git(repo, "status", "--porcelain").stdout == ""
    # The merged file is exactly what the store writes (sorted, canonical bytes).
    assert path_of(repo).read_bytes() == dumps(
        load(repo).model_copy(update={"spans": load(repo).sorted_spans()})
    )
    assert annotator(repo, "validate").returncode == 0


def test_edits_to_different_fields_of_one_span_merge(repo: Path) -> None:
    branches(repo)
    edit_span(repo, "yon-04", note="ours: checked")
    commit(repo, "note")
    git(repo, "checkout", "-q", "feature")
    edit_span(repo, "yon-04", label="attributed", attribution="Yonhap")
    commit(repo, "label")
    git(repo, "checkout", "-q", "main")
    proc = merge(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    span = next(s for s in load(repo).spans if s.id == "yon-04")
    assert (span.note, span.label, span.attribution) == ("ours: checked", "attributed", "Yonhap")
    assert git(repo, "status", "--porcelain").stdout == ""


def _collide(repo: Path) -> None:
    branches(repo)
    edit_span(repo, "yon-04", note="main says so")
    commit(repo, "main note")
    git(repo, "checkout", "-q", "feature")
    edit_span(repo, "yon-04", note="feature says otherwise")
    commit(repo, "feature note")
    git(repo, "checkout", "-q", "main")


def test_colliding_edits_become_conflict_records_that_validate_reports(repo: Path) -> None:
    head = load(repo).model_copy()
    _collide(repo)
    ours_before = load(repo)
    proc = merge(repo)
    assert proc.returncode == 1
    out = proc.stdout + proc.stderr
    assert "annotations/yonhap-special-train.json: 1 span conflict recorded" in out
    assert git(repo, "status", "--porcelain").stdout.splitlines() == [
        "UU annotations/yonhap-special-train.json"
    ]
    doc = load(repo)  # still a valid annotation file: no text markers
    [record] = doc.conflicts
    assert record.id == "yon-04" and "yon-04" not in {s.id for s in doc.spans}
    assert record.reason == "note changed differently on both branches"
    assert record.base == next(s for s in head.spans if s.id == "yon-04")
    assert {record.a.note, record.b.note} == {  # type: ignore[union-attr]
        "main says so",
        "feature says otherwise",
    }

    check = annotator(repo, "validate")
    assert check.returncode == 1
    assert "E308 conflicts[0]: unresolved merge conflict on span 'yon-04'" in check.stdout

    ours = which_side(record, ours_before)
    assert ours is not None and getattr(record, ours).note == "main says so"
    atomic_write(path_of(repo), dumps(resolve_span_conflict(doc, "yon-04", ours)))
    assert b'"conflicts"' not in path_of(repo).read_bytes()
    assert annotator(repo, "validate").returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-edit")
    assert next(s for s in load(repo).spans if s.id == "yon-04").note == "main says so"


def test_merging_either_way_round_gives_the_same_bytes(repo: Path) -> None:
    _collide(repo)
    assert merge(repo).returncode == 1
    on_main = path_of(repo).read_bytes()
    git(repo, "merge", "--abort")
    git(repo, "checkout", "-q", "feature")
    assert merge(repo, "main").returncode == 1
    assert path_of(repo).read_bytes() == on_main


def test_a_side_that_is_not_json_falls_back_to_a_text_merge(repo: Path) -> None:
    branches(repo)
    edit_span(repo, "yon-04", note="valid change")
    commit(repo, "ours")
    git(repo, "checkout", "-q", "feature")
    path = path_of(repo)
    raw = path.read_text("utf-8")
    # The same note line as ours changed, and the file is no longer JSON.
    broken = raw.replace(
        '"note": "A projection from the 2019 journey.",', '"note": "broken side",,', 1
    )
    assert broken != raw
    path.write_text(broken, "utf-8")
    commit(repo, "broken")
    git(repo, "checkout", "-q", "main")
    proc = merge(repo)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert (
        "annotator merge-driver: annotations/yonhap-special-train.json: their version at line"
    ) in out and "merged as text instead" in out
    assert "Traceback" not in out
    text = path.read_text("utf-8")
    assert "<<<<<<< ours" in text and ">>>>>>> theirs" in text and "=======" in text
    assert git(repo, "status", "--porcelain").stdout.startswith("UU ")
    check = annotator(repo, "validate")
    assert check.returncode == 1 and "E101" in check.stdout


def test_a_text_fallback_without_overlap_merges_clean(repo: Path) -> None:
    branches(repo)
    edit_span(repo, "yon-01", note="top change")
    commit(repo, "ours")
    git(repo, "checkout", "-q", "feature")
    path = path_of(repo)
    raw = path.read_text("utf-8")
    path.write_text(raw.replace('"version": 1', '"version": 1,', 1), "utf-8")  # not JSON
    commit(repo, "trailing comma at the end")
    git(repo, "checkout", "-q", "main")
    proc = merge(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # merge-file's status: clean
    text = path.read_text("utf-8")
    assert '"note": "top change"' in text and '"version": 1,' in text


def test_facts_json_same_id_different_statement_conflicts(repo: Path) -> None:
    facts = repo / "annotations" / "facts.json"
    first = load_registry_file(facts).facts[0]

    def restate(statement: str) -> None:
        registry = load_registry_file(facts)
        changed = [
            f.model_copy(update={"statement": statement, "modified": STAMP})
            if f.id == first.id
            else f
            for f in registry.facts
        ]
        atomic_write(facts, dumps(registry.model_copy(update={"facts": changed})))

    branches(repo)
    restate("Main's wording.")
    registry = load_registry_file(facts)
    added = Fact(
        id="main-only-fact",
        statement="Added on main.",
        note=None,
        author="t",
        created=STAMP,
        modified=STAMP,
    )
    atomic_write(
        facts,
        dumps(
            registry.model_copy(
                update={"facts": sorted([*registry.facts, added], key=lambda f: f.id)}
            )
        ),
    )
    commit(repo, "main wording")
    git(repo, "checkout", "-q", "feature")
    restate("Feature's wording.")
    commit(repo, "feature wording")
    git(repo, "checkout", "-q", "main")
    proc = merge(repo)
    assert proc.returncode == 1
    assert "annotations/facts.json: 1 fact conflict recorded" in proc.stdout + proc.stderr
    registry = load_registry_file(facts)
    assert "main-only-fact" in registry.by_id() and first.id not in registry.by_id()
    [record] = registry.conflicts
    assert record.reason == "statement changed differently on both branches"
    check = annotator(repo, "validate")
    assert check.returncode == 1
    assert f"E407 conflicts[0]: unresolved merge conflict on fact {first.id!r}" in check.stdout
    atomic_write(facts, dumps(resolve_fact_conflict(registry, first.id, "base")))
    assert annotator(repo, "validate").returncode == 0


def test_a_file_added_on_both_branches_merges_from_an_empty_ancestor(repo: Path) -> None:
    path = path_of(repo)
    original = load(repo)
    git(repo, "rm", "-q", str(path.relative_to(repo)))
    git(repo, "commit", "-q", "-m", "start over")
    branches(repo)
    save_new = original.model_copy(update={"spans": original.spans[:3]})
    atomic_write(path, dumps(save_new))
    git(repo, "add", "-A")
    commit(repo, "main adds")
    git(repo, "checkout", "-q", "feature")
    atomic_write(path, dumps(original.model_copy(update={"spans": original.spans[2:6]})))
    git(repo, "add", "-A")
    commit(repo, "feature adds")
    git(repo, "checkout", "-q", "main")
    proc = merge(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [s.id for s in load(repo).spans] == [s.id for s in original.spans[:6]]


def test_git_setup_check_before_and_after(workspace: Path) -> None:
    git(workspace, "init", "-q", "-b", "main")
    before = annotator(workspace, "git-setup", "--check")
    assert before.returncode == 1
    assert len(before.stderr.splitlines()) == 1
    assert "no merge=annotator attribute" in before.stderr
    assert "merge.annotator.driver is not set" in before.stderr
    first = annotator(workspace, "git-setup")
    assert first.returncode == 0 and ".gitattributes: added" in first.stdout
    attributes = (workspace / ".gitattributes").read_bytes()
    assert attributes == (
        b"annotations/**/*.json merge=annotator\nannotations/facts.json merge=annotator\n"
    )
    driver = git(workspace, "config", "merge.annotator.driver").stdout.strip()
    assert driver == f"{sys.executable} -m annotator merge-driver %O %A %B %L %P"
    # The store's lock file and interrupted saves' temp files are never committed.
    assert (workspace / ".gitignore").read_bytes() == (
        b"annotations/.annotator.lock\nannotations/**/.*.tmp\n"
    )
    again = annotator(workspace, "git-setup")
    assert again.returncode == 0 and "already configured" in again.stdout
    assert (workspace / ".gitattributes").read_bytes() == attributes
    after = annotator(workspace, "git-setup", "--check")
    assert after.returncode == 0, after.stderr
    git(
        workspace,
        "config",
        "merge.annotator.driver",
        "/nowhere/annotator merge-driver %O %A %B %L %P",
    )
    wrong = annotator(workspace, "git-setup", "--check")
    assert wrong.returncode == 1 and "'/nowhere/annotator', which is not" in wrong.stderr


def test_git_setup_keeps_existing_attributes_and_outside_a_repo_is_a_usage_error(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / ".gitattributes").write_text("*.txt text", "utf-8")  # no final newline
    assert annotator(repo, "--annotations", "data/ann", "git-setup").returncode == 0
    assert (repo / ".gitattributes").read_text("utf-8") == (
        "*.txt text\ndata/ann/**/*.json merge=annotator\ndata/ann/facts.json merge=annotator\n"
    )
    assert annotator(repo, "--annotations", "data/ann", "git-setup", "--check").returncode == 0
    outside = tmp_path / "plain"
    outside.mkdir()
    proc = annotator(outside, "git-setup", "--check")
    assert proc.returncode == 2 and "not inside a git repository" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_driver_never_tracebacks(tmp_path: Path) -> None:
    proc = annotator(
        tmp_path, "merge-driver", "no-base", "no-ours", "no-theirs", "7", "annotations/x.json"
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "annotations/x.json" in proc.stderr
    assert "Traceback" not in proc.stderr
    for name in ("base", "ours", "theirs"):
        (tmp_path / name).write_bytes(b"[1, 2]\n" if name != "base" else b"")
    proc = annotator(tmp_path, "merge-driver", "base", "ours", "theirs", "x", "a/b.json")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr  # same text: clean
    assert "a/b.json: our version" in proc.stderr and "merged as text" in proc.stderr
    assert (tmp_path / "ours").read_bytes() == b"[1, 2]\n"


def test_the_driver_writes_canonical_json_into_ours(tmp_path: Path, workspace: Path) -> None:
    original = path_of(workspace).read_bytes()
    doc = orjson.loads(original)
    base, ours, theirs = (tmp_path / n for n in ("O", "A", "B"))
    base.write_bytes(original)
    ours.write_bytes(orjson.dumps(doc))  # one line, same data
    del doc["spans"][0]
    theirs.write_bytes(dumps(doc))
    proc = annotator(tmp_path, "merge-driver", "O", "A", "B", "7", "annotations/y.json")
    assert proc.returncode == 0, proc.stderr
    assert ours.read_bytes() == dumps(doc)


def test_a_bug_in_the_merge_falls_back_to_text_and_never_passes_as_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from annotator.cli import merge_driver

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(merge_driver, "merge_documents", broken)
    for name in ("O", "A", "B"):
        (tmp_path / name).write_bytes(b'{"same": 1}\n')
    err = io.StringIO()
    rc = merge_driver.run_driver(
        tmp_path / "O", tmp_path / "A", tmp_path / "B", 7, "annotations/z.json", err
    )
    assert rc == 1  # the text merge was clean, but a failed span merge must be looked at
    assert err.getvalue() == (
        "annotator merge-driver: annotations/z.json: cannot merge by span "
        "(RuntimeError: boom); merged as text instead\n"
    )
    assert (tmp_path / "A").read_bytes() == b'{"same": 1}\n'


def test_a_clone_without_the_driver_config_keeps_gits_text_merge(workspace: Path) -> None:
    git(workspace, "init", "-q", "-b", "main")
    (workspace / ".gitattributes").write_text("annotations/**/*.json merge=annotator\n", "utf-8")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "base")
    _collide(workspace)
    proc = merge(workspace)
    assert proc.returncode == 1 and "CONFLICT (content)" in proc.stdout
    text = path_of(workspace).read_text("utf-8")
    assert "<<<<<<< HEAD" in text and ">>>>>>> feature" in text
