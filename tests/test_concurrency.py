"""Two staff members decide on the same submitted report at the same moment (PostgreSQL only:
SQLite has no row locks). Exactly one decision wins; the other is refused; the history has one."""
import threading

import pytest
from django.db import connection, connections

from institutions.models import Role
from reporting.models import ReviewComment, SubmissionEvent, SubmissionStatus
from reporting.services import SubmissionError, submission_approve, submission_return

from .factories import fill_report, make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
DECISIONS = [SubmissionEvent.Action.APPROVED, SubmissionEvent.Action.RETURNED]


@pytest.fixture
def submitted(submission, unit_user):
    return fill_report(submission, unit_user, submit=True)


def approve(submission, user, version):
    submission_approve(submission=submission, user=user, expected_version=version)


def send_back(submission, user, version):
    submission_return(submission=submission, user=user, comment=f"Trả lại ({user.username})",
                      expected_version=version)


def race(submission, actions, use_version):
    """Run the actions in threads that start together; returns (successes, refusals)."""
    users = [make_user(Role.STAFF, username=f"canbo{n}") for n in range(len(actions))]
    version = submission.version if use_version else None
    barrier = threading.Barrier(len(actions))
    successes, refusals = [], []

    def run(action, user):
        try:
            barrier.wait(timeout=10)
            action(submission, user, version)
            successes.append(user.username)
        except SubmissionError as exc:
            refusals.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in zip(actions, users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return successes, refusals


@pytest.mark.parametrize("actions", [(approve, send_back), (approve, approve), (send_back, send_back)],
                         ids=["approve-vs-return", "approve-twice", "return-twice"])
@pytest.mark.parametrize("use_version", [True, False], ids=["with-version", "without-version"])
def test_two_staff_deciding_at_once_make_exactly_one_decision(submitted, actions, use_version):
    successes, refusals = race(submitted, actions, use_version)
    assert len(successes) == 1 and len(refusals) == 1
    submitted.refresh_from_db()
    decisions = list(submitted.events.filter(action__in=DECISIONS).values_list("action", "user__username"))
    assert len(decisions) == 1 and decisions[0][1] == successes[0]
    expected = SubmissionStatus.APPROVED if decisions[0][0] == "approved" else SubmissionStatus.RETURNED
    assert submitted.status == expected
    assert ReviewComment.objects.count() == (1 if expected == SubmissionStatus.RETURNED else 0)
