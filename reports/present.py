"""The report as it is shown: the words and formatted figures of the page, the PDF and the workbook.

``report_page(data)`` builds them once (``ReportPage``); pure functions of the canonical data
(``data.report_data``), no queries.
"""
from dataclasses import dataclass, fields

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _, gettext_noop, pgettext

from institutions.models import InstitutionKind, InstitutionLevel, ReportingUnitKind
from laichau_plan import formatting as fmt

from .area_layout import area_columns, area_heading, area_lines, area_note, areas_as_rows
from .areas import PROVINCE_AREA_CODE
from .rules import PROGRESS_STATUSES as PROGRESS, STATUS_LABELS

STATUS_CSS = {
    "below": "danger",
    "within": "success",
    "above": "primary",
    "no_target": "secondary",
    "no_data": "warning",
    "on_track": "success",
    "behind": "danger",
}
PROVISIONAL_MARK = "*"


def _actual(value, provisional, aggregation):
    text = fmt.pct(value) if aggregation == "share_yes" else fmt.number(value)
    return f"{text}{PROVISIONAL_MARK}" if provisional and value is not None else text


def _bound(value, aggregation):
    return fmt.pct(value, empty="") if aggregation == "share_yes" else fmt.number(value, empty="")


# The report data holds Vietnamese words (as the issued report freezes them); a page shown in
# English takes the plan file's English names and rebuilds the scope and basis wording.
def _english():
    return (translation.get_language() or "").startswith("en")


def indicator_name(indicator):
    return (indicator.get("name_en") or indicator["name"]) if _english() else indicator["name"]


def indicator_unit(indicator):
    return (indicator.get("unit_en") or indicator["unit"]) if _english() else indicator["unit"]


def scope_label(scope):
    """``scope["label"]``; in English, rebuilt for groups ("Each library (district level)")."""
    if not _english() or scope.get("mode") not in ("each", "group"):
        return scope["label"]
    if scope.get("entity") == "reporting_unit":
        return _unit_scope_label(scope)
    kind = str(InstitutionKind(scope["kind"]).label).lower() if scope.get("kind") else _("thiết chế")
    levels = ", ".join(str(InstitutionLevel(level).label) for level in scope.get("levels") or ())
    if not levels:
        return scope["label"]
    words = {"kind": kind, "levels": levels}
    return (_("Mỗi %(kind)s %(levels)s") if scope["mode"] == "each" else _("Tổng các %(kind)s %(levels)s")) % words


def _unit_scope_label(scope):
    """"Mỗi UBND huyện, thành phố" → "Each District or City People's Committee" (the kinds read back)."""
    label, each = scope["label"], scope["mode"] == "each"
    prefix = "Mỗi " if each else "Tổng: "
    if not label.startswith(prefix):
        return label
    with translation.override(settings.LANGUAGE_CODE):
        kinds = {str(text).lower(): kind for kind, text in ReportingUnitKind.choices}
    found = [kinds.get(part.lower()) for part in label[len(prefix):].split("; ")]
    if not all(found):
        return label
    units = "; ".join(str(ReportingUnitKind(kind).label) for kind in found)
    return (_("Mỗi %(units)s") if each else _("Tổng: %(units)s")) % {"units": units}


def basis_label(target):
    """``target["basis_label"]``; in English, rebuilt from the basis and its years."""
    if not _english():
        return target["basis_label"]
    window, year = target.get("window") or [], target.get("year")
    if target.get("basis") == "window" and window:
        words = {"n": target["cadence_years"], "first": window[0], "last": window[-1]}
        if len(window) == 1:
            return _("%(n)s năm một lần; năm %(first)s xét riêng (khối cuối của kế hoạch)") % words
        return _("%(n)s năm một lần; xét cả giai đoạn %(first)s–%(last)s") % words
    if target.get("basis") == "year":
        return _("So với chỉ tiêu năm %(year)s") % {"year": year}
    if target.get("basis") == "year_progress":
        return _("Tiến độ so với chỉ tiêu năm %(year)s") % {"year": year}
    return target["basis_label"]


def target_range_text(low, high, aggregation):
    """``15.000–17.000``, ``≥ 100 %`` for a share, ``—`` without bounds."""
    text = fmt.target_range(low, high)
    if aggregation == "share_yes" and text != "—":
        text += f"{fmt.NBSP}%"
    return text


def target_rows(data):
    """One row per target (and one per indicator without a target), in plan order."""
    rows = []
    number = 0
    for indicator in data["indicators"]:
        for index, target in enumerate(indicator["targets"]):
            number += 1
            aggregation = indicator["aggregation"]
            range_text = target_range_text(target["target_min"], target["target_max"], aggregation)
            meeting = None
            if target["institutions_meeting"] is not None:
                meeting = meeting_text(target, aggregation, indicator_unit(indicator))
            rows.append({
                "number": number,
                "first_of_indicator": index == 0,
                "indicator_count": len(indicator["targets"]),
                "indicator": indicator,
                "target": target,
                "key": target["key"] or "",
                "code": indicator["code"],
                "name": indicator_name(indicator),
                "unit": indicator_unit(indicator),
                "scope": scope_label(target["scope"]),
                "basis": basis_label(target),
                "range": range_text,
                "min": _bound(target["target_min"], aggregation),
                "max": _bound(target["target_max"], aggregation),
                "actual": _actual(target["actual"], target["provisional"], aggregation),
                "achievement": fmt.pct(target["achievement_pct"], empty=""),
                "achievement_max": fmt.pct(target["achievement_max_pct"], empty=""),
                "status": target["status"],
                "status_label": _(STATUS_LABELS[target["status"]]),
                "status_css": STATUS_CSS[target["status"]],
                "progress": progress_text(target),
                "meeting": meeting or "",
                "previous": _actual(target["previous_actual"], False, aggregation),
                "change": fmt.signed(target["change"], empty=""),
                "change_pct": fmt.pct(target["change_pct"], empty="", sign=True),
                "provisional": target["provisional"],
            })
    return rows


def progress_text(target):
    """A six-month report's progress beside its status: "đạt 57,3 % kế hoạch năm" (not for a
    per-institution target, whose count of institutions says it)."""
    if target["status"] not in PROGRESS or target["achievement_pct"] is None or target["institutions_meeting"] is not None:
        return ""
    return _("đạt %(pct)s kế hoạch năm") % {"pct": fmt.pct(target["achievement_pct"])}


def meeting_text(target, aggregation, unit):
    """How many institutions reached a per-institution minimum: "6/8 đạt từ 500 bản"; mid-year
    "6/8 đạt từ 250 bản (nửa mức năm)"."""
    counts = f"{target['institutions_meeting']}/{target['institutions_total']}"
    if target["target_min"] is None:
        return counts
    unit = f"{fmt.NBSP}{unit}" if unit and aggregation != "share_yes" else ""
    minimum = target.get("institutions_meeting_min", target["target_min"])  # not in reports frozen before
    words = {"counts": counts, "minimum": _bound(minimum, aggregation), "unit": unit}
    if minimum != target["target_min"]:  # a six-month report counts each against half its minimum
        return _("%(counts)s đạt từ %(minimum)s%(unit)s (nửa mức năm)") % words
    return _("%(counts)s đạt từ %(minimum)s%(unit)s") % words


def area_matrix(rows, columns):
    """Rows of targets by district: [(row, [cell text per area column])]."""
    result = []
    for row in rows:
        by_code = {area["code"]: area for area in row["target"]["by_area"]}
        cells = []
        for column in columns:
            area = by_code.get(column["code"])
            if area is None:
                cells.append("")
                continue
            cells.append(area_cell(area, row["indicator"]["aggregation"]))
        result.append((row, cells))
    return result


def area_cell(area, aggregation):
    """A district's cell: "1.200 (2/3 đạt)" for a per-institution target (its institutions that
    reached the minimum), "9.688 (18,2 %)" for a group's count (its part of the whole).

    Reports frozen before the parts were worked out (no ``share_pct`` member) keep the cells they
    were issued with: "1.200 (2/3)"."""
    text = _actual(area["actual"], area["provisional"], aggregation)
    counts = None if area.get("institutions_meeting") is None else f"{area['institutions_meeting']}/{area['institutions_total']}"
    if "share_pct" not in area:
        return f"{text} ({counts})" if counts else text
    if counts:  # the cell may wrap after its figure, never inside the brackets
        return f"{text} ({(_('%(counts)s đạt') % {'counts': counts}).replace(' ', fmt.NBSP)})"
    if area["share_pct"] is not None:
        return f"{text} ({fmt.pct(area['share_pct'])})"
    return text


# Vietnamese, as the documents write them; the page translates them (completeness_rows).
TIMELINESS_LABELS = {
    "on_time": gettext_noop("Đúng hạn"),
    "late": gettext_noop("Muộn"),
    "missing": gettext_noop("Chưa gửi"),
}


def completeness_rows(data):
    return [
        {
            **unit,
            "first_submitted": fmt.date(unit["first_submitted_on"]),
            "approved": fmt.date(unit["approved_on"]),
            "status_label": pgettext("submission status", unit["status_label"]),
            "timeliness_label": _(TIMELINESS_LABELS[unit["timeliness"]]),
        }
        for unit in data["completeness"]["units"]
    ]


def reopened_units(data):
    """Names of the units whose approved report was reopened and is not approved again (an issued
    report frozen before reopening existed has none)."""
    return [unit["name"] for unit in data["completeness"]["units"] if unit.get("reopened")]


def counted_statuses(data):
    """The statuses the summary counts and the pages show: progress for a six-month report."""
    return (*PROGRESS[:2], "no_data") if PROGRESS[0] in data["summary"] else ("within", "above", "below", "no_data")


def status_counts(data):
    summary = data["summary"]
    return [
        {"status": status, "label": _(STATUS_LABELS[status]), "count": summary[status], "css": STATUS_CSS[status]}
        for status in counted_statuses(data) if summary[status]  # no "Vượt: 0" badge
    ]


def headline(data):
    """One sentence on the targets, naming only the counts that are not zero:
    "Có 5/8 chỉ tiêu đạt hoặc vượt; 2 chỉ tiêu chưa đạt; 1 chỉ tiêu chưa có số liệu." (none: no "0 chỉ tiêu"); in a
    six-month report, progress: "Trong 8 chỉ tiêu năm, 5 chỉ tiêu đúng tiến độ, 2 chậm tiến độ; ..."."""
    summary = data["summary"]
    if not summary["targets"]:
        return "Kế hoạch không giao chỉ tiêu cho kỳ này."
    if PROGRESS[0] in summary:
        return _progress_headline(summary)
    done, total = summary["within"] + summary["above"], summary["targets"]
    first = f"Có {done}/{total} chỉ tiêu đạt hoặc vượt" if done else f"Chưa có chỉ tiêu nào trong {total} chỉ tiêu đạt"
    rest = [
        f"{summary[key]} chỉ tiêu {words}"
        for key, words in (("below", "chưa đạt"), ("no_data", "chưa có số liệu"))
        if summary[key]
    ]
    return "; ".join([first, *rest]) + "."


def _progress_headline(summary):
    on_track, behind, missing = summary["on_track"], summary["behind"], summary["no_data"]
    if on_track and behind:
        judged = f"{on_track} chỉ tiêu đúng tiến độ, {behind} chậm tiến độ"
    elif on_track or behind:
        judged = f"{on_track or behind} chỉ tiêu {'đúng' if on_track else 'chậm'} tiến độ"
    else:
        judged = "chưa chỉ tiêu nào có số liệu để đánh giá tiến độ"
    rest = f"; {missing} chỉ tiêu chưa có số liệu" if missing and (on_track or behind) else ""
    return f"Trong {summary['targets']} chỉ tiêu năm, {judged}{rest}."


def completeness_sentence(data):
    """Who reported, in words an officer writes: a zero count is left out, not written as "0 muộn"."""
    c = data["completeness"]
    if not c["submitted"]:
        return f"Chưa đơn vị nào trong {c['expected']} đơn vị phải báo cáo gửi báo cáo."
    if not c["late"]:
        timeliness = "đều đúng hạn"
    elif not c["on_time"]:
        timeliness = "đều gửi muộn"
    else:
        timeliness = f"{c['on_time']} đúng hạn, {c['late']} gửi muộn"
    approved = f"{c['approved']} báo cáo đã được duyệt" if c["approved"] else "chưa báo cáo nào được duyệt"
    missing = f"; {c['missing']} đơn vị chưa gửi" if c["missing"] else ""
    return f"{c['submitted']}/{c['expected']} đơn vị đã gửi báo cáo ({timeliness}), {approved}{missing}."


def target_label(row):
    """A target named in full, as the chart and the summary write it: "21. Name — Scope"."""
    return f"{row['number']}. {row['name']} — {row['scope']}"


SHORT = ("below", "behind")  # a target, or a district's part of it, not reached (or not on track)


def _shortfall(row, area):
    """What ``area`` (a district in the target's split) falls short of, or None when it does not.

    A per-institution target is judged district by district ("10/13 đạt từ 1 cuộc"); a target of
    one institution or one unit belongs to its district; a group's sum has no district share."""
    target, aggregation = row["target"], row["indicator"]["aggregation"]
    if area.get("status") in SHORT:
        minimum = target.get("institutions_meeting_min", target["target_min"])
        words = {**area, "target_min": target["target_min"], "institutions_meeting_min": minimum}
        return meeting_text(words, aggregation, row["unit"])
    if target["scope"]["mode"] in ("institution", "reporting_unit") and row["status"] in SHORT:
        unit = f"{fmt.NBSP}{row['unit']}" if row["unit"] and aggregation != "share_yes" else ""
        return _("thực hiện %(actual)s, chỉ tiêu %(range)s%(unit)s") % {
            "actual": area_actual(area, aggregation), "range": row["range"], "unit": unit,
        }
    return None


def areas_behind(rows):
    """The targets some district falls short of, in plan order, each with those districts named
    (in report order) and how far they are: [{"row", "label", "areas": ["Huyện X: 10/13 đạt từ 1
    cuộc"]}]. The provincial level is no district: its targets are read in the table of targets."""
    result = []
    for row in rows:
        if not row["key"]:
            continue
        areas = []
        for area in row["target"]["by_area"]:
            shortfall = None if area["code"] == PROVINCE_AREA_CODE else _shortfall(row, area)
            if shortfall:
                areas.append(f"{area['name']}: {shortfall}")
        if areas:
            result.append({"row": row, "label": target_label(row), "areas": areas})
    return result


def outstanding_units(completeness_rows):
    """Who the report still waits for: ``missing``, the units that have not sent theirs, grouped by
    where their report stands ([(status label, [names])], e.g. "Chưa lập báo cáo"); ``waiting``,
    the names of those whose report is with the department, not yet approved."""
    missing = {}
    for unit in completeness_rows:
        if unit["timeliness"] == "missing":
            missing.setdefault(unit["status_label"], []).append(unit["name"])
    waiting = [unit["name"] for unit in completeness_rows if unit["status"] == "submitted"]
    return {"missing": list(missing.items()), "waiting": waiting}


def any_provisional(data):
    return any(t["provisional"] for i in data["indicators"] for t in i["targets"])


def area_actual(area, aggregation):
    return _actual(area["actual"], area["provisional"], aggregation)


@dataclass
class ReportPage:
    """The report's numbers as every output shows them, built once from ``report_data`` in the
    active language: the web page, the PDF and the workbook read these rows and add only what is
    their own (charts, the document's words, cell formats)."""

    data: dict
    rows: list
    area_columns: list
    area_rows: list
    completeness_rows: list
    status_counts: list
    provisional: bool
    reopened_units: list
    area_note: str
    areas_as_rows: bool
    area_heading: str
    area_lines: list  # the table turned when ``areas_as_rows``, else []

    def context(self):
        """The fields as template variables."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def report_page(data):
    rows = target_rows(data)
    columns = area_columns(data)
    matrix = area_matrix(rows, columns)
    turned = areas_as_rows(columns)
    return ReportPage(
        data=data, rows=rows, area_columns=columns, area_rows=matrix,
        areas_as_rows=turned, area_heading=area_heading(columns), area_lines=area_lines(columns, matrix) if turned else [],
        completeness_rows=completeness_rows(data), status_counts=status_counts(data),
        provisional=any_provisional(data), reopened_units=reopened_units(data), area_note=area_note(data),
    )
