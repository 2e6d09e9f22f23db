"""WCAG contrast: the selected result's text colour is chosen to be readable on its row."""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.style import Style

BLACK = RichColor.from_rgb(0, 0, 0)
WHITE = RichColor.from_rgb(255, 255, 255)
AA_TEXT = 4.5  # WCAG 2 AA for normal text


def _channel(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = rgb
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def triplet(color: RichColor) -> tuple[int, int, int]:
    t = color.get_truecolor()
    return (t.red, t.green, t.blue)


def readable_on(background: RichColor) -> RichColor:
    """Black or white, whichever reads better on ``background`` (>= 4.58:1 on any colour)."""
    bg = triplet(background)
    return BLACK if contrast(triplet(BLACK), bg) >= contrast(triplet(WHITE), bg) else WHITE


def recolour(style: Style, fg: RichColor, bg: RichColor) -> Style:
    """``style``'s attributes (bold, underline, italic...) in the given colours, never dim."""
    return style + Style(color=fg, bgcolor=bg, dim=False)
