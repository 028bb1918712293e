"""Command palette providers: every action of the key table, "go to article", "go to fact".

The providers know the annotation screen only through the ``Workspace`` protocol, so this
module imports no screen (no import circle). Article titles and fact statements are
untrusted: Textual's ``Matcher.highlight`` parses its candidate as markup, so hits are
built from plain ``Content`` and highlighted here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from typing import Protocol, runtime_checkable

from textual.actions import parse as parse_action
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.fuzzy import Matcher

from annotator.editor import Editor
from annotator.model.display import one_line_visible
from annotator.store.store import Store
from annotator.tui.actions import ACTIONS, Action, display_keys
from annotator.tui.widgets._textual_compat import literal_help


@runtime_checkable
class Workspace(Protocol):
    """What the palette needs of the screen it was opened from."""

    store: Store
    editor: Editor

    def open_article(self, article_id: str) -> None: ...

    def go_to_fact(self, fact_id: str) -> None: ...

    def node_for(self, action: Action) -> DOMNode: ...


def plain_hit(
    matcher: Matcher, text: str, command: Callable[[], object], help_text: str
) -> Hit | None:
    """A hit whose display is ``text`` as plain text, never markup."""
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return None
    content = Content(text)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return Hit(score, content, command, text=text, help=literal_help(help_text))


class ActionCommands(Provider):
    """Every action of the key table that applies now (check_action decides)."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], Awaitable[object]], str]]:
        screen = self.screen
        if not isinstance(screen, Workspace):
            return
        keymap = getattr(self.app, "keymap", {})
        for action in ACTIONS:
            node = screen.node_for(action)
            _, name, params = parse_action(action.action)
            if not node.check_action(name, params):
                continue
            keys = keymap.get(action.id, action.keys)
            help_text = f"key: {display_keys(keys)}" if keys else "palette only"
            yield action.title, partial(self.app.run_action, action.action, node), help_text

    async def discover(self) -> Hits:
        for title, command, help_text in self._commands():
            yield DiscoveryHit(Content(title), command, text=title, help=literal_help(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command, help_text in self._commands():
            hit = plain_hit(matcher, title, command, help_text)
            if hit:
                yield hit


class GoToArticle(Provider):
    """``go to article``: by id, title or outlet."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, Workspace):
            return
        matcher = self.matcher(query)
        corpus = screen.store.corpus
        for entry in list(corpus)[:20000]:
            title = one_line_visible(f"Go to article: {corpus.title(entry.id)} ({entry.id})", 120)
            hit = plain_hit(
                matcher,
                title,
                partial(screen.open_article, entry.id),
                one_line_visible(entry.outlet or "", 60),
            )
            if hit:
                yield hit


class GoToFact(Provider):
    """``go to fact``: jump to the next span that links it."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, Workspace):
            return
        matcher = self.matcher(query)
        for fact in screen.editor.registry.facts:
            title = one_line_visible(f"Go to fact: {fact.id}", 100)
            hit = plain_hit(
                matcher,
                title,
                partial(screen.go_to_fact, fact.id),
                one_line_visible(fact.statement, 120),
            )
            if hit:
                yield hit


class FilterByFact(Provider):
    """``filter claims: fact <id>``: list only the claims linking that fact."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, Workspace):
            return
        matcher = self.matcher(query)
        for fact in screen.editor.registry.facts:
            title = one_line_visible(f"Claims: show only fact {fact.id}", 100)
            command = partial(self.app.run_action, f"filter_claims('fact:{fact.id}')", screen)
            hit = plain_hit(matcher, title, command, one_line_visible(fact.statement, 120))
            if hit:
                yield hit
