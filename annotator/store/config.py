"""The user's own settings folder and the small UI state file kept there.

``config_dir()`` is ``$XDG_CONFIG_HOME/annotator`` (``~/.config/annotator`` when the
variable is unset or empty). ``ui.json`` remembers how the analyst left the app (which
side panels are wide, narrow or hidden); it is a preference, so a missing or broken file
means the defaults (the problem is reported, the file is replaced on the next change).
"""

from __future__ import annotations

import os
from pathlib import Path

from annotator.errors import DataError
from annotator.store.files import atomic_write, read_if_exists
from annotator.store.jsonio import dumps, loads

UI_STATE = "ui.json"


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/annotator``, or ``~/.config/annotator``."""
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if base.strip() else Path.home() / ".config"
    return root / "annotator"


def ui_state_path() -> Path:
    return config_dir() / UI_STATE


def load_ui_state() -> tuple[dict[str, str], str | None]:
    """The saved UI preferences (string values only) and a one-line problem, if any."""
    path = ui_state_path()
    try:
        raw = read_if_exists(path)
        if raw is None:
            return {}, None
        data = loads(raw, path)
    except DataError as exc:
        return {}, f"{exc} (using the default layout)"
    if not isinstance(data, dict):
        return {}, f"{path}: not a JSON object (using the default layout)"
    return {str(k): v for k, v in data.items() if isinstance(v, str)}, None


def save_ui_state(state: dict[str, str]) -> None:
    """Write the preferences atomically (the folder is created); SaveError on failure."""
    path = ui_state_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(path.parent, f"cannot create: {exc.strerror or exc}") from None
    atomic_write(path, dumps(state))
