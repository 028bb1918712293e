"""HTML bytes -> canonical article text and metadata, with trafilatura.

The options are fixed here, and the extractor's exact version is recorded with every
ingested article (``extractor_name()``), so extracting the saved page again with the same
version gives the same text (tested).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib.metadata import version

from annotator.errors import AnnotatorError
from annotator.model.text import canonicalize

# trafilatura logs its doubts about a page; the caller reports the outcome itself, so
# keep Python's last-resort handler from printing them on stderr.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())
logging.getLogger("htmldate").addHandler(logging.NullHandler())

_HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body|meta|title|article|div|p)[\s>/]", re.I)
#: How far into a page the HTML sniffing looks.
_SNIFF = 4096


class IngestError(AnnotatorError):
    """A page that cannot be taken in: ``<url or file>: <why>`` on one line."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Extracted:
    """What one page gave: canonical text and whatever metadata it declares."""

    text: str
    title: str | None
    outlet: str | None
    date: str | None
    author: str | None
    url: str | None


def extractor_name() -> str:
    """The extractor and its installed version, as recorded in the manifest."""
    return f"trafilatura {version('trafilatura')}"


def looks_like_html(page: bytes) -> bool:
    """True when the start of the page has an HTML tag (after any BOM and white space)."""
    head = page[:_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"\x00" in head:
        return False  # binary, or UTF-16 (which a news page never is)
    return head.startswith(b"<") and _HTML_START.search(head) is not None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def article_text(raw: str) -> str:
    """Canonical text for the corpus: canonical line breaks, no trailing white space on a
    line, no blank runs at either end, one final LF."""
    lines = [line.rstrip() for line in canonicalize(raw).split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def extract(page: bytes, *, where: str) -> Extracted:
    """The article in an HTML page. ``where`` (the URL or file) names it in errors.

    Raises IngestError when the bytes are not HTML or hold no article text.
    """
    if not looks_like_html(page):
        raise IngestError(where, "not HTML (no HTML tag at the start of the page)")
    import trafilatura
    from trafilatura.settings import set_date_params

    doc = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=False,
        deduplicate=False,
        # Only dates the page declares (meta tags, JSON-LD, time elements), never one
        # guessed from the article's text: "April 2019" in a story is not its date.
        date_extraction_params=set_date_params(extensive=False),
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not isinstance(text, str) or not text.strip():
        raise IngestError(where, "nothing extractable (no article text found in the page)")
    return Extracted(
        text=article_text(text),
        title=_clean(getattr(doc, "title", None)),
        outlet=_clean(getattr(doc, "sitename", None)) or _clean(getattr(doc, "hostname", None)),
        date=_clean(getattr(doc, "date", None)),
        author=_clean(getattr(doc, "author", None)),
        url=_clean(getattr(doc, "url", None)),
    )
