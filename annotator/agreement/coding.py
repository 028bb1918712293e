"""Chance-corrected coding measures computed from a profile (category tuple -> count).

Degenerate cases (the same rule for every measure here):

- no units, or fewer than two layers: ``None`` (shown as ``n/a``);
- expected agreement 1 (expected disagreement 0: every unit got the same category from
  every layer): 1.0, since the observed agreement is then necessarily 1 too.
"""

from __future__ import annotations

from collections import Counter

from annotator.agreement.units import Profile


def cohen_kappa(profile: Profile) -> float | None:
    """Cohen's kappa of a two-layer profile (as scikit-learn's ``cohen_kappa_score``)."""
    total = 0
    agree = 0
    rows: Counter[str] = Counter()
    cols: Counter[str] = Counter()
    for key, count in profile.items():
        if len(key) != 2:
            raise ValueError("Cohen's kappa needs exactly two layers")
        a, b = key
        total += count
        rows[a] += count
        cols[b] += count
        if a == b:
            agree += count
    if total == 0:
        return None
    observed = agree / total
    expected = sum(rows[c] * cols[c] for c in rows) / (total * total)
    if expected >= 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def fleiss_kappa(profile: Profile) -> float | None:
    """Fleiss' kappa (statsmodels ``fleiss_kappa(table, method="fleiss")``)."""
    items = 0
    raters = 0
    agreement_sum = 0.0
    totals: Counter[str] = Counter()
    for key, count in profile.items():
        raters = len(key)
        if raters < 2:
            return None
        counts = Counter(key)
        items += count
        for category, n in counts.items():
            totals[category] += n * count
        agreement_sum += (
            count * (sum(n * n for n in counts.values()) - raters) / (raters * (raters - 1))
        )
    if items == 0:
        return None
    p_bar = agreement_sum / items
    p_e = sum((n / (items * raters)) ** 2 for n in totals.values())
    if p_e >= 1.0:
        return 1.0
    return (p_bar - p_e) / (1.0 - p_e)


def krippendorff_alpha(profile: Profile) -> float | None:
    """Krippendorff's alpha, nominal, every layer coding every unit.

    ``alpha = 1 - (n - 1) * D / E`` with ``n`` the pairable values, ``D`` the
    off-diagonal coincidences and ``E = sum over c != k of n_c n_k`` (Krippendorff 2011).
    """
    disagree = 0.0
    values = 0
    marginals: Counter[str] = Counter()
    for key, count in profile.items():
        m = len(key)
        if m < 2:
            return None
        counts = Counter(key)
        values += m * count
        for category, n in counts.items():
            marginals[category] += n * count
        disagree += count * (m * m - sum(n * n for n in counts.values())) / (m - 1)
    if values == 0:
        return None
    expected = values * values - sum(n * n for n in marginals.values())
    if expected == 0:
        return 1.0
    return 1.0 - (values - 1) * disagree / expected


def observed_share(profile: Profile) -> float | None:
    """The share of units on which every layer gives the same category."""
    total = sum(profile.values())
    if total == 0:
        return None
    same = sum(count for key, count in profile.items() if len(set(key)) == 1)
    return same / total
