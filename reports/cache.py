"""The report's numbers in the cache, under a key that changes whenever what they are read from does.

``data.report_json`` keeps the canonical JSON of a period's report in Django's cache (LocMem per
process, or Redis shared by every server when REDIS_URL is set), under a key that holds the
*generation*: a counter in the database (``ReportGeneration``, one row) that goes up with every
change to what a report reads. Reading it is one query by primary key; a new generation is a new
key for every report, so no report is served stale, in any process, after

- a row of the registry, the plan or the submissions is saved or deleted in any way that sends
  Django's model signals: the services (saving figures, submitting, returning, approving, opening
  and closing periods, the registry and its import, loading a plan), the admin, the shell;
- a plan's list of reporting units or an ad hoc period's indicators changes.

``SOURCES`` are those apps; the models no report reads are left out (``NOT_READ``). Writes that
send no signal (``bulk_create``, ``QuerySet.update``) call ``bump()`` themselves where a report
reads what they write (the figures: their submission is saved with them). Anything else done
behind the ORM's back is bounded by ``REPORT_CACHE_SECONDS`` (default 600; 0 turns the cache off).

The counter is updated inside the writer's transaction: readers see the new generation exactly
when they see the new data, and a report built from the old data stays under the old key.
"""
from django.apps import apps
from django.conf import settings
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import ReportGeneration

SOURCES = ("institutions", "targets", "reporting")
NOT_READ = {"institutions.profile", "reporting.periodevent", "reporting.submissionevent", "reporting.sentmail",
            "reporting.reviewcomment", "reporting.attachment"}


def timeout():
    return getattr(settings, "REPORT_CACHE_SECONDS", 600)


def generation():
    """The current generation (one query)."""
    return ReportGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def bump(**_signal):
    """Something a report reads has changed: a new generation."""
    if not ReportGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        ReportGeneration.objects.get_or_create(pk=1, defaults={"value": 1})


def report_key(period, include_submitted, generation_=None):
    generation_ = generation() if generation_ is None else generation_
    return f"consolidated:{period.pk}:{int(bool(include_submitted))}:{generation_}"


def watch_sources():
    """Bump on every save and delete of the models reports read (called once, by the app config)."""
    for app_label in SOURCES:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label_lower in NOT_READ:
                continue
            post_save.connect(bump, sender=model, dispatch_uid=f"report-generation-save-{model._meta.label_lower}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"report-generation-delete-{model._meta.label_lower}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(bump, sender=field.remote_field.through,
                                    dispatch_uid=f"report-generation-m2m-{model._meta.label_lower}-{field.name}")
