"""The footer: the keys that apply where the analyst is, drawn as one line of text.

Textual's ``Footer`` recomposes a child widget per key on every bindings change (mount,
style and lay out some twenty widgets: ~90 ms of CPU each time a span is created or
deleted, when the keys that apply change). This bar computes what it would show, redraws
one line only when that changed, and never changes the layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

#: The action whose key is always shown (beside the palette's), however narrow the bar.
PINNED = "help"


@dataclass(frozen=True, slots=True)
class KeyItem:
    """One key the bar shows."""

    key: str
    display: str
    description: str
    enabled: bool
    action: str = ""


class KeyBar(Widget, can_focus=False):
    """One line at the bottom: `key description` for every shown binding that applies,
    the command palette's key at the right end; a click presses the key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {  # noqa: RUF012 (Textual's own declaration style)
        "key-bar--key",
        "key-bar--description",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: tuple[KeyItem, ...] = ()
        self.palette: KeyItem | None = None
        self._pending = False
        # (first column, last column + 1, key) of each item as last drawn, for clicks.
        self._hits: list[tuple[int, int, KeyItem]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        # After the screen's other widgets have mounted (check_action may query them).
        self.call_after_refresh(self.update_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # Several refreshes arrive per change; work out what to show once, after them.
        if screen is self.screen and not self._pending:
            self._pending = True
            self.call_later(self.update_keys)

    def update_keys(self) -> None:
        """Recompute the keys shown; redraw only if they changed."""
        self._pending = False
        if not self.is_attached:
            return
        items, palette = self._compute()
        if (items, palette) != (self.items, self.palette):
            self.items, self.palette = items, palette
            self.refresh()

    def _compute(self) -> tuple[tuple[KeyItem, ...], KeyItem | None]:
        app = self.app
        active = self.screen.active_bindings
        seen: set[str] = set()
        items: list[KeyItem] = []
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        palette: KeyItem | None = None
        for key, (_node, binding, enabled, _tooltip) in active.items():
            item = KeyItem(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                enabled,
                binding.action,
            )
            if key == palette_key:
                palette = item
            elif binding.show and binding.action not in seen:
                # One entry per action, as Textual's Footer shows them.
                seen.add(binding.action)
                items.append(item)
        return tuple(items), palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        self._hits = []

        def add(text: Text, item: KeyItem) -> None:
            start = line.cell_len
            line.append_text(text)
            self._hits.append((start, line.cell_len, item))

        # Help and the palette stay at the right end whatever the width; the other keys
        # fill the room left, in order, and those that do not fit are left out.
        pinned = [i for i in self.items if i.action == PINNED]
        if self.palette is not None:
            pinned.append(self.palette)
        tail = [(self._item_text(i, key_style, description_style), i) for i in pinned]
        tail_width = sum(text.cell_len for text, _ in tail)
        room = width - tail_width - (1 if tail else 0)
        for item in self.items:
            if item.action == PINNED:
                continue
            text = self._item_text(item, key_style, description_style)
            if line.cell_len + text.cell_len > room:
                break
            add(text, item)
        if tail and width >= tail_width:
            line.append(" " * max(0, width - tail_width - line.cell_len))
            for text, item in tail:
                add(text, item)
        return line

    @staticmethod
    def _item_text(item: KeyItem, key_style: Style, description_style: Style) -> Text:
        text = Text.assemble(
            (f" {item.display} ", key_style),
            (f"{item.description} " if item.description else "", description_style),
        )
        if not item.enabled:
            text.stylize("dim")
        return text

    def key_at(self, x: int) -> KeyItem | None:
        """The key drawn at column ``x``, if any."""
        for start, end, item in self._hits:
            if start <= x < end:
                return item
        return None

    def on_click(self, event: events.Click) -> None:
        item = self.key_at(event.x)
        if item is None:
            return
        event.stop()
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
