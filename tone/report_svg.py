"""Inline SVG charts for the HTML report, drawn in Python: no JavaScript, no external resources.

Every function returns one ``<svg>`` element as a string. Text that reaches the SVG (hover
titles, accessible labels) is escaped here, so callers pass plain, unescaped strings.

Bars are drawn in a 100-unit-wide view box that stretches to the width of their column
(``preserveAspectRatio="none"``), so they line up with HTML labels at any screen size; lines
keep their width with ``vector-effect="non-scaling-stroke"``. The weekly chart keeps its
aspect ratio because it carries its own axis text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: its share is ``value`` out of the bar's total."""

    name: str
    value: float
    colour: str
    title: str


@dataclass(frozen=True)
class Series:
    """One line of a weekly chart; ``None`` values are weeks without data and break the line."""

    name: str
    values: tuple[float | None, ...]
    colour: str
    dashed: bool
    titles: tuple[str, ...]


def num(value: float) -> str:
    """A coordinate written short and the same way every time.

    >>> num(12.0), num(3.14159), num(-0.0)
    ('12', '3.14', '0')
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _svg_open(view_box: str, css_class: str, label: str, stretch: bool) -> str:
    aspect = ' preserveAspectRatio="none"' if stretch else ""
    return f'<svg class="{css_class}" viewBox="{view_box}"{aspect} role="img" aria-label="{escape(label)}">'


def stacked_bar(segments: Sequence[Segment], label: str) -> str:
    """A horizontal bar split into segments in proportion to their values, each with a hover title.

    >>> svg = stacked_bar([Segment("a", 1, "#000", "a: 1"), Segment("b", 3, "#fff", "b: 3")], "x")
    >>> 'width="25"' in svg and 'x="25" width="75"' in svg
    True
    """
    total = sum(max(0.0, s.value) for s in segments)
    parts = [_svg_open("0 0 100 10", "bar", label, stretch=True)]
    parts.append('<rect class="track" x="0" y="0" width="100" height="10"/>')
    x = 0.0
    for segment in segments:
        if total <= 0 or segment.value <= 0:
            continue
        width = 100.0 * segment.value / total
        parts.append(
            f'<rect x="{num(x)}" width="{num(width)}" y="0" height="10" fill="{segment.colour}">'
            f"<title>{escape(segment.title)}</title></rect>"
        )
        x += width
    parts.append("</svg>")
    return "".join(parts)


def ratio_bar(value: float | None, scale_max: float, benchmark: float, title: str, label: str) -> str:
    """A bar from 0 to ``value`` on a 0..``scale_max`` scale, with the benchmark marked by a line.

    ``value`` is ``None`` when there is nothing to draw (no scored messages); values past the
    scale fill the bar and end in a notch so they don't read as exactly ``scale_max``.
    """
    bench_x = 100.0 * benchmark / scale_max
    parts = [_svg_open("0 0 100 10", "bar ratio", label, stretch=True)]
    parts.append('<rect class="track" x="0" y="0" width="100" height="10"/>')
    if value is not None and value > 0:
        width = min(100.0, 100.0 * value / scale_max)
        css = "ratio-fill at-or-above" if value >= benchmark else "ratio-fill below"
        parts.append(
            f'<rect class="{css}" x="0" y="1.5" width="{num(width)}" height="7">'
            f"<title>{escape(title)}</title></rect>"
        )
        if value > scale_max:
            parts.append(
                '<path class="overflow" d="M97 1.5 L100 5 L97 8.5" vector-effect="non-scaling-stroke"/>'
            )
    parts.append(
        f'<line class="benchmark" x1="{num(bench_x)}" x2="{num(bench_x)}" y1="0" y2="10" '
        f'vector-effect="non-scaling-stroke"><title>{escape(f"benchmark {num(benchmark)}:1")}</title></line>'
    )
    parts.append("</svg>")
    return "".join(parts)


# Geometry of one weekly chart, in view-box units (it scales uniformly with its card).
WEEK_W, WEEK_H = 330, 150
#: more weeks than this and the dots on each week would bury the lines.
DENSE_WEEKS = 40
_LEFT, _RIGHT, _TOP, _BOTTOM = 36, 12, 8, 24


def _x(index: int, count: int) -> float:
    plot = WEEK_W - _LEFT - _RIGHT
    return _LEFT + (plot / 2 if count <= 1 else plot * index / (count - 1))


def _y(value: float, y_max: float) -> float:
    plot = WEEK_H - _TOP - _BOTTOM
    return _TOP + plot * (1 - min(value, y_max) / y_max)


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Indices of consecutive weeks that have data: each run is drawn as one unbroken line.

    >>> _runs([0.1, None, 0.2, 0.3, None])
    [[0], [2, 3]]
    """
    runs: list[list[int]] = []
    current: list[int] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(index)
    if current:
        runs.append(current)
    return runs


def _axes(count: int, y_max: float, x_ticks: Sequence[tuple[int, str]]) -> list[str]:
    parts = []
    for fraction in (0.0, 0.5, 1.0):
        y = _y(y_max * fraction, y_max)
        css = "axis" if fraction == 0 else "grid"
        parts.append(f'<line class="{css}" x1="{_LEFT}" x2="{WEEK_W - _RIGHT}" y1="{num(y)}" y2="{num(y)}"/>')
        parts.append(
            f'<text class="tick" x="{_LEFT - 4}" y="{num(y + 3.5)}" text-anchor="end">'
            f"{round(100 * y_max * fraction)}%</text>"
        )
    for index, text in x_ticks:
        x = _x(index, count)
        anchor = (
            "start" if index == 0 and count > 1 else "end" if index == count - 1 and count > 1 else "middle"
        )
        parts.append(
            f'<text class="tick" x="{num(x)}" y="{WEEK_H - 5}" text-anchor="{anchor}">{escape(text)}</text>'
        )
    return parts


def week_chart(
    series: Sequence[Series], count: int, y_max: float, x_ticks: Sequence[tuple[int, str]], label: str
) -> str:
    """Lines over ``count`` weeks on a shared 0..``y_max`` scale; weeks without data are gaps.

    A week with data but no neighbour is drawn as a dot so it doesn't vanish. Every point has
    a hover title (``Series.titles``, one per week); past ``DENSE_WEEKS`` the dots on a line
    would hide it, so they are kept only as invisible hover targets.
    """
    y_max = y_max if y_max > 0 else 1.0
    dense = count > DENSE_WEEKS
    parts = [_svg_open(f"0 0 {WEEK_W} {WEEK_H}", "weeks dense" if dense else "weeks", label, stretch=False)]
    parts.extend(_axes(count, y_max, x_ticks))
    for line in series:
        dash = ' stroke-dasharray="5 3"' if line.dashed else ""
        for run in _runs(line.values):
            points = [(_x(i, count), _y(line.values[i] or 0.0, y_max)) for i in run]
            if len(points) > 1:
                d = " ".join(f"{'M' if k == 0 else 'L'}{num(x)} {num(y)}" for k, (x, y) in enumerate(points))
                parts.append(f'<path class="line" d="{d}" stroke="{line.colour}"{dash}/>')
            for i, (x, y) in zip(run, points, strict=True):
                alone = len(points) == 1
                look = f'r="{3 if alone and not dense else 2.2}" fill="{line.colour}"'
                if dense and not alone:
                    look = 'r="3" class="hit"'
                parts.append(
                    f'<circle cx="{num(x)}" cy="{num(y)}" {look}><title>{escape(line.titles[i])}</title></circle>'
                )
    parts.append("</svg>")
    return "".join(parts)


def line_key(colour: str, dashed: bool) -> str:
    """A short line sample for a legend, matching how ``week_chart`` draws a series."""
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    return (
        '<svg class="line-key" viewBox="0 0 28 10" aria-hidden="true">'
        f'<path d="M1 5 L27 5" stroke="{colour}" stroke-width="2.5"{dash}/></svg>'
    )


def meter(value: float, colour: str, title: str, label: str) -> str:
    """A value between 0 and 1 as a filled part of a thin track (a model score, for instance)."""
    width = 100.0 * max(0.0, min(1.0, value))
    return (
        f"{_svg_open('0 0 100 10', 'bar meter', label, stretch=True)}"
        '<rect class="track" x="0" y="0" width="100" height="10"/>'
        f'<rect x="0" y="0" width="{num(width)}" height="10" fill="{colour}"><title>{escape(title)}</title></rect>'
        "</svg>"
    )
