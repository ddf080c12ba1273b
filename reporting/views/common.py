"""Access helpers every reporting view starts with: fetch through the user's rights, never by raw id.

Outsiders get 404 (another unit's report does not exist for them); a user who may see the
object but not do the action gets 403 (leaders read only; units fill, staff review).
"""
from django.core.exceptions import PermissionDenied

from institutions.access import is_department_staff, read_only, unit_of  # noqa: F401  (read_only: for the views)

from ..selectors import get_submission_for_user


def submission_for_reader(request, pk):
    """Anyone who may see the report: its unit's members, staff, leaders."""
    return get_submission_for_user(request.user, pk)


def submission_for_unit_member(request, pk):
    """The report, for a member of its own unit (who fills it); 403 for staff and leaders."""
    submission = get_submission_for_user(request.user, pk)
    unit = unit_of(request.user)
    if unit is None or unit.pk != submission.reporting_unit_id:
        raise PermissionDenied
    return submission


def submission_for_staff(request, pk):
    """The report, for department staff (who review it); 403 for everyone else who may see it."""
    submission = get_submission_for_user(request.user, pk)
    if not is_department_staff(request.user):
        raise PermissionDenied
    return submission


def can_edit(user, submission):
    unit = unit_of(user)
    return bool(unit and unit.pk == submission.reporting_unit_id and submission.is_editable
                and submission.period.is_open)


def report_context(submission, data, **extra):
    """What every page showing one report needs (the form, the read-only page, the review)."""
    return {
        "submission": submission,
        "period": submission.period,
        "unit": submission.reporting_unit,
        "data": data,
        "groups": data.groups(),
        "attachments": submission.attachments.select_related("uploaded_by"),
        **extra,
    }
