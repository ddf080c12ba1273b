from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from institutions.access import is_department_staff, read_only, role_of, unit_of
from reporting.progress import waiting_for_department


@login_required
@read_only
def home(request):
    """Landing page: for the department's staff what waits for them first, then what each role
    can do from here."""
    waiting = waiting_for_department() if is_department_staff(request.user) else None
    return render(request, "home.html", {"role": role_of(request.user), "unit": unit_of(request.user),
                                         "waiting": waiting})
