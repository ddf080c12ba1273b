import sys

from django.contrib.auth.decorators import login_required
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token

from institutions.access import is_department_staff, read_only, role_of, unit_of
from reporting.progress import waiting_for_department

from .middleware import DATABASE_DOWN_ERRORS, database_down_response


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


@requires_csrf_token
def server_error(request):
    """handler500: the database gone (a middleware lost it while reading the session) answers the
    503 page of DatabaseUnavailableMiddleware; anything else the 500 page, without a context."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN_ERRORS):
        return database_down_response()
    return HttpResponseServerError(loader.render_to_string("500.html"))
