"""Download responses: the same bytes for the page's links and the command line."""
from django.http import Http404, HttpResponse

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def check_format(fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    return fmt


def file_response(content, filename, fmt):
    if isinstance(content, str):
        content = content.encode("utf-8")
    response = HttpResponse(bytes(content), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Sent "Cache-Control: private, no-store" like every signed-in answer (laichau_plan/middleware.py).
    return response


def include_submitted(request):
    """``?provisional=1`` asks for submitted-but-not-approved figures too (marked provisional)."""
    return request.GET.get("provisional") in ("1", "true", "on")
