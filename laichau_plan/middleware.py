"""Security headers on every response: Content-Security-Policy, Permissions-Policy, COOP;
signed-in pages kept out of shared caches (PrivatePagesMiddleware); and no NUL byte in a URL
(NulByteMiddleware).

The policy allows only the portal's own files: no inline <script>, no <style> blocks, no
style="" attributes in templates (CSP blocks them). Bootstrap's JavaScript still works: it
sets styles through the CSSOM (element.style.height = ...), which style-src does not block,
so 'unsafe-inline' is not needed. See docs/decisions/0003-security-headers-and-login-throttling.md.
"""
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

# What a request gets when the database does not answer (stopped, restarting, unreachable).
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

# Features the portal never uses, switched off for the page and anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "payment", "usb",
    )
)


class SecurityHeadersMiddleware:
    """Adds the headers unless a view set its own (a view may relax CSP for itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's technical error pages (DEBUG only) use inline styles and scripts.
        if not (settings.DEBUG and response.status_code >= 400):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class PrivatePagesMiddleware:
    """Whatever a signed-in user is sent (pages, report and attachment downloads) is
    ``Cache-Control: private, no-store``: no proxy or shared computer keeps it after sign-out.

    Static files never get here (WhiteNoise answers them first, cached for a year); pages for
    visitors who are not signed in (the login page, the health check) keep their own headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            signed_in = request.user.is_authenticated  # below AuthenticationMiddleware in MIDDLEWARE
        except DATABASE_DOWN_ERRORS:
            signed_in = True  # the session could not be read (the database is down): private, to be safe
        if signed_in:
            patch_cache_control(response, private=True, no_store=True)
        return response


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user chose another language with the switch (the language cookie).

    Django's LocaleMiddleware also follows the browser's Accept-Language, which would show an
    English page to anyone whose browser is set to English; the portal is Vietnamese first.

    The language is active only while the request is answered: the thread goes back to the one it
    had, so an English page does not leave English behind for what the thread runs next.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class NulByteMiddleware:
    """A NUL byte in the path or the query string (``/institutions/%00/``, ``?unit=%00``) answers
    404: no URL of the portal has one, and PostgreSQL refuses one in any text it is asked to
    compare (psycopg2's ValueError, a 500), in whatever view would look it up. A NUL in a posted
    form value is the form's to refuse: Django's CharField does, with the Vietnamese message in
    locale/vi (Django's own catalogue leaves it in English).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise Http404("NUL byte in the URL")
        return self.get_response(request)


RETRY_AFTER_SECONDS = 30


def database_down_response():
    """503 with the Vietnamese page saying the database cannot be reached for now. Rendered without
    the request: no context processor, nothing that reads the database."""
    from django.http import HttpResponse
    from django.template.loader import render_to_string
    from django.utils.cache import add_never_cache_headers

    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A view that loses the database (PostgreSQL stopped or restarting, the network to it cut)
    answers 503 with the Vietnamese page instead of a 500 and a traceback in the log.

    The view's transaction (every write path is ``transaction.atomic``) is rolled back by the
    database itself, so nothing is half-saved; the next request connects again
    (``CONN_HEALTH_CHECKS``), so the portal serves again without a restart once the database is back.
    A database error raised outside a view (a middleware reading the session) reaches
    ``laichau_plan.views.server_error``, which answers the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN_ERRORS):
            return None
        from django.contrib.auth.models import AnonymousUser

        first_line = (str(exception).strip().splitlines() or [""])[0]
        logger.warning("database unavailable: %s %s: %s: %s", request.method, request.path,
                       type(exception).__name__, first_line)
        # The user could not be read: the middlewares below must not try again.
        request.user = AnonymousUser()
        return database_down_response()
