"""The by-area tables of a report: which areas they show, what the areas are called (from the
names themselves: "Huyện, thành phố" for 2016–2020, "Xã, phường" since 2025) and whether the table
turns (areas as rows beyond ``AREAS_AS_COLUMNS``). Pure functions of the canonical data, no queries;
the cells are ``present.area_matrix``'s.
"""
from django.utils import translation
from django.utils.translation import gettext as _

from institutions.models import AdminLevel, DivisionType

from .areas import PROVINCE_AREA_CODE


def area_columns(data):
    """The areas that appear in any target's split, in report order."""
    used = {area["code"] for indicator in data["indicators"] for t in indicator["targets"] for area in t["by_area"]}
    return [
        {**area, "name": _(area["name"])} if area["code"] == PROVINCE_AREA_CODE else area
        for area in data["areas"] if area["code"] in used
    ]


# Beyond this many areas (the province's own column aside) a by-area table turns: one row per
# area, one column per target. Eight districts (2016–2020) stay columns; 38 communes (since
# 1 July 2025) become rows, each named in full.
AREAS_AS_COLUMNS = 10

# The division types an area's name begins with ("Huyện Tam Đường", "Xã Bình Lư"), in the order a
# heading names them ("Huyện, thành phố"; "Xã, phường"), and the level each stands at.
DIVISION_LEVELS = {
    DivisionType.DISTRICT: AdminLevel.DISTRICT, DivisionType.CITY: AdminLevel.DISTRICT,
    DivisionType.TOWN: AdminLevel.DISTRICT, DivisionType.COMMUNE: AdminLevel.COMMUNE,
    DivisionType.WARD: AdminLevel.COMMUNE, DivisionType.TOWNSHIP: AdminLevel.COMMUNE,
}


def areas_as_rows(columns):
    """Whether a by-area table lists its areas as rows (more than ``AREAS_AS_COLUMNS``)."""
    return sum(column["code"] != PROVINCE_AREA_CODE for column in columns) > AREAS_AS_COLUMNS


def division_of(name):
    """The division type an area's name begins with ("Thị xã Mường Lay" → thị xã), or None."""
    with translation.override("vi"):
        words = sorted(((str(DivisionType(value).label), value) for value in DIVISION_LEVELS), key=lambda w: -len(w[0]))
    lowered = name.lower()
    return next((value for word, value in words if lowered.startswith(word + " ")), None)


def area_divisions(columns):
    """The division types of the areas (not the province's own column), in heading order."""
    found = {division_of(column["name"]) for column in columns if column["code"] != PROVINCE_AREA_CODE}
    return [value for value in DIVISION_LEVELS if value in found]


def area_heading(columns):
    """The areas' heading, from what they are: "Huyện, thành phố" for the districts of 2016–2020,
    "Xã, phường" for the communes since 2025; "Địa bàn" when their names say nothing."""
    divisions = area_divisions(columns)
    if not divisions:
        return _("Địa bàn")
    words = ", ".join(str(DivisionType(value).label) for value in divisions)
    return words[:1].upper() + words[1:]


def area_level_word(columns):
    """The areas' level in one word, as a sheet's name says it: "huyện", "xã" ("địa bàn" when unknown)."""
    levels = {DIVISION_LEVELS[value] for value in area_divisions(columns)}
    if len(levels) != 1:
        return _("địa bàn")
    return str(AdminLevel(levels.pop()).label).removeprefix("cấp ").removeprefix("Cấp ")


def area_lines(columns, matrix):
    """The by-area table turned (``areas_as_rows``): [(area, [cell per target row of ``matrix``])],
    each area numbered ("number": 1, 2, … after the province's own line, which has none)."""
    lines, number = [], 0
    for index, column in enumerate(columns):
        if column["code"] != PROVINCE_AREA_CODE:
            number += 1
        area = {**column, "number": number if column["code"] != PROVINCE_AREA_CODE else None}
        lines.append((area, [cells[index] for _row, cells in matrix]))
    return lines


def area_note(data):
    """The note under a by-district table: what its brackets hold."""
    if any("share_pct" in area for i in data["indicators"] for t in i["targets"] for area in t["by_area"]):
        return _(
            "Trong ngoặc: với chỉ tiêu cho mỗi thiết chế, số thiết chế của địa bàn đạt mức tối thiểu trên tổng số; "
            "với chỉ tiêu chung, phần của địa bàn trong tổng số."
        )
    return _("Trong ngoặc: số thiết chế đạt mức tối thiểu trên tổng số (chỉ tiêu cho mỗi thiết chế).")
