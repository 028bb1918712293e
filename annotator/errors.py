"""The domain's exceptions: every failure a user can meet has a one-line message.

The CLI prints ``str(error)`` on stderr and exits non-zero; the app shows it as a
notification. Nothing here imports Textual.
"""

from __future__ import annotations

from pathlib import Path


def one_line(text: str) -> str:
    """Fold any line breaks so a message always fits on one line."""
    return " ".join(text.split())


class AnnotatorError(Exception):
    """Base class of every error the tool reports to a person."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))

    @property
    def message(self) -> str:
        return str(self.args[0])


class DataError(AnnotatorError):
    """A file that cannot be used: not UTF-8, not JSON, or not the model.

    ``line`` and ``col`` are 1-based positions in the file where the offending value
    starts, when it can be located; ``pointer`` is the JSON path (``spans[3].end``).
    """

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        line: int | None = None,
        col: int | None = None,
        pointer: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.col = col
        self.pointer = pointer
        self.detail = one_line(message)
        where = str(self.path)
        if line is not None:
            where += f":{line}:{col if col is not None else 1}"
        text = f"{pointer}: {self.detail}" if pointer else self.detail
        super().__init__(f"{where}: {text}")


class ConflictError(AnnotatorError):
    """The file on disk changed since we read it: saving would lose someone's work."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        super().__init__(
            f"{self.path}: changed on disk by another program since it was loaded; "
            "not overwritten (reload it to merge your change)"
        )


class SaveError(AnnotatorError):
    """Writing a file failed (read-only folder, disk full, ...); the old file is intact."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: could not save: {reason}")


class UsageError(AnnotatorError):
    """The command line asked for something impossible (missing folder, bad option)."""
