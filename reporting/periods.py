"""Periods: made from the plan year by year, ad hoc ones by staff; closing and reopening; what a
period is on a given day (``period_state``)."""
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from targets.selectors import plan_indicators

from .models import Period, PeriodEvent, PeriodKind, PeriodStatus

# Data cut-off windows. Decree 09/2019 sets 15/12 of the previous year to 14/6 for six-month
# reports. Its annual window ends 14/12, after the plan's own deadline (30/11), so the annual
# window here ends 14/11, leaving working days before the deadline as the decree asks.
HALF_YEAR_CUTOFF_END = (6, 14)
ANNUAL_CUTOFF_END = (11, 14)
CUTOFF_START = (12, 15)  # of the previous year


@dataclass(frozen=True)
class PeriodState:
    """What a period is for the people who see it on one day: ``key``, the words of its badge
    (``label``, with ``note`` when the badge alone would mislead) and its colour, and whether a unit
    may still start, fill in and send its report."""

    key: str
    label: str
    badge: str
    accepts_reports: bool
    note: str = ""


NOT_BEGUN = PeriodState("not_begun", gettext_lazy("chưa đến kỳ"), "text-bg-light border", False)
OPEN = PeriodState("open", gettext_lazy("đang mở"), "text-bg-success", True)
OVERDUE = PeriodState("overdue", gettext_lazy("quá hạn"), "text-bg-warning", True,
                      gettext_lazy("còn nhận báo cáo muộn"))
CLOSED = PeriodState("closed", gettext_lazy("đã khóa"), "text-bg-dark", False)


def period_state(period, today):
    """``period`` on ``today``: closed when staff closed it; not begun before the first day its data
    counts (``Period.has_begun``); open up to and on its due date; overdue after it, still taking
    late reports until staff close it (the reporting regime accepts them).

    Every regular period of a plan falls due within the plan's years, so once the years of a plan
    have ended its periods are overdue or closed, never open: the 2020 reports of Plan 1133 in 2026.
    Only an ad hoc period whose own due date staff set later is open until that date."""
    if period.status == PeriodStatus.CLOSED:
        return CLOSED
    if not period.has_begun(today):
        return NOT_BEGUN
    if today <= period.due_date:
        return OPEN
    return OVERDUE


def _month_day(text):
    month, day = (int(part) for part in text.split("-"))
    return month, day


def _regular_period_fields(plan, year, kind):
    start = datetime.date(year - 1, *CUTOFF_START)
    if kind == PeriodKind.HALF_YEAR:
        due = datetime.date(year, *_month_day(plan.half_year_due))
        end = datetime.date(year, *HALF_YEAR_CUTOFF_END)
        return {
            "code": f"{year}-H1",
            "title": f"Báo cáo 6 tháng đầu năm {year}",
            "cutoff_start": start,
            "cutoff_end": end,
            "due_date": due,
        }
    due = datetime.date(year, *_month_day(plan.annual_due))
    end = datetime.date(year, *ANNUAL_CUTOFF_END)
    return {
        "code": f"{year}-FY",
        "title": f"Báo cáo năm {year}",
        "cutoff_start": start,
        "cutoff_end": end,
        "due_date": due,
    }


@dataclass
class PeriodsMade:
    """What ``periods_made_for_plan`` did: the periods it created and those it found already there."""

    created: list = field(default_factory=list)
    existing: list = field(default_factory=list)

    def notes(self):
        """In words, for the command's output: what was left as it was, and the new periods whose
        code another plan's period already has, with the key their pages and workbooks use."""
        lines = []
        if self.existing:
            lines.append(_("bỏ qua %(count)s kỳ kế hoạch này đã có (giữ nguyên, không tạo trùng)")
                         % {"count": len(self.existing)})
        for period in self.created:
            if period.slug != period.code:
                lines.append(
                    _("kỳ %(code)s trùng mã với kỳ của kế hoạch khác; địa chỉ trang và tệp Excel của kỳ dùng "
                      "mã định danh %(slug)s") % {"code": period.code, "slug": period.slug}
                )
        return lines


@transaction.atomic
def periods_made_for_plan(*, plan):
    """Create the six-month and annual period of every plan year that ``plan`` does not have yet.
    Codes are the plan's own (another plan may have its 2019-H1 too); each new period gets its
    URL key from ``period_slug``."""
    made = PeriodsMade()
    for year in plan.years:
        for kind in (PeriodKind.HALF_YEAR, PeriodKind.ANNUAL):
            fields = _regular_period_fields(plan, year, kind)
            code = fields.pop("code")
            period, was_created = Period.objects.get_or_create(
                plan=plan, code=code, defaults={"kind": kind, "year": year, **fields}
            )
            (made.created if was_created else made.existing).append(period)
    return made


def periods_create_for_plan(*, plan):
    """``periods_made_for_plan``; returns how many were new."""
    return len(periods_made_for_plan(plan=plan).created)


def plan_data_window(plan):
    """The first and last day a period of ``plan`` may count: from the first day its first year's
    six-month period counts (15/12 of the year before) to 31/12 of its last year."""
    return datetime.date(plan.start_year - 1, *CUTOFF_START), datetime.date(plan.end_year, 12, 31)


def ad_hoc_problems(*, plan, cutoff_start, cutoff_end, indicators):
    """What stops an ad hoc period of ``plan``, by field: no indicator, an indicator the plan has
    no target or task for, or data days outside the plan's years. Empty when it may be made."""
    problems = {}
    if not indicators:
        problems["indicators"] = _("Kỳ đột xuất cần ít nhất một chỉ tiêu.")
    else:
        own = set(plan_indicators(plan.pk).values_list("pk", flat=True))
        foreign = sorted(indicator.code for indicator in indicators if indicator.pk not in own)
        if foreign:
            problems["indicators"] = _(
                "Chỉ tiêu %(codes)s không thuộc kế hoạch %(plan)s (kế hoạch không có chỉ tiêu hay nhiệm vụ nào "
                "về chỉ tiêu này); hãy bỏ chọn hoặc chọn đúng kế hoạch."
            ) % {"codes": ", ".join(foreign), "plan": plan.number}
    first, last = plan_data_window(plan)
    outside = _("Ngày %(date)s nằm ngoài các năm của kế hoạch %(plan)s: số liệu của kỳ phải từ %(first)s đến %(last)s.")
    for name, day in (("cutoff_start", cutoff_start), ("cutoff_end", cutoff_end)):
        if day and not first <= day <= last:
            problems[name] = outside % {
                "date": day.strftime("%d/%m/%Y"), "plan": plan.number,
                "first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y"),
            }
    return problems


@transaction.atomic
def period_create_ad_hoc(*, plan, title, due_date, cutoff_start, cutoff_end, indicators, user=None):
    """An ad hoc period of ``plan`` with its own due date and indicators (the plan's own), coded YEAR-AHnn."""
    problems = ad_hoc_problems(plan=plan, cutoff_start=cutoff_start, cutoff_end=cutoff_end, indicators=indicators)
    if problems:
        raise ValidationError(problems)
    year = cutoff_end.year
    number = Period.objects.filter(year=year, kind=PeriodKind.AD_HOC).count() + 1
    code = f"{year}-AH{number:02d}"
    while Period.objects.filter(code=code).exists():
        number += 1
        code = f"{year}-AH{number:02d}"
    period = Period(
        plan=plan, code=code, kind=PeriodKind.AD_HOC, year=year, title=title,
        due_date=due_date, cutoff_start=cutoff_start, cutoff_end=cutoff_end,
    )
    period.full_clean()
    period.save()
    period.indicators.set(indicators)
    audit_record(user=user, action="period_create", obj=period)
    return period


def _lock(period):
    return Period.objects.select_for_update().get(pk=period.pk)


def _set_status(period, user, *, status, action, reason, refusal):
    """Lock the period, refuse if it already has ``status``, else change it and record who and why."""
    locked = _lock(period)
    if locked.status == status:
        raise ValidationError(refusal)
    locked.status = status
    locked.save(update_fields=["status"])
    PeriodEvent.objects.create(period=locked, action=action, reason=reason, user=user)
    audit_record(user=user, action=f"period_{action.value}", obj=locked, detail=reason)
    return locked


@transaction.atomic
def period_close(*, period, user, reason=""):
    return _set_status(
        period, user, status=PeriodStatus.CLOSED, action=PeriodEvent.Action.CLOSE, reason=reason,
        refusal=_("Kỳ báo cáo này đã khóa."),
    )


@transaction.atomic
def period_reopen(*, period, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần ghi lý do mở lại kỳ báo cáo."))
    return _set_status(
        period, user, status=PeriodStatus.OPEN, action=PeriodEvent.Action.REOPEN, reason=reason,
        refusal=_("Kỳ báo cáo này chưa khóa; không cần mở lại."),
    )


def _of_this_plan_first(period, candidates):
    """The first of ``candidates`` in ``period``'s own plan, else the first of another plan (the
    2020 report of Plan 1133 before 2021 of the next plan), else None."""
    return min(candidates, key=lambda other: other.plan_id != period.plan_id, default=None)


def previous_like_period(period):
    """The same kind of period a year earlier, of the period's own plan when it has one (None for
    ad hoc periods)."""
    if period.kind == PeriodKind.AD_HOC:
        return None
    return _of_this_plan_first(period, Period.objects.filter(kind=period.kind, year=period.year - 1))


def same_year_half_period(period):
    """For an annual period, the six-month period of the same year, of the same plan when it has one."""
    if period.kind != PeriodKind.ANNUAL:
        return None
    return _of_this_plan_first(period, Period.objects.filter(kind=PeriodKind.HALF_YEAR, year=period.year))
