"""Every agreement measure against an independent reference, to 1e-9.

References: scikit-learn ``cohen_kappa_score``, statsmodels ``fleiss_kappa``, the
``krippendorff`` package (nominal alpha), each fed the naive per-unit categories computed
here position by position; brute-force span matching for the F1s; DKPro Statistics'
test values (and small examples worked by hand below) for unitizing alpha.
"""

from __future__ import annotations

import random
import re
import warnings
from fractions import Fraction
from itertools import combinations, pairwise

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from annotator.agreement import ArticleText, LayerSpan, Study, compare
from annotator.agreement.coding import cohen_kappa, krippendorff_alpha
from annotator.agreement.coding import fleiss_kappa as our_fleiss
from annotator.agreement.compare import Agreement
from annotator.agreement.spans import exact_counts, label_counts, overlap_counts, verdicts
from annotator.agreement.unitizing import (
    category_disagreement,
    merge,
    pair_sum,
    unitizing_alpha,
)
from annotator.agreement.units import category_runs, profiles, project

LABELS = ["confirmed", "disputed", "attributed", "opinion"]
TOL = 1e-9


# --- naive references ------------------------------------------------------------------


def naive_categories(spans: list[LayerSpan], length: int) -> list[str]:
    """Position by position: the innermost covering span (shortest, later start, label order)."""
    out = []
    for pos in range(length):
        covering = [s for s in spans if s.start <= pos < s.end]
        if not covering:
            out.append("none")
            continue
        best = min(covering, key=lambda s: (s.end - s.start, -s.start, LABELS.index(s.label)))
        out.append(best.label)
    return out


def naive_tokens(text: str, categories: list[str]) -> list[str]:
    return [categories[m.start()] for m in re.finditer(r"\w+|[^\w\s]", text)]


def random_text(rng: random.Random, length: int) -> str:
    words = ["Kim", "train", "700", "kms", "Vladivostok", "said", "ça", "東京", "—", "“", "!"]
    out = ""
    while len(out) < length:
        out += rng.choice(words) + rng.choice([" ", " ", "\n", ", ", ""])
    return out[:length]


def random_layer(rng: random.Random, length: int, count: int, facts: int = 4) -> list[LayerSpan]:
    spans = []
    for _ in range(count):
        start = rng.randrange(length - 1)
        end = min(length, start + rng.randint(1, max(2, length // 5)))
        label = rng.choice(LABELS)
        linked = tuple(f"f{rng.randrange(facts)}" for _ in range(rng.randint(0, 2)))
        spans.append(LayerSpan(start, end, label, linked))
    return spans


def correlated_layer(rng: random.Random, base: list[LayerSpan], length: int) -> list[LayerSpan]:
    """A second analyst: mostly the same spans, some moved, relabelled, dropped or added."""
    out = []
    for s in base:
        roll = rng.random()
        if roll < 0.5:
            out.append(s)
        elif roll < 0.7:
            start = max(0, s.start + rng.randint(-3, 3))
            end = min(length, max(start + 1, s.end + rng.randint(-3, 3)))
            out.append(LayerSpan(start, end, s.label, s.facts))
        elif roll < 0.85:
            out.append(LayerSpan(s.start, s.end, rng.choice(LABELS), s.facts))
    out.extend(random_layer(rng, length, rng.randint(0, 3)))
    return out


Texts = dict[str, str]
Layers = dict[str, dict[str, list[LayerSpan]]]


def val(value: float | None) -> float:
    """A figure that must be defined here."""
    assert value is not None
    return value


def fixture(seed: int, layers: int = 3, articles: int = 3) -> tuple[Texts, Layers]:
    rng = random.Random(seed)
    texts = {f"a{i}": random_text(rng, rng.randint(80, 300)) for i in range(articles)}
    spans: dict[str, dict[str, list[LayerSpan]]] = {}
    for aid, text in texts.items():
        base = random_layer(rng, len(text), rng.randint(3, 12))
        for k in range(layers):
            layer = spans.setdefault(f"L{k}", {})
            layer[aid] = base if k == 0 else correlated_layer(rng, base, len(text))
    return texts, spans


def per_unit(
    texts: Texts, spans: Layers, names: list[str]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """{layer: [category per code point]}, {layer: [category per token]} over all articles."""
    cps: dict[str, list[str]] = {n: [] for n in names}
    toks: dict[str, list[str]] = {n: [] for n in names}
    for aid, text in texts.items():
        for n in names:
            cats = naive_categories(spans[n][aid], len(text))
            cps[n].extend(cats)
            toks[n].extend(naive_tokens(text, cats))
    return cps, toks


def ref_fleiss(columns: list[list[str]]) -> float:
    data = np.array(columns, dtype=object).T
    table, _ = aggregate_raters(data)
    return float(fleiss_kappa(table, method="fleiss"))


def ref_alpha(columns: list[list[str]]) -> float:
    codes = {c: i for i, c in enumerate(sorted({c for col in columns for c in col}))}
    data = np.array([[codes[c] for c in col] for col in columns], dtype=float)
    return float(
        krippendorff.alpha(
            reliability_data=data,
            level_of_measurement="nominal",
            value_domain=list(range(len(codes))),
        )
    )


def study_of(texts: Texts, spans: Layers, names: list[str]) -> Study:
    articles = [ArticleText.from_text(aid, text) for aid, text in texts.items()]
    return Study(list(names), articles, {n: spans[n] for n in names})


# --- units ----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=60),
    st.lists(
        st.tuples(st.integers(0, 59), st.integers(1, 30), st.sampled_from(LABELS)), max_size=8
    ),
)
def test_runs_match_the_position_by_position_categories(
    length: int, raw: list[tuple[int, int, str]]
) -> None:
    spans = [LayerSpan(s, min(length, s + w), label) for s, w, label in raw if s < length]
    runs = category_runs(spans, length)
    expanded: list[str] = []
    for k, (pos, cat) in enumerate(runs):
        nxt = runs[k + 1][0] if k + 1 < len(runs) else length
        expanded.extend([cat] * (nxt - pos))
    assert expanded == naive_categories(spans, length)
    assert all(a[1] != b[1] for a, b in pairwise(runs))


def test_nested_spans_innermost_wins() -> None:
    # 0123456789: confirmed over 0-10, opinion over 2-5 inside it, disputed 2-5 too (tie on
    # length and start: label order puts disputed before opinion).
    spans = [LayerSpan(0, 10, "confirmed"), LayerSpan(2, 5, "opinion"), LayerSpan(2, 5, "disputed")]
    assert category_runs(spans, 12) == [
        (0, "confirmed"),
        (2, "disputed"),
        (5, "confirmed"),
        (10, "none"),
    ]


@pytest.mark.parametrize("seed", range(6))
def test_profiles_match_counting_each_unit(seed: int) -> None:
    texts, spans = fixture(seed)
    names = sorted(spans)
    cps, toks = per_unit(texts, spans, names)
    total_cp: dict[tuple[str, ...], int] = {}
    total_tok: dict[tuple[str, ...], int] = {}
    for aid, text in texts.items():
        cp, tok = profiles(ArticleText.from_text(aid, text), [spans[n][aid] for n in names])
        for k, v in cp.items():
            total_cp[k] = total_cp.get(k, 0) + v
        for k, v in tok.items():
            total_tok[k] = total_tok.get(k, 0) + v
    naive_cp: dict[tuple[str, ...], int] = {}
    for key in zip(*(cps[n] for n in names), strict=True):
        naive_cp[key] = naive_cp.get(key, 0) + 1
    naive_tok: dict[tuple[str, ...], int] = {}
    for key in zip(*(toks[n] for n in names), strict=True):
        naive_tok[key] = naive_tok.get(key, 0) + 1
    assert total_cp == naive_cp
    assert total_tok == naive_tok


# --- coding measures vs references --------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_coding_measures_match_the_references(seed: int) -> None:
    texts, spans = fixture(seed)
    names = sorted(spans)
    cps, toks = per_unit(texts, spans, names)
    report = compare(study_of(texts, spans, names), by="pair")
    for unit, columns in (("cp", cps), ("token", toks)):
        cols = [columns[n] for n in names]
        assert abs(val(report.overall[f"fleiss_{unit}"]) - ref_fleiss(cols)) < TOL
        assert abs(val(report.overall[f"alpha_{unit}"]) - ref_alpha(cols)) < TOL
        kappas = []
        for row in report.rows:
            a, b = row.layers
            ref = cohen_kappa_score(columns[a], columns[b])
            kappas.append(ref)
            assert abs(val(row.figures[f"cohen_{unit}"]) - ref) < TOL
            assert (
                abs(val(row.figures[f"alpha_{unit}"]) - ref_alpha([columns[a], columns[b]])) < TOL
            )
        assert abs(val(report.overall[f"cohen_{unit}"]) - sum(kappas) / len(kappas)) < TOL


@pytest.mark.parametrize("seed", range(4))
def test_per_label_figures_are_binary_label_against_the_rest(seed: int) -> None:
    texts, spans = fixture(seed, layers=2)
    names = sorted(spans)
    cps, _ = per_unit(texts, spans, names)
    report = compare(study_of(texts, spans, names), by="label")
    for row in report.rows:
        a = [c == row.name for c in cps[names[0]]]
        b = [c == row.name for c in cps[names[1]]]
        assert abs(val(row.figures["cohen_cp"]) - cohen_kappa_score(a, b)) < TOL


def test_degenerate_coding_cases() -> None:
    from collections import Counter

    from annotator.agreement.units import Profile

    assert cohen_kappa(Counter()) is None  # no units
    assert our_fleiss(Counter()) is None
    assert krippendorff_alpha(Counter()) is None
    assert our_fleiss(Counter({("none",): 5})) is None  # one analyst
    assert krippendorff_alpha(Counter({("none",): 5})) is None
    same: Profile = Counter({("none", "none"): 40})  # everyone says "none"
    assert cohen_kappa(same) == 1.0 and our_fleiss(same) == 1.0
    assert krippendorff_alpha(same) == 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.isnan(cohen_kappa_score(["x"] * 4, ["x"] * 4))  # the reference: undefined
    # Perfect agreement with variation: 1.0 by the formula itself.
    mixed: Profile = Counter({("none", "none"): 30, ("opinion", "opinion"): 10})
    assert cohen_kappa(mixed) == 1.0 and krippendorff_alpha(mixed) == 1.0


def test_one_layer_gives_no_figures() -> None:
    texts, spans = fixture(1, layers=1)
    report = compare(study_of(texts, spans, ["L0"]))
    assert report.rows == [] and all(v is None for v in report.overall.values())


def test_no_shared_articles_gives_no_figures() -> None:
    report = compare(Study(["A", "B"], [], {"A": {}, "B": {}}))
    assert all(v is None for v in report.overall.values())


# --- span measures ---------------------------------------------------------------------


def brute_f1(a: list[LayerSpan], b: list[LayerSpan], exact: bool) -> tuple[int, int, int, int]:
    ka = {(s.start, s.end, s.label) for s in a}
    kb = {(s.start, s.end, s.label) for s in b}

    def hit(x: tuple[int, int, str], y: tuple[int, int, str]) -> bool:
        if exact:
            return x == y
        return x[2] == y[2] and x[0] < y[1] and y[0] < x[1]

    ma = sum(1 for x in ka if any(hit(x, y) for y in kb))
    mb = sum(1 for y in kb if any(hit(x, y) for x in ka))
    return ma, mb, len(ka), len(kb)


def f1_of(ma: int, mb: int, na: int, nb: int) -> float | None:
    if na + nb == 0:
        return None
    if not ma or not mb:
        return 0.0
    p, r = ma / na, mb / nb
    return 2 * p * r / (p + r)


@pytest.mark.parametrize("seed", range(10))
def test_span_f1s_match_brute_force(seed: int) -> None:
    texts, spans = fixture(seed)
    names = sorted(spans)
    report = compare(study_of(texts, spans, names), by="pair")
    for exact, measure in ((True, "exact_f1"), (False, "overlap_f1")):
        overall = [0, 0, 0, 0]
        for row in report.rows:
            a, b = row.layers
            sums = [0, 0, 0, 0]
            for aid in texts:
                got = brute_f1(spans[a][aid], spans[b][aid], exact)
                counts = (exact_counts if exact else overlap_counts)(spans[a][aid], spans[b][aid])
                assert (counts.matched_a, counts.matched_b, counts.size_a, counts.size_b) == got
                sums = [x + y for x, y in zip(sums, got, strict=True)]
            overall = [x + y for x, y in zip(overall, sums, strict=True)]
            assert row.figures[measure] == pytest.approx(f1_of(*sums), abs=TOL)
        assert report.overall[measure] == pytest.approx(f1_of(*overall), abs=TOL)


def test_f1_degenerate_cases() -> None:
    assert exact_counts([], []).f1() is None
    assert overlap_counts([LayerSpan(0, 3, "opinion")], []).f1() == 0.0
    one = [LayerSpan(0, 3, "opinion")]
    assert exact_counts(one, one).f1() == 1.0
    # Overlap needs the same label and a shared code point; touching is not overlap.
    assert overlap_counts(one, [LayerSpan(2, 9, "opinion")]).f1() == 1.0
    assert overlap_counts(one, [LayerSpan(3, 9, "opinion")]).f1() == 0.0
    assert overlap_counts(one, [LayerSpan(0, 3, "disputed")]).f1() == 0.0


def test_label_agreement_on_identical_ranges() -> None:
    a = [LayerSpan(0, 5, "confirmed"), LayerSpan(6, 9, "opinion"), LayerSpan(10, 12, "opinion")]
    b = [
        LayerSpan(0, 5, "confirmed"),
        LayerSpan(6, 9, "disputed"),
        LayerSpan(6, 9, "opinion"),
        LayerSpan(20, 22, "opinion"),
    ]
    # Pairs on a shared range: (0-5: c,c) (6-9: o,d) (6-9: o,o) -> 2 of 3 share the label.
    counts = label_counts(a, b)
    assert (counts.same, counts.total) == (2, 3)
    assert label_counts(a, []).share() is None


def test_fact_verdicts_and_their_agreement() -> None:
    spans = [
        LayerSpan(0, 3, "confirmed", ("f1", "f2")),
        LayerSpan(5, 9, "disputed", ("f2",)),
        LayerSpan(10, 12, "opinion", ("f3",)),
        LayerSpan(12, 14, "disputed", ("f4",)),
    ]
    assert verdicts(spans) == {"f1": "confirmed", "f2": "both", "f4": "disputed"}
    rng = random.Random(7)
    texts, layered = fixture(3, layers=3, articles=6)
    for layer in layered.values():
        for aid in layer:
            layer[aid] = [
                LayerSpan(s.start, s.end, s.label, tuple(f"f{rng.randrange(6)}" for _ in range(2)))
                for s in layer[aid]
            ]
    names = sorted(layered)
    report = compare(study_of(texts, layered, names), by="pair")

    def table(cols: list[str]) -> list[list[str]]:
        rows = []
        for aid in texts:
            per = [verdicts(layered[n][aid]) for n in cols]
            for fact in sorted({f for v in per for f in v}):
                rows.append([v.get(fact, "absent") for v in per])
        return rows

    everyone = table(names)
    share = sum(1 for r in everyone if len(set(r)) == 1) / len(everyone)
    assert abs(val(report.overall["fact_agreement"]) - share) < TOL
    columns = [list(c) for c in zip(*everyone, strict=True)]
    assert abs(val(report.overall["fact_fleiss"]) - ref_fleiss(columns)) < TOL
    for row in report.rows:
        pair = table(row.layers)
        a, b = [r[0] for r in pair], [r[1] for r in pair]
        assert abs(val(row.figures["fact_kappa"]) - cohen_kappa_score(a, b)) < TOL


# --- unitizing alpha -------------------------------------------------------------------


def dkpro_1995(stretch: float) -> tuple[dict[str, list[list[tuple[int, int]]]], int]:
    """DKPro's Krippendorff1995Test.createExample (Krippendorff 1995, p. 57)."""

    def s(x: float) -> int:
        return int(x * stretch)

    rows = [
        (2, 8, 0, "A"),
        (14, 6, 0, "A"),
        (4, 4, 1, "A"),
        (15, 2, 1, "A"),
        (0, 18, 0, "B"),
        (0, 2, 1, "B"),
        (2, 1, 1, "B"),
        (3, 1, 1, "B"),
        (4, 1, 1, "B"),
        (5, 1, 1, "B"),
        (6, 3, 1, "B"),
        (9, 1, 1, "B"),
        (2, 6, 0, "C"),
        (10, 2, 0, "C"),
        (14, 4, 0, "C"),
        (20, 2, 0, "C"),
        (0, 2, 1, "C"),
        (4, 4, 1, "C"),
        (10, 4, 1, "C"),
        (16, 2, 1, "C"),
        (20, 2, 1, "C"),
        (0, 2, 0, "D"),
        (2, 8, 0, "D"),
        (10, 4, 0, "D"),
        (14, 6, 0, "D"),
        (20, 4, 0, "D"),
        (0, 4, 1, "D"),
        (4, 4, 1, "D"),
        (8, 7, 1, "D"),
        (15, 2, 1, "D"),
        (17, 7, 1, "D"),
    ]
    units: dict[str, list[list[tuple[int, int]]]] = {}
    for begin, length, rater, cat in rows:
        units.setdefault(cat, [[], []])[rater].append((s(begin), s(begin) + s(length)))
    return units, s(24)


def test_u_alpha_dkpro_unitizing_agreement_test() -> None:
    # DKPro UnitizingAgreementTest.createExample: r0 -11111111-, r1 --1-1-1--- (L = 10).
    # By hand: r0 has unit [1,9) and gaps [0,1), [9,10); r1 has units [2,3) [4,5) [6,7),
    # gaps [0,2) [3,4) [5,6) [7,10). Overlapping segment pairs with a distance:
    # r0 [1,9) with each r1 unit: (1-2)^2+(9-3)^2 = 37, (1-4)^2+(9-5)^2 = 25,
    # (1-6)^2+(9-7)^2 = 29; r0's gap [0,1) and [9,10) contain no r1 unit; r1's gaps contain
    # no r0 unit. Sum 91, D_O = 2 * 91 / (2 * 1 * 10^2) = 0.91 (DKPro: 0.9100).
    units = {"A": [[(1, 9)], [(2, 3), (4, 5), (6, 7)]]}
    part = category_disagreement(units["A"], 10)
    assert part.observed == Fraction(91, 100)
    # D_E: N_c = 4 units of lengths 8, 1, 1, 1; gaps 1, 1, 2, 1, 1, 3.
    # l = 8: (4-1)(2*512 - 3*64 + 8)/3 = 840, no gap >= 8 -> 840.
    # l = 1: (4-1)(2 - 3 + 1)/3 = 0, plus 1 * sum(g - 1 + 1) over all gaps = 9; three times 27.
    # total 867; D_E = (2/10) * 867 / (2*10*19 - 8*7) = 173.4 / 324 = 289/540 (DKPro 0.5351).
    assert part.expected == Fraction(289, 540)
    alpha = unitizing_alpha(units, 10, 2).alpha
    assert alpha is not None and abs(alpha - (1 - Fraction(91, 100) / Fraction(289, 540))) < TOL
    assert abs(alpha - (-0.7003)) < 1e-4  # DKPro's asserted value


def test_u_alpha_dkpro_distance_metric() -> None:
    # DKPro testDistanceMetric, as pair sums of one unit against one unit or gap.
    assert pair_sum([(1, 9)], [(2, 3)], 10) == 37  # the unit vs unit term alone
    assert pair_sum([(1, 9)], [(4, 5)], 10) == 25
    assert pair_sum([(1, 9)], [(6, 7)], 10) == 29
    # A unit inside the other's gap costs its length squared: [2,5) against no units.
    assert pair_sum([(2, 5)], [], 10) == 9
    # A unit only partly in the other's gap costs nothing for that gap.
    assert pair_sum([(0, 4)], [(3, 10)], 10) == (0 - 3) ** 2 + (4 - 10) ** 2


def test_u_alpha_krippendorff_1995_example() -> None:
    # DKPro Krippendorff1995Test.testAgreement: observed disagreement at stretch 1.
    units, length = dkpro_1995(1)
    for category, expected in {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}.items():
        got = float(category_disagreement(units[category], length).observed)
        assert abs(got - expected) < 1e-5
    # Expected disagreement and alpha at stretch 50,000; DKPro asserts these within 0.005
    # and 0.02 (Krippendorff's published values, which DKPro reproduces approximately).
    units, length = dkpro_1995(1200000 / 24)
    result = unitizing_alpha(units, length, 2)
    for category, (d_e, alpha) in {
        "A": (0.06990, 0.553),
        "B": (1.17731, -0.926),
        "C": (0.08642, 0.679),
        "D": (0.41445, 0.066),
    }.items():
        assert abs(float(result.disagreements[category].expected) - d_e) < 0.005
        value = result.categories[category]
        assert value is not None and abs(value - alpha) < 0.02
    # testVaryingLengths, stretch 1/2: D_E of C is 0.05494 (to 1e-5).
    units, length = dkpro_1995(12 / 24)
    assert abs(float(category_disagreement(units["C"], length).expected) - 0.05494) < 1e-5


def test_u_alpha_degenerate_cases() -> None:
    # DKPro testSingleAnnotationUnit: one unit [0,1) of rater 0 of 3, L = 20.
    # D_O: pairs (0,1) and (0,2) each 1^2, so 2 * 2 / (3 * 2 * 400) = 1/600; D_E: l = 1, gaps
    # 19, 20, 20 -> (2/20) * 59 / (3*20*59) = 1/600. Equal, so alpha = 0 (DKPro: 0.0).
    assert unitizing_alpha({"X": [[(0, 1)]]}, 20, 3).alpha == 0.0
    # DKPro testEmptyAnnotationSet gives NaN; we give None (n/a).
    assert unitizing_alpha({}, 20, 3).alpha is None
    # Fewer than two raters, or no continuum: n/a.
    assert unitizing_alpha({"X": [[(0, 1)]]}, 20, 1).alpha is None
    # DKPro testZeroLengthUnitsMixedWithPositiveLengthUnits: full agreement -> 1.0.
    assert unitizing_alpha({"A": [[(2, 7)], [(2, 7)]]}, 15, 2).alpha == 1.0


def test_u_alpha_merges_one_raters_overlapping_units() -> None:
    assert merge([(5, 9), (0, 3), (2, 6), (9, 12)]) == [(0, 9), (9, 12)]
    # Rater 0's [0,4) and [2,6) of one label become [0,6); rater 1 marks [0,6): no disagreement.
    assert unitizing_alpha({"A": [[(0, 4), (2, 6)], [(0, 6)]]}, 10, 2).alpha == 1.0


def naive_u_alpha(units: dict[str, list[list[tuple[int, int]]]], length: int, raters: int) -> float:
    """DKPro's sweep, position by position, with its BigDecimal formula in Fractions."""
    total_o = Fraction(0)
    total_e = Fraction(0)
    for per in units.values():
        per = [merge(u) for u in per] + [[] for _ in range(raters - len(per))]
        segs = []
        for u in per:
            cover: list[tuple[int, int] | None] = [None] * length
            for b, e in u:
                for p in range(b, e):
                    cover[p] = (b, e)
            s = []
            p = 0
            while p < length:
                here = cover[p]
                if here is not None:
                    s.append((here[0], here[1], True))
                    p = here[1]
                else:
                    q = p
                    while q < length and cover[q] is None:
                        q += 1
                    s.append((p, q, False))
                    p = q
            segs.append(s)
        d = 0
        for x, y in combinations(range(raters), 2):
            for b1, e1, u1 in segs[x]:
                for b2, e2, u2 in segs[y]:
                    if not (b1 < e2 and b2 < e1):
                        continue
                    if u1 and u2:
                        d += (b1 - b2) ** 2 + (e1 - e2) ** 2
                    elif u1 and b2 <= b1 and e1 <= e2:
                        d += (e1 - b1) ** 2
                    elif u2 and b1 <= b2 and e2 <= e1:
                        d += (e2 - b2) ** 2
        total_o += Fraction(2 * d, raters * (raters - 1) * length * length)
        lens = [e - b for u in per for b, e in u]
        gaps = [e - b for s in segs for b, e, unit in s if not unit]
        n = len(lens)
        acc = Fraction(0)
        for ln in lens:
            acc += Fraction((n - 1) * (2 * ln**3 - 3 * ln**2 + ln), 3)
            acc += ln * ln * sum(g - ln + 1 for g in gaps if g >= ln)
        total_e += (
            acc
            * Fraction(2, length)
            / (raters * length * (raters * length - 1) - sum(ln * (ln - 1) for ln in lens))
        )
    return float(1 - total_o / total_e)


@pytest.mark.parametrize("seed", range(6))
def test_u_alpha_of_a_study_matches_the_positionwise_computation(seed: int) -> None:
    texts, spans = fixture(seed)
    names = sorted(spans)
    agreement = Agreement(study_of(texts, spans, names))
    got = agreement.figures(list(range(len(names))))["u_alpha"]
    # The articles laid end to end, in study order, as one continuum.
    units: dict[str, list[list[tuple[int, int]]]] = {}
    offset = 0
    for aid, text in texts.items():
        for label in LABELS:
            lists = units.setdefault(label, [[] for _ in names])
            for k, n in enumerate(names):
                lists[k].extend(
                    (s.start + offset, s.end + offset) for s in spans[n][aid] if s.label == label
                )
        offset += len(text)
    units = {c: u for c, u in units.items() if any(u)}
    assert got is not None and abs(got - naive_u_alpha(units, offset, len(names))) < TOL


def test_projection_keeps_counts() -> None:
    texts, spans = fixture(2)
    names = sorted(spans)
    aid = next(iter(texts))
    cp, _ = profiles(ArticleText.from_text(aid, texts[aid]), [spans[n][aid] for n in names])
    assert sum(project(cp, [0, 2]).values()) == len(texts[aid])
