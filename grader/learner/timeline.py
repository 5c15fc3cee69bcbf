"""Drawing a timeline figure (grader.figure): bars on a loop-time axis, in a terminal and as an SVG.

In a terminal the bars are rich text in Unicode blocks, coloured; without a terminal, or with
NO_COLOR, the same picture in plain ASCII. Either fits 80 columns: labels are cut to fit, the axis
takes what is left. The SVG (`kata check NAME --timeline FILE.svg`) is the same picture for a slide
or a notebook: labelled axis, legend, sized to its content.

    yours: one after another, 3.0 s
      say_after(1, 'hello', [])  ████████████████
      say_after(2, 'world', [...                 ████████████████████████████████
    expected: all at once, 2.0 s
      say_after(1, 'hello', [])  ████████████████
      say_after(2, 'world', [...  ████████████████████████████████
                                 ├───────────────┼───────────────┼───────────────┤
                                 0 s             1 s             2 s             3 s loop time
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape as xml_escape

from rich.console import Group
from rich.text import Text

from grader.figure import Bar, Figure

WIDTH = 78  # the whole picture, so that it fits 80 columns once indented
LABEL_MAX = 26
BAR_CELLS_MAX = 48


@dataclass(frozen=True)
class Glyphs:
    run: str
    cleanup: str
    cancelled: str
    raised: str
    running_on: str
    mark: str
    axis: str
    tick: str
    axis_start: str
    axis_end: str
    ellipsis: str


UNICODE = Glyphs("█", "░", "✕", "!", "→", "│", "─", "┼", "├", "┤", "…")
ASCII = Glyphs("#", "~", "x", "!", ">", "|", "-", "+", "+", "+", "...")

# What each part of a bar means, for the legend (in the order the legend lists them).
LEGEND = (("run", "running or waiting"), ("cleanup", "cleaning up after cancel()"), ("cancelled", "cancelled"),
          ("raised", "raised"), ("running_on", "still running"))
UNIT = "loop time"
STYLE_MINE, STYLE_EXPECTED, STYLE_MARK = "yellow", "green", "cyan"


# --- Scale ---------------------------------------------------------------------------------------------

def nice_step(end: float, most_ticks: int = 6) -> float:
    """A round tick spacing (0.1, 0.2, 0.5, 1, 2, 5, 10, ...) giving at most `most_ticks` intervals."""
    if end <= 0:
        return 1.0
    for magnitude in (10.0 ** e for e in range(-2, 5)):
        for base in (1, 2, 5):
            step = base * magnitude
            if end / step <= most_ticks:
                return step
    return end


def axis_end(figure: Figure, most_ticks: int = 6) -> tuple[float, float]:
    """(end of the axis, tick step): the figure's last moment rounded up to a whole tick."""
    end = figure.end or 1.0
    step = nice_step(end, most_ticks)
    return step * math.ceil(end / step - 1e-9), step


def tick_text(value: float) -> str:
    return f"{value:g} s"


# --- Terminal ------------------------------------------------------------------------------------------

def terminal(figure: Figure, *, plain: bool = False, width: int = WIDTH) -> Group:
    """The figure as rich text lines: Unicode and colour, or plain ASCII (`plain`)."""
    glyphs = ASCII if plain else UNICODE
    labels = [bar.label for chart in figure.charts for bar in chart.bars]
    label_width = min(LABEL_MAX, max(map(len, labels), default=0))
    # Room for the indent of labels (2), the gap (2), and the last tick's text under the axis.
    cells = max(10, min(BAR_CELLS_MAX, width - label_width - 4 - len(tick_text(figure.end)) - 1))
    end, step = axis_end(figure, most_ticks=max(2, cells // 8))  # ticks at least 8 cells apart
    scale = cells / end
    lines = [Text(figure.title, style="bold")] if figure.title else []
    for index, chart in enumerate(figure.charts):
        style = STYLE_MINE if index == 0 else STYLE_EXPECTED
        lines.append(Text(chart.caption, style="bold"))
        for bar in chart.bars:
            line = Text("  " + _cut(bar.label, label_width, glyphs).ljust(label_width) + "  ")
            line.append_text(_bar_cells(bar, figure.mark if index == 0 else None, figure, scale, cells, glyphs, style))
            lines.append(line)
    margin = " " * (label_width + 4)
    lines.append(Text(margin + _axis_line(end, step, scale, glyphs), style="dim"))
    lines.append(Text(UNIT.rjust(len(margin) - 2) + "  " + _tick_labels(end, step, scale), style="dim"))
    lines += _legend(figure, glyphs, width)
    for line in lines:
        line.no_wrap = True
        line.overflow = "crop"
    return Group(*lines)


def _cut(label: str, width: int, glyphs: Glyphs) -> str:
    return label if len(label) <= width else label[: width - len(glyphs.ellipsis)] + glyphs.ellipsis


def _cell(moment: float, scale: float) -> int:
    return round(moment * scale)


def _bar_cells(bar: Bar, mark: float | None, figure: Figure, scale: float, cells: int, glyphs: Glyphs,
               style: str) -> Text:
    """One row of the axis: the run's cells, its end marker, and the `mark` line where nothing else is."""
    row: list[tuple[str, str]] = [(" ", "")] * (cells + 1)
    if mark is not None:
        row[min(cells, _cell(mark, scale))] = (glyphs.mark, STYLE_MARK)
    if bar.start is None:
        return Text("(not started)", style="dim")
    start = _cell(bar.start, scale)
    stop = _cell(bar.end if bar.end is not None else (figure.mark or figure.end), scale)
    cleanup_from = _cell(bar.cancelled_at, scale) if bar.cancelled_at is not None else stop
    for cell in range(start, max(stop, start + 1)):
        if cell <= cells:
            row[cell] = (glyphs.cleanup if cell >= cleanup_from else glyphs.run, style)
    marker = {"cancelled": glyphs.cancelled, "raised": glyphs.raised, "running": glyphs.running_on}.get(bar.outcome)
    if marker and max(stop, start + 1) <= cells:
        row[max(stop, start + 1)] = (marker, f"bold {style}")
    text = Text()
    for char, char_style in row:
        text.append(char, style=char_style)
    text.rstrip()
    return text


def _axis_line(end: float, step: float, scale: float, glyphs: Glyphs) -> str:
    cells = _cell(end, scale)
    line = [glyphs.axis] * (cells + 1)
    for tick in _ticks(end, step):
        line[_cell(tick, scale)] = glyphs.tick
    line[0], line[cells] = glyphs.axis_start, glyphs.axis_end
    return "".join(line)


def _ticks(end: float, step: float) -> list[float]:
    return [step * i for i in range(round(end / step) + 1)]


def _tick_labels(end: float, step: float, scale: float) -> str:
    """Tick texts under the axis, each starting at its tick; one that would overlap the last is left out."""
    text = ""
    for tick in _ticks(end, step):
        column = _cell(tick, scale)
        if column >= len(text) + (1 if text else 0):
            text = text.ljust(column) + tick_text(tick)
    return text


def _legend(figure: Figure, glyphs: Glyphs, width: int) -> list[Text]:
    """What the glyphs mean, only those drawn, packed into as few lines as fit `width`."""
    used = _used_parts(figure)
    items = [(getattr(glyphs, part), STYLE_MINE, meaning) for part, meaning in LEGEND if part in used]
    if figure.mark is not None:
        items.append((glyphs.mark, STYLE_MARK, f"{figure.mark_label or 'mark'} at {tick_text(figure.mark)}"))
    lines = [Text()]
    for glyph, style, meaning in items:
        item = Text(glyph, style=style).append(f" {meaning}", style="dim")
        if lines[-1].plain and len(lines[-1]) + 3 + len(item) > width:
            lines.append(Text())
        if lines[-1].plain:
            lines[-1].append("   ")
        lines[-1].append_text(item)
    return lines


def _used_parts(figure: Figure) -> set[str]:
    used = {"run"}
    for chart in figure.charts:
        for bar in chart.bars:
            if bar.cancelled_at is not None and bar.end is not None and bar.end - bar.cancelled_at > 1e-6:
                used.add("cleanup")
            used.add({"cancelled": "cancelled", "raised": "raised", "running": "running_on"}.get(bar.outcome, "run"))
    return used


# --- SVG -----------------------------------------------------------------------------------------------

FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace"
CHAR = 7.8  # width of one character at 13 px in a monospace font
LEGEND_CHAR = 7.0  # a generous average width of a character at 13 px in a sans-serif font
ROW, BAR_HEIGHT, PAD, AXIS_PX = 22, 14, 16, 480
COLOURS = {"mine": "#d97706", "expected": "#16a34a", "cleanup": "#fcd34d", "mark": "#0891b2", "text": "#1f2937",
           "muted": "#6b7280", "grid": "#e5e7eb"}


def svg(figure: Figure, *, title: str = "") -> str:
    """The figure as a standalone SVG document: title, the charts, a labelled axis and a legend."""
    labels = [bar.label for chart in figure.charts for bar in chart.bars]
    label_px = max(len(label) for label in labels) * CHAR if labels else 0
    left = PAD + 12 + label_px + 12
    end, step = axis_end(figure)
    scale = AXIS_PX / end
    heading = title or figure.title
    parts: list[str] = []
    y = PAD
    if heading:
        y += 16
        parts.append(_text(PAD, y, heading, size=15, weight="bold"))
        y += 10
    grid_top = y
    mark_bottom = y
    for index, chart in enumerate(figure.charts):
        colour = COLOURS["mine"] if index == 0 else COLOURS["expected"]
        y += ROW
        parts.append(_text(PAD, y - 6, chart.caption, weight="bold"))
        for bar in chart.bars:
            y += ROW
            parts.append(_text(PAD + 12, y - 6, bar.label, family=FONT))
            parts.extend(_svg_bar(bar, figure, left, y - ROW + (ROW - BAR_HEIGHT) / 2, scale, colour))
        if index == 0:
            mark_bottom = y + 4
    axis_y = y + 10
    parts[:0] = [_svg_grid(end, step, left, scale, grid_top, axis_y)]
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + AXIS_PX}" y2="{axis_y}" stroke="{COLOURS["text"]}"/>')
    for tick in _ticks(end, step):
        x = left + tick * scale
        parts.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" stroke="{COLOURS["text"]}"/>')
        parts.append(_text(x, axis_y + 19, f"{tick:g}", anchor="middle"))
    parts.append(_text(left + AXIS_PX / 2, axis_y + 38, "loop time (seconds)", anchor="middle",
                       colour=COLOURS["muted"]))
    if figure.mark is not None:
        x = left + figure.mark * scale
        parts.append(f'<line x1="{x:.1f}" y1="{grid_top}" x2="{x:.1f}" y2="{mark_bottom}" stroke="{COLOURS["mark"]}" '
                     'stroke-width="2" stroke-dasharray="4 3"/>')
    legend_y = axis_y + 62
    legend, legend_width, legend_bottom = _svg_legend(figure, PAD, legend_y, left + AXIS_PX + 12)
    parts.extend(legend)
    width = max(left + AXIS_PX + PAD + 12, PAD + legend_width + PAD,
                PAD + len(heading) * 9 + PAD, *(PAD + len(c.caption) * CHAR + PAD for c in figure.charts))
    height = legend_bottom + 6 + PAD
    body = "\n  ".join(parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Helvetica, Arial, sans-serif" font-size="13">\n'
            f'  <title>{xml_escape(heading or "timeline")}</title>\n'
            f'  <rect width="100%" height="100%" fill="white"/>\n  {body}\n</svg>\n')


def _text(x: float, y: float, text: str, *, size: int = 13, weight: str = "normal", anchor: str = "start",
          family: str | None = None, colour: str = COLOURS["text"]) -> str:
    font = f' font-family="{family}"' if family else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" '
            f'fill="{colour}"{font}>{xml_escape(text)}</text>')


def _svg_grid(end: float, step: float, left: float, scale: float, top: float, bottom: float) -> str:
    return "\n  ".join(f'<line x1="{left + tick * scale:.1f}" y1="{top}" x2="{left + tick * scale:.1f}" '
                       f'y2="{bottom}" stroke="{COLOURS["grid"]}"/>' for tick in _ticks(end, step))


def _svg_bar(bar: Bar, figure: Figure, left: float, top: float, scale: float, colour: str) -> list[str]:
    if bar.start is None:
        return [_text(left, top + BAR_HEIGHT - 3, "(not started)", colour=COLOURS["muted"])]
    end = bar.end if bar.end is not None else (figure.mark or figure.end)
    cut = bar.cancelled_at if bar.cancelled_at is not None and bar.cancelled_at < end else end
    x0, x1, x2 = (left + moment * scale for moment in (bar.start, cut, end))
    shapes = [f'<rect x="{x0:.1f}" y="{top:.1f}" width="{max(x1 - x0, 2):.1f}" height="{BAR_HEIGHT}" rx="2" '
              f'fill="{colour}"><title>{xml_escape(_describe(bar))}</title></rect>']
    if x2 > x1:
        shapes.append(f'<rect x="{x1:.1f}" y="{top:.1f}" width="{x2 - x1:.1f}" height="{BAR_HEIGHT}" rx="2" '
                      f'fill="{COLOURS["cleanup"]}" stroke="{colour}"/>')
    marker = {"cancelled": "✕", "raised": "!", "running": "→"}.get(bar.outcome)
    if marker:
        shapes.append(_text(max(x2, x0 + 2) + 4, top + BAR_HEIGHT - 2, marker, weight="bold", colour=colour))
    return shapes


def _describe(bar: Bar) -> str:
    ended = "still running" if bar.end is None else f"{bar.outcome} at {bar.end:g} s"
    return f"{bar.label}: started at {bar.start:g} s, {ended}"


def _svg_legend(figure: Figure, x: float, y: float, right: float) -> tuple[list[str], float, float]:
    """The legend, in rows that end before `right`: (its shapes, its width, the baseline of its last row)."""
    used = _used_parts(figure)
    swatches = [(COLOURS["mine"], "yours"), *([(COLOURS["expected"], "expected")] if len(figure.charts) > 1 else []),
                *([(COLOURS["cleanup"], "cleaning up after cancel()")] if "cleanup" in used else [])]
    items = [("swatch", colour, name) for colour, name in swatches]  # (kind, colour, text)
    items += [("note", "", f"{getattr(UNICODE, part)} {meaning}") for part, meaning in LEGEND
              if part in used and part in ("cancelled", "raised", "running_on")]
    if figure.mark is not None:
        items.append(("mark", COLOURS["mark"], f"{figure.mark_label or 'mark'} at {figure.mark:g} s"))
    parts, cursor, widest = [], x, 0.0
    for kind, colour, name in items:
        size = len(name) * LEGEND_CHAR + (20 if kind == "swatch" else 8 if kind == "mark" else 0)
        if cursor > x and cursor + size > right:
            cursor, y = x, y + 22
        if kind == "swatch":
            parts.append(f'<rect x="{cursor:.1f}" y="{y - 11}" width="14" height="12" rx="2" fill="{colour}"/>')
        elif kind == "mark":
            parts.append(f'<line x1="{cursor:.1f}" y1="{y - 12}" x2="{cursor:.1f}" y2="{y + 2}" stroke="{colour}" '
                         'stroke-width="2" stroke-dasharray="4 3"/>')
        parts.append(_text(cursor + size - len(name) * LEGEND_CHAR, y, name))
        cursor += size + 18
        widest = max(widest, cursor - 18 - x)
    return parts, widest, y
