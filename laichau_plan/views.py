from django.contrib.auth.decorators import login_required
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

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


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links (PDF and file views, bookmarks); the
    static name is looked up per request, since the production manifest exists only after
    collectstatic."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
