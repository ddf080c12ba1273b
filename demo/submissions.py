"""Demo reports for ``seed_demo --with-reports``: the plans' periods, and for every period whose
due date has passed an approved report from every district unit and from the department's own
library, museum and culture centre. The communes of the two-level map (from 1 July 2025) report
for the periods whose data window begins after that day; the periods of their plan before it are
closed. In each plan's latest past period some work is left (``WORK_LEFT``): the communes have
not started theirs.

Figures are plausible and deterministic (``random.Random`` seeded by period, unit and cell): a
district library serves some 700–1,100 readers a half-year, growing a few per cent a year;
an annual running count is the six-month figure plus a second half. Reports go through the
services (save, submit, approve), so each has its history, and the dates are then set back
to just before the due date. Idempotent: a unit's report that exists is left alone.
"""
import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from demo.registry import COMMUNES_FROM
from institutions.models import Profile, ReportingUnitKind, Role
from targets.models import Frequency, Plan, Task, ValueType

from reporting.expected import expected_units
from reporting.models import (
    Period,
    PeriodKind,
    PeriodStatus,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    TextKind,
)
from reporting.periods import period_close, periods_create_for_plan
from reporting.progress import periods_queryset
from reporting.selectors import expected_cells
from reporting.services import (
    check_figures,
    submission_approve,
    submission_get_or_create,
    submission_return,
    submission_save,
    submission_submit,
)
from reports import cache as report_cache

# Per institution (or per unit for unit-level indicators), per half-year, in 2016.
RANGES = {
    "LIB_VISITS": (700, 1100), "LIB_BOOKS_ADDED": (250, 450), "LIB_PERIODICALS": (5, 10),
    "LIB_DISPLAYS": (1, 3), "LIB_ROTATION": (100, 400), "LIB_INTERNET_USERS": (60, 250),
    "LIB_IT_SESSIONS": (1, 3), "FESTIVALS": (0, 1), "FESTIVALS_COMMUNE": (0, 1), "CLUBS": (15, 40),
    "TRAINING_COURSES": (1, 2), "TRAINING_TRAINEES": (30, 90), "MEDIA_ITEMS": (4, 15),
    "FUNDS_STATE": (40_000_000, 160_000_000), "FUNDS_MOBILISED": (5_000_000, 40_000_000),
}
# The provincial library and museum work at another scale (Plan 1133 asks 8,000–9,000 readers a
# year of the provincial library, 3–5 thematic exhibitions of the museum).
PROVINCE_RANGES = {
    "LIB_VISITS": (4000, 4800), "LIB_BOOKS_ADDED": (1500, 2100), "LIB_PERIODICALS": (10, 16),
    "LIB_DISPLAYS": (3, 6), "MUS_EXHIBITIONS": (1, 3), "MUS_VISITS": (3000, 6000),
    "MUS_ARTIFACTS_COLLECTED": (20, 60), "MUS_ARTIFACTS": (3000, 3400), "FESTIVALS": (0, 1),
}
DEFAULT_RANGE = (1, 10)
# Units whose reports the demo fills: the districts, the department's own library, museum and
# centre, and (from 1 July 2025) the communes.
DEMO_UNIT_KINDS = {ReportingUnitKind.DISTRICT, ReportingUnitKind.DEPARTMENT_UNIT, ReportingUnitKind.COMMUNE}
CLOSE_REASON = ("Kỳ trước ngày 01/07/2025: chưa có UBND các xã, phường theo sơ đồ hai cấp; "
                "các đơn vị thuộc Sở đã báo cáo (dữ liệu mẫu).")
GROWTH = 0.04
RESULTS = [
    "Đơn vị đã triển khai nhiệm vụ theo kế hoạch; phối hợp với các xã, thị trấn tổ chức các hoạt động "
    "phục vụ học tập suốt đời cho Nhân dân.",
    "Nhiệm vụ được thực hiện thường xuyên; các hoạt động được lồng ghép với phong trào \"Toàn dân đoàn kết "
    "xây dựng đời sống văn hóa\".",
    "Đã chỉ đạo các thiết chế văn hóa cơ sở tổ chức hoạt động, thu hút đông đảo Nhân dân, học sinh tham gia.",
]
SHORTCOMINGS = [
    "Cơ sở vật chất, trang thiết bị của thư viện và nhà văn hóa còn thiếu; kinh phí hạn hẹp; cán bộ kiêm nhiệm nhiều "
    "việc. Nguyên nhân: địa bàn rộng, giao thông khó khăn, nguồn lực xã hội hóa còn ít.",
    "Số lượng sách, báo bổ sung chưa đáp ứng nhu cầu; hoạt động ở một số bản còn hình thức. Nguyên nhân: thiếu kinh "
    "phí và cán bộ chuyên trách.",
]
PROPOSALS = [
    "Đề nghị Sở VHTTDL hỗ trợ bổ sung sách, báo và mở lớp bồi dưỡng nghiệp vụ cho cán bộ văn hóa xã.",
    "Đề nghị UBND tỉnh quan tâm bố trí kinh phí nâng cấp thư viện huyện và nhà văn hóa các bản.",
]


def _number(seed, low, high):
    return random.Random(seed).uniform(low, high)


def _range(code, institution):
    if institution is not None and institution.level == "province" and code in PROVINCE_RANGES:
        return PROVINCE_RANGES[code]
    return RANGES.get(code, DEFAULT_RANGE)


def _half_year(year, unit, key, code, start_year, half, institution=None):
    low, high = _range(code, institution)
    base = _number(f"base|{unit.code}|{key}", low, high)
    return base * (1 + GROWTH * (year - start_year)) * _number(f"{year}|{half}|{unit.code}|{key}", 0.9, 1.1)


def figure(period, unit, cell):
    """The demo figure for one cell, as text (what a user would type)."""
    indicator = cell.indicator
    rng = random.Random(f"{period.code}|{unit.code}|{cell.key}")
    if indicator.value_type == ValueType.BOOLEAN:
        if indicator.code == "LIB_INTERNET" and cell.institution is not None:
            return "1" if cell.institution.has_internet else "0"
        return "1" if rng.random() < 0.8 else "0"
    if indicator.value_type == ValueType.PERCENT:
        return str(rng.randint(40, 95))
    start = period.plan.start_year
    value = _half_year(period.year, unit, cell.key, indicator.code, start, 1, cell.institution)
    if period.kind == PeriodKind.ANNUAL and indicator.frequency == Frequency.HALF_YEARLY and indicator.running_count:
        value += _half_year(period.year, unit, cell.key, indicator.code, start, 2, cell.institution)
    if indicator.value_type == ValueType.DECIMAL:
        return str(Decimal(value).quantize(Decimal("0.01")))
    return str(int(round(value)))


def _first_user(**profile_filter):
    profile = Profile.objects.filter(**profile_filter).select_related("user").order_by("pk").first()
    if profile:
        return profile.user
    if profile_filter.get("role") == Role.STAFF:
        return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    return None


def _backdate(submission, period, rng):
    sent = timezone.make_aware(datetime.datetime.combine(
        period.due_date - datetime.timedelta(days=rng.randint(1, 12)), datetime.time(rng.randint(8, 16), 30)
    ))
    approved = sent + datetime.timedelta(days=rng.randint(3, 10))
    Submission.objects.filter(pk=submission.pk).update(
        created_at=sent - datetime.timedelta(days=2), first_submitted_at=sent, submitted_at=sent,
        approved_at=approved if submission.status == SubmissionStatus.APPROVED else None,
    )
    events = SubmissionEvent.objects.filter(submission=submission)
    events.filter(action=SubmissionEvent.Action.APPROVED).update(at=approved)
    events.filter(action=SubmissionEvent.Action.SUBMITTED).update(at=sent)
    events.exclude(action__in=[SubmissionEvent.Action.APPROVED, SubmissionEvent.Action.SUBMITTED]).update(
        at=sent - datetime.timedelta(days=1)
    )


# What the demo leaves to do in each plan's latest past period, so that every demo login finds
# work: the department reviews the provincial library's report, UBND huyện Tam Đường corrects the
# report the department returned, UBND thành phố Lai Châu has not started its own (Plan 1133);
# no commune has started its own (the 2021–2030 plan).
WORK_LEFT = {"TVT": SubmissionStatus.SUBMITTED, "106": SubmissionStatus.RETURNED, "105": None}
WORK_LEFT_BY_KIND = {ReportingUnitKind.COMMUNE: None}
LEFT_WORDS = {
    SubmissionStatus.SUBMITTED: "%(unit)s đã gửi, chờ Sở duyệt",
    SubmissionStatus.RETURNED: "%(unit)s sửa báo cáo Sở trả lại",
    None: "%(unit)s chưa lập báo cáo",
}
RETURN_COMMENT = ("Đề nghị đơn vị rà soát lại số lượt bạn đọc của thư viện huyện (tăng mạnh so với "
                  "cùng kỳ) và bổ sung giải trình trước khi gửi lại.")


@transaction.atomic
def seed_one(period, unit, author, approver, *, status=SubmissionStatus.APPROVED):
    """A report of ``unit`` for ``period`` with demo figures and words, sent and then approved
    (or left ``status``: submitted, or returned with the department's comment)."""
    rng = random.Random(f"{period.code}|{unit.code}")
    submission = submission_get_or_create(period=period, unit=unit, user=author)
    cells = expected_cells(period, unit)
    values = {cell.key: figure(period, unit, cell) for cell in cells}
    _, checked = check_figures(submission, values, cells)
    explanations = {key: "Số liệu mẫu: biến động do tổ chức thêm hoạt động trong kỳ." for key in checked.warnings}
    tasks = Task.objects.filter(plan=period.plan, responsibilities__reporting_unit=unit).distinct()
    texts = {(TextKind.TASK_RESULT, task.pk): rng.choice(RESULTS) for task in tasks}
    texts[(TextKind.SHORTCOMINGS, None)] = rng.choice(SHORTCOMINGS)
    texts[(TextKind.PROPOSALS, None)] = rng.choice(PROPOSALS)
    submission_save(submission=submission, user=author, values=values, explanations=explanations, texts=texts)
    submission_submit(submission=submission, user=author)
    if status == SubmissionStatus.APPROVED:
        submission_approve(submission=submission, user=approver)
    elif status == SubmissionStatus.RETURNED:
        submission_return(submission=submission, user=approver, comment=RETURN_COMMENT)
    submission.refresh_from_db()
    _backdate(submission, period, rng)
    return submission


def _demo_status(period, unit, latest):
    """What the demo leaves ``unit``'s report for ``period`` as: APPROVED, SUBMITTED, RETURNED,
    None (not started), or "skip" (the unit did not exist in the period's days)."""
    if latest:
        return WORK_LEFT.get(unit.code, WORK_LEFT_BY_KIND.get(unit.kind, SubmissionStatus.APPROVED))
    if unit.kind == ReportingUnitKind.COMMUNE and period.cutoff_start < COMMUNES_FROM:
        return "skip"
    return SubmissionStatus.APPROVED


def _left_words(period, left):
    """'kỳ 2020-FY còn việc: ...', the communes that have not started counted, not named."""
    communes = [unit for unit, status in left if unit.kind == ReportingUnitKind.COMMUNE and status is None]
    words = [LEFT_WORDS[status] % {"unit": unit.name} for unit, status in left if unit not in communes]
    if communes:
        words.append(f"{len(communes)} UBND xã, phường chưa lập báo cáo")
    return f"kỳ {period.code} ({period.plan.number}) còn việc: {'; '.join(words)}"


def seed_reports(stdout, *, today=None):
    """Periods from every plan; demo reports of the district units, the department's own units
    (provincial library, museum, culture centre) and the communes for past periods: approved, but
    in each plan's latest the work ``WORK_LEFT`` says."""
    today = today or timezone.localdate()
    plans = list(Plan.objects.order_by("start_year", "code"))
    if not plans:
        stdout.write("Báo cáo mẫu: chưa có kế hoạch (chạy load_plan trước).")
        return {"periods": 0, "created": 0, "existing": 0}
    new_periods = sum(periods_create_for_plan(plan=plan) for plan in plans)
    past = list(periods_queryset().filter(due_date__lt=today).exclude(kind=PeriodKind.AD_HOC).order_by("due_date"))
    latest = {period.plan_id: period for period in past}  # each plan's latest past period
    expected = expected_units(past)
    existing = set(Submission.objects.filter(period__in=past).values_list("period_id", "reporting_unit_id"))
    approver = _first_user(role=Role.STAFF)
    created = skipped = closed = 0
    left = {}  # period: [(unit, status)] of what its plan's latest period leaves to do
    for period in past:
        is_latest = latest[period.plan_id] is period
        units = [unit for unit in expected[period.pk] if unit.kind in DEMO_UNIT_KINDS]
        for unit in units:
            status = _demo_status(period, unit, is_latest)
            if status == "skip":
                continue
            if status != SubmissionStatus.APPROVED:
                left.setdefault(period, []).append((unit, status))
            if (period.pk, unit.pk) in existing:
                skipped += 1
                continue
            if status is None:
                continue
            seed_one(period, unit, _first_user(role=Role.UNIT, reporting_unit=unit), approver, status=status)
            created += 1
        if (period.status != PeriodStatus.CLOSED and period.cutoff_start < COMMUNES_FROM
                and any(unit.kind == ReportingUnitKind.COMMUNE for unit in units) and not is_latest):
            period_close(period=period, user=approver, reason=CLOSE_REASON)
            closed += 1
    report_cache.bump()  # the back-dating above is written with QuerySet.update, which sends no signal
    total = Period.objects.count()
    stdout.write(
        f"Báo cáo mẫu: {total} kỳ báo cáo (tạo mới {new_periods}, khóa {closed} kỳ trước khi có các xã mới); "
        f"báo cáo của các đơn vị cho {len(past)} kỳ đã qua hạn: tạo mới {created}, giữ nguyên {skipped}"
        + (f"; {'; '.join(_left_words(period, items) for period, items in left.items())}." if left else ".")
    )
    return {"periods": new_periods, "created": created, "existing": skipped, "closed": closed}
