"""The API's answers: JSON written by the issued report's own writer (``reports.serialize``), so
numbers keep their digits (Decimals as JSON numbers, never floats or strings) and a report's
figures come out exactly as they were frozen. Never cached by anyone on the way."""
from django.http import HttpResponse

from reports.serialize import dumps

CONTENT_TYPE = "application/json; charset=utf-8"


class ApiResponse(HttpResponse):
    def __init__(self, data, status=200):
        super().__init__(dumps(data) + "\n", content_type=CONTENT_TYPE, status=status)
        self["Cache-Control"] = "no-store"


def api_error(status, code, message, **headers):
    """``{"error": {"code": ..., "message": ...}}`` with ``status``; the message in Vietnamese."""
    response = ApiResponse({"error": {"code": code, "message": message}}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response
