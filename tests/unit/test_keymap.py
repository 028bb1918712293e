"""The user's keymap file: parsing, key names, ids, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import UsageError
from annotator.tui.actions import ACTIONS
from annotator.tui.keymap import binding_ids, load_keymap, normalise_key, parse_keymap


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("c", "c"),
        ("F", "F"),
        ("1", "1"),
        ("?", "question_mark"),
        ("]", "right_square_bracket"),
        ("<", "less_than_sign"),
        ("/", "slash"),
        ("ctrl+l", "ctrl+l"),
        (" f5 ", "f5"),
        ("ctrl+shift+up", "ctrl+shift+up"),
        ("alt+/", "alt+slash"),
        ("question_mark", "question_mark"),
        ("enter", "enter"),
        ("space", "space"),
        ("delete", "delete"),
    ],
)
def test_valid_keys_are_normalised(key: str, name: str) -> None:
    assert normalise_key(key) == name


@pytest.mark.parametrize(
    "key",
    ["", " ", "ctrl+", "ctrl+nothing", "hyper+hyper+a", "bogus+a", "\x1b", "foo", "ctrl+ctrl+a"],
)
def test_invalid_keys(key: str) -> None:
    assert normalise_key(key) is None


def test_every_action_and_dialog_binding_can_be_remapped() -> None:
    ids = binding_ids()
    assert {a.id for a in ACTIONS if a.keys} <= set(ids)
    assert {
        "picker.link",
        "note.save",
        "confirm.yes",
        "help.close",
        "matrix.close",
        "registry.rename",
        "meta.save",
    } <= set(ids)


def test_parse_keymap(tmp_path: Path) -> None:
    path = tmp_path / "keymap.json"
    raw = b'{"label.confirmed": "c", "span.link": "f, ctrl+l", "help": "?,f1"}'
    assert parse_keymap(raw, path) == {
        "label.confirmed": "c",
        "span.link": "f,ctrl+l",
        "help": "question_mark,f1",
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"label.nope": "c"}', "{path}: label.nope: unknown binding id"),
        (b'{"span.link": "f,ctrl+nothing"}', "{path}: span.link: invalid key 'ctrl+nothing'"),
        (b'{"span.link": ""}', "{path}: span.link: keys must be a non-empty string"),
        (b'{"span.link": ["f"]}', "{path}: span.link: keys must be a non-empty string"),
        (b'["f"]', "{path}: a keymap is a JSON object"),
        (b'{"span.link": "f",\n  }', "{path}:1:18: invalid JSON: trailing comma"),
    ],
)
def test_bad_keymaps_name_the_file_and_the_id(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "keymap.json"
    path.write_bytes(raw)
    with pytest.raises(UsageError) as caught:
        load_keymap(path)
    text = str(caught.value)
    assert text.startswith(message.format(path=path))
    assert "\n" not in text


def test_default_file_is_optional(config_home: Path) -> None:
    assert load_keymap() == {}
    default = config_home / "annotator" / "keymap.json"
    default.parent.mkdir(parents=True)
    default.write_text('{"matrix": "M"}')
    assert load_keymap() == {"matrix": "M"}
    default.write_text('{"matrix": "ctrl+bad"}')
    with pytest.raises(UsageError, match=f"^{default}: matrix: invalid key"):
        load_keymap()


def test_missing_keymap_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"nope.json: cannot read"):
        load_keymap(tmp_path / "nope.json")
