"""Versions of registry and plan rows (django-simple-history), read for the object's own page.

Every save of an institution, reporting unit, administrative unit, plan, indicator or target
stores a full copy of the row (``Model.history``) with who (``history_user``, from the request
by ``HistoryRequestMiddleware`` or ``instance._history_user``), when, and a reason. Work done
outside a request names itself with ``change_reason("load_plan <file>")``, which fills the
reason of every version saved inside it (also rows deleted by a queryset).

``object_history`` turns the stored copies into lines a reader can check: date, who, the
field's Vietnamese name and its old → new value (choices by label, foreign keys by name), in a
fixed number of queries whatever the number of versions.
"""
import contextlib
import contextvars
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Subquery
from django.dispatch import receiver
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.signals import pre_create_historical_record

from laichau_plan import formatting

from .models import AuditEvent

HISTORY_LIMIT = 50  # versions shown on a page, newest first
VALUE_MAX = 200
REASON_MAX = 100  # simple-history's history_change_reason column
# Stored in the versions the migrations add for rows that existed before history was kept.
BASELINE_REASON = "bắt đầu lưu lịch sử"

KINDS = {
    "+": gettext_lazy("tạo mới"),
    "~": gettext_lazy("sửa"),
    "-": gettext_lazy("xóa"),
}

_reason = contextvars.ContextVar("history_reason", default="")


@contextlib.contextmanager
def change_reason(reason):
    """Every version saved inside the block gets ``reason`` (unless it has its own)."""
    token = _reason.set(str(reason or "")[:REASON_MAX])
    try:
        yield
    finally:
        _reason.reset(token)


@receiver(pre_create_historical_record, dispatch_uid="audit_history_reason")
def _fill_reason(sender, history_instance, **kwargs):
    if not history_instance.history_change_reason and _reason.get():
        history_instance.history_change_reason = _reason.get()


def add_baseline(apps, model_names, app_label):
    """For a data migration: one version per existing row ("bắt đầu lưu lịch sử"), so that the
    first edit after history began shows the old value too."""
    from django.utils import timezone

    now = timezone.now()
    for name in model_names:
        model = apps.get_model(app_label, name)
        historical = apps.get_model(app_label, f"Historical{name}")
        own = {f.attname for f in model._meta.concrete_fields}
        columns = [f.attname for f in historical._meta.concrete_fields if f.attname in own]
        rows = [
            historical(**{column: getattr(obj, column) for column in columns}, history_date=now,
                       history_type="~", history_change_reason=BASELINE_REASON)
            for obj in model._default_manager.iterator()
        ]
        historical._default_manager.bulk_create(rows, batch_size=500)


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Version:
    at: datetime.datetime
    who: str
    action: str
    reason: str = ""
    subject: str = ""
    changes: list = field(default_factory=list)
    note: str = ""


def _who(record, baseline=False):
    user = record.history_user
    if user is not None:
        return user.get_full_name() or user.get_username()
    return "—" if baseline else (record.history_change_reason or "—")


def _list_labels():
    """Labels of the JSON lists of choices (levels, unit kinds), by field name."""
    from institutions.models import InstitutionLevel, ReportingUnitKind

    levels = dict(InstitutionLevel.choices)
    return {"scope_levels": levels, "applies_levels": levels, "applies_unit_kinds": dict(ReportingUnitKind.choices)}


def _display(model_field, value, names):
    if value is None or value == "" or value == []:
        return "—"
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return formatting.date(value)
    if isinstance(value, Decimal):
        return formatting.number(value)
    if isinstance(value, int):
        return str(value)  # years, order: no thousands dot (2015, not 2.015)
    if isinstance(value, (list, tuple)):
        labels = _list_labels().get(model_field.name, {})
        return ", ".join(
            str(item.get("code", item)) if isinstance(item, dict) else str(labels.get(item, item)) for item in value
        )
    return Truncator(str(value)).chars(VALUE_MAX)


def _diffs(records, fields, pk_name):
    """[(record, previous, [(field, old, new)])], each record against the previous version of its row."""
    older = {}
    result = []
    for record in reversed(records):  # oldest first
        previous = older.get(getattr(record, pk_name))
        changed = []
        if previous is not None and record.history_type != "-":
            changed = [(f, getattr(previous, f.attname), getattr(record, f.attname)) for f in fields
                       if getattr(previous, f.attname) != getattr(record, f.attname)]
        older[getattr(record, pk_name)] = record
        result.append((record, previous, changed))
    return list(reversed(result))


def _names(pairs):
    """{(model, pk): name} for every foreign key among the changes: one query per related model."""
    wanted = {}
    for model_field, old, new in pairs:
        if model_field.is_relation:
            wanted.setdefault(model_field.related_model, set()).update(v for v in (old, new) if v is not None)
    names = {}
    for model, pks in wanted.items():
        for obj in model._default_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = str(obj)
    return names


def history_versions(queryset, *, subject=None, limit=HISTORY_LIMIT):
    """The versions in ``queryset`` (a model's ``history`` manager, filtered), newest first, each
    with its changed fields. ``subject(record)``: a label of the row, when rows of several
    objects are listed together."""
    model = queryset.model
    fields = [f for f in model.tracked_fields if not f.primary_key]
    records = list(queryset.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    shown = records[:limit]
    diffs = _diffs(records, fields, model.instance_type._meta.pk.attname)[:limit]
    names = _names(pair for _record, _previous, changed in diffs for pair in changed)
    versions = []
    for record, previous, changed in diffs:
        baseline = record.history_change_reason == BASELINE_REASON and record.history_type == "~"
        versions.append(Version(
            at=record.history_date,
            who=_who(record, baseline),
            action=_("bắt đầu lưu lịch sử") if baseline else str(KINDS.get(record.history_type, "")),
            reason="" if baseline or record.history_user is None else (record.history_change_reason or ""),
            subject=subject(record) if subject else "",
            changes=[Change(str(f.verbose_name), _display(f, old, names), _display(f, new, names))
                     for f, old, new in changed],
            note=_("phiên bản cũ hơn không hiển thị") if previous is None and record.history_type == "~"
            and not baseline and len(records) > len(shown) else "",
        ))
    return versions


def _legacy_events(obj, model):
    """Audit lines about ``obj`` from before its history began (they name the fields only)."""
    first = model.history.filter(**{model._meta.pk.attname: obj.pk}).order_by("history_date")
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .filter(at__lt=Subquery(first.values("history_date")[:1]))
        .exclude(action__in=["sign_in", "sign_out", "sign_in_failed", "lockout"])
        .order_by("-at", "-pk")[:HISTORY_LIMIT]
    )


def _field_names(model, detail):
    labels = {f.name: str(f.verbose_name) for f in model._meta.fields}
    return ", ".join(labels.get(name.strip(), name.strip()) for name in detail.split(","))


def object_history(obj, *, with_audit=False):
    """``obj``'s versions, newest first; ``with_audit``: then the audit lines from before its
    history was kept (institutions: their edits were logged by field name only). Queries: the
    versions, one per foreign key model that changed, and the older audit lines if asked."""
    model = type(obj)
    versions = history_versions(model.history.filter(**{model._meta.pk.attname: obj.pk}))
    for event in _legacy_events(obj, model) if with_audit else []:
        detail = _field_names(model, event.detail) if event.action == "update" and event.detail else event.detail
        versions.append(Version(at=event.at, who=event.username or "—", action=event.get_action_display(),
                                note=detail))
    return versions


def versions_of_rows(model, rows_filter, subject):
    """Versions of every row of ``model`` matching ``rows_filter`` (deleted rows too)."""
    return history_versions(model.history.filter(**rows_filter), subject=subject)

