"""Server-side SVG charts for the steering group's dashboard and the annual report PDF.

Plain SVG so the browser and WeasyPrint draw the same picture and no JavaScript is needed. Only presentation
attributes are used (fill=, stroke=, ...): the Content-Security-Policy forbids style attributes and <style>.
"""

from uuid import uuid4

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from base.formats import grouped

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
    return f"{grouped(value)}\u00a0{unit}" if unit else grouped(value)


def _summary(pairs, unit: str) -> str:
    # Screen readers get every value in <desc>, since they cannot read the bars.
    return ", ".join(f"{label}: {_amount(value, unit)}" for label, value in pairs)


def _text(x: float, y: float, content, *, anchor: str = "middle", fill: str = TEXT) -> str:
    return (
        f'<text x="{_px(x)}" y="{_px(y)}" font-family="{FONT}" font-size="{FONT_SIZE}" '
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
        shown = grouped(value) if value is not None else MISSING
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
