"""E-mails to reporting units: a reminder before the due date, a notice when the report is late.

Run daily from cron (``manage.py send_reminders``). Without a table of sent mails, the dates
decide: a reminder exactly ``days_before`` days before the due date, a late notice the day
after it and then every ``late_every`` days for ``late_for`` days (then the department
closes the period or telephones), while the period is open and the report has not been sent
(not started, draft, or returned for changes). Each message has a
subject, a text and an HTML template under templates/emails/.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from institutions.models import Profile, Role

from .models import PeriodStatus, SubmissionStatus
from .progress import period_summaries, periods_queryset

BEFORE, LATE = "before", "late"
LATE_FOR = 90
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


def base_url():
    """Where the portal is reached, for links in e-mails (the PORTAL_BASE_URL setting)."""
    return settings.PORTAL_BASE_URL.rstrip("/")


def _kind_for(days_left, days_before, late_every, late_for):
    if days_left == days_before:
        return BEFORE
    if 0 < -days_left <= late_for and (-days_left - 1) % late_every == 0:
        return LATE
    return None


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
    periods = [period for period in periods_queryset().filter(status=PeriodStatus.OPEN)
               if _kind_for((period.due_date - today).days, *rule)]
    reminders = []
    for summary in period_summaries(periods, today=today):
        kind = _kind_for((summary.period.due_date - today).days, *rule)
        for row in summary.rows:
            if (row.submission.status if row.submission else None) in NOT_SENT:
                reminders.append(Reminder(kind, row))
    addresses = recipients_by_unit({reminder.unit for reminder in reminders})
    for reminder in reminders:
        reminder.recipients = addresses.get(reminder.unit.pk, [])
    return reminders


def reminder_message(reminder, *, connection=None):
    """The e-mail for one reminder: subject, text and HTML from templates/emails/<kind>_*."""
    progress = reminder.progress
    link = base_url() + (
        reverse("reporting:submission_edit", args=[progress.submission.pk]) if progress.submission
        else reverse("reporting:unit_home")
    )
    context = {
        "unit": reminder.unit, "period": reminder.period, "days": reminder.days, "status": progress.status_label,
        "link": link, "department": settings.PORTAL_DEPARTMENT_NAME, "province": settings.PORTAL_PROVINCE_NAME,
    }
    name = "reminder" if reminder.kind == BEFORE else "late"
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"emails/{name}.txt", context),
        to=reminder.recipients, connection=connection,
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message


def send_reminders(*, today=None, days_before=7, late_every=7, late_for=LATE_FOR, dry_run=False):
    """Send what is due today; returns the reminders (those without any address are not sent)."""
    today = today or timezone.localdate()
    reminders = reminders_due(today=today, days_before=days_before, late_every=late_every, late_for=late_for)
    messages = [reminder_message(reminder) for reminder in reminders if reminder.recipients]
    if messages and not dry_run:
        get_connection().send_messages(messages)
    return reminders
