"""The report's numbers in the cache, under a key that changes whenever what they are read from does.

``report_data`` (serialize.py) keeps the canonical JSON of a period's report in Django's cache
(LocMem per process, or Redis shared by every server when REDIS_URL is set). The key holds a
*stamp*: one cheap query over the small tables and the submissions of the plan, so a report is
never served stale after

- a submission is created, submitted, returned or approved, or its values are saved through the
  services (every change bumps ``Submission.updated_at``), or a figure row is added;
- an institution is added, edited, deactivated or reactivated; a reporting unit, administrative
  unit or indicator is added, or a unit is deactivated;
- a target of the plan is added, removed or has its bounds or cadence changed, the plan is
  reloaded, or the period's dates or title change.

The stamp is the same for every period of a plan (``plan_stamp``), so a page that shows the
reports of several periods (plan progress) asks once.

Edits that bypass ``save()`` (``QuerySet.update`` in a shell) and renaming a unit in the admin
are not seen by the stamp: entries also expire after ``REPORT_CACHE_SECONDS`` (default 600;
0 turns the cache off).
"""
import hashlib

from django.conf import settings
from django.db import connection

STAMP_SQL = """
SELECT * FROM
 (SELECT COUNT(*), MAX(s.updated_at), MAX(s.first_submitted_at), MAX(s.approved_at), MAX(s.submitted_at)
    FROM reporting_submission s WHERE s.period_id IN (SELECT p.id FROM reporting_period p WHERE p.plan_id = %s)) sub,
 (SELECT MAX(v.id) FROM reporting_submissionvalue v) val,
 (SELECT COUNT(*), MAX(i.updated_at), SUM(CASE WHEN i.is_active THEN 1 ELSE 0 END)
    FROM institutions_institution i) ins,
 (SELECT COUNT(*), MAX(t.id), SUM(t.target_min), SUM(t.target_max), SUM(t.cadence_years), SUM(t.year)
    FROM targets_target t WHERE t.plan_id = %s) tar,
 (SELECT COUNT(*), MAX(u.id), SUM(CASE WHEN u.is_active THEN 1 ELSE 0 END) FROM institutions_reportingunit u) uni,
 (SELECT COUNT(*), MAX(a.id) FROM institutions_adminunit a) adm,
 (SELECT COUNT(*), MAX(n.id) FROM targets_indicator n) ind,
 (SELECT COUNT(*) FROM targets_plan_reporting_units r WHERE r.plan_id = %s) pru,
 (SELECT MAX(pl.loaded_at) FROM targets_plan pl WHERE pl.id = %s) pla
"""


def timeout():
    return getattr(settings, "REPORT_CACHE_SECONDS", 600)


def plan_stamp(plan_id):
    """A digest of everything the reports of the plan's periods read, but the periods (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(STAMP_SQL, [plan_id, plan_id, plan_id, plan_id])
        row = cursor.fetchone()
    return hashlib.sha1(repr(row).encode()).hexdigest()


def data_stamp(period, plan_stamp_=None):
    """A short digest of everything the report of ``period`` reads (one query, or none when the
    plan's stamp is given)."""
    facts = [period.pk, period.code, period.kind, period.year, period.title, period.cutoff_start, period.cutoff_end,
             period.due_date, period.status, plan_stamp_ or plan_stamp(period.plan_id)]
    return hashlib.sha1(repr(facts).encode()).hexdigest()


def report_key(period, include_submitted, plan_stamp_=None):
    return f"consolidated:{period.pk}:{int(bool(include_submitted))}:{data_stamp(period, plan_stamp_)}"
