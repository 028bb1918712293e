"""What an import reads from another tool's file, before the store writes anything."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.model.models import Span


@dataclass
class Imported:
    """Spans per article id, the fact statements the file carries, and notices."""

    spans: dict[str, list[Span]] = field(default_factory=dict)
    #: fact id -> statement, as the file states it (W3C body label, brat N line text).
    statements: dict[str, str] = field(default_factory=dict)
    #: One-line notices for the user (kept but not linked references, ...).
    warnings: list[str] = field(default_factory=list)
