"""E-mails: to reporting units, a reminder before the due date and a notice when the report is
late; when a report changes hands, to the department's staff (sent) and to the unit (returned,
approved, reopened after approval).

Hand-overs (``notify_handover``) are sent once the change is committed, in Vietnamese whatever
the page's language; a mail that cannot be sent is logged and never undoes the change.

Reminders run daily from cron (``manage.py send_reminders``), while the period is open and
the report has not been sent (not started, draft, or returned for changes): a reminder
``days_before`` days before the due date, a late notice the day after it and then every
``late_every`` days for ``late_for`` days (then the department closes the period or
telephones). Every mail sent is recorded (``SentMail``), and the record decides: a mail is
due when its day has come and none has gone since that day, so a second run the same day
sends nothing new and a day cron missed is caught up the next time it runs. Each message has a
subject, a text and an HTML template under templates/emails/.
"""
import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from institutions.models import Profile, Role
from laichau_plan.mail import base_url, render_message

from .models import PeriodStatus, SentMail, SubmissionStatus
from .progress import period_summaries, periods_queryset

logger = logging.getLogger(__name__)

BEFORE, LATE = SentMail.Kind.BEFORE, SentMail.Kind.LATE
LATE_FOR = 90
# A reopened report is left out: it was sent on time and approved, and the department asked for the
# correction itself, by the mail that reopened it; a late notice would say what is not so.
NOT_SENT = {None, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}


@dataclass
class Reminder:
    kind: str  # BEFORE or LATE
    progress: object  # reporting.progress.UnitProgress
    recipients: list = field(default_factory=list)

    @property
    def period(self):
        return self.progress.period

    @property
    def unit(self):
        return self.progress.unit

    @property
    def days(self):
        return abs(self.progress.days_left)


def _due(period, today, days_before, late_every, late_for):
    """(kind, the day it fell due) of the mail that unsent reports of ``period`` are owed on
    ``today``, or None: the reminder from ``days_before`` days before the due date until it, the
    n-th late notice from the day after it plus n × ``late_every`` days."""
    days_left = (period.due_date - today).days
    if 0 <= days_left <= days_before:
        return BEFORE, period.due_date - datetime.timedelta(days=days_before)
    if 1 <= -days_left <= late_for:
        notice = (-days_left - 1) // late_every
        return LATE, period.due_date + datetime.timedelta(days=1 + notice * late_every)
    return None


def _last_sent(periods):
    """{(period pk, unit pk, kind): the last day a reminder or late notice went} (one query)."""
    rows = (SentMail.objects.filter(period__in=periods, kind__in=[BEFORE, LATE])
            .values_list("period_id", "reporting_unit_id", "kind").annotate(last=Max("sent_on")).order_by())
    return {(period_id, unit_id, kind): last for period_id, unit_id, kind, last in rows}


def _record(kind, period, unit, message, day=None):
    """``day``: the day the reminders counted from (``--today``), else today."""
    now = timezone.now()
    SentMail.objects.create(kind=kind, period=period, reporting_unit=unit, to=", ".join(message.to),
                            subject=message.subject[:300], sent_at=now, sent_on=day or timezone.localdate(now))


def recipients_by_unit(units):
    """{unit pk: sorted addresses}: the unit's own address and its active members' addresses."""
    addresses = defaultdict(set)
    for unit in units:
        if unit.email:
            addresses[unit.pk].add(unit.email.strip().lower())
    members = Profile.objects.filter(
        role=Role.UNIT, reporting_unit__in=[unit.pk for unit in units], user__is_active=True
    ).exclude(user__email="").values_list("reporting_unit_id", "user__email")
    for unit_id, email in members:
        addresses[unit_id].add(email.strip().lower())
    return {unit_id: sorted(emails) for unit_id, emails in addresses.items()}


def reminders_due(*, today, days_before=7, late_every=7, late_for=LATE_FOR):
    """The reminders and late notices to send on ``today``."""
    rule = (days_before, late_every, late_for)
    due = {period: _due(period, today, *rule) for period in periods_queryset().filter(status=PeriodStatus.OPEN)}
    periods = [period for period, owed in due.items() if owed]
    last = _last_sent(periods)
    reminders = []
    for summary in period_summaries(periods, today=today):
        kind, since = due[summary.period]
        for row in summary.rows:
            sent = last.get((summary.period.pk, row.unit.pk, kind))
            if (row.submission.status if row.submission else None) in NOT_SENT and not (sent and sent >= since):
                reminders.append(Reminder(kind, row))
    addresses = recipients_by_unit({reminder.unit for reminder in reminders})
    for reminder in reminders:
        reminder.recipients = addresses.get(reminder.unit.pk, [])
    return reminders


def reminder_message(reminder, *, connection=None):
    """The e-mail for one reminder (templates/emails/reminder_* or late_*)."""
    progress = reminder.progress
    link = base_url() + (
        reverse("reporting:submission_edit", args=[progress.submission.pk]) if progress.submission
        else reverse("reporting:unit_home")
    )
    context = {
        "addressee": reminder.unit.name, "unit": reminder.unit, "period": reminder.period, "days": reminder.days,
        "status": progress.status_label, "link": link,
    }
    name = "reminder" if reminder.kind == BEFORE else "late"
    return render_message(name, context, reminder.recipients, connection=connection)


def staff_addresses():
    """The department's staff with an address (active users)."""
    emails = Profile.objects.filter(role=Role.STAFF, user__is_active=True).exclude(user__email="").values_list(
        "user__email", flat=True
    )
    return sorted({email.strip().lower() for email in emails})


# A report changes hands: who is told, which template, which page the link opens.
HANDOVERS = {
    SubmissionStatus.SUBMITTED: ("staff", "submitted", "reporting:review"),
    SubmissionStatus.RETURNED: ("unit", "returned", "reporting:submission_edit"),
    SubmissionStatus.APPROVED: ("unit", "approved", "reporting:submission_detail"),
    SubmissionStatus.REOPENED: ("unit", "reopened", "reporting:submission_edit"),
}


def handover_message(submission, *, comment=""):
    """The e-mail telling who is next that ``submission`` is now in its status (None: nobody to tell)."""
    audience, name, page = HANDOVERS[submission.status]
    unit = submission.reporting_unit
    if audience == "staff":
        to, addressee = staff_addresses(), settings.PORTAL_DEPARTMENT_NAME
    else:
        to, addressee = recipients_by_unit([unit]).get(unit.pk, []), unit.name
    if not to:
        return None
    context = {
        "addressee": addressee, "unit": unit, "period": submission.period, "submission": submission,
        "comment": comment, "link": base_url() + reverse(page, args=[submission.pk]),
        "first_time": submission.submitted_at == submission.first_submitted_at,
    }
    return render_message(name, context, to)


def notify_handover(submission, *, comment=""):
    """Once the change commits, mail who is next (staff for a sent report, the unit otherwise)."""
    def send():
        try:
            message = handover_message(submission, comment=comment)
            if message is not None:
                message.send()
                _record(submission.status, submission.period, submission.reporting_unit, message)
        except Exception:  # the report has changed hands; a mail server down must not say otherwise
            logger.exception("handover mail for submission %s (%s) not sent", submission.pk, submission.status)

    transaction.on_commit(send)


def send_reminders(*, today=None, days_before=7, late_every=7, late_for=LATE_FOR, dry_run=False):
    """Send what is due today, each mail recorded once it has gone; returns the reminders
    (those without any address are not sent)."""
    today = today or timezone.localdate()
    reminders = reminders_due(today=today, days_before=days_before, late_every=late_every, late_for=late_for)
    addressed = [reminder for reminder in reminders if reminder.recipients]
    if addressed and not dry_run:
        with get_connection() as connection:
            for reminder in addressed:
                message = reminder_message(reminder, connection=connection)
                message.send()
                _record(reminder.kind, reminder.period, reminder.unit, message, today)
    return reminders
