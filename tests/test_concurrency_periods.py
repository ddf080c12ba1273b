"""Two people acting on the same period or the same report at the same moment lose nothing.

The races run in threads that start together (PostgreSQL only: SQLite has no row locks). Two
staff closing (or reopening) one period: one succeeds, the other is told it is already done,
and the history has one line. Two members of a unit saving the same report from the same
version: one is saved, the other is refused with "người khác" and nothing of theirs is
written over the winner's. The last test shows the same refusal on the page, on any database.
"""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from audit.models import AuditEvent
from institutions.models import Role
from reporting.forms import value_field_name
from reporting.models import PeriodEvent, PeriodStatus, SubmissionEvent, SubmissionValue
from reporting.periods import period_close, period_reopen
from reporting.services import SubmissionError, submission_save

from .factories import fill_report, make_user


def on_postgres(test):
    """Threads, each on its own connection, racing for row locks: PostgreSQL only."""
    for mark in (
        pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
        pytest.mark.django_db(transaction=True),
        pytest.mark.postgres,
    ):
        test = mark(test)
    return test


CELL = "LIB_VISITS|TV-105"


@pytest.fixture
def draft(submission, unit_user):
    return fill_report(submission, unit_user, values={CELL: "100"})


def race(*actions):
    """Run each action in its own thread, all released at once; (results, refusals)."""
    barrier = threading.Barrier(len(actions))
    results, refusals = [], []

    def run(action):
        try:
            barrier.wait(timeout=10)
            results.append(action())
        except (ValidationError, SubmissionError) as exc:
            refusals.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, refusals


def staff(count):
    return [make_user(Role.STAFF, username=f"canbo{n}") for n in range(count)]


@on_postgres
def test_two_staff_closing_a_period_at_once_close_it_once(period):
    first, second = staff(2)
    results, refusals = race(
        lambda: period_close(period=period, user=first, reason="Hết hạn (1)"),
        lambda: period_close(period=period, user=second, reason="Hết hạn (2)"),
    )
    assert len(results) == 1 and len(refusals) == 1
    assert "đã khóa" in refusals[0].messages[0]
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED
    events = list(PeriodEvent.objects.filter(period=period).values_list("action", "user__username"))
    assert len(events) == 1 and events[0][0] == PeriodEvent.Action.CLOSE
    assert AuditEvent.objects.filter(action="period_close").count() == 1


@on_postgres
def test_two_staff_reopening_a_period_at_once_reopen_it_once(period):
    first, second = staff(2)
    period_close(period=period, user=first)
    results, refusals = race(
        lambda: period_reopen(period=period, user=first, reason="Bổ sung (1)"),
        lambda: period_reopen(period=period, user=second, reason="Bổ sung (2)"),
    )
    assert len(results) == 1 and len(refusals) == 1
    assert "chưa khóa" in refusals[0].messages[0]
    period.refresh_from_db()
    assert period.status == PeriodStatus.OPEN
    assert list(PeriodEvent.objects.filter(period=period).order_by("pk").values_list("action", flat=True)) == [
        PeriodEvent.Action.CLOSE, PeriodEvent.Action.REOPEN,
    ]
    assert AuditEvent.objects.filter(action="period_reopen").count() == 1


@on_postgres
def test_two_members_saving_the_same_version_at_once_one_is_told_nothing_is_lost(draft, unit, unit_user):
    colleague = make_user(Role.UNIT, unit=unit, username="donvi2")
    version = draft.version
    typed = {unit_user.username: "250", colleague.username: "300"}

    def save(user):
        def action():
            submission_save(submission=draft, user=user, values={CELL: typed[user.username]},
                            expected_version=version)
            return user.username
        return action

    results, refusals = race(save(unit_user), save(colleague))
    assert len(results) == 1 and len(refusals) == 1
    assert "người khác" in refusals[0].messages[0]
    winner = results[0]
    draft.refresh_from_db()
    assert draft.version == version + 1
    stored = SubmissionValue.objects.get(submission=draft, indicator__code="LIB_VISITS")
    assert stored.value == int(typed[winner])
    # The history shows exactly the winner's change, from the value both started from.
    changes = list(draft.events.filter(action=SubmissionEvent.Action.VALUE, old_value="100")
                   .values_list("user__username", "new_value"))
    assert changes == [(winner, typed[winner])]
    saves = AuditEvent.objects.filter(action="save", object_id=str(draft.pk)).order_by("pk")
    assert list(saves.values_list("username", flat=True)) == [unit_user.username, winner]  # the fill, the winner


@pytest.mark.django_db
def test_the_page_refuses_a_save_from_an_old_version_and_keeps_what_was_typed(client, draft, unit, unit_user):
    """Two members opened the form at the same version; the second to save is shown both values."""
    colleague = make_user(Role.UNIT, unit=unit, username="donvi2")
    url = reverse("reporting:submission_edit", args=[draft.pk])
    opened = draft.version

    client.force_login(unit_user)
    assert client.post(url, {"version": opened, value_field_name(CELL): "250"}).status_code == 302
    client.force_login(colleague)
    response = client.post(url, {"version": opened, value_field_name(CELL): "300"})

    assert response.status_code == 409
    html = response.content.decode()
    assert "người khác" in html
    assert 'value="300"' in html  # what the colleague typed is still in the form
    assert "250" in html  # beside what is stored now
    stored = SubmissionValue.objects.get(submission=draft, indicator__code="LIB_VISITS")
    assert stored.value == 250

