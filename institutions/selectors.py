"""Reads for the institutions registry: filtered lists, counts, unit pages. No writes here."""
from django.db.models import Count, Max, Min, Q

from audit.history import object_history
from laichau_plan.text import fold

from .access import institutions_visible_to, reporting_units_visible_to
from .areas import AREA_UNIT_KINDS, in_structure, lies_in
from .models import AdminLevel, AdminUnit, InstitutionKind, Profile


def active_during(start, end, prefix=""):
    """The one rule of who counts in a period: institutions active on at least one day of
    ``start``..``end`` (a period's cutoff_start..cutoff_end), by their dates, not by today's
    is_active: one deactivated later still counts, one that began later does not. ``prefix``:
    the path to the institution ("institution__") when filtering another model."""
    return (
        (Q(**{f"{prefix}active_from__isnull": True}) | Q(**{f"{prefix}active_from__lte": end}))
        & (Q(**{f"{prefix}active_until__isnull": True}) | Q(**{f"{prefix}active_until__gte": start}))
    )


def was_active(institution, start, end):
    """``active_during`` for one loaded institution (the same rule, in Python)."""
    return ((institution.active_from is None or institution.active_from <= end)
            and (institution.active_until is None or institution.active_until >= start))


def active_in(period, prefix=""):
    """``active_during`` the data window of ``period`` (reporting.models.Period)."""
    return active_during(period.cutoff_start, period.cutoff_end, prefix)


def unit_was_active(kind, is_active, admin_from, admin_to, start, end):
    """The one rule of which reporting units count in a period (``start``..``end``), from the
    unit's kind, today's is_active and the dates of its admin unit (None, None without one).

    A People's Committee of an area (``areas.AREA_UNIT_KINDS``) exists while its area does: one
    over a unit of an earlier structure (with an end date: a district of 2015) counts while that
    unit was in force, whatever is_active says now (the districts' committees still count in 2019
    after the districts went in 2025); one over a unit still in force counts from its start while
    it is active (a commune of 2025 does not count in 2019). Any other unit (the department, its
    own units, provincial bodies) counts while it is active."""
    if kind not in AREA_UNIT_KINDS or (admin_from is None and admin_to is None):
        return is_active
    overlaps = (admin_from is None or admin_from <= end) and (admin_to is None or admin_to >= start)
    return overlaps and (is_active or admin_to is not None)


def unit_active_in(unit, period):
    """``unit_was_active`` for a ReportingUnit (its admin_unit loaded) in ``period``'s data window."""
    admin = unit.admin_unit
    return unit_was_active(unit.kind, unit.is_active, admin and admin.valid_from, admin and admin.valid_to,
                           period.cutoff_start, period.cutoff_end)


def institution_places(institution):
    """Where ``institution`` has stood, latest first: dicts (from, to, admin unit, reporting unit),
    its current place (since ``placed_since``; to None) then its earlier ones. One query."""
    current = {"valid_from": institution.placed_since, "valid_to": None,
               "admin_unit": institution.admin_unit, "reporting_unit": institution.reporting_unit}
    earlier = institution.past_places.select_related("admin_unit", "reporting_unit").order_by("-valid_to")
    return [current, *({"valid_from": p.valid_from, "valid_to": p.valid_to, "admin_unit": p.admin_unit,
                         "reporting_unit": p.reporting_unit} for p in earlier)]


def area_units():
    """The areas of every structure (``areas``: districts of 2015, communes under the province
    since 2025), for the registry's area filter."""
    return AdminUnit.objects.filter(
        Q(level=AdminLevel.DISTRICT) | Q(level=AdminLevel.COMMUNE, parent__level=AdminLevel.PROVINCE)
    ).order_by("structure", "code")


def admin_units_by_structure():
    """[(structure, valid from, valid to, units)], newest structure first, each structure's units
    in order: the province, then each area and the communes under it. One query."""
    by_structure = {}
    for unit in AdminUnit.objects.select_related("parent").order_by("structure", "code"):
        by_structure.setdefault(unit.structure, []).append(unit)
    result = []
    for structure, units in by_structure.items():
        def place(unit):  # the province, then each area followed by its communes
            area = unit.parent if unit.parent_id and unit.parent.level == AdminLevel.DISTRICT else unit
            return ([AdminLevel.PROVINCE, AdminLevel.DISTRICT, AdminLevel.COMMUNE].index(area.level), area.code,
                    unit.pk != area.pk, unit.code)
        units.sort(key=place)
        start = min(unit.valid_from for unit in units)
        ends = [unit.valid_to for unit in units]
        result.append((structure, start, None if None in ends else max(ends), units))
    return sorted(result, key=lambda row: row[1], reverse=True)


def structures():
    """The structures of the admin units, oldest first: [(structure, valid from, valid to)]. One query."""
    rows = AdminUnit.objects.values("structure").annotate(start=Min("valid_from"), end=Max("valid_to")).order_by(
        "start", "structure")
    return [(row["structure"], row["start"], row["end"]) for row in rows]


def institution_search(queryset, text):
    """Accent-insensitive search: every word of ``text`` must occur in the folded name or code."""
    for word in fold(text).split():
        queryset = queryset.filter(search_name__contains=word)
    return queryset


def institution_list(*, user, filters=None):
    """Institutions ``user`` may see, filtered, in Vietnamese order of name (then code).

    ``filters`` holds cleaned filter values: q, kind, level, structure ("2015"), district (an area:
    AdminUnit; institutions that stood there count too),
    reporting_unit (ReportingUnit), active ("1" active, "0" inactive, "" all).
    """
    filters = filters or {}
    queryset = institutions_visible_to(user).select_related("admin_unit__parent", "reporting_unit")
    if filters.get("q"):
        queryset = institution_search(queryset, filters["q"])
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("level"):
        queryset = queryset.filter(level=filters["level"])
    if filters.get("structure"):
        queryset = queryset.filter(in_structure(filters["structure"]))
    if filters.get("district"):
        queryset = queryset.filter(lies_in(filters["district"]))
    if filters.get("reporting_unit"):
        queryset = queryset.filter(reporting_unit=filters["reporting_unit"])
    if filters.get("active") == "1":
        queryset = queryset.filter(is_active=True)
    elif filters.get("active") == "0":
        queryset = queryset.filter(is_active=False)
    return queryset.order_by("sort_name", "code")


def institution_counts(queryset):
    """Totals of a (filtered) list in one query: all, active, and per kind (in the kinds' order)."""
    rows = queryset.order_by().values("kind", "is_active").annotate(n=Count("pk"))
    by_kind = {value: 0 for value in InstitutionKind.values}
    total = active = 0
    for row in rows:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["n"]
        total += row["n"]
        if row["is_active"]:
            active += row["n"]
    kinds = [
        {"value": value, "label": label, "count": by_kind[value]}
        for value, label in InstitutionKind.choices
        if by_kind[value]
    ]
    return {"total": total, "active": active, "inactive": total - active, "by_kind": kinds}


def unit_list(*, user):
    """Reporting units ``user`` may see, with their number of institutions and members."""
    return (
        reporting_units_visible_to(user)
        .select_related("admin_unit")
        .annotate(
            institution_count=Count("institutions", distinct=True),
            active_institution_count=Count(
                "institutions", filter=Q(institutions__is_active=True), distinct=True
            ),
            member_count=Count("members", distinct=True),
        )
        .order_by("order", "code")
    )


def _responsibilities(unit):
    """The plan tasks a unit answers for (through the reverse relation: the registry does not
    import the plan app, which builds on it)."""
    return list(
        unit.responsibilities.select_related("task__plan")
        .order_by("-task__plan__start_year", "task__plan__code", "task__order")
    )


def unit_detail(*, unit):
    """Everything the unit page shows, each in one query."""
    members = list(
        Profile.objects.filter(reporting_unit=unit)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    institutions = list(
        unit.institutions.select_related("admin_unit__parent").order_by("sort_name", "code")
    )
    return {
        "members": members,
        "institutions": institutions,
        "counts": institution_counts(unit.institutions.all()),
        "responsibilities": _responsibilities(unit),
        "versions": object_history(unit),
    }
