"""Rules for teams: ``team.json`` itself, and layers that disagree on the article text."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from annotator.model.team import GOLD, Team
from annotator.validate.checks import FileReport, _read, _schema


def check_team(
    report: FileReport, known_article: Callable[[str], bool], layer_names: Iterable[str]
) -> None:
    """Check team.json: schema (E102), assignments (E105, E201), layer folders (W508)."""
    data = _read(report)
    if data is None:
        return
    _schema(report, Team, data, lambda loc, kind: None)
    if not isinstance(data, dict):
        return
    analysts = data.get("analysts")
    listed = {a for a in analysts if isinstance(a, str)} if isinstance(analysts, list) else set()
    assignments = data.get("assignments")
    if isinstance(assignments, dict):
        for name, ids in assignments.items():
            if listed and name not in listed:
                report.add(
                    "E105",
                    ("assignments", name),
                    f"assigns articles to {name!r}, who is not in analysts",
                )
            if isinstance(ids, list):
                for index, article_id in enumerate(ids):
                    if isinstance(article_id, str) and not known_article(article_id):
                        report.add(
                            "E201",
                            ("assignments", name, index),
                            f"no article {article_id!r} in the corpus",
                        )
    if isinstance(analysts, list):
        for name in sorted(set(layer_names) - listed - {GOLD}):
            report.add(
                "W508", ("analysts",), f"layer folder by/{name}/ belongs to no analyst listed here"
            )


def check_layer_texts(reports: Iterable[FileReport]) -> None:
    """W507 on each file whose sha256 differs from its article's gold file (or first layer)."""
    by_article: dict[str, list[FileReport]] = {}
    for report in reports:
        if report.article and report.sha256:
            by_article.setdefault(report.article, []).append(report)
    for group in by_article.values():
        if len({r.sha256 for r in group}) < 2:
            continue
        ordered = sorted(group, key=lambda r: (r.layer != GOLD, r.layer))
        reference = ordered[0]
        for report in ordered[1:]:
            if report.sha256 != reference.sha256:
                report.add(
                    "W507",
                    ("article", "sha256"),
                    f"layer {report.layer!r} was made on a different text than "
                    f"{reference.layer!r} ({reference.display}): sha256 "
                    f"{(report.sha256 or '')[:12]}… vs {(reference.sha256 or '')[:12]}…; "
                    "agreement leaves this article out",
                )
