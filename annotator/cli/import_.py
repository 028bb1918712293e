"""``annotator import --format w3c|brat [--force] PATH``: back into the store.

Nothing is written until everything is checked: every file is parsed, the facts the
import links are added to the registry from the statements it carries (an existing id
with another statement is a conflict unless ``--force``), and the validator runs over
exactly the files that would be written (in a temp folder). Then the store writes them
all-or-nothing: a failure midway leaves every file as it was.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from annotator.cli.options import common
from annotator.errors import DataError, UsageError
from annotator.formats.brat import decode_ann, read_brat
from annotator.formats.imported import Imported
from annotator.formats.w3c import read_w3c
from annotator.model.display import safe_line
from annotator.model.models import AnnotationFile, Fact, FactRegistry, now
from annotator.store.files import is_regular, read_bytes, read_if_exists
from annotator.store.jsonio import dumps, loads
from annotator.store.store import FACTS_FILE, Store


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a W3C JSON-LD file, or a brat folder")
    parser.add_argument("--format", required=True, choices=["w3c", "brat"])
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace existing annotation files and fact statements that differ",
    )


def _read_source(store: Store, source: Path, fmt: str) -> Imported:
    if fmt == "w3c":
        if source.is_dir():
            raise UsageError(f"{source}: W3C import reads one JSON-LD file")
        raw = read_bytes(source, root=source.parent)
        by_url = {a.url: a.id for a in store.corpus if a.url}
        return read_w3c(loads(raw, source), str(source), by_url)
    if not source.is_dir():
        raise UsageError(f"{source}: brat import reads a folder of .ann files")
    result = Imported()
    for ann in sorted(source.glob("*.ann")):
        if not is_regular(ann):
            raise DataError(ann, "refused: not a regular file")
        article_id = ann.stem
        text = store.corpus.text(article_id)
        sidecar = ann.with_name(f"{article_id}.annotator.json")
        found = read_brat(
            decode_ann(read_bytes(ann, root=source), str(ann)),
            text,
            str(ann),
            read_if_exists(sidecar, root=source),
        )
        result.spans[article_id] = found.spans.get("", [])
        for fact_id, statement in found.statements.items():
            result.statements.setdefault(fact_id, statement)
        result.warnings.extend(found.warnings)
    return result


def _same(existing: str, imported: str) -> bool:
    """Statements are the same when equal as brat or W3C would write them."""
    from annotator.formats.brat import _one_line

    return (
        existing == imported
        or _one_line(existing) == imported
        or " ".join(existing.split()) == " ".join(imported.split())
    )


def _registry(store: Store, found: Imported, force: bool, author: str) -> FactRegistry:
    """The registry with every fact the import links; conflicts refused unless forced."""
    registry = store.load_facts()
    facts = {f.id: f for f in registry.facts}
    linked = sorted({f for spans in found.spans.values() for s in spans for f in s.facts})
    stamp = now()
    for fact_id in linked:
        statement = found.statements.get(fact_id)
        existing = facts.get(fact_id)
        if existing is not None:
            if statement is None or _same(existing.statement, statement):
                continue
            if not force:
                raise UsageError(
                    f"{store.facts_path}: fact {fact_id!r} is {existing.statement!r} but the "
                    f"import says {statement!r}; use --force to take the imported statement"
                )
            facts[fact_id] = existing.model_copy(update={"statement": statement, "modified": stamp})
        elif statement is not None:
            facts[fact_id] = Fact(
                id=fact_id,
                statement=statement,
                note=None,
                author=author,
                created=stamp,
                modified=stamp,
            )
        # A linked fact with no statement anywhere stays unknown: the validator refuses it.
    return registry.model_copy(update={"facts": sorted(facts.values(), key=lambda f: f.id)})


def _validate(
    store: Store, corpus: Path, docs: list[AnnotationFile], registry: FactRegistry
) -> list[str]:
    """The validator's errors for exactly what would be written, with the real paths."""
    from annotator.validate import validate_paths

    with tempfile.TemporaryDirectory(prefix="annotator-import-") as tmp:
        folder = Path(tmp)
        paths = [folder / FACTS_FILE]
        paths[0].write_bytes(dumps(registry))
        for doc in docs:
            path = folder / f"{doc.article.id}.json"
            path.write_bytes(dumps(doc.model_copy(update={"spans": doc.sorted_spans()})))
            paths.append(path)
        result = validate_paths(paths, corpus)
        lines = []
        for finding in sorted(result.findings, key=lambda f: f.sort_key):
            if finding.severity == "error":
                line = finding.format_text()
                lines.append(str(store.folder) + line[len(tmp) :] if line.startswith(tmp) else line)
        return lines


def run(args: argparse.Namespace) -> int:
    shared = common(args)
    store = Store(shared.corpus, shared.annotations)
    source = Path(args.path)
    if not source.exists():
        raise UsageError(f"{source}: no such file or folder")
    found = _read_source(store, source, args.format)
    for warning in found.warnings:
        print(f"annotator: warning: {safe_line(warning)}", file=sys.stderr)
    docs: list[AnnotationFile] = []
    for article_id, spans in sorted(found.spans.items()):
        text = store.corpus.text(article_id)
        for span in spans:
            if span.end > len(text) or text[span.start : span.end] != span.quote:
                raise DataError(
                    source,
                    f"span {span.id} of {article_id}: quote does not match "
                    "the article text at its offsets",
                )
        existing = store.load_annotations(article_id)
        doc = store.new_annotations(article_id, text).model_copy(update={"spans": spans})
        if (
            existing is not None
            and existing.sorted_spans() != doc.sorted_spans()
            and not args.force
        ):
            raise UsageError(
                f"{store.annotation_path(article_id)} exists and differs; use --force to replace it"
            )
        docs.append(doc)
    registry = _registry(store, found, args.force, shared.author)
    refused = _validate(store, shared.corpus, docs, registry)
    if refused:
        for line in refused:
            print(line, file=sys.stderr)
        print(
            f"annotator: not imported: the files would have {len(refused)} validation "
            "errors (nothing was written; --force never writes invalid files)",
            file=sys.stderr,
        )
        return 1
    changed = store.save_all(docs, registry, force=args.force)
    total = sum(len(v) for v in found.spans.values())
    print(
        f"imported {total} spans into {len(docs)} files"
        f" ({'changed' if changed else 'no file changed'})"
    )
    return 0
