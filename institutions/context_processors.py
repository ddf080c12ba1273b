from django.conf import settings

from .access import role_of, unit_of


def portal(request):
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    return {
        "portal_role": role,
        "portal_unit": unit_of(user) if role else None,
        "portal_province": settings.PORTAL_PROVINCE_NAME,
        "portal_department": settings.PORTAL_DEPARTMENT_NAME,
    }
