"""GET /healthz for a load balancer or a monitor: is the application up, does the database answer?"""
import logging

from django.db import DatabaseError, InterfaceError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, InterfaceError) as exc:
        # The details (host, user) go to the log, never into the response; one line per check,
        # not a traceback every few seconds while the database is down.
        logger.error("health check: the database does not answer: %s: %s", type(exc).__name__,
                     (str(exc).strip().splitlines() or [""])[0])
        return False
    return True


@never_cache
@require_safe
def health(request):
    """No login; says only "ok" or "error" (200 or 503)."""
    if database_ok():
        return JsonResponse({"status": "ok", "database": "ok"})
    return JsonResponse({"status": "error", "database": "error"}, status=503)
