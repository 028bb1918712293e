"""Run every rule over a set of paths: per-file checks, then cross-file warnings."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from annotator.errors import AnnotatorError, UsageError
from annotator.model.team import GOLD
from annotator.store.corpus import Corpus
from annotator.store.layers import (
    discover_layers,
    layer_of_file,
    registry_for,
    stray_layer_folders,
    team_path,
)
from annotator.store.store import FACTS_FILE, collect_annotation_files
from annotator.validate.checks import FileReport, check_annotation, check_registry
from annotator.validate.codes import matches
from annotator.validate.findings import Finding, LayerCount, Result
from annotator.validate.team import check_layer_texts, check_team


def _collect(paths: Sequence[Path]) -> tuple[list[Path], Path | None, bool]:
    files, registry, whole_folder = collect_annotation_files(paths)
    if not files and registry is None:
        raise UsageError(
            "nothing to validate: no annotation files in " + ", ".join(str(p) for p in paths)
        )
    return files, registry, whole_folder


def validate_paths(
    paths: Sequence[Path],
    corpus_dir: Path,
    *,
    select: set[str] | None = None,
    ignore: set[str] | None = None,
) -> Result:
    """Validate annotation files and their registry against a corpus."""
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    files, registry_path, whole_folder = _collect(paths)
    # Analyst layers: every by/<name>/ of a folder given, and single files inside one.
    layer_files: list[tuple[Path, str]] = [(f, layer_of_file(f)) for f in files]
    team_files: list[tuple[Path, list[str]]] = []
    strays: list[Finding] = []
    for path in paths:
        if path.is_dir():
            strays.extend(
                Finding(
                    str(folder),
                    None,
                    None,
                    "",
                    "W508",
                    "warning",
                    f"folder by/{folder.name}/ is not an analyst name (letters, digits, "
                    "_ . -; never 'gold'): its files are not checked",
                )
                for folder in stray_layer_folders(path)
            )
            layers = discover_layers(path)
            for name, by_id in layers.items():
                if name != GOLD:
                    layer_files.extend((p, name) for p in by_id.values())
            if team_path(path).is_file():
                team_files.append((team_path(path), list(layers)))
    if registry_path is None and files:
        registry_path = registry_for(files[0])
    layered = any(layer != GOLD for _, layer in layer_files)
    # Cross-file rules (W501, W503, W504) read the gold files: analysts' layers are opinions
    # under review. Given only a layer's files, they read those.
    primary = (
        {GOLD}
        if any(layer == GOLD for _, layer in layer_files)
        else {layer for _, layer in layer_files}
    )
    try:
        corpus = Corpus(corpus_dir)
    except AnnotatorError as exc:
        raise UsageError(f"corpus: {exc}") from None
    result = Result()
    reports: list[FileReport] = []

    facts: dict[str, int] | None = None
    registry: FileReport | None = None
    if registry_path is not None:
        registry = FileReport(registry_path, str(registry_path))
        facts = check_registry(registry)
        reports.append(registry)
        result.files += 1
    elif files:
        result.findings.append(
            Finding(
                str(files[0].parent / FACTS_FILE),
                None,
                None,
                "",
                "E104",
                "error",
                "no facts.json beside the annotation files",
            )
        )

    def text_of(article_id: str) -> str | None:
        if article_id not in corpus:
            return None
        return corpus.text(article_id)

    annotated: dict[str, int] = {}
    annotation_reports: list[FileReport] = []
    for path, layer in layer_files:
        report = FileReport(path, str(path), layer=layer)
        try:
            check_annotation(report, text_of, facts)
        except AnnotatorError as exc:  # an unreadable article text
            report.findings.append(Finding(str(path), None, None, "", "E100", "error", str(exc)))
        annotation_reports.append(report)
        result.files += 1
        result.spans += report.spans
        if layered:
            count = result.layers.setdefault(layer, LayerCount())
            count.files += 1
            count.spans += report.spans
            result.layer_of[report.display] = layer
        if report.article and layer in primary:
            annotated[report.article] = annotated.get(report.article, 0) + report.spans
    check_layer_texts(annotation_reports)
    for team_file, names in team_files:
        team = FileReport(team_file, str(team_file))
        check_team(team, lambda article_id: article_id in corpus, names)
        reports.append(team)
        result.files += 1
    primary_reports = [r for r in annotation_reports if r.layer in primary]

    for report in reports + annotation_reports:
        result.findings.extend(report.findings)
    result.findings.extend(strays)
    if registry is not None and facts is not None:
        _cross_file(result, registry, facts, primary_reports, whole_folder)
    if whole_folder:
        folder = (
            files[0].parent if files else (registry_path.parent if registry_path else Path("."))
        )
        for article_id in corpus.ids:
            if not annotated.get(article_id):
                result.findings.append(
                    Finding(
                        str(folder / f"{article_id}.json"),
                        None,
                        None,
                        "",
                        "W503",
                        "warning",
                        f"article {article_id!r} has no annotations",
                    )
                )

    if select:
        result.findings = [f for f in result.findings if matches(f.code, select)]
    if ignore:
        result.findings = [f for f in result.findings if not matches(f.code, ignore)]
    result.seconds = time.perf_counter() - started
    return result


def _cross_file(
    result: Result,
    registry: FileReport,
    facts: dict[str, int],
    reports: list[FileReport],
    whole_folder: bool,
) -> None:
    by_fact: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for report in reports:
        for fact, label in report.links:
            by_fact[fact][label].add(report.article or report.path.stem)
    cross = FileReport(registry.path, registry.display, raw=registry.raw)
    cross._locator = registry._locator  # one scan of a large registry, not two
    for fact, index in facts.items():
        here = ("facts", index, "id")
        labels = by_fact.get(fact)
        if not labels and whole_folder:
            cross.add("W501", here, f"no span links fact {fact!r}")
        elif labels and labels.get("confirmed") and labels.get("disputed"):
            cross.add(
                "W504",
                here,
                f"fact {fact!r} is confirmed by "
                f"{', '.join(sorted(labels['confirmed']))} and disputed by "
                f"{', '.join(sorted(labels['disputed']))}",
            )
    result.findings.extend(cross.findings)
