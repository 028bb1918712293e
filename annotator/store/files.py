"""Raw file I/O: the one reader and the one atomic writer every other module uses.

Reading refuses what is not a plain file of sane size: a FIFO or a device (opened
non-blocking and checked with ``fstat`` before one byte is read, so nothing hangs), a
symlink whose target lies outside the folder it is read from (``root``), a file larger
than ``MAX_BYTES``. Writing is atomic (temp file beside the target, fsync, ``os.replace``)
and keeps permissions as the folder would give them: a new file gets ``0o666 & ~umask``,
a replaced file keeps its mode. ``folder_lock`` serialises check-and-replace between
processes (an ``fcntl.flock`` on a hidden lock file), ``replace_all`` writes several
files all-or-nothing, and ``remove_stale_temps`` clears what a killed writer left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from annotator.errors import DataError, SaveError

#: Files larger than this are refused with a clear error (an article is a few hundred KB).
MAX_BYTES = 256 * 1024 * 1024
#: The lock file every writer of a folder holds while it checks and replaces.
LOCK_NAME = ".annotator.lock"
#: Temp files older than this are a killed writer's leftovers.
STALE_TEMP_SECONDS = 60.0

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _open_regular(path: Path, root: Path | None) -> int | None:
    """A descriptor on a regular file, None when absent; DataError when refused."""
    path = Path(path)
    if root is not None and os.path.islink(path) and not _inside(path, root):
        raise DataError(path, f"refused: a symlink to a file outside {root}")
    flags = os.O_RDONLY | _O_NONBLOCK
    if not os.path.islink(path):
        flags |= _O_NOFOLLOW  # a symlink swapped in after the check is refused, not followed
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError(path, "refused: a symlink") from None
        raise DataError(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise DataError(path, f"refused: {kind} (a FIFO, device or socket is never read)")
        if info.st_size > MAX_BYTES:
            raise DataError(
                path,
                f"refused: {info.st_size:,} bytes is more than the "
                f"{MAX_BYTES // (1024 * 1024)} MiB limit",
            )
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_if_exists(
    path: Path, *, root: Path | None = None, limit: int | None = None
) -> bytes | None:
    """The file's bytes, or None when it does not exist; DataError when unreadable or refused.

    ``root``: a symlink must point inside this folder. ``limit``: read at most this many
    bytes (a head, for titles).
    """
    fd = _open_regular(Path(path), root)
    if fd is None:
        return None
    cap = MAX_BYTES + 1 if limit is None else limit
    chunks: list[bytes] = []
    total = 0
    try:
        with os.fdopen(fd, "rb") as handle:
            while total < cap:
                chunk = handle.read(min(1 << 20, cap - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
    except OSError as exc:
        raise DataError(path, f"cannot read: {exc.strerror or exc}") from None
    if limit is None and total > MAX_BYTES:
        raise DataError(path, f"refused: more than the {MAX_BYTES // (1024 * 1024)} MiB limit")
    return b"".join(chunks)


def read_bytes(path: Path, *, root: Path | None = None) -> bytes:
    """The file's bytes; DataError (one line naming the file) when missing, unreadable or
    refused."""
    raw = read_if_exists(path, root=root)
    if raw is None:
        raise DataError(path, "cannot read: No such file or directory")
    return raw


def read_head(path: Path | str, limit: int, *, root: Path) -> bytes | None:
    """The first ``limit`` bytes of a regular file (None when absent): the reader for
    listing 50,000 titles. A plain file is read with one open (no symlink, no FIFO: the
    open does not follow links and does not block, ``fstat`` checks the kind); anything
    else goes to ``read_if_exists``, which refuses or follows it as for any read."""
    try:
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError:
        return read_if_exists(Path(path), root=root, limit=limit)  # a symlink, or an error
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return read_if_exists(Path(path), root=root, limit=limit)
        return os.read(fd, limit)
    except OSError as exc:
        raise DataError(Path(path), f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def is_regular(path: Path) -> bool:
    """True for a regular file (a symlink to one counts); never opens the file."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


# -- permissions ---------------------------------------------------------------------------
def current_umask() -> int:
    """The process umask, read without changing it where the OS allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~current_umask()


# -- writing ---------------------------------------------------------------------------------
def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a synced temp file beside ``path`` with the mode ``path`` will have."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), _mode_for(path))
            os.fsync(handle.fileno())
    except BaseException:
        _unlink_quietly(tmp_name)
        raise
    return tmp_name


def _unlink_quietly(name: str | Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a crash leaves the old file or the new one.

    Temp file in the same folder, flush, fsync, ``os.replace``, then fsync the folder so
    the rename itself survives a power cut. Raises SaveError; the old file stays intact.
    """
    path = Path(path)
    tmp_name: str | None = None
    try:
        tmp_name = _stage(path, data)
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(path.parent)
    except OSError as exc:
        raise SaveError(path, exc.strerror or str(exc)) from None
    finally:
        if tmp_name is not None:
            _unlink_quietly(tmp_name)


def replace_all(items: Sequence[tuple[Path, bytes]]) -> None:
    """Write several files all-or-nothing.

    Every new content goes to a synced temp file first; only then are they moved into
    place, one ``os.replace`` each. If a replace fails, the files already replaced get
    their old bytes back (or are removed if they did not exist), so on SaveError every
    file is as it was.
    """
    staged: list[tuple[Path, str, bytes | None]] = []
    current: Path | None = None
    try:
        for path, data in items:
            current = Path(path)
            old = read_if_exists(current)
            staged.append((current, _stage(current, data), old))
    except (OSError, DataError) as exc:
        for _path, tmp, _old in staged:
            _unlink_quietly(tmp)
        reason = exc.detail if isinstance(exc, DataError) else (exc.strerror or str(exc))
        raise SaveError(current or Path("."), reason) from None
    done: list[tuple[Path, bytes | None]] = []
    try:
        for path, tmp, old in staged:
            current = path
            os.replace(tmp, path)
            done.append((path, old))
    except OSError as exc:
        for _path, tmp, _old in staged[len(done) :]:
            _unlink_quietly(tmp)
        for path, old in reversed(done):
            with contextlib.suppress(OSError, SaveError):
                if old is None:
                    os.unlink(path)
                else:
                    atomic_write(path, old)
        raise SaveError(
            current or Path("."), (exc.strerror or str(exc)) + " (nothing was changed)"
        ) from None
    for folder in {p.parent for p, _ in done}:
        _fsync_dir(folder)


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


# -- locking and leftovers ---------------------------------------------------------------------
@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder/.annotator.lock`` (blocks until free).

    Every process that writes through the store takes it around check-and-replace, so
    two writers never interleave. Where the lock file cannot be created (a read-only
    folder) the write that follows fails anyway; the lock is then skipped.
    """
    import fcntl

    folder = Path(folder)
    try:
        fd = os.open(
            folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | _O_NOFOLLOW, 0o666 & ~current_umask()
        )
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def is_temp_name(name: str) -> bool:
    """A writer's temp file: ``.<name>.<random>.tmp``."""
    return name.startswith(".") and name.endswith(".tmp")


def remove_stale_temps(folder: Path, *, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove temp files a killed save left in ``folder``; returns what was removed.

    Only ``.<name>.*.tmp`` regular files older than ``older_than`` seconds go: a writer
    in another process finishes its temp file within milliseconds.
    """
    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_temp_name(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
