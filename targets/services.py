"""Writing plans: load a checked plan file into the database, idempotently."""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from audit.history import REASON_MAX, change_reason
from audit.services import audit_record
from institutions.models import AdminUnit, Institution, ReportingUnit
from laichau_plan.text import nfc

from .models import Indicator, Plan, Target, Task, TaskResponsibility
from .planfile import PlanFile, PlanFileError, validate_plan_data

LABELS = {
    "plan": "kế hoạch",
    "reporting_units": "đơn vị báo cáo",
    "plan_units": "đơn vị phải báo cáo theo kế hoạch",
    "indicators": "chỉ tiêu",
    "tasks": "nhiệm vụ",
    "responsibilities": "trách nhiệm thực hiện",
    "indicator_links": "liên kết nhiệm vụ – chỉ tiêu",
    "targets": "mục tiêu theo năm",
}


class PlanLoadError(PlanFileError):
    """The file is valid but cannot be applied to this database (nothing was saved)."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0


@dataclass
class LoadSummary:
    plan: Plan = None
    counts: dict = field(default_factory=lambda: {name: Counts() for name in LABELS})
    unlinked_admin_units: list = field(default_factory=list)

    @property
    def created(self):
        return sum(count.created for count in self.counts.values())

    @property
    def updated(self):
        return sum(count.updated for count in self.counts.values())

    @property
    def deleted(self):
        return sum(count.deleted for count in self.counts.values())

    def brief(self, source_file):
        """One line for the audit log: the file and only what changed (the log shows 200 characters)."""
        parts = []
        for name, label in LABELS.items():
            count = self.counts[name]
            done = [f"{word} {number}" for word, number in
                    (("tạo mới", count.created), ("cập nhật", count.updated), ("xóa", count.deleted)) if number]
            if done:
                parts.append(f"{label}: {', '.join(done)}")
        return f"Tệp {source_file or '—'}: {'; '.join(parts)}."

    def lines(self):
        lines = [f"Kế hoạch {self.plan.number} ({self.plan.code}):"]
        for name, label in LABELS.items():
            count = self.counts[name]
            lines.append(f"  {label}: tạo mới {count.created}, cập nhật {count.updated}, xóa {count.deleted}")
        lines.append(f"Tổng: tạo mới {self.created}, cập nhật {self.updated}, xóa {self.deleted}.")
        if self.unlinked_admin_units:
            lines.append(
                "Chưa gắn được địa bàn (chưa nạp đơn vị hành chính? chạy load_admin_units rồi nạp lại): "
                + ", ".join(self.unlinked_admin_units)
            )
        return lines


def _clean(value):
    return nfc(value) if isinstance(value, str) else value


def _check(instance):
    """Field checks (choices, lengths); the file was checked already and the database holds
    the unique and check constraints, so skip the per-row queries of foreign keys and uniques."""
    relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def _put(model, counts, instance, values, **identity):
    """Create ``model`` or update ``instance`` with ``values``; count what happened."""
    values = {name: _clean(value) for name, value in values.items()}
    if instance is None:
        instance = model(**identity, **values)
        _check(instance)
        instance.save()
        counts.created += 1
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        _check(instance)
        instance.save(update_fields=changed)
        counts.updated += 1
    return instance


def load_reason(source_file):
    """What the versions a load saves say instead of a person: "load_plan plans/x.yaml" (a long
    path keeps its end, the file's name)."""
    reason = f"load_plan {source_file}".strip()
    return reason if len(reason) <= REASON_MAX else f"load_plan …{reason[-(REASON_MAX - 11):]}"


@transaction.atomic
def plan_load(*, data, source_file="", user=None):
    """Create or update the plan in ``data`` (a PlanFile, or parsed YAML to be checked).

    Everything or nothing: on any error the transaction is rolled back and PlanFileError
    (or PlanLoadError) lists the problems. Returns a LoadSummary. Each plan, unit, indicator and
    target it changes gets a version named "load_plan <file>"; the load is one audit line naming
    the file with the summary's counts.
    """
    spec = data if isinstance(data, PlanFile) else validate_plan_data(data)
    institutions = _institutions_for(spec)
    summary = LoadSummary()
    try:
        with change_reason(load_reason(source_file)):
            summary.plan = plan = _load_plan(spec, source_file, summary)
            units = _load_units(spec, plan, summary)
            indicators = _load_indicators(spec, plan, summary)
            _load_tasks(spec, plan, units, indicators, summary)
            _load_targets(spec, plan, units, indicators, institutions, summary)
        if summary.created or summary.updated or summary.deleted:  # a reload that changes nothing is no event
            audit_record(user=user, action="plan_load", obj=plan, detail=summary.brief(source_file))
    except ValidationError as exc:
        raise PlanLoadError([f"dữ liệu không lưu được: {message}" for message in exc.messages]) from exc
    except IntegrityError as exc:
        raise PlanLoadError([f"cơ sở dữ liệu từ chối: {exc}"]) from exc
    except ProtectedError as exc:
        used = sorted({str(obj) for obj in exc.protected_objects})[:5]
        raise PlanLoadError(
            ["không xóa được mục đã bỏ khỏi tệp vì báo cáo đã dùng đến nó: " + "; ".join(used)]
        ) from exc
    return summary


def _institutions_for(spec):
    codes = {target.institution for target in spec.targets if target.institution}
    found = {item.code: item for item in Institution.objects.filter(code__in=codes)}
    missing = [
        f"targets[{index}].scope.institution: không tìm thấy thiết chế mã {target.institution}"
        for index, target in enumerate(spec.targets)
        if target.institution and target.institution not in found
    ]
    if missing:
        raise PlanLoadError(missing)
    return found


def _load_plan(spec, source_file, summary):
    p = spec.plan
    values = {
        "number": p.number, "issued_on": p.issued_on, "issuer": p.issuer, "title": p.title,
        "implements": p.implements, "start_year": p.start_year, "end_year": p.end_year,
        "half_year_due": p.half_year_due, "annual_due": p.annual_due, "sections": p.sections,
        "reporting_kinds": p.reporting_kinds,
        "source_file": str(source_file or "")[-300:],
    }
    existing = Plan.objects.filter(code=p.code).first()
    return _put(Plan, summary.counts["plan"], existing, values, code=p.code)


def _load_units(spec, plan, summary):
    counts = summary.counts["reporting_units"]
    existing = {unit.code: unit for unit in ReportingUnit.objects.filter(code__in=[u.code for u in spec.reporting_units])}
    area_codes = {u.admin_unit for u in spec.reporting_units if u.admin_unit}
    candidates = AdminUnit.objects.filter(code__in=area_codes)
    if spec.plan.admin_structure:  # the same statistics code names another unit in each structure
        candidates = candidates.filter(structure=spec.plan.admin_structure)
    areas = {}
    for area in candidates.order_by("-valid_from", "-structure"):
        areas[area.code] = area  # without plan.admin_structure, the earliest structure wins
    units = {}
    for unit in spec.reporting_units:
        values = {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "order": unit.order}
        if unit.email:
            values["email"] = unit.email
        if unit.admin_unit and unit.admin_unit in areas:
            values["admin_unit_id"] = areas[unit.admin_unit].pk
        elif unit.admin_unit:
            summary.unlinked_admin_units.append(unit.code)
        units[unit.code] = _put(ReportingUnit, counts, existing.get(unit.code), values, code=unit.code)
    # The units of the plan's reporting kinds that do not say reports: false (targets.planfile).
    wanted = {units[unit.code].pk for unit in spec.reporting_units if unit.reports}
    _sync_links(Plan.reporting_units.through, {"plan_id": plan.pk}, "reportingunit_id", wanted, summary.counts["plan_units"])
    return units


def _sync_links(through, owner, column, wanted, counts):
    """Make the rows of an auto-created M2M table for ``owner`` point at exactly ``wanted``."""
    rows = through.objects.filter(**owner)
    have = set(rows.values_list(column, flat=True))
    removed = have - wanted
    if removed:
        rows.filter(**{f"{column}__in": removed}).delete()
    through.objects.bulk_create([through(**owner, **{column: pk}) for pk in sorted(wanted - have)])
    counts.created += len(wanted - have)
    counts.deleted += len(removed)


def _indicator_values(item):
    return {
            "name_vi": item.name_vi, "name_en": item.name_en, "unit_vi": item.unit_vi, "unit_en": item.unit_en,
            "value_type": item.value_type, "aggregation": item.aggregation, "applies_to": item.applies_to,
            "applies_kind": item.applies_kind or "", "applies_levels": item.applies_levels,
            "applies_unit_kinds": item.applies_unit_kinds, "frequency": item.frequency,
            "running_count": item.running_count, "source_ref": item.source_ref,
            "description": item.description, "order": item.order,
        }


def _load_indicators(spec, plan, summary):
    counts = summary.counts["indicators"]
    existing = {item.code: item for item in Indicator.objects.filter(code__in=[i.code for i in spec.indicators])}
    _refuse_changing_shared(spec, plan, existing)
    result = {}
    for item in spec.indicators:
        values = _indicator_values(item)
        result[item.code] = _put(Indicator, counts, existing.get(item.code), values, code=item.code)
    return result


# What an indicator counts and how: a file may not change these while another plan uses the code
# (its names, texts and order it may: they are words, not figures).
COUNTING_FIELDS = (
    "value_type", "aggregation", "applies_to", "applies_kind", "applies_levels", "applies_unit_kinds",
    "frequency", "running_count",
)


def _refuse_changing_shared(spec, plan, existing):
    """An indicator code shared with another plan must count what that plan counts: changing it
    here would change the figures of the other plan's reports."""
    others = {}  # indicator pk: the numbers of the other plans that use it
    for indicator_id, number in [
        *Target.objects.filter(indicator__in=existing.values()).exclude(plan=plan)
        .values_list("indicator_id", "plan__number"),
        *Indicator.tasks.through.objects.filter(indicator__in=existing.values()).exclude(task__plan=plan)
        .values_list("indicator_id", "task__plan__number"),
    ]:
        others.setdefault(indicator_id, set()).add(number)
    errors = []
    for index, item in enumerate(spec.indicators):
        indicator = existing.get(item.code)
        if indicator is None or indicator.pk not in others:
            continue
        values = _indicator_values(item)
        changed = [name for name in COUNTING_FIELDS if getattr(indicator, name) != values[name]]
        if changed:
            errors.append(
                f"indicators[{index}]: chỉ tiêu {item.code} dùng chung với kế hoạch "
                f"{', '.join(sorted(others[indicator.pk]))} nhưng tệp này ghi khác ở {', '.join(changed)}; "
                "chép đúng cách tính đã có hoặc đặt mã chỉ tiêu mới, để số liệu báo cáo của kế hoạch kia không đổi"
            )
    if errors:
        raise PlanLoadError(errors)


def _load_tasks(spec, plan, units, indicators, summary):
    counts = summary.counts["tasks"]
    existing = {task.code: task for task in plan.tasks.all()}
    tasks = {}
    for item in spec.tasks:
        values = {
            "section": item.section, "section_title": item.section_title, "text": item.text,
            "source_ref": item.source_ref, "order": item.order,
        }
        tasks[item.code] = _put(Task, counts, existing.get(item.code), values, plan=plan, code=item.code)
    _responsibilities(spec, plan, tasks, units, summary.counts["responsibilities"])
    through = Indicator.tasks.through
    links = summary.counts["indicator_links"]
    wanted = {(tasks[t.code].pk, indicators[code].pk) for t in spec.tasks for code in t.indicators}
    rows = through.objects.filter(task__plan=plan)
    have = set(rows.values_list("task_id", "indicator_id"))
    for task_id, indicator_id in have - wanted:
        rows.filter(task_id=task_id, indicator_id=indicator_id).delete()
    through.objects.bulk_create([through(task_id=t, indicator_id=i) for t, i in sorted(wanted - have)])
    links.created += len(wanted - have)
    links.deleted += len(have - wanted)
    stale = [task for code, task in existing.items() if code not in tasks]
    if stale:
        Task.objects.filter(pk__in=[task.pk for task in stale]).delete()
        counts.deleted += len(stale)


def _responsibilities(spec, plan, tasks, units, counts):
    existing = {(r.task_id, r.reporting_unit_id): r for r in TaskResponsibility.objects.filter(task__plan=plan)}
    kept = set()
    for item in spec.tasks:
        task = tasks[item.code]
        for resp in item.responsible:
            key = (task.pk, units[resp.unit].pk)
            kept.add(key)
            _put(
                TaskResponsibility, counts, existing.get(key), {"role": resp.role, "source_ref": resp.source_ref},
                task=task, reporting_unit=units[resp.unit],
            )
    stale = [r.pk for key, r in existing.items() if key not in kept]
    if stale:
        TaskResponsibility.objects.filter(pk__in=stale).delete()
        counts.deleted += len(stale)


def _load_targets(spec, plan, units, indicators, institutions, summary):
    counts = summary.counts["targets"]
    existing = {(t.key, t.year): t for t in plan.targets.all()}
    kept = set()
    for item in spec.targets:
        institution = institutions.get(item.institution)
        unit = units.get(item.reporting_unit)
        for value in item.values:
            kept.add((item.key, value.year))
            values = {
                "indicator_id": indicators[item.indicator].pk, "scope_mode": item.scope_mode,
                "scope_kind": item.scope_kind or "", "scope_levels": item.scope_levels,
                "institution_id": institution.pk if institution else None,
                "reporting_unit_id": unit.pk if unit else None,
                "target_min": value.min, "target_max": value.max, "cadence_years": item.cadence_years,
                "source_ref": item.source_ref, "source_text": item.source_text, "reading": item.reading,
                "order": item.order,
            }
            _put(Target, counts, existing.get((item.key, value.year)), values, plan=plan, key=item.key, year=value.year)
    stale = [target.pk for key, target in existing.items() if key not in kept]
    if stale:
        Target.objects.filter(pk__in=stale).delete()
        counts.deleted += len(stale)
