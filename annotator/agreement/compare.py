"""Agreement between annotation layers: every measure, overall and by pair, label or article.

Pure computation: the caller (the ``agree`` command) loads the layers and the texts.
Each article is swept once (profiles, verdicts, merged units); every figure is then a
sum over those per-article statistics, so ``--by`` rows cost little extra.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal

from annotator.agreement.coding import cohen_kappa, fleiss_kappa, krippendorff_alpha, observed_share
from annotator.agreement.spans import (
    ABSENT,
    MatchCounts,
    OverlapIndex,
    ShareCounts,
    label_counts,
    overlap_counts,
    verdicts,
)
from annotator.agreement.unitizing import Range, merge, pair_sum, unitizing_alpha
from annotator.agreement.units import (
    LABEL_ORDER,
    ArticleText,
    LayerSpan,
    Profile,
    binary,
    profiles,
    project,
)

#: Every measure, in report order. ``--min`` takes these names.
MEASURES: tuple[str, ...] = (
    "exact_f1",
    "overlap_f1",
    "label_agreement",
    "cohen_cp",
    "fleiss_cp",
    "alpha_cp",
    "cohen_token",
    "fleiss_token",
    "alpha_token",
    "u_alpha",
    "fact_agreement",
    "fact_kappa",
    "fact_fleiss",
)

By = Literal["pair", "label", "article"]
Figures = dict[str, float | None]


@dataclass
class Study:
    """The layers to compare and their spans on the articles they all have.

    ``spans[layer][article_id]``; every article in ``articles`` must have an entry in
    every layer (an empty list is a file with no spans).
    """

    layers: list[str]
    articles: list[ArticleText]
    spans: dict[str, dict[str, list[LayerSpan]]]


@dataclass
class Row:
    """One row of a ``--by`` table: a pair of layers, a label or an article."""

    name: str
    figures: Figures
    layers: list[str] = field(default_factory=list)


@dataclass
class Report:
    layers: list[str]
    articles: list[str]
    by: By
    overall: Figures
    rows: list[Row]
    #: (article id, why it was left out): filled in by the caller.
    skipped: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Article:
    text: ArticleText
    spans: list[list[LayerSpan]]
    cp: Profile
    token: Profile
    facts: dict[str, tuple[str, ...]]
    #: label -> per layer merged units (article-local offsets).
    units: dict[str, list[list[Range]]]
    #: per layer, its spans ready for overlap matching.
    index: list[OverlapIndex]


def _prepare(study: Study) -> list[_Article]:
    out = []
    for article in study.articles:
        layered = [study.spans[layer].get(article.id, []) for layer in study.layers]
        cp, token = profiles(article, layered)
        per_layer = [verdicts(spans) for spans in layered]
        fact_ids = sorted({f for v in per_layer for f in v})
        facts = {f: tuple(v.get(f, ABSENT) for v in per_layer) for f in fact_ids}
        labels = sorted({s.label for spans in layered for s in spans})
        units = {
            label: [
                merge([(s.start, s.end) for s in spans if s.label == label]) for spans in layered
            ]
            for label in labels
        }
        index = [OverlapIndex.of(spans) for spans in layered]
        out.append(_Article(article, layered, cp, token, facts, units, index))
    return out


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


_Key = tuple[int, ...] | None


class Agreement:
    """Per-article statistics of a study, and figures over any subset of it.

    Pairwise counts, summed profiles and u-alpha pair sums are cached per article subset,
    so the overall figures and the ``--by pair`` rows share the work.
    """

    def __init__(self, study: Study) -> None:
        self.study = study
        self.articles = _prepare(study)
        labels = {
            s.label
            for by_article in study.spans.values()
            for spans in by_article.values()
            for s in spans
        }
        self.labels = [x for x in LABEL_ORDER if x in labels] + sorted(labels - set(LABEL_ORDER))
        self._pairs: dict[
            tuple[_Key, int, int, str | None], tuple[MatchCounts, MatchCounts, ShareCounts]
        ] = {}
        self._profiles: dict[tuple[_Key, str], Profile] = {}
        self._sums: dict[tuple[_Key, str, int, int], int] = {}
        self._units: dict[_Key, tuple[dict[str, list[list[Range]]], int]] = {}
        self._verdicts: dict[_Key, Profile] = {}

    def _chosen(self, key: _Key) -> list[_Article]:
        return self.articles if key is None else [self.articles[i] for i in key]

    def _pair(
        self, key: _Key, x: int, y: int, label: str | None
    ) -> tuple[MatchCounts, MatchCounts, ShareCounts]:
        found = self._pairs.get((key, x, y, label))
        if found is None:
            exact = MatchCounts()
            overlap = MatchCounts()
            same_range = ShareCounts()
            for art in self._chosen(key):
                ia, ib = art.index[x], art.index[y]
                if label is not None:
                    ia, ib = ia.only(label), ib.only(label)
                common = len(ia.keys & ib.keys)
                exact += MatchCounts(common, common, len(ia.keys), len(ib.keys))
                overlap += overlap_counts(ia, ib)
                if label is None:
                    same_range += label_counts(art.spans[x], art.spans[y])
            found = self._pairs[(key, x, y, label)] = (exact, overlap, same_range)
        return found

    def _profile(self, key: _Key, unit: str) -> Profile:
        found = self._profiles.get((key, unit))
        if found is None:
            found = Counter()
            for art in self._chosen(key):
                found.update(art.cp if unit == "cp" else art.token)
            self._profiles[(key, unit)] = found
        return found

    def figures(
        self,
        columns: Sequence[int],
        articles: Sequence[int] | None = None,
        label: str | None = None,
    ) -> Figures:
        """Every measure over the layers ``columns`` and the articles given (default all)."""
        key: _Key = tuple(articles) if articles is not None else None
        pairs = list(combinations(columns, 2))
        figures: Figures = dict.fromkeys(MEASURES)

        exact = MatchCounts()
        overlap = MatchCounts()
        same_range = ShareCounts()
        for x, y in pairs:
            e, o, r = self._pair(key, x, y, label)
            exact, overlap, same_range = exact + e, overlap + o, same_range + r
        figures["exact_f1"] = exact.f1()
        figures["overlap_f1"] = overlap.f1()
        figures["label_agreement"] = same_range.share() if label is None else None

        for unit in ("cp", "token"):
            total = project(self._profile(key, unit), columns)
            if label is not None:
                total = binary(total, label)
            local = {c: i for i, c in enumerate(columns)}
            figures[f"cohen_{unit}"] = (
                _mean([cohen_kappa(project(total, (local[x], local[y]))) for x, y in pairs])
                if pairs
                else None
            )
            figures[f"fleiss_{unit}"] = fleiss_kappa(total) if pairs else None
            figures[f"alpha_{unit}"] = krippendorff_alpha(total) if pairs else None

        figures["u_alpha"] = self._u_alpha(key, columns, label)
        if label is None:
            figures.update(self._facts(columns, key))
        return figures

    def _continuum(self, key: _Key) -> tuple[dict[str, list[list[Range]]], int]:
        """Every layer's merged units per label, the chosen articles laid end to end."""
        found = self._units.get(key)
        if found is None:
            width = len(self.study.layers)
            units: dict[str, list[list[Range]]] = {}
            offset = 0
            for art in self._chosen(key):
                for category, per_layer in art.units.items():
                    lists = units.setdefault(category, [[] for _ in range(width)])
                    for k in range(width):
                        lists[k].extend((b + offset, e + offset) for b, e in per_layer[k])
                offset += art.text.length
            found = self._units[key] = (units, offset)
        return found

    def _u_alpha(self, key: _Key, columns: Sequence[int], label: str | None) -> float | None:
        if len(columns) < 2:
            return None
        every, length = self._continuum(key)
        units = {c: [every[c][k] for k in columns] for c in every if label is None or c == label}

        def sums(category: str, x: int, y: int) -> int:
            a, b = columns[x], columns[y]
            found = self._sums.get((key, category, a, b))
            if found is None:
                found = pair_sum(every[category][a], every[category][b], length)
                self._sums[(key, category, a, b)] = found
            return found

        result = unitizing_alpha(units, length, len(columns), sums, merged=True)
        if label is not None:
            return result.categories.get(label)
        return result.alpha

    def _facts(self, columns: Sequence[int], key: _Key) -> Figures:
        if len(columns) < 2:
            return {"fact_agreement": None, "fact_kappa": None, "fact_fleiss": None}
        full = self._verdicts.get(key)
        if full is None:
            full = Counter()
            for art in self._chosen(key):
                full.update(art.facts.values())
            self._verdicts[key] = full

        def table(cols: Sequence[int]) -> Profile:
            # Units are the (article, fact) pairs some of these layers give a verdict on.
            out: Profile = Counter()
            for verdict, count in full.items():
                projected = tuple(verdict[c] for c in cols)
                if any(v != ABSENT for v in projected):
                    out[projected] += count
            return out

        every = table(columns)
        pairs = list(combinations(columns, 2))
        return {
            "fact_agreement": observed_share(every),
            "fact_kappa": _mean([cohen_kappa(table(pair)) for pair in pairs]),
            "fact_fleiss": fleiss_kappa(every),
        }


def compare(study: Study, by: By = "pair") -> Report:
    """Overall figures over every chosen layer, and one row per pair, label or article."""
    agreement = Agreement(study)
    everything = list(range(len(study.layers)))
    overall = agreement.figures(everything)
    rows: list[Row] = []
    if by == "pair":
        for x, y in combinations(everything, 2):
            names = [study.layers[x], study.layers[y]]
            rows.append(Row(f"{names[0]} ~ {names[1]}", agreement.figures([x, y]), names))
    elif by == "label":
        for label in agreement.labels:
            rows.append(Row(label, agreement.figures(everything, label=label)))
    else:
        for index, art in enumerate(agreement.articles):
            rows.append(Row(art.text.id, agreement.figures(everything, [index])))
    return Report(list(study.layers), [a.id for a in study.articles], by, overall, rows)
