"""Command palette providers: the app's commands, "go to article", "go to fact".

Article titles and fact statements are untrusted: Textual's ``Matcher.highlight`` parses
its candidate as markup, so hits are built from plain ``Content`` and highlighted here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from annotator.model.display import one_line_visible

if TYPE_CHECKING:
    from annotator.tui.app import AnnotatorApp

#: (title, action, help) for every app command.
APP_COMMANDS: list[tuple[str, str, str]] = [
    ("Label: confirmed", "label('confirmed')", "Label the selection or the span at the cursor"),
    ("Label: disputed", "label('disputed')", "Label the selection or the span at the cursor"),
    ("Label: attributed", "label('attributed')", "Label the selection or the span at the cursor"),
    ("Label: opinion", "label('opinion')", "Label the selection or the span at the cursor"),
    ("Link facts", "link_fact", "Fuzzy search the registry, or create a fact"),
    ("Unlink all facts", "unlink_facts", "Remove the span's fact links"),
    ("Edit note", "edit_note", "Edit the current span's note"),
    ("Delete span", "delete_span", "Delete the span under the cursor"),
    ("Undo", "undo", "Undo the last change"),
    ("Redo", "redo", "Redo the last undone change"),
    ("Save now", "save", "Write every unsaved change"),
    ("Next article", "next_article", "Open the next article"),
    ("Previous article", "previous_article", "Open the previous article"),
    ("Fact matrix", "matrix", "Which sources confirm or dispute each fact"),
    ("Help: keys", "help", "Every key binding"),
    ("Re-anchor spans to the changed text", "reanchor",
     "For an article whose text changed: move spans onto the new text (keeps a .bak)"),
    ("Start fresh (keeps a .bak)", "start_fresh",
     "For a broken annotation file: set it aside and start an empty one"),
    ("Overwrite the file on disk with my version", "force_save",
     "After a conflict: replace what another program wrote"),
    ("Reload from disk (discard unsaved changes)", "reload", "After a conflict: take the disk's version"),
]


def plain_hit(matcher: Matcher, text: str, command: Callable[[], object], help: str) -> Hit | None:
    """A hit whose display is ``text`` as plain text, never markup."""
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return None
    content = Content(text)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return Hit(score, content, command, text=text, help=help)


class AppCommands(Provider):
    """Every annotator action, by name."""

    @property
    def annotator(self) -> AnnotatorApp:
        return cast("AnnotatorApp", self.app)

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.annotator
        return [(title, partial(app.run_action, action), help)
                for title, action, help in APP_COMMANDS]

    async def discover(self) -> Hits:
        for title, command, help in self._commands():
            yield DiscoveryHit(Content(title), command, text=title, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command, help in self._commands():
            hit = plain_hit(matcher, title, command, help)
            if hit:
                yield hit


class GoToArticle(Provider):
    """``go to article``: by id, title or outlet."""

    async def search(self, query: str) -> Hits:
        app = cast("AnnotatorApp", self.app)
        matcher = self.matcher(query)
        corpus = app.store.corpus
        for article in list(corpus)[:20000]:
            title = one_line_visible(f"Go to article: {corpus.title(article.id)} ({article.id})", 120)
            hit = plain_hit(matcher, title, partial(app.open_article, article.id),
                            one_line_visible(article.outlet or "", 60))
            if hit:
                yield hit


class GoToFact(Provider):
    """``go to fact``: jump to the next span that links it."""

    async def search(self, query: str) -> Hits:
        app = cast("AnnotatorApp", self.app)
        matcher = self.matcher(query)
        for fact in app.editor.registry.facts:
            title = one_line_visible(f"Go to fact: {fact.id}", 100)
            hit = plain_hit(matcher, title, partial(app.go_to_fact, fact.id),
                            one_line_visible(fact.statement, 120))
            if hit:
                yield hit
