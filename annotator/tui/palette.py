"""Label background colours that stay apart in every theme, also in 256 colours.

Each label starts from its theme colour (``$success``, ``$error``, ``$primary``,
``$warning`` at 30 %, see ``ArticleView``'s CSS) blended over the article background.
Themes differ: in some, the selection is the same blue as ``attributed``, or two tints
collapse onto one cell of the 256-colour palette. ``distinct_backgrounds`` raises a
label's strength, then turns its hue, until it is at least ``MIN_DISTANCE`` from the
selection and from every label chosen before it, both in true colour and after Rich
reduces it to the 256-colour palette. The glyph in the gutter and the text style of each
label (see the README) tell them apart where colour cannot.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color

#: Smallest RGB (Euclidean, 0-255 per channel) distance between two backgrounds.
MIN_DISTANCE = 40.0
#: Strengths tried for a label's colour over the background, weakest first.
ALPHAS = (0.30, 0.40, 0.50, 0.65, 0.80, 1.0)
#: Hue turns (degrees) tried when no strength of the theme's colour is far enough.
TURNS = (0, 30, -30, 60, -60, 90, -90, 120, -120, 150, -150, 180)


def rgb(color: Color) -> tuple[int, int, int]:
    return color.r, color.g, color.b


def eight_bit(color: Color) -> tuple[int, int, int]:
    """The colour a 256-colour terminal shows for ``color``."""
    triplet = RichColor.from_rgb(*rgb(color)).downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
    return triplet.red, triplet.green, triplet.blue


def distance(a: Color, b: Color) -> float:
    """The smaller of the true-colour and the 256-colour distance."""
    return min(math.dist(rgb(a), rgb(b)), math.dist(eight_bit(a), eight_bit(b)))


def _turn(color: Color, degrees: int) -> Color:
    if degrees == 0:
        return color
    h, s, lightness = color.hsl
    return Color.from_hsl((h + degrees / 360) % 1.0, max(s, 0.45), lightness)


def distinct_backgrounds(
    base: Color, wanted: Mapping[str, Color], avoid: Sequence[Color]
) -> dict[str, Color]:
    """A background per name, ``MIN_DISTANCE`` from ``base``, ``avoid`` and each other.

    ``wanted`` maps names to the theme's colours (their alpha is ignored; strengths come
    from ``ALPHAS``), ``base`` is what they are blended over. The first strength of the
    first hue that fits wins, so a theme whose tints are already distinct keeps them.
    When nothing fits (a theme of only a few colours) the farthest candidate is taken.
    """
    chosen: dict[str, Color] = {}
    for name, color in wanted.items():
        taken = [base, *avoid, *chosen.values()]
        best: tuple[float, Color] | None = None
        for degrees in TURNS:
            hue = _turn(color.with_alpha(1.0), degrees)
            for alpha in ALPHAS:
                candidate = base.blend(hue, alpha)
                gap = min((distance(candidate, other) for other in taken), default=math.inf)
                if gap >= MIN_DISTANCE:
                    best = (gap, candidate)
                    break
                if best is None or gap > best[0]:
                    best = (gap, candidate)
            else:
                continue
            break
        assert best is not None
        chosen[name] = best[1]
    return chosen
