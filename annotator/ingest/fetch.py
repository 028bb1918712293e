"""Fetching a page over HTTP(S) with urllib, within a time limit and a size limit.

Every failure is an IngestError naming the URL: the HTTP status, a timeout, a page too
large, a body that is not HTML, a connection that failed.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from annotator.errors import UsageError
from annotator.ingest.extract import IngestError

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 10_000_000
USER_AGENT = "annotator/0.1 (fact-checking; +https://schema.org/ClaimReview)"
#: Content types taken as HTML; a response without one is sniffed by the extractor.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    """The URL asked for."""
    final_url: str
    """Where the page was finally served from (after redirects)."""
    body: bytes
    content_type: str | None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _media_type(headers: Message) -> str | None:
    value = headers.get("Content-Type")
    if not value:
        return None
    return value.split(";", 1)[0].strip().lower() or None


def fetch(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> Fetched:
    """GET ``url``; the whole exchange must finish within ``timeout`` seconds and the body
    must not exceed ``max_bytes``."""
    if not is_url(url):
        raise UsageError(f"{url}: only http:// and https:// URLs can be fetched")
    if timeout <= 0:
        raise UsageError(f"--timeout must be positive, got {timeout}")
    if max_bytes <= 0:
        raise UsageError(f"--max-bytes must be positive, got {max_bytes}")
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
    )
    deadline = time.monotonic() + timeout
    limit = f"{timeout:g} s"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            media = _media_type(response.headers)
            if media is not None and media not in HTML_TYPES:
                raise IngestError(url, f"not HTML (Content-Type: {media})")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise IngestError(
                    url, f"too large ({int(length):,} bytes; the limit is {max_bytes:,})"
                )
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise IngestError(url, f"timed out after {limit}")
                chunk = response.read1(_CHUNK)  # returns what has arrived, so the
                # deadline is checked even while a server drips the body slowly
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise IngestError(url, f"too large (over {max_bytes:,} bytes, the limit)")
                chunks.append(chunk)
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        reason = f" {exc.reason}" if exc.reason else ""
        raise IngestError(url, f"HTTP {exc.code}{reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise IngestError(url, f"timed out after {limit}") from None
        cause = exc.reason
        why = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(cause)
        raise IngestError(url, f"cannot connect: {why}") from None
    except TimeoutError:
        raise IngestError(url, f"timed out after {limit}") from None
    except http.client.HTTPException as exc:
        raise IngestError(url, f"bad HTTP response ({type(exc).__name__})") from None
    except ValueError as exc:  # a malformed URL (no host, bad port)
        raise UsageError(f"{url}: not a valid URL ({exc})") from None
    except OSError as exc:
        raise IngestError(url, f"connection failed: {exc.strerror or exc}") from None
    return Fetched(url, final_url, b"".join(chunks), media)
