"""Git, as the merge driver and ``annotator git-setup`` need it: the store's files in a repo.

``git merge-file`` (the text merge fallback), ``git config`` and ``git check-attr`` run
as subprocesses; ``.gitattributes`` is written atomically like every other file.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from annotator.errors import UsageError
from annotator.store.files import atomic_write, read_bytes


def _git(args: Sequence[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise UsageError(f"cannot run git: {exc.strerror or exc}") from None


def repo_root(start: Path) -> Path:
    """The top folder of the git work tree containing ``start``."""
    proc = _git(["rev-parse", "--show-toplevel"], cwd=start)
    if proc.returncode != 0:
        raise UsageError(f"{start}: not inside a git repository")
    return Path(proc.stdout.strip())


def config_get(root: Path, key: str) -> str | None:
    """The repository's value of a config key (local, global or system), or None."""
    proc = _git(["config", "--get", key], cwd=root)
    return proc.stdout.rstrip("\n") if proc.returncode == 0 else None


def config_set(root: Path, key: str, value: str) -> None:
    """Set a key in the repository's own config (``.git/config``)."""
    proc = _git(["config", "--local", key, value], cwd=root)
    if proc.returncode != 0:
        raise UsageError(f"git config {key}: {proc.stderr.strip() or 'failed'}")


def check_attr(root: Path, attribute: str, path: str) -> str | None:
    """The value git gives ``attribute`` for ``path`` (relative to the root), or None."""
    proc = _git(["check-attr", attribute, "--", path], cwd=root)
    if proc.returncode != 0:
        return None
    value = proc.stdout.rstrip("\n").rsplit(": ", 1)[-1]
    return None if value in {"unspecified", "unset"} else value


def ensure_lines(path: Path, lines: Sequence[str]) -> list[str]:
    """Append each line ``path`` lacks (creating it); returns the lines added."""
    current = read_bytes(path).decode("utf-8", errors="replace") if path.exists() else ""
    have = {line.strip() for line in current.splitlines()}
    missing = [line for line in lines if line.strip() not in have]
    if missing:
        text = current if not current or current.endswith("\n") else current + "\n"
        atomic_write(path, (text + "".join(f"{line}\n" for line in missing)).encode("utf-8"))
    return missing


def merge_file(
    ours: Path, base: Path, theirs: Path, marker_size: int, labels: tuple[str, str, str]
) -> int:
    """git's own text merge into ``ours``; its exit status (conflicts found, or < 0 error)."""
    proc = _git(
        [
            "merge-file",
            f"--marker-size={marker_size}",
            "-L",
            labels[0],
            "-L",
            labels[1],
            "-L",
            labels[2],
            str(ours),
            str(base),
            str(theirs),
        ]
    )
    if proc.returncode < 0 or proc.returncode > 127:
        raise UsageError(f"git merge-file failed: {proc.stderr.strip()}")
    return proc.returncode
