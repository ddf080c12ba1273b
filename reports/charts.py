"""Charts drawn on the server as SVG strings: the page and the PDF show the same picture.

Every number drawn comes from the report data; labels are escaped and written in full, wrapped
over as many lines as they need (an official document never cuts a label). Colours follow the
status.
"""
import textwrap
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from laichau_plan import formatting as fmt

FONT = "Times New Roman, Liberation Serif, serif"
COLOURS = {
    "below": "#c0392b",
    "within": "#2e7d32",
    "above": "#1565c0",
    "no_target": "#757575",
    "no_data": "#9e9e9e",
}
BAND = "#dfe6ee"


def _svg(width, height, body, title):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" font-family="{FONT}" font-size="11">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


LINE = 13  # px between the lines of a wrapped label


def _lines(text, chars):
    """``text`` in full, in lines of about ``chars`` characters (words are never split)."""
    return textwrap.wrap(text, chars, break_long_words=False) or [""]


def _label(x, y, lines):
    """A right-aligned label whose first line sits at ``y``."""
    spans = "".join(f'<tspan x="{x}" dy="{0 if n == 0 else LINE}">{escape(line)}</tspan>'
                    for n, line in enumerate(lines))
    return f'<text x="{x}" y="{y}" text-anchor="end">{spans}</text>'


def achievement_chart(rows, title=None):
    """Horizontal bars: each target's achievement against its minimum, with a line at 100 %."""
    title = title or _("Tỷ lệ thực hiện so với mức tối thiểu của chỉ tiêu")
    rows = [row for row in rows if row["key"]]
    label_width, bar_width, row_height, top = 250, 300, 22, 20
    highest = max([Decimal(150)] + [Decimal(r["target"]["achievement_pct"] or 0) for r in rows])
    scale = min(highest, Decimal(300))
    width = label_width + bar_width + 70
    parts = []
    y = top
    for row in rows:
        lines = _lines(f"{row['number']}. {row['name']} — {row['scope']}", 48)
        parts.append(_label(label_width - 6, y + 14, lines))
        value = row["target"]["achievement_pct"]
        y_row, y = y, y + max(row_height, LINE * len(lines) + 9)
        if value is None:
            parts.append(f'<text x="{label_width + 4}" y="{y_row + 14}" fill="#616161">{escape(row["status_label"])}</text>')
            continue
        length = float(min(Decimal(value), scale) / scale * bar_width)
        colour = COLOURS[row["status"]]
        parts.append(f'<rect x="{label_width}" y="{y_row + 4}" width="{length:.1f}" height="13" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y_row + 14}">{escape(fmt.pct(value))}</text>')
    height = y + 10
    hundred = label_width + float(Decimal(100) / scale * bar_width)
    parts.append(
        f'<line x1="{hundred:.1f}" y1="{top - 4}" x2="{hundred:.1f}" y2="{height - 6}" stroke="#000" '
        f'stroke-dasharray="3,2"/>'
        f'<text x="{hundred:.1f}" y="{top - 8}" text-anchor="middle">100{fmt.NBSP}%</text>'
    )
    return _svg(width, height, "".join(parts), title)


def range_chart(target, aggregation):
    """A bullet bar: the target band (minimum to maximum) and the actual figure over it."""
    low, high, actual = target["target_min_total"], target["target_max_total"], target["actual"]
    width, height, left, right = 320, 34, 4, 316
    values = [Decimal(v) for v in (low, high, actual) if v is not None]
    scale = max(values) * Decimal("1.15") if values and max(values) > 0 else Decimal(1)
    span = right - left

    def x(value):
        return left + float(Decimal(value) / scale * span)

    parts = [f'<rect x="{left}" y="6" width="{span}" height="16" fill="#f4f6f8"/>']
    if low is not None or high is not None:
        start = x(low) if low is not None else left
        end = x(high) if high is not None else right
        parts.append(f'<rect x="{start:.1f}" y="6" width="{max(end - start, 1):.1f}" height="16" fill="{BAND}"/>')
    if actual is not None:
        parts.append(
            f'<rect x="{left}" y="10" width="{x(actual) - left:.1f}" height="8" fill="{COLOURS[target["status"]]}"/>'
        )
    if low is not None:
        parts.append(f'<line x1="{x(low):.1f}" y1="3" x2="{x(low):.1f}" y2="25" stroke="#000" stroke-width="1.5"/>')
    share = aggregation == "share_yes"
    text = fmt.pct(actual) if share else fmt.number(actual)
    bounds = fmt.target_range(low, high) + (f"{fmt.NBSP}%" if share and (low is not None or high is not None) else "")
    parts.append(f'<text x="{left}" y="33" font-size="10">{escape(text)} / {escape(bounds)}</text>')
    title = _("Thực hiện %(actual)s; chỉ tiêu %(target)s") % {"actual": text, "target": bounds}
    return _svg(width, height + 2, "".join(parts), title)


def area_chart(target, aggregation, title=""):
    """Horizontal bars of the actual figure by district."""
    areas = target["by_area"]
    label_width, bar_width, row_height, top = 150, 260, 20, 6
    values = [Decimal(a["actual"]) for a in areas if a["actual"] is not None]
    scale = max(values) if values and max(values) > 0 else Decimal(1)
    parts = []
    y_next = top
    for area in areas:
        lines = _lines(area["name"], 28)
        y, y_next = y_next, y_next + max(row_height, LINE * len(lines) + 7)
        parts.append(_label(label_width - 6, y + 13, lines))
        if area["actual"] is None:
            parts.append(f'<text x="{label_width + 4}" y="{y + 13}" fill="#616161">—</text>')
            continue
        length = float(Decimal(area["actual"]) / scale * bar_width)
        colour = COLOURS[area["status"]] if area.get("status") else "#546e7a"
        text = fmt.pct(area["actual"]) if aggregation == "share_yes" else fmt.number(area["actual"])
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y + 13}">{escape(text)}</text>')
    return _svg(label_width + bar_width + 80, y_next + 6, "".join(parts), title or _("Theo huyện"))
