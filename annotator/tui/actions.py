"""The one table of the app's actions and keys.

``BINDINGS`` of the app, the annotation screen and the article view, the command
palette's commands, the help screen and the README's key table all come from ``ACTIONS``
(a test ties the README to it). Every binding has an id, so a user keymap can remap it
(``annotator/tui/keymap.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.actions import parse as parse_action
from textual.binding import Binding, BindingType
from textual.keys import format_key

Scope = Literal["app", "screen", "article", "search"]


@dataclass(frozen=True, slots=True)
class Action:
    """One thing the analyst can do: its id, default keys, and how it is shown."""

    id: str
    #: Default keys, comma-separated Textual key names; "" for palette-only commands.
    keys: str
    #: The action string (``label('confirmed')``), run on the scope's node.
    action: str
    #: Short footer label.
    short: str
    #: One line for the palette and the help screen.
    title: str
    #: Help screen section.
    group: str
    scope: Scope = "screen"
    show: bool = True
    priority: bool = False

    @property
    def name(self) -> str:
        """The action's method name without namespace or parameters (``label``)."""
        return parse_action(self.action)[1]


LABEL, SPAN, MOVE, FILES = "Label claims", "Work on the current span", "Move", "Files and more"
FIND, RESIZE = "Search", "Resize the current span (id, label, facts, note kept)"
CLAIMS = "Filter the claim panel"

ACTIONS: tuple[Action, ...] = (
    Action(
        "article.sentence",
        "s",
        "select_sentence",
        "Sentence",
        "Select the sentence at the cursor",
        MOVE,
        scope="article",
    ),
    Action(
        "article.words",
        "w",
        "grow_to_words",
        "Words",
        "Grow the selection to whole words",
        MOVE,
        scope="article",
    ),
    Action(
        "article.next",
        "right_square_bracket",
        "next_article",
        "Next",
        "Open the next article",
        MOVE,
    ),
    Action(
        "article.previous",
        "left_square_bracket",
        "previous_article",
        "Prev",
        "Open the previous article",
        MOVE,
        show=False,
    ),
    Action(
        "span.next",
        "j",
        "next_span",
        "Next span",
        "Next span: the caret moves to it and it becomes current",
        MOVE,
        show=False,
    ),
    Action("span.previous", "k", "previous_span", "Prev span", "Previous span", MOVE, show=False),
    Action(
        "span.next_incomplete",
        "exclamation_mark",
        "next_incomplete",
        "Lacking",
        "Next span that lacks a fact or an attribution",
        MOVE,
        show=False,
    ),
    Action(
        "span.previous_incomplete",
        "",
        "previous_incomplete",
        "",
        "Previous span that lacks a fact or an attribution",
        MOVE,
    ),
    Action(
        "search.open",
        "slash",
        "open_search",
        "Find",
        "Find in the article (plain text or regex, case-insensitive)",
        FIND,
        show=False,
    ),
    Action(
        "search.next",
        "f3,ctrl+g",
        "search_next",
        "Next match",
        "Next match of the last search (selects it)",
        FIND,
        show=False,
    ),
    Action(
        "search.previous",
        "shift+f3",
        "search_previous",
        "Prev match",
        "Previous match of the last search",
        FIND,
        show=False,
    ),
    Action(
        "search.all",
        "ctrl+f",
        "search_all",
        "Find all",
        "Search all articles: a hit list (article, line, snippet) that jumps to a match",
        FIND,
        show=False,
    ),
    Action(
        "search.bar.next",
        "enter,down",
        "step(1)",
        "Next",
        "In the find bar: next match",
        FIND,
        scope="search",
    ),
    Action(
        "search.bar.previous",
        "shift+enter,up",
        "step(-1)",
        "Prev",
        "In the find bar: previous match",
        FIND,
        scope="search",
    ),
    Action(
        "search.bar.regex",
        "ctrl+r",
        "toggle_regex",
        "Regex",
        "In the find bar: switch between plain text and regular expression",
        FIND,
        scope="search",
    ),
    Action(
        "search.bar.close",
        "escape",
        "close",
        "Close",
        "In the find bar: close it, keeping the match selected (1-4 label it)",
        FIND,
        scope="search",
    ),
    Action(
        "span.extend_end",
        "greater_than_sign",
        "nudge('end', 1, 'char')",
        "End →",
        "Move the span's end one character right",
        RESIZE,
        show=False,
    ),
    Action(
        "span.shrink_end",
        "less_than_sign",
        "nudge('end', -1, 'char')",
        "End ←",
        "Move the span's end one character left",
        RESIZE,
        show=False,
    ),
    Action(
        "span.extend_end_word",
        "full_stop",
        "nudge('end', 1, 'word')",
        "End word →",
        "Move the span's end to the end of the next word",
        RESIZE,
        show=False,
    ),
    Action(
        "span.shrink_end_word",
        "comma",
        "nudge('end', -1, 'word')",
        "End word ←",
        "Move the span's end back one word",
        RESIZE,
        show=False,
    ),
    Action(
        "span.extend_start",
        "left_curly_bracket",
        "nudge('start', -1, 'char')",
        "Start ←",
        "Move the span's start one character left",
        RESIZE,
        show=False,
    ),
    Action(
        "span.shrink_start",
        "right_curly_bracket",
        "nudge('start', 1, 'char')",
        "Start →",
        "Move the span's start one character right",
        RESIZE,
        show=False,
    ),
    Action(
        "span.extend_start_word",
        "left_parenthesis",
        "nudge('start', -1, 'word')",
        "Start word ←",
        "Move the span's start to the start of the previous word",
        RESIZE,
        show=False,
    ),
    Action(
        "span.shrink_start_word",
        "right_parenthesis",
        "nudge('start', 1, 'word')",
        "Start word →",
        "Move the span's start to the start of the next word",
        RESIZE,
        show=False,
    ),
    Action(
        "layout.articles",
        "f8",
        "toggle_panel('articles')",
        "List",
        "Article list: wide, narrow or hidden (remembered)",
        MOVE,
        show=False,
    ),
    Action(
        "layout.claims",
        "f9",
        "toggle_panel('claims')",
        "Claims",
        "Claim panel: wide, narrow or hidden (remembered)",
        MOVE,
        show=False,
    ),
    Action(
        "label.confirmed",
        "1",
        "label('confirmed')",
        "Confirmed",
        "Label the selection confirmed (or relabel the current span); opens the fact picker",
        LABEL,
    ),
    Action(
        "label.disputed",
        "2",
        "label('disputed')",
        "Disputed",
        "Label the selection disputed (or relabel the current span); opens the fact picker",
        LABEL,
    ),
    Action(
        "label.attributed",
        "3",
        "label('attributed')",
        "Attributed",
        "Label the selection attributed (or relabel the current span); asks who says so",
        LABEL,
    ),
    Action(
        "label.opinion",
        "4",
        "label('opinion')",
        "Opinion",
        "Label the selection opinion (or relabel the current span)",
        LABEL,
    ),
    Action(
        "span.link",
        "f",
        "link_fact",
        "Facts",
        "Link facts: search the registry, suggestions, create a fact",
        SPAN,
    ),
    Action(
        "span.unlink",
        "F",
        "unlink_facts",
        "Unlink",
        "Unlink all facts from the span",
        SPAN,
        show=False,
    ),
    Action(
        "span.attribution",
        "a",
        "edit_attribution",
        "Who",
        "Edit the span's attribution (who says so)",
        SPAN,
        show=False,
    ),
    Action("span.note", "n", "edit_note", "Note", "Edit the span's note", SPAN),
    Action("span.delete", "x,delete", "delete_span", "Delete", "Delete the current span", SPAN),
    Action(
        "claims.filter",
        "v",
        "cycle_claim_filter",
        "Filter",
        "Filter the claim panel (cycles: all, each label, incomplete, each linked fact)",
        CLAIMS,
        show=False,
    ),
    Action("claims.filter.all", "", "filter_claims('all')", "", "Claims: show all", CLAIMS),
    *(
        Action(
            f"claims.filter.{label}",
            "",
            f"filter_claims('label:{label}')",
            "",
            f"Claims: show only {label}",
            CLAIMS,
        )
        for label in ("confirmed", "disputed", "attributed", "opinion")
    ),
    Action(
        "claims.filter.incomplete",
        "",
        "filter_claims('incomplete')",
        "",
        "Claims: show only incomplete (no fact, no attribution, or an unknown fact)",
        CLAIMS,
    ),
    Action("undo", "ctrl+z", "undo", "Undo", "Undo the last change (any article)", FILES),
    Action("redo", "ctrl+y", "redo", "Redo", "Redo the last undone change", FILES),
    Action(
        "matrix",
        "m",
        "matrix",
        "Matrix",
        "Fact matrix: which sources confirm or dispute each fact",
        FILES,
    ),
    Action(
        "registry",
        "r",
        "registry",
        "Registry",
        "Fact registry: every fact and its spans; edit, rename, merge, delete facts",
        FILES,
    ),
    Action(
        "article.metadata",
        "e",
        "edit_metadata",
        "Metadata",
        "Edit the article's title, outlet, URL and date (saved to the manifest)",
        FILES,
        show=False,
    ),
    Action(
        "article.done",
        "D",
        "toggle_done",
        "Done",
        "Mark the article done (or back to in progress)",
        FILES,
        show=False,
    ),
    Action(
        "save", "ctrl+s", "save", "Save", "Save now (every change is already saved at once)", FILES
    ),
    Action(
        "review.conflict",
        "C",
        "resolve_conflict",
        "Conflict",
        "Resolve a merge conflict: see both versions and the base, keep one",
        SPAN,
    ),
    Action(
        "review.accept_anchor",
        "K",
        "accept_anchor",
        "Accept anchor",
        "Accept where re-anchoring put the span (clears fuzzy/moved)",
        SPAN,
    ),
    Action(
        "review.orphans",
        "O",
        "review_orphans",
        "Orphans",
        "Orphaned spans: re-attach one to the selection, or delete it",
        SPAN,
    ),
    Action(
        "adjudicate",
        "A",
        "adjudicate",
        "Adjudicate",
        "Adjudicate: the analysts' layers unit by unit into gold",
        FILES,
        show=False,
    ),
    Action("repair.reanchor", "", "reanchor", "", "Re-anchor spans to the changed text", FILES),
    Action(
        "repair.start_fresh",
        "",
        "start_fresh",
        "",
        "Start fresh (set the broken annotation file aside as .bak)",
        FILES,
    ),
    Action(
        "conflict.merge",
        "",
        "merge_disk",
        "",
        "Merge with the file on disk (keep both sides' changes; collisions recorded)",
        FILES,
    ),
    Action(
        "conflict.overwrite",
        "",
        "force_save",
        "",
        "Overwrite the file on disk with my version",
        FILES,
    ),
    Action(
        "conflict.reload",
        "",
        "reload",
        "",
        "Reload from disk (discard unsaved changes: says how many)",
        FILES,
    ),
    Action("help", "question_mark", "help", "Help", "Help: every key", FILES, scope="app"),
    Action("quit", "ctrl+q", "quit", "Quit", "Quit", FILES, scope="app", priority=True),
)

#: Keys the widgets handle themselves (for the help screen; not remappable here).
BUILTIN_KEYS: tuple[tuple[str, str], ...] = (
    ("arrows, mouse", "move the cursor"),
    ("shift+arrows, drag", "select text"),
    ("tab / shift+tab", "move between article list, article and claim panel"),
    ("ctrl+p", "command palette: every command, go to article, go to fact"),
)

BY_ID: dict[str, Action] = {action.id: action for action in ACTIONS}


def bindings(scope: Scope) -> list[BindingType]:
    """The bindings of one scope, with ids so a keymap can remap them."""
    return [
        Binding(
            a.keys, a.action, a.short, id=a.id, show=a.show, priority=a.priority, tooltip=a.title
        )
        for a in ACTIONS
        if a.scope == scope and a.keys
    ]


def display_keys(keys: str) -> str:
    """Textual key names as the analyst types them (``right_square_bracket`` -> ``]``)."""
    names = {
        "right_square_bracket": "]",
        "left_square_bracket": "[",
        "question_mark": "?",
        "exclamation_mark": "!",
        "slash": "/",
        "greater_than_sign": ">",
        "less_than_sign": "<",
        "full_stop": ".",
        "comma": ",",
        "left_curly_bracket": "{",
        "right_curly_bracket": "}",
        "left_parenthesis": "(",
        "right_parenthesis": ")",
        "enter": "enter",
        "delete": "delete",
    }
    return " / ".join(names.get(k.strip()) or format_key(k.strip()) for k in keys.split(","))
