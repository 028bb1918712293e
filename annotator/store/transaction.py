"""Several files written as one change: all of them, or none.

The implementation is ``annotator.store.files.replace_all`` (stage every file as a synced
temp file with the mode it will have, then ``os.replace`` each, rolling back the ones
already replaced on failure); ``write_all`` is kept as its name for existing callers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from annotator.store.files import replace_all


def write_all(items: Sequence[tuple[Path, bytes]]) -> None:
    """Replace every ``(path, bytes)`` all-or-nothing; SaveError names the file that failed."""
    replace_all(items)
