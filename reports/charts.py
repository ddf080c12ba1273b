"""Charts drawn on the server as SVG strings: the page and the PDF show the same picture.

Every number drawn comes from the report data; labels are escaped and written in full, wrapped
over as many lines as they need (an official document never cuts a label). A bar shows the status
the table beside it gives (the report data's ``status``), in a colour and a pattern that still
differ when printed in black and white, with the status word written beside it and a legend below.
"""
import hashlib
import textwrap
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from laichau_plan import formatting as fmt

from .present import target_label, target_range_text
from .rules import ABOVE, BEHIND, BELOW, HUNDRED, ON_TRACK, STATUS_LABELS, WITHIN

FONT = "Times New Roman, Liberation Serif, serif"
COLOURS = {
    "below": "#c0392b",
    "within": "#2e7d32",
    "above": "#1565c0",
    "no_target": "#757575",
    "no_data": "#9e9e9e",
    "on_track": "#2e7d32",
    "behind": "#c0392b",
}
BAND = "#dfe6ee"
LINE = 13  # px between the lines of a wrapped label
BARRED = (WITHIN, ABOVE, BELOW, ON_TRACK, BEHIND)  # the statuses drawn as bars, in the legend's order
SOLID = (WITHIN, ON_TRACK)  # six-month progress drawn as "Đạt" (solid) and "Chưa đạt" (hatched)


def _attr(text):
    return escape(text, {'"': "&quot;"})


def _svg(width, height, body, title, defs=""):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{_attr(title)}" font-family="{FONT}" font-size="11">'
        f"<title>{escape(title)}</title>{defs}{body}</svg>"
    )


def _lines(text, chars):
    """``text`` in full, in lines of about ``chars`` characters (words are never split)."""
    return textwrap.wrap(text, chars, break_long_words=False) or [""]


def _label(x, y, lines, anchor="end"):
    """A label whose first line sits at ``y`` (right-aligned at ``x``, or starting there)."""
    spans = "".join(f'<tspan x="{x}" dy="{0 if n == 0 else LINE}">{escape(line)}</tspan>'
                    for n, line in enumerate(lines))
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}">{spans}</text>'


def _patterns(prefix):
    """Fills that stay apart in black and white: "Đạt" solid, "Vượt" dark with light lines along the
    bar, "Chưa đạt" white hatched across (with an outline)."""
    hatch = "M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5"
    return (
        "<defs>"
        f'<pattern id="{prefix}-{ABOVE}" patternUnits="userSpaceOnUse" width="4" height="4">'
        f'<rect width="4" height="4" fill="{COLOURS[ABOVE]}"/><rect y="2.6" width="4" height="1.4" fill="#fff"/>'
        "</pattern>"
        f'<pattern id="{prefix}-{BELOW}" patternUnits="userSpaceOnUse" width="6" height="6">'
        f'<rect width="6" height="6" fill="#fff"/><path d="{hatch}" stroke="{COLOURS[BELOW]}" stroke-width="1.6"/>'
        "</pattern>"
        "</defs>"
    )


def _bar(prefix, status, x, y, length, height):
    """A bar for ``status``: its pattern (or solid colour), with an outline in the status colour."""
    fill = COLOURS[status] if status in SOLID else f"url(#{prefix}-{BELOW if status == BEHIND else status})"
    return (
        f'<rect x="{x}" y="{y}" width="{length:.1f}" height="{height}" fill="{fill}" '
        f'stroke="{COLOURS[status]}" stroke-width="1" data-status="{status}"/>'
    )


def _prefix(kind, *texts):
    """Ids of one chart's patterns: the same chart gets the same ids; two charts on a page differ."""
    return kind + hashlib.sha1("\n".join(texts).encode()).hexdigest()[:8]


def _value_text(row):
    """What is written beside a target's bar: "225 % · Vượt", "75 % (6/8) · Chưa đạt"."""
    target = row["target"]
    status_label = row["status_label"]
    if target["achievement_pct"] is None or row["status"] not in BARRED:
        return status_label
    text = fmt.pct(target["achievement_pct"])
    if target.get("institutions_meeting") is not None:
        text += f" ({target['institutions_meeting']}/{target['institutions_total']})"
    return f"{text} · {status_label}"


def _swatches(prefix, y, statuses):
    """The legend's first line: "Chú giải:" and a swatch per status of ``statuses`` drawn; (parts, x after)."""
    parts = [f'<g class="legend"><text x="0" y="{y}" font-weight="bold">{escape(_("Chú giải"))}:</text>']
    x = 52
    for status in BARRED:
        if status in statuses:
            label = _(STATUS_LABELS[status])
            parts.append(_bar(prefix, status, x, y - 9, 22, 10))
            parts.append(f'<text x="{x + 27}" y="{y}">{escape(label)}</text>')
            x += 27 + 6 * len(label) + 18
    return parts, x


def _legend(prefix, y, width, statuses, per_institution):
    """The legend under a chart: one swatch per status drawn, the 100 % line, the (6/8) note."""
    parts, x = _swatches(prefix, y, statuses)
    if width < 500:
        x, y = 0, y + LINE + 3
    parts.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 22}" y2="{y - 4}" stroke="#000" stroke-dasharray="3,2"/>')
    parts.append(f'<text x="{x + 27}" y="{y}">{escape(_("%(percent)s mức tối thiểu của chỉ tiêu") % {"percent": fmt.pct(HUNDRED)})}</text>')
    if per_institution:
        note = _("(6/8): chỉ tiêu cho mỗi thiết chế, tỷ lệ là số thiết chế đạt mức tối thiểu trên tổng số")
        lines = _lines(note, max(30, width // 6))
        parts.append(_label(0, y + LINE + 3, lines, anchor="start"))
        y += (LINE + 3) + LINE * (len(lines) - 1)
    parts.append("</g>")
    return "".join(parts), y + 6


def _achievement_bar(prefix, row, x, y, scale, bar_width, hundred):
    """A target's bar from ``x`` at ``y`` (or only its status word when it has no percentage), the
    percentage and status written after it."""
    value = row["target"]["achievement_pct"]
    text = escape(_value_text(row))
    if value is None or row["status"] not in BARRED:
        return f'<text x="{x + 4}" y="{y + 10}" fill="#424242">{text}</text>'
    length = float(min(Decimal(value), scale) / scale * bar_width)
    parts = [_bar(prefix, row["status"], x, y, max(length, 1), 13)]
    if Decimal(value) > scale:  # cut short: two strokes across the end say so
        parts.append(f'<path d="M{x + length - 12:.1f},{y + 15} l4,-17 m4,17 l4,-17" stroke="#fff" stroke-width="2"/>')
    # beyond the bar, and beyond the 100 % line, which it would otherwise cross
    parts.append(f'<text x="{max(x + length, hundred) + 4:.1f}" y="{y + 10}">{text}</text>')
    return "".join(parts)


def achievement_chart(rows, title=None, *, narrow=False):
    """Horizontal bars: each target's achievement against its minimum, with a line at 100 %.

    ``narrow`` (a phone's width): each label over its bar, across the whole width, so that the
    chart keeps a readable size; else the labels stand at the left of the bars. Each target's
    part is a group ``data-key`` (its key) ``data-status``.
    """
    title = title or _("Tỷ lệ thực hiện so với mức tối thiểu của chỉ tiêu")
    rows = [row for row in rows if row["key"]]
    if narrow:
        width, label_width, bar_left, bar_width, chars = 300, 0, 2, 150, 62
    else:
        width, label_width, bar_left, bar_width, chars = 640, 285, 285, 230, 54
    prefix = _prefix("a" + ("n" if narrow else "w"), title, *(row["key"] for row in rows))
    values = [Decimal(r["target"]["achievement_pct"] or 0) for r in rows if r["status"] in BARRED]
    scale = min(max([Decimal(150), *values]), Decimal(300))
    top = 22
    hundred = bar_left + float(Decimal(100) / scale * bar_width)
    parts, y = [], top
    for row in rows:
        lines = _lines(target_label(row), chars)
        if narrow:
            label = _label(0, y + 10, lines, anchor="start")
            y_bar = y + LINE * len(lines)
            y = y_bar + 24
            # the 100 % line runs across the bars only, not through the labels over them
            label += (f'<line x1="{hundred:.1f}" y1="{y_bar - 2}" x2="{hundred:.1f}" y2="{y_bar + 15}" '
                      f'stroke="#000" stroke-dasharray="3,2"/>')
        else:
            label = _label(label_width - 6, y + 14, lines)
            y_bar, y = y + 4, y + max(20, LINE * len(lines) + 5)
        bar = _achievement_bar(prefix, row, bar_left, y_bar, scale, bar_width, hundred)
        parts.append(f'<g data-key="{_attr(row["key"])}" data-status="{row["status"]}">{label}{bar}</g>')
    if not narrow:
        parts.append(f'<line x1="{hundred:.1f}" y1="{top - 4}" x2="{hundred:.1f}" y2="{y}" stroke="#000" '
                     f'stroke-dasharray="3,2"/>')
    parts.append(f'<text x="{hundred:.1f}" y="{top - 8}" text-anchor="middle">100{fmt.NBSP}%</text>')
    per_institution = any(row["target"].get("institutions_meeting") is not None for row in rows)
    legend, height = _legend(prefix, y + 14, width, {row["status"] for row in rows}, per_institution)
    parts.append(legend)
    return _svg(width, height, "".join(parts), title, _patterns(prefix))


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
    parts.append(f'<text x="{left}" y="36" font-size="12">{escape(text)} / {escape(bounds)}</text>')
    title = _("Thực hiện %(actual)s; chỉ tiêu %(target)s") % {"actual": text, "target": bounds}
    return _svg(width, height + 6, "".join(parts), title)


def area_chart(target, aggregation, title="", *, narrow=False):
    """Horizontal bars of the actual figure by district; for a per-institution target each bar in the
    district's status (pattern, word and legend as in ``achievement_chart``). ``narrow``: names over
    the bars, for a phone."""
    areas = target["by_area"]
    title = title or _("Theo huyện")
    if narrow:
        width, label_width, bar_left, bar_width, chars = 300, 0, 2, 170, 60
    else:
        width, label_width, bar_left, bar_width, chars = 490, 150, 150, 240, 28
    prefix = _prefix("r" + ("n" if narrow else "w"), title, str(target.get("key")), *(a["code"] for a in areas))
    values = [Decimal(a["actual"]) for a in areas if a["actual"] is not None]
    scale = max(values) if values and max(values) > 0 else Decimal(1)
    parts, y_next = [], 6
    for area in areas:
        lines = _lines(area["name"], chars)
        if narrow:
            parts.append(_label(0, y_next + 10, lines, anchor="start"))
            y = y_next + LINE * len(lines) - 3
            y_next = y + 22
        else:
            parts.append(_label(label_width - 6, y_next + 13, lines))
            y, y_next = y_next, y_next + max(20, LINE * len(lines) + 7)
        status = area.get("status")
        if area["actual"] is None:
            parts.append(f'<text x="{bar_left + 4}" y="{y + 13}" fill="#424242">—</text>')
            continue
        length = float(Decimal(area["actual"]) / scale * bar_width)
        text = fmt.pct(area["actual"]) if aggregation == "share_yes" else fmt.number(area["actual"])
        if area.get("institutions_meeting") is not None:  # as the table by district writes it: "15 (10/13)"
            text += f" ({area['institutions_meeting']}/{area['institutions_total']})"
        if status in BARRED:
            parts.append(_bar(prefix, status, bar_left, y + 3, max(length, 1), 12))
            text = f"{text} · {_(STATUS_LABELS[status])}"
        else:
            parts.append(f'<rect x="{bar_left}" y="{y + 3}" width="{length:.1f}" height="12" fill="#546e7a"/>')
        parts.append(f'<text x="{bar_left + length + 4:.1f}" y="{y + 13}">{escape(text)}</text>')
    statuses = {a.get("status") for a in areas} & set(BARRED)
    height = y_next + 6
    if statuses:
        legend, _x = _swatches(prefix, y_next + 12, statuses)
        parts.append("".join(legend) + "</g>")
        height = y_next + 20
    return _svg(width, height, "".join(parts), title, _patterns(prefix) if statuses else "")


def page_charts(rows, title=None):
    """The achievement chart for a page: wide for a screen, narrow (labels over the bars) for a phone."""
    return {"chart": achievement_chart(rows, title), "chart_narrow": achievement_chart(rows, title, narrow=True)}


def area_charts(target, aggregation, title):
    """``area_chart`` for a page, in both layouts (see ``page_charts``)."""
    return {"wide": area_chart(target, aggregation, title), "narrow": area_chart(target, aggregation, title, narrow=True)}


PLAN_COLOURS = ("#1565c0", "#6a1b9a", "#00695c", "#ef6c00")
PLAN_MARKS = ("circle", "square", "diamond", "triangle")


def _mark(shape, x, y, colour):
    """A point of a plan's line: a circle, square, diamond or triangle (apart in black and white too)."""
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path d="M{x:.1f},{y - 4.5:.1f} l4.5,4.5 l-4.5,4.5 l-4.5,-4.5 z" fill="{colour}"/>'
    return f'<path d="M{x:.1f},{y - 4.5:.1f} l4.5,8 l-9,0 z" fill="{colour}"/>'


def _nice(value):
    """The round number at or above ``value`` an axis ends at: 1, 2, 2.5 or 5 times a power of ten."""
    power = Decimal(10) ** (len(str(int(value))) - 1) if value >= 1 else Decimal(1)
    return next(step * power for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
                if step * power >= value)


def trend_chart(trend, *, narrow=False):
    """``trend`` (``reports.trend.Trend``) as a line a plan, year by year over all the plans' years,
    over the band of each year's target (from its minimum to its maximum; up to the top when it has
    no maximum). Under the years, a bracket per plan names it. Each point is a ``circle`` (or mark)
    in a group ``data-plan`` ``data-year`` with its figure and target in its ``title``. ``narrow``:
    a phone's width, every other year written."""
    title = _("%(name)s qua các kế hoạch") % {"name": trend.name}
    width, left = (320, 44) if narrow else (640, 60)
    top, plot_height, right = 12, 150, 12
    years = trend.years
    step = (width - left - right) / max(len(years) - 1, 1)
    span = max(step, 8)

    def x(year):
        return left + (year - years[0]) * step

    values = [v for p in trend.points for v in (p.actual, p.low, p.high) if v is not None]
    scale = _nice(max(values) * Decimal("1.1")) if values and max(values) > 0 else Decimal(1)

    def y(value):
        return top + plot_height - float(Decimal(value) / scale * plot_height)

    bottom = top + plot_height
    # the plans' brackets on two rows when their names could meet: on a phone, or plans over the same years
    spans = sorted((p["start_year"], p["end_year"]) for p in trend.plans)
    stagger = narrow or any(later[0] <= earlier[1] for earlier, later in zip(spans, spans[1:]))
    parts = [f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{plot_height}" fill="#fafafa"/>']
    for point in trend.points:  # the bands first, the lines over them
        if point.low is None and point.high is None:
            continue
        upper = y(point.high) if point.high is not None else top
        lower = y(point.low) if point.low is not None else bottom
        parts.append(f'<rect x="{max(x(point.year) - span / 2, left):.1f}" y="{upper:.1f}" width="{span:.1f}" '
                     f'height="{max(lower - upper, 1):.1f}" fill="{BAND}" data-year="{point.year}"/>')
    for tick in (Decimal(0), scale / 2, scale):
        text = trend.figure(tick)
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" stroke="#bdbdbd" '
                     f'stroke-width="0.5"/><text x="{left - 4}" y="{y(tick) + 4:.1f}" text-anchor="end">{escape(text)}</text>')
    for n, year in enumerate(years):
        if narrow and n % 2 and year != years[-1]:
            continue
        parts.append(f'<text x="{x(year):.1f}" y="{bottom + 14}" text-anchor="middle">{year}</text>')
    for n, plan in enumerate(trend.plans):
        colour, shape = PLAN_COLOURS[n % len(PLAN_COLOURS)], PLAN_MARKS[n % len(PLAN_MARKS)]
        points = [p for p in trend.points if p.plan == plan["number"]]
        drawn = [p for p in points if p.actual is not None]
        if len(drawn) > 1:
            path = " ".join(f"{x(p.year):.1f},{y(p.actual):.1f}" for p in drawn)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p in drawn:
            star = "*" if p.provisional else ""
            words = _("%(year)s (%(plan)s): %(actual)s%(star)s; chỉ tiêu %(target)s — %(scope)s") % {
                "year": p.year, "plan": p.plan, "actual": trend.figure(p.actual), "star": star,
                "target": target_range_text(p.low, p.high, trend.aggregation), "scope": p.scope,
            }
            parts.append(f'<g data-plan="{_attr(p.plan)}" data-year="{p.year}" data-status="{p.status}">'
                         f'<title>{escape(words)}</title>{_mark(shape, x(p.year), y(p.actual), colour)}</g>')
        row = bottom + 30 + (n % 2) * (LINE + 4) if stagger else bottom + 30
        start, end = x(max(plan["start_year"], years[0])), x(plan["end_year"])
        parts.append(f'<path d="M{start:.1f},{row - 14} v4 H{end:.1f} v-4" fill="none" stroke="{colour}"/>'
                     f'{_mark(shape, start + 5, row - 4, colour)}'
                     f'<text x="{start + 12:.1f}" y="{row}" fill="{colour}">{escape(plan["number"])}</text>')
    legend_y = bottom + 30 + (2 * (LINE + 4) if stagger else LINE + 8)
    parts.append(f'<g class="legend"><rect x="0" y="{legend_y - 9}" width="22" height="10" fill="{BAND}"/>'
                 f'<text x="27" y="{legend_y}">{escape(_("Chỉ tiêu từng năm (từ mức tối thiểu đến mức tối đa)"))}</text></g>')
    return _svg(width, legend_y + 8, "".join(parts), title)
