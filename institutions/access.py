"""Who may see what. Every view fetches objects through these helpers, never by raw id."""
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed

from .models import Institution, ReportingUnit, Role


def role_of(user):
    """The user's portal role: superusers count as department staff; no profile, no role."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.STAFF
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def unit_of(user):
    """The reporting unit a unit member belongs to, else None."""
    if role_of(user) != Role.UNIT:
        return None
    return user.profile.reporting_unit


def is_department_staff(user):
    return role_of(user) == Role.STAFF


def can_read_everything(user):
    """Department staff and leaders read the whole province."""
    return role_of(user) in (Role.STAFF, Role.LEADER)


def role_required(*roles):
    """Login required, then one of ``roles``; anyone else gets 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if role_of(request.user) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def read_only(view):
    """A page that only shows: GET and HEAD. A POST is refused: 403 for leaders (who only ever
    read), 405 for everyone else. Put under the role decorator, so anonymous visitors still go to login."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            if role_of(request.user) == Role.LEADER:
                raise PermissionDenied
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, *args, **kwargs)

    return wrapped


staff_required = role_required(Role.STAFF)
any_role_required = role_required(Role.STAFF, Role.LEADER, Role.UNIT)
readers_required = role_required(Role.STAFF, Role.LEADER)


def limit_to_own_unit(user, queryset, unit_field="reporting_unit_id"):
    """``queryset`` whole for staff and leaders, filtered to the member's unit (``unit_field`` holds
    the unit's id), empty for anyone else."""
    if can_read_everything(user):
        return queryset
    unit = unit_of(user)
    if unit is None:
        return queryset.none()
    return queryset.filter(**{unit_field: unit.pk})


def institutions_visible_to(user):
    """Institutions a user may see: all for staff and leaders, its own for a unit member."""
    return limit_to_own_unit(user, Institution.objects.all())


def reporting_units_visible_to(user):
    return limit_to_own_unit(user, ReportingUnit.objects.all(), unit_field="pk")


def get_institution_for_user(user, code):
    """The institution with ``code`` if the user may see it; 404 for outsiders."""
    institution = (
        institutions_visible_to(user)
        .select_related("admin_unit__parent", "reporting_unit")
        .filter(code=code)
        .first()
    )
    if institution is None:
        raise Http404
    return institution


def get_reporting_unit_for_user(user, code):
    unit = reporting_units_visible_to(user).select_related("admin_unit").filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


def get_unit_member(unit, pk):
    """The account ``pk`` if it is a member of ``unit`` (with its profile); 404 for any other."""
    member = (
        get_user_model()._default_manager.select_related("profile__reporting_unit")
        .filter(pk=pk, profile__role=Role.UNIT, profile__reporting_unit=unit)
        .first()
    )
    if member is None:
        raise Http404
    return member
