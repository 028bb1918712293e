"""The validator's stable codes. Never renumber: CI configs select and ignore them."""

from __future__ import annotations

from annotator.validate.findings import Severity

#: code -> (severity, short title). README and docs/validator.md document each.
CODES: dict[str, tuple[Severity, str]] = {
    "E100": ("error", "file unreadable or not UTF-8"),
    "E101": ("error", "invalid JSON"),
    "E102": ("error", "schema violation"),
    "E104": ("error", "fact registry missing"),
    "E105": ("error", "team.json assigns articles to an analyst it does not list"),
    "E201": ("error", "unknown article"),
    "E202": ("error", "article text changed since annotation"),
    "E203": ("error", "file name and article.id disagree"),
    "E301": ("error", "offset out of range"),
    "E302": ("error", "empty span (start >= end)"),
    "E303": ("error", "quote differs from the text"),
    "E304": ("error", "prefix or suffix differs from the text"),
    "E305": ("error", "duplicate span id"),
    "E306": ("error", "same range and label twice"),
    "E307": ("error", "same range confirmed and disputed for one fact"),
    "E308": ("error", "unresolved span merge conflict"),
    "E401": ("error", "link to a fact not in the registry"),
    "E402": ("error", "confirmed or disputed span without a fact"),
    "E403": ("error", "attributed span without an attribution"),
    "E404": ("error", "duplicate fact id"),
    "E405": ("error", "empty fact statement"),
    "E406": ("error", "bad fact id form"),
    "E407": ("error", "unresolved fact merge conflict"),
    "W501": ("warning", "fact no span links"),
    "W502": ("warning", "span starts or ends inside a word or on white space"),
    "W503": ("warning", "article with no annotations"),
    "W504": ("warning", "fact confirmed by one source and disputed by another"),
    "W505": ("warning", "fuzzy anchor awaiting review"),
    "W506": ("warning", "orphaned span awaiting re-attachment or deletion"),
    "W507": ("warning", "layer made on a different text than the gold file (sha256 differs)"),
    "W508": ("warning", "layer folder that is not a listed analyst or not an analyst name"),
}


def matches(code: str, patterns: set[str]) -> bool:
    """True if a code is named by a pattern: the code itself or a prefix (``W``, ``E3``)."""
    return any(code.startswith(p) for p in patterns)
