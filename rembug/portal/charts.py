"""Horizontal grouped bar charts as SVG geometry: the template draws them with attributes only (no style, CSP).

Pure Python: rows of numbers in, rectangles and text positions out. Horizontal bars fit a 360-px phone; every
number is also printed beside its bar and in the table under the chart, so nobody needs to read a bar's length.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 320
LABEL_HEIGHT = 16
BAR_HEIGHT = 12
BAR_GAP = 3
ROW_GAP = 10
VALUE_ROOM = 78  # room right of the longest bar for its printed value
#: Proposed, accommodated, built: colours with at least 3:1 contrast on white (WCAG 1.4.11).
COLOURS = ("#5b6770", "#0b5d3b", "#a3360f")


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: float
    height: int
    fill: str
    value: int
    text: str
    text_x: float
    text_y: int


@dataclass(frozen=True)
class Row:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rows: list[Row]
    series: list[tuple[str, str]]  # (label, colour) for the legend


def short_rupiah(amount: int) -> str:
    """Rp 1,2 M / Rp 350 jt / Rp 75 rb: short enough to print beside a bar on a phone."""
    for size, suffix in ((1_000_000_000_000, "T"), (1_000_000_000, "M"), (1_000_000, "jt"), (1_000, "rb")):
        if amount >= size:
            value = amount / size
            text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 100 else f"{value:.0f}"
            return f"Rp {text.replace('.', ',')} {suffix}"
    return f"Rp {amount}"


def plain(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def bar_chart(
    rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[str], fmt: Callable[[int], str] = plain
) -> Chart:
    """One group of bars per row (its label above it), one bar per series, scaled to the largest value."""
    largest = max((v for _, values in rows for v in values), default=0) or 1
    room = WIDTH - VALUE_ROOM
    y = 0
    drawn = []
    for label, values in rows:
        label_y = y + LABEL_HEIGHT - 4
        y += LABEL_HEIGHT
        bars = []
        for index, value in enumerate(values):
            width = round(room * value / largest, 1)
            bars.append(
                Bar(
                    x=0,
                    y=y,
                    width=width,
                    height=BAR_HEIGHT,
                    fill=COLOURS[index % len(COLOURS)],
                    value=value,
                    text=fmt(value),
                    text_x=width + 4,
                    text_y=y + BAR_HEIGHT - 2,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        drawn.append(Row(label=label, label_y=label_y, bars=bars))
        y += ROW_GAP
    return Chart(
        width=WIDTH, height=max(y, 1), rows=drawn, series=[(s, COLOURS[i % len(COLOURS)]) for i, s in enumerate(series)]
    )
