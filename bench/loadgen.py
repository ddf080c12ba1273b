"""A synthetic province for load tests (``manage.py generate_load``), built with bulk inserts.

What it makes, from the shipped Plan 1133 (loaded first when missing) and a seed:

- administrative units of their own structure ``load``: D districts (one per 125 institutions)
  under the shipped province, and their communes;
- a reporting unit (UBND) per district, beside the shipped provincial units (libraries, museum,
  culture centre, departments and organisations);
- N institutions: the provincial library, museum and culture centre, a library and a culture
  centre per district, a cultural house per commune (60 %), village cultural houses (15 %),
  clubs (15 %), commune cultural post offices (5 %) and commune libraries (the rest);
- a plan of Y years from 2021 (``load-2021-<end>``, the successor of Plan 1133: its indicators,
  tasks and reporting units, and its 2020 targets for every year), its six-month and annual
  periods, and an approved report from every unit that owes figures, for every period, with a
  figure in every cell the unit owes (``reporting.selectors.expected_cells``).

Deterministic: the same N, Y and seed give the same rows and figures (one ``random.Random``).
Figures are plausible: a base per cell, growing 4 % a year, annual running counts about twice
the six-month ones.
"""
import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from institutions.models import (
    AdminLevel,
    AdminUnit,
    DivisionType,
    Institution,
    InstitutionKind,
    InstitutionLevel,
    ReportingUnit,
    ReportingUnitKind,
)
from targets.models import Frequency, Plan, Target, Task, TaskResponsibility, ValueType

from reporting.models import Period, PeriodKind, Submission, SubmissionStatus, SubmissionValue
from reporting.periods import periods_create_for_plan
from reporting.selectors import expected_cells, indicators_for_period
from reports import cache as report_cache

SHIPPED_PLAN = "laichau-1133-2015"
STRUCTURE = "load"
FIRST_YEAR = 2021
INSTITUTIONS_PER_DISTRICT = 125
BATCH = 5000
# Per cell and half-year (as in demo/submissions.py); other integer indicators 1–10.
RANGES = {
    "LIB_VISITS": (700, 1100), "LIB_BOOKS_ADDED": (250, 450), "LIB_PERIODICALS": (5, 10),
    "LIB_DISPLAYS": (1, 3), "LIB_ROTATION": (100, 400), "LIB_INTERNET_USERS": (60, 250),
    "LIB_IT_SESSIONS": (1, 3), "FESTIVALS": (0, 1), "FESTIVALS_COMMUNE": (0, 2), "CLUBS": (15, 40),
    "TRAINING_COURSES": (1, 2), "TRAINING_TRAINEES": (30, 90), "MEDIA_ITEMS": (4, 15),
    "FUNDS_STATE": (40_000_000, 160_000_000), "FUNDS_MOBILISED": (5_000_000, 40_000_000),
    "MUS_VISITS": (3000, 6000), "MUS_ARTIFACTS": (5000, 8000),
}


class LoadError(Exception):
    pass


@dataclass
class LoadSummary:
    institutions: int = 0
    districts: int = 0
    communes: int = 0
    units: int = 0
    periods: int = 0
    submissions: int = 0
    values: int = 0
    seconds: float = 0.0
    plan_code: str = ""
    steps: dict = field(default_factory=dict)

    def lines(self):
        return [
            f"kế hoạch: {self.plan_code}",
            f"địa bàn: {self.districts} huyện, {self.communes} xã",
            f"đơn vị báo cáo: {self.units}",
            f"thiết chế: {self.institutions}",
            f"kỳ báo cáo: {self.periods}",
            f"báo cáo đã duyệt: {self.submissions}",
            f"số liệu: {self.values}",
            f"tổng thời gian: {self.seconds:.1f} s",
        ]


def ensure_shipped_data():
    """The shipped administrative units and Plan 1133, loaded when missing."""
    from institutions.admin_units import load_shipped
    from targets.planfile import read_plan_file
    from targets.services import plan_load

    if not AdminUnit.objects.filter(structure="2015").exists():
        load_shipped(["2015"])
    plan = Plan.objects.filter(code=SHIPPED_PLAN).first()
    if plan is None:
        path = Path(__file__).resolve().parents[1] / "targets" / "plans" / f"{SHIPPED_PLAN}.yaml"
        plan = plan_load(data=read_plan_file(path), source_file=str(path)).plan
    return plan


def generate(*, institutions, years, seed=1, stdout=None):
    """Build the synthetic province; returns a LoadSummary. Refuses a database that has one."""
    if institutions < 10:
        raise LoadError("cần ít nhất 10 thiết chế")
    if not 1 <= years <= 30:
        raise LoadError("số năm từ 1 đến 30")
    started = time.perf_counter()
    summary = LoadSummary()
    rng = random.Random(seed)

    def step(name, since):
        summary.steps[name] = time.perf_counter() - since
        if stdout is not None:
            stdout.write(f"  {name}: {summary.steps[name]:.2f} s")
        return time.perf_counter()

    t = time.perf_counter()
    shipped = ensure_shipped_data()
    if AdminUnit.objects.filter(structure=STRUCTURE).exists():
        raise LoadError("cơ sở dữ liệu đã có tỉnh tải thử (cơ cấu 'load'); hãy dùng một cơ sở dữ liệu trống")
    t = step("kế hoạch 1133", t)
    with transaction.atomic():
        districts, communes = _admin_units(institutions)
        units = _units(districts)
        t = step("địa bàn, đơn vị", t)
        made = _institutions(institutions, districts, communes, units, rng)
        t = step("thiết chế", t)
        plan = _plan(shipped, years, units)
        summary.periods = periods_create_for_plan(plan=plan)
        t = step("kế hoạch, kỳ", t)
        summary.submissions, summary.values = _reports(plan, made, rng)
        t = step("báo cáo, số liệu", t)
    summary.plan_code = plan.code
    summary.institutions = len(made)
    summary.districts = len(districts)
    summary.communes = len(communes)
    summary.units = plan.reporting_units.count()
    summary.seconds = time.perf_counter() - started
    report_cache.bump()  # bulk_create sends no signal
    return summary


def _admin_units(n):
    province = AdminUnit.objects.filter(structure="2015", level=AdminLevel.PROVINCE).first()
    valid_from = datetime.date(FIRST_YEAR, 1, 1)
    count = max(1, n // INSTITUTIONS_PER_DISTRICT)
    districts = AdminUnit.objects.bulk_create([
        AdminUnit(code=f"D{number:03d}", name=f"Huyện Thử {number}", division_type=DivisionType.DISTRICT,
                  level=AdminLevel.DISTRICT, parent=province, structure=STRUCTURE, valid_from=valid_from,
                  source="generate_load")
        for number in range(1, count + 1)
    ])
    districts = list(AdminUnit.objects.filter(structure=STRUCTURE, level=AdminLevel.DISTRICT).order_by("code"))
    houses = max(1, (n * 60) // 100)
    AdminUnit.objects.bulk_create(
        [
            AdminUnit(code=f"C{number:05d}", name=f"Xã Thử {number}", division_type=DivisionType.COMMUNE,
                      level=AdminLevel.COMMUNE, parent=districts[number % len(districts)], structure=STRUCTURE,
                      valid_from=valid_from, source="generate_load")
            for number in range(1, houses + 1)
        ],
        batch_size=BATCH,
    )
    communes = list(AdminUnit.objects.filter(structure=STRUCTURE, level=AdminLevel.COMMUNE).order_by("code"))
    return districts, communes


def _units(districts):
    ReportingUnit.objects.bulk_create([
        ReportingUnit(code=f"L{area.code[1:]}", name=f"UBND huyện Thử {int(area.code[1:])}",
                      short_name=f"Thử {int(area.code[1:])}", kind=ReportingUnitKind.DISTRICT, admin_unit=area,
                      order=1000 + index)
        for index, area in enumerate(districts)
    ])
    return {unit.admin_unit_id: unit for unit in ReportingUnit.objects.filter(admin_unit__structure=STRUCTURE)}


def _institutions(n, districts, communes, units, rng):
    shipped_units = {u.code: u for u in ReportingUnit.objects.filter(code__in=["TVT", "BTT", "TTVH"])}
    province = districts[0].parent
    rows = []

    def add(code, name, kind, level, area, unit):
        item = Institution(code=code, name=name, kind=kind, level=level, admin_unit=area, reporting_unit=unit,
                           has_internet=rng.random() < 0.7, established_year=rng.randint(1960, 2015))
        item.normalise()
        rows.append(item)

    K, L = InstitutionKind, InstitutionLevel
    add("LT-TV-T", "Thư viện tỉnh (tải thử)", K.LIBRARY, L.PROVINCE, province, shipped_units["TVT"])
    add("LT-BT-T", "Bảo tàng tỉnh (tải thử)", K.MUSEUM, L.PROVINCE, province, shipped_units["BTT"])
    add("LT-TTVH-T", "Trung tâm Văn hóa tỉnh (tải thử)", K.CULTURE_CENTRE, L.PROVINCE, province,
        shipped_units["TTVH"])
    for area in districts:
        if len(rows) + 2 > n:
            break
        number = int(area.code[1:])
        add(f"LT-TV-{area.code}", f"Thư viện huyện Thử {number}", K.LIBRARY, L.DISTRICT, area, units[area.pk])
        add(f"LT-TTVH-{area.code}", f"Trung tâm Văn hóa huyện Thử {number}", K.CULTURE_CENTRE, L.DISTRICT, area,
            units[area.pk])
    for commune in communes:
        if len(rows) >= n:
            break
        add(f"LT-NVH-{commune.code}", f"Nhà văn hóa xã Thử {int(commune.code[1:])}", K.CULTURAL_HOUSE, L.COMMUNE,
            commune, units[commune.parent_id])
    shares = [(K.CULTURAL_HOUSE, L.VILLAGE, "NVHB", "Nhà văn hóa bản", 15), (K.CLUB, L.VILLAGE, "CLB",
              "Câu lạc bộ", 15), (K.POST_OFFICE, L.COMMUNE, "BDVHX", "Bưu điện văn hóa xã", 5)]
    rest = n - len(rows)
    plan = [(kind, level, prefix, words, (rest * share) // 40) for kind, level, prefix, words, share in shares]
    plan.append((K.LIBRARY, L.COMMUNE, "TVX", "Thư viện xã", rest - sum(item[4] for item in plan)))
    for kind, level, prefix, words, count in plan:
        for number in range(1, count + 1):
            commune = communes[rng.randrange(len(communes))]
            add(f"LT-{prefix}-{number:05d}", f"{words} số {number} xã Thử {int(commune.code[1:])}", kind, level,
                commune, units[commune.parent_id])
    Institution.objects.bulk_create(rows, batch_size=BATCH)
    return list(Institution.objects.filter(code__startswith="LT-").order_by("code"))


def _plan(shipped, years, units):
    end = FIRST_YEAR + years - 1
    plan = Plan.objects.create(
        code=f"load-{FIRST_YEAR}-{end}", number="01/KH-THU", issued_on=datetime.date(FIRST_YEAR - 1, 12, 15),
        issuer="UBND tỉnh (tải thử)", title=f"Kế hoạch tải thử {FIRST_YEAR}–{end} (theo Kế hoạch 1133)",
        start_year=FIRST_YEAR, end_year=end, sections=shipped.sections, source_file="generate_load",
    )
    shipped_units = [u for u in shipped.reporting_units.all() if u.kind != ReportingUnitKind.DISTRICT]
    plan.reporting_units.set([*shipped_units, *units.values()])
    tasks = {}
    for task in shipped.tasks.prefetch_related("indicators", "responsibilities").order_by("order"):
        copy = Task.objects.create(plan=plan, code=task.code, section=task.section, section_title=task.section_title,
                                   text=task.text, source_ref=task.source_ref, order=task.order)
        copy.indicators.set(task.indicators.all())
        TaskResponsibility.objects.bulk_create([
            TaskResponsibility(task=copy, reporting_unit_id=r.reporting_unit_id, role=r.role, source_ref=r.source_ref)
            for r in task.responsibilities.all()
        ])
        tasks[task.pk] = copy
    last = shipped.end_year
    targets = list(Target.objects.filter(plan=shipped, year=last))
    Target.objects.bulk_create([
        Target(plan=plan, key=t.key, indicator_id=t.indicator_id, year=year, scope_mode=t.scope_mode,
               scope_kind=t.scope_kind, scope_levels=t.scope_levels, institution_id=t.institution_id,
               reporting_unit_id=t.reporting_unit_id, target_min=t.target_min, target_max=t.target_max,
               cadence_years=t.cadence_years, source_ref=t.source_ref, source_text=t.source_text,
               reading=t.reading, order=t.order)
        for year in range(FIRST_YEAR, end + 1) for t in targets
    ])
    return plan


def _figure(indicator, base, year_index, annual, rng):
    if indicator.value_type == ValueType.BOOLEAN:
        return Decimal(1 if base > 0.25 else 0)
    if indicator.value_type == ValueType.PERCENT:
        return Decimal(40 + int(base * 55))
    low, high = RANGES.get(indicator.code, (1, 10))
    value = (low + (high - low) * base) * (1 + 0.04 * year_index) * rng.uniform(0.9, 1.1)
    if annual and indicator.frequency == Frequency.HALF_YEARLY and indicator.running_count:
        value *= 2
    return Decimal(int(round(value)))


def _reports(plan, institutions, rng):
    by_unit = defaultdict(list)
    for institution in institutions:
        by_unit[institution.reporting_unit_id].append(institution)
    units = list(plan.reporting_units.select_related("admin_unit").order_by("pk"))
    periods = list(Period.objects.filter(plan=plan).order_by("year", "-kind"))
    bases = {}
    submissions, values = 0, 0
    for period in periods:
        indicators = indicators_for_period(period)
        sent = timezone.make_aware(datetime.datetime.combine(period.due_date - datetime.timedelta(days=3),
                                                             datetime.time(9)))
        cells_by_unit = {unit.pk: expected_cells(period, unit, indicators=indicators,
                                                 institutions=by_unit.get(unit.pk, [])) for unit in units}
        owing = [unit for unit in units if cells_by_unit[unit.pk]]
        Submission.objects.bulk_create([
            Submission(period=period, reporting_unit=unit, status=SubmissionStatus.APPROVED, version=3,
                       first_submitted_at=sent, submitted_at=sent, approved_at=sent + datetime.timedelta(days=2))
            for unit in owing
        ])
        ids = dict(Submission.objects.filter(period=period).values_list("reporting_unit_id", "pk"))
        batch = []
        for unit in owing:
            for cell in cells_by_unit[unit.pk]:
                entity = cell.institution.pk if cell.institution else -unit.pk
                base = bases.setdefault((cell.indicator.pk, entity), rng.random())
                batch.append(SubmissionValue(
                    submission_id=ids[unit.pk], indicator_id=cell.indicator.pk,
                    institution_id=cell.institution.pk if cell.institution else None,
                    value=_figure(cell.indicator, base, period.year - plan.start_year,
                                  period.kind == PeriodKind.ANNUAL, rng),
                ))
            if len(batch) >= BATCH:
                SubmissionValue.objects.bulk_create(batch)
                values += len(batch)
                batch = []
        SubmissionValue.objects.bulk_create(batch)
        values += len(batch)
        submissions += len(owing)
    return submissions, values
