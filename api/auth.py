"""``token_required``: the one door of every /api/v1/ data view.

No session and no CSRF: the request carries ``Authorization: Bearer <token>`` and nothing else
counts (a signed-in portal user without a token gets 401 like anyone). Then the per-token rate
limit (429 with Retry-After), then GET/HEAD only (405), then the view; a 404 inside is JSON too,
and so is the database gone (503 with Retry-After, as the portal's page: ``laichau_plan.middleware``).
"""
from functools import wraps

from django.http import Http404
from django.views.decorators.csrf import csrf_exempt

from laichau_plan.middleware import DATABASE_DOWN_ERRORS, RETRY_AFTER_SECONDS

from . import services
from .responses import api_error

UNAUTHORIZED = "Thiếu mã truy cập hoặc mã không hợp lệ, đã bị thu hồi. Gửi tiêu đề Authorization: Bearer <mã>."
TOO_MANY = "Quá %(limit)s yêu cầu trong một phút với mã truy cập này; hãy thử lại sau %(seconds)s giây."
NOT_ALLOWED = "API chỉ cho đọc: dùng phương thức GET."
NOT_FOUND = "Không có đối tượng này (hoặc báo cáo chưa ban hành)."
DATABASE_DOWN = "Cơ sở dữ liệu tạm thời không kết nối được; hãy thử lại sau %(seconds)s giây."


def token_required(view):
    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return _answer(view, request, *args, **kwargs)
        except DATABASE_DOWN_ERRORS:
            return api_error(503, "database_unavailable", DATABASE_DOWN % {"seconds": RETRY_AFTER_SECONDS},
                             Retry_After=str(RETRY_AFTER_SECONDS))

    return wrapped


def _answer(view, request, *args, **kwargs):
    """The token, the rate limit, the method, then the view (``token_required``)."""
    client = services.client_for_request(request)
    if client is None:
        return api_error(401, "unauthorized", UNAUTHORIZED, WWW_Authenticate='Bearer realm="api"')
    wait = services.over_rate_limit(client)
    if wait is not None:
        message = TOO_MANY % {"limit": services.rate_limit(), "seconds": wait}
        return api_error(429, "rate_limited", message, Retry_After=str(wait))
    if request.method not in ("GET", "HEAD"):
        return api_error(405, "method_not_allowed", NOT_ALLOWED, Allow="GET, HEAD")
    request.api_client = client
    try:
        return view(request, *args, **kwargs)
    except Http404:
        return api_error(404, "not_found", NOT_FOUND)
