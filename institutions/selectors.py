"""Reads for the institutions registry: filtered lists, counts, unit pages. No writes here."""
from django.db.models import Count, Q

from audit.history import object_history
from laichau_plan.text import fold

from .access import institutions_visible_to, reporting_units_visible_to
from .areas import lies_in
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


def district_units():
    """District-level units of every structure, for the district filter."""
    return AdminUnit.objects.filter(level=AdminLevel.DISTRICT).order_by("structure", "code")


def institution_search(queryset, text):
    """Accent-insensitive search: every word of ``text`` must occur in the folded name or code."""
    for word in fold(text).split():
        queryset = queryset.filter(search_name__contains=word)
    return queryset


def institution_list(*, user, filters=None):
    """Institutions ``user`` may see, filtered, in Vietnamese order of name (then code).

    ``filters`` holds cleaned filter values: q, kind, level, district (AdminUnit),
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
