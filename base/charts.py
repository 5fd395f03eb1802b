"""Server-side SVG charts for the steering group's dashboard and the annual report PDF.

Plain SVG so the browser and WeasyPrint draw the same picture and no JavaScript is needed. Only presentation
attributes are used (fill=, stroke=, ...): the Content-Security-Policy forbids style attributes and <style>.
"""

from uuid import uuid4

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from base.formats import add_figures, figure

# DejaVu Sans is the font the PDF servers have, so text widths in the PDF match what the layout assumes.
FONT = "DejaVu Sans, sans-serif"
FONT_SIZE = 11
# All four colours reach WCAG AA contrast on white.
BAR = "#0b5d3b"
TEXT = "#1b1f23"
AXIS = "#4f5861"
TARGET = "#a4161a"
MISSING = "–"  # en dash: a year without data must look different from a year with 0


def _new_id() -> str:
    # Random rather than a counter: charts from cached fragments or other workers may end up on the same page.
    return f"chart-{uuid4().hex[:12]}"


def _px(number: float) -> str:
    return f"{number:.1f}".removesuffix(".0")


def _amount(value, unit: str) -> str:
    if value is None:
        return _("ingen uppgift")
    # A lower bound reads "över 560" ("over 560" in English), in the bars' labels and in <desc> alike.
    return f"{figure(value)}\u00a0{unit}" if unit else figure(value)


def _summary(pairs, unit: str) -> str:
    # Screen readers get every value in <desc>, since they cannot read the bars.
    return ", ".join(f"{label}: {_amount(value, unit)}" for label, value in pairs)


def _text(x: float, y: float, content, *, anchor: str = "middle", fill: str = TEXT, size: int = FONT_SIZE) -> str:
    return (
        f'<text x="{_px(x)}" y="{_px(y)}" font-family="{FONT}" font-size="{size}" '
        f'text-anchor="{anchor}" fill="{fill}">{escape(content)}</text>'
    )


def _svg(uid: str, width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{uid}-title" aria-describedby="{uid}-desc">'
        f'<title id="{uid}-title">{escape(title)}</title><desc id="{uid}-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text in it went through escape()


def _value_y(bar_top: float, target_y: float | None) -> float:
    """Baseline of the number above a bar."""
    baseline = bar_top - 4
    # Digits reach about 8 px above the baseline at 11 px; a dashed line through them makes them unreadable,
    # so a value just below the target is lifted above the line instead.
    if target_y is not None and baseline - 9 <= target_y <= baseline + 2:
        return target_y - 4
    return baseline


def bar_chart(points, *, title, unit="", target=None, width=480, height=200) -> SafeString:
    uid = _new_id()
    target_text = _("Mål: %(target)s") % {"target": _amount(target, unit)} if target is not None else ""
    desc = _summary(points, unit) + (f". {target_text}" if target_text else "")

    # The target label gets its own gutter on the right so it can never sit on top of a bar's value.
    gutter = len(target_text) * FONT_SIZE * 0.62 + 6 if target_text else 0
    left, right = 8, width - 8 - gutter
    top, axis_y = 16, height - 20  # room for the value above the tallest bar and the year below the axis
    # Bars start at zero so their length means something; the scale also fits the target line.
    peak = max([value for _label, value in points if value is not None] + [target or 0, 0])
    scale = (axis_y - top) / peak if peak > 0 else 0
    slot = (right - left) / max(len(points), 1)

    target_y = axis_y - max(target, 0) * scale if target_text else None

    bars, texts = [], []
    for index, (label, value) in enumerate(points):
        centre = left + slot * (index + 0.5)
        texts.append(_text(centre, axis_y + 15, label))
        # A negative value has no sensible bar on a zero-based scale, but its number is still shown.
        bar_height = max(value, 0) * scale if value is not None else 0
        if value is not None:
            bars.append(
                f'<rect x="{_px(centre - slot * 0.3)}" y="{_px(axis_y - bar_height)}" width="{_px(slot * 0.6)}" '
                f'height="{_px(bar_height)}" fill="{BAR}"/>'
            )
        shown = figure(value) if value is not None else MISSING
        texts.append(_text(centre, _value_y(axis_y - bar_height, target_y), shown))

    body = [f'<line x1="{left}" y1="{axis_y}" x2="{_px(right)}" y2="{axis_y}" stroke="{AXIS}" stroke-width="1"/>']
    body += bars
    if target_text:
        # Drawn after the bars so the line stays visible where it crosses them.
        body.append(
            f'<line x1="{left}" y1="{_px(target_y)}" x2="{_px(right)}" y2="{_px(target_y)}" stroke="{TARGET}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        texts.append(_text(right + 4, target_y + 4, target_text, anchor="start", fill=TARGET))
    return _svg(uid, width, height, title, desc, body + texts)


def sparkline(values, *, width=120, height=28, title="") -> SafeString:
    uid = _new_id()
    desc = ", ".join(_amount(value, "") for value in values)
    known = [value for value in values if value is not None]
    low, high = min(known, default=0), max(known, default=0)
    pad = 2  # keeps the stroke of the highest and lowest points inside the box
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def y_of(value) -> float:
        # Unlike the bar chart the scale spans min..max: a sparkline shows the trend, not the size.
        if high == low:
            return height / 2
        return height - pad - (value - low) / (high - low) * (height - 2 * pad)

    runs: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])  # no data must not be bridged by a line that suggests a trend
        else:
            runs[-1].append((pad + index * step, y_of(value)))

    body = []
    for run in runs:
        if len(run) > 1:
            coords = " ".join(f"{_px(x)},{_px(y)}" for x, y in run)
            body.append(f'<polyline points="{coords}" fill="none" stroke="{BAR}" stroke-width="1.5"/>')
        elif run:
            # A lone point between gaps would be invisible as a one-point line.
            body.append(f'<circle cx="{_px(run[0][0])}" cy="{_px(run[0][1])}" r="1.5" fill="{BAR}"/>')
    # An empty title would leave the image without an accessible name, so the values stand in.
    return _svg(uid, width, height, title or desc, desc, body)


# Several series side by side, horizontal bars and a tree: the report's figures ---------------------------

# Series colours, told apart by the legend and the printed values as well, never by colour alone;
# each reaches WCAG AA contrast on white.
SERIES = ["#0b5d3b", "#1f5fa8", "#a4161a", "#6b4c9a", "#7a5200"]
MARK = TARGET  # a marked (prioritised) node of the tree
BOX = "#eef1f3"


def _legend(x: float, y: float, names, right: float) -> tuple[list[str], float]:
    """Coloured squares with their names from (x, y), on as many lines as the width ``right`` needs;
    returns the parts and the baseline of the last line."""
    parts, start = [], x
    for index, name in enumerate(names):
        needed = 14 + len(str(name)) * FONT_SIZE * 0.62 + 14
        if x > start and x + needed > right:
            x, y = start, y + 16
        parts.append(f'<rect x="{_px(x)}" y="{_px(y - 9)}" width="10" height="10" fill="{SERIES[index % 5]}"/>')
        parts.append(_text(x + 14, y, name, anchor="start"))
        x += needed
    return parts, y


def grouped_bar_chart(groups, series, *, title, unit="", width=520, height=220) -> SafeString:
    """Bars per group (e.g. a year), one per series (e.g. a kind of audit): ``groups`` is
    [(label, [value per series])], a value None for nothing recorded ("–")."""
    uid = _new_id()
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{name} {_amount(value, unit)}" for name, value in zip(series, values, strict=True))
        for label, values in groups
    )
    left, right = 8, width - 8
    body, legend_y = _legend(left, 14, series, right)
    texts = []
    height += int(legend_y) - 14  # a legend on more lines makes the picture taller, not the bars shorter
    top, axis_y = legend_y + 20, height - 20
    peak = max([value for _label, values in groups for value in values if value is not None] + [0])
    scale = (axis_y - top - 14) / peak if peak > 0 else 0
    slot = (right - left) / max(len(groups), 1)
    bar = slot * 0.8 / max(len(series), 1)
    body.append(f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="{AXIS}" stroke-width="1"/>')
    for index, (label, values) in enumerate(groups):
        start = left + slot * index + slot * 0.1
        texts.append(_text(left + slot * (index + 0.5), axis_y + 15, label))
        for position, value in enumerate(values):
            x = start + bar * position
            bar_height = max(value or 0, 0) * scale
            if value is not None:
                body.append(
                    f'<rect x="{_px(x + 1)}" y="{_px(axis_y - bar_height)}" width="{_px(bar - 2)}" '
                    f'height="{_px(bar_height)}" fill="{SERIES[position % 5]}"/>'
                )
            shown = figure(value) if value is not None else MISSING
            texts.append(_text(x + bar / 2, axis_y - bar_height - 4, shown))
    return _svg(uid, width, height, title, desc, body + texts)


def horizontal_bar_chart(rows, *, title, unit="", series=None, width=520, row_height=18) -> SafeString:
    """One bar per row, long labels on the left: ``rows`` is [(label, value)] or, with ``series``
    (names of the parts), [(label, [value per part])] drawn stacked, with the row's total at its end."""
    uid = _new_id()
    stacked = series is not None
    parts_of = (lambda value: list(value)) if stacked else (lambda value: [value])
    totals = [add_figures(parts_of(value)) for _label, value in rows]
    if stacked:
        desc = "; ".join(
            f"{label}: " + ", ".join(f"{name} {_amount(part, unit)}" for name, part in zip(series, value, strict=True))
            for label, value in rows
        )
    else:
        desc = _summary(rows, unit)
    label_width = max([len(str(label)) for label, _value in rows] + [4]) * FONT_SIZE * 0.6 + 8
    body, legend_y = _legend(4, 14, series, width - 8) if stacked else ([], 0)
    texts = []
    top = legend_y + 12 if stacked else 6
    height = int(top + row_height * len(rows) + 6)
    left, right = 4 + label_width, width - 8 - 9 * FONT_SIZE * 0.62  # room for the total after the bar
    peak = max([total for total in totals if total is not None] + [0])
    scale = (right - left) / peak if peak > 0 else 0
    body.append(
        f'<line x1="{_px(left)}" y1="{top}" x2="{_px(left)}" y2="{_px(height - 6)}" stroke="{AXIS}" stroke-width="1"/>'
    )
    for index, ((label, value), total) in enumerate(zip(rows, totals, strict=True)):
        y = top + row_height * index
        texts.append(_text(left - 6, y + row_height * 0.7, label, anchor="end"))
        x = left
        for position, part in enumerate(parts_of(value)):
            length = max(part or 0, 0) * scale
            if length:
                body.append(
                    f'<rect x="{_px(x)}" y="{_px(y + 3)}" width="{_px(length)}" height="{_px(row_height - 6)}" '
                    f'fill="{SERIES[position % 5]}"/>'
                )
            x += length
        shown = _amount(total, unit) if total is not None else MISSING
        texts.append(_text(x + 4, y + row_height * 0.7, shown, anchor="start"))
    return _svg(uid, width, height, title, desc, body + texts)


def tree_chart(roots, *, title, marked_label, columns=2, width=640, line=15) -> SafeString:
    """A two-level tree in columns, marked nodes in red and bold: ``roots`` is
    [(name, marked, [(child name, marked), ...])]. The text alternative names every marked node."""
    uid = _new_id()
    marked = [name for name, is_marked, _children in roots if is_marked]
    marked += [child for _name, _is_marked, children in roots for child, child_marked in children if child_marked]
    desc = f"{marked_label}: " + (", ".join(marked) if marked else MISSING)
    # Each root is a block (its box and its children below); blocks fill the shortest column first.
    column_width = (width - 8) / columns
    heights = [0.0] * columns
    placed = []
    for root in roots:
        column = heights.index(min(heights))
        placed.append((column, heights[column], root))
        heights[column] += line * (1.6 + len(root[2])) + 10
    top = 26
    height = int(top + max(heights, default=0) + 4)
    body = [f'<rect x="4" y="5" width="10" height="10" fill="{MARK}"/>', _text(18, 14, marked_label, anchor="start")]
    for column, offset, (name, is_marked, children) in placed:
        x, y = 4 + column * column_width, top + offset
        body.append(
            f'<rect x="{_px(x)}" y="{_px(y)}" width="{_px(column_width - 6)}" height="{_px(line * 1.3)}" '
            f'fill="{MARK if is_marked else BOX}" stroke="{MARK if is_marked else AXIS}" stroke-width="1"/>'
        )
        label = _text(x + 5, y + line * 0.95, name, anchor="start", fill="#ffffff" if is_marked else TEXT, size=10)
        body.append(label.replace("<text ", '<text font-weight="bold" ', 1) if is_marked else label)
        stem_top = y + line * 1.3
        for index, (child, child_marked) in enumerate(children):
            child_y = stem_top + line * (index + 1)
            body.append(
                f'<line x1="{_px(x + 10)}" y1="{_px(child_y - line + 2)}" x2="{_px(x + 10)}" y2="{_px(child_y - 4)}" '
                f'stroke="{AXIS}" stroke-width="1"/><line x1="{_px(x + 10)}" y1="{_px(child_y - 4)}" '
                f'x2="{_px(x + 18)}" y2="{_px(child_y - 4)}" stroke="{AXIS}" stroke-width="1"/>'
            )
            if child_marked:
                body.append(f'<rect x="{_px(x + 20)}" y="{_px(child_y - 9)}" width="9" height="9" fill="{MARK}"/>')
            child_text = _text(x + (32 if child_marked else 22), child_y, child, anchor="start", size=10)
            body.append(child_text.replace("<text ", '<text font-weight="bold" ', 1) if child_marked else child_text)
    return _svg(uid, width, height, title, desc, body)
