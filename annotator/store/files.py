"""Raw file I/O: the one reader and the one atomic writer every other module uses."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from annotator.errors import DataError, SaveError


def read_if_exists(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist; DataError when unreadable."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DataError(path, f"cannot read: {exc.strerror or exc}") from None


def read_bytes(path: Path) -> bytes:
    """The file's bytes; DataError (one line naming the file) when missing or unreadable."""
    raw = read_if_exists(path)
    if raw is None:
        raise DataError(path, "cannot read: No such file or directory")
    return raw


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a crash leaves the old file or the new one.

    Temp file in the same folder, flush, fsync, ``os.replace``, then fsync the folder so
    the rename itself survives a power cut. Raises SaveError; the old file stays intact.
    """
    path = Path(path)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(path.parent)
    except OSError as exc:
        raise SaveError(path, exc.strerror or str(exc)) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
