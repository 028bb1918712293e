"""Several files written as one change: all of them, or none.

Every new content goes to a synced temp file beside its target first; only when all are
staged are they moved into place, one ``os.replace`` each. If a replace fails, the files
already replaced get their old bytes back (a file that did not exist is removed again),
so on SaveError every file is as it was. (The ``trust`` branch grows the same idea as
``files.replace_all``; when both are on main, one of them should go.)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from annotator.errors import DataError, SaveError
from annotator.store.files import _fsync_dir, atomic_write, read_if_exists


def _stage(path: Path, data: bytes) -> str:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return name


def write_all(items: Sequence[tuple[Path, bytes]]) -> None:
    """Replace every ``(path, bytes)`` all-or-nothing; SaveError names the file that failed."""
    staged: list[tuple[Path, str, bytes | None]] = []
    current = Path(".")
    try:
        for path, data in items:
            current = Path(path)
            old = read_if_exists(current)
            staged.append((current, _stage(current, data), old))
    except (OSError, DataError) as exc:
        for _path, tmp, _old in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        reason = exc.detail if isinstance(exc, DataError) else (exc.strerror or str(exc))
        raise SaveError(current, f"{reason} (nothing was changed)") from None
    done: list[tuple[Path, bytes | None]] = []
    try:
        for path, tmp, old in staged:
            current = path
            os.replace(tmp, path)
            done.append((path, old))
    except OSError as exc:
        for _path, tmp, _old in staged[len(done):]:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        for path, old in reversed(done):
            with contextlib.suppress(OSError, SaveError):
                if old is None:
                    os.unlink(path)
                else:
                    atomic_write(path, old)
        raise SaveError(current, f"{exc.strerror or exc} (nothing was changed)") from None
    for folder in {p.parent for p, _ in done}:
        _fsync_dir(folder)
