"""The user's keymap file: binding id -> keys, parsed and checked before the app starts.

The file is a JSON object, ``{"label.confirmed": "c", "span.link": "f,ctrl+l"}``. Ids are
those of the key table (``annotator/tui/actions.py``) and of the dialogs' own bindings;
keys are Textual key names (``ctrl+l``, ``f5``, ``question_mark``) or single characters
(``?``, ``]``), comma-separated. Anything else is a ``UsageError`` naming the file and
the id (the CLI prints it on one line and exits 2).

Where it is found: ``--keymap FILE``, else ``$XDG_CONFIG_HOME/annotator/keymap.json``
(default ``~/.config/annotator/keymap.json``) when that file exists.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

from annotator.errors import DataError, UsageError
from annotator.store.config import config_dir
from annotator.store.files import read_bytes, read_if_exists
from annotator.store.jsonio import loads
from annotator.tui.actions import ACTIONS

ACTION_IDS = frozenset(action.id for action in ACTIONS)

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
#: Key names without modifiers that Textual knows (arrows, f1..f24, enter, space, ...).
NAMED_KEYS = frozenset(k.value.rpartition("+")[2] for k in Keys if not k.value.startswith("<")) | {
    "newline"
}


def default_path() -> Path:
    """``$XDG_CONFIG_HOME/annotator/keymap.json`` (``~/.config/...`` by default)."""
    return config_dir() / "keymap.json"


def dialog_binding_ids() -> dict[str, str]:
    """Ids of the other screens' own bindings (dialogs, registry, ...) -> default keys."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    from annotator.tui import screens

    for module in pkgutil.iter_modules(screens.__path__):
        importlib.import_module(f"{screens.__name__}.{module.name}")
    found: dict[str, str] = {}
    pending: list[type] = [Screen]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not cls.__module__.startswith(screens.__name__ + "."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id and binding.id not in ACTION_IDS:
                found[binding.id] = binding.key
    return found


def binding_ids() -> dict[str, str]:
    """Every id a keymap may name -> its default keys."""
    ids = {action.id: action.keys for action in ACTIONS if action.keys}
    ids.update(dialog_binding_ids())
    return ids


def normalise_key(key: str) -> str | None:
    """The Textual name of one key (``?`` -> ``question_mark``), or None if it is not one."""
    key = key.strip()
    if not key:
        return None
    if len(key) == 1:
        return _character_name(key)
    *modifiers, base = key.split("+")
    if (
        not base
        or any(m not in MODIFIERS for m in modifiers)
        or len(set(modifiers)) < len(modifiers)
    ):
        return None
    if len(base) == 1:
        name = _character_name(base)
        if name is None:
            return None
        base = name
    elif base not in NAMED_KEYS and key_to_character(base) is None:
        return None
    return "+".join([*modifiers, base])


def _character_name(character: str) -> str | None:
    if not character.isprintable() or character.isspace():
        return None
    if character.isalnum():
        return character
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return None
    return KEY_NAME_REPLACEMENTS.get(name, name)


def parse_keymap(raw: bytes, path: Path, known: Iterable[str] | None = None) -> dict[str, str]:
    """Binding id -> normalised keys; UsageError (one line: file, id, what) otherwise."""
    try:
        data = loads(raw, path)
    except DataError as exc:
        raise UsageError(str(exc)) from None
    if not isinstance(data, dict):
        raise UsageError(
            f"{path}: a keymap is a JSON object of binding id -> keys, "
            f'e.g. {{"label.confirmed": "c"}}'
        )
    ids = set(binding_ids() if known is None else known)
    keymap: dict[str, str] = {}
    for binding_id, keys in data.items():
        if binding_id not in ids:
            raise UsageError(
                f"{path}: {binding_id}: unknown binding id (the ids are in the README's key table)"
            )
        if not isinstance(keys, str) or not keys.strip():
            raise UsageError(
                f'{path}: {binding_id}: keys must be a non-empty string such as "c" or "f,ctrl+l"'
            )
        names = []
        for key in keys.split(","):
            name = normalise_key(key)
            if name is None:
                raise UsageError(
                    f"{path}: {binding_id}: invalid key {key.strip()!r} "
                    "(Textual key names such as ctrl+l, f5, question_mark)"
                )
            names.append(name)
        keymap[binding_id] = ",".join(names)
    return keymap


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The keymap from ``path`` (which must exist), or from the default file if any."""
    if path is not None:
        try:
            raw = read_bytes(path)
        except DataError as exc:
            raise UsageError(str(exc)) from None
        return parse_keymap(raw, path)
    default = default_path()
    try:
        found = read_if_exists(default)
    except DataError as exc:
        raise UsageError(str(exc)) from None
    return {} if found is None else parse_keymap(found, default)
