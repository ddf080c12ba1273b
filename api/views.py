"""The API's data views (token only, see auth.py), its description (OpenAPI and a page), and the
staff's page for the client systems' tokens."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from institutions.access import staff_required

from . import openapi, selectors, services
from .auth import token_required
from .forms import ApiClientForm
from .models import ApiClient
from .responses import ApiResponse, api_error


@token_required
def plans(request):
    return ApiResponse(selectors.plans())


@token_required
def plan_indicators(request, code):
    return ApiResponse(selectors.indicators(code))


@token_required
def plan_targets(request, code):
    year = request.GET.get("year", "").strip()
    if year and not (year.isdigit() and len(year) == 4):
        return api_error(400, "bad_year", "Tham số year phải là một năm bốn chữ số, ví dụ year=2025.")
    return ApiResponse(selectors.targets(code, int(year) if year else None))


@token_required
def periods(request):
    return ApiResponse(selectors.periods())


@token_required
def reports(request):
    return ApiResponse(selectors.reports(request.GET.get("period", "").strip() or None))


@token_required
def report_detail(request, pk):
    return ApiResponse(selectors.report(pk))


@require_GET
def openapi_json(request):
    """The OpenAPI 3 description: public, it holds no data."""
    return ApiResponse(openapi.spec(request.build_absolute_uri("/api/v1")))


@require_GET
def docs(request):
    """The API described for people (Vietnamese first): public like the OpenAPI file."""
    return render(request, "api/docs.html", {"endpoints": openapi.endpoint_docs(), "rate_limit": services.rate_limit(),
                                             "schemas": openapi.schema_docs()})


@staff_required
def clients(request):
    """The client systems and their tokens; a POST makes one and shows its token, this once."""
    form = ApiClientForm(request.POST if request.method == "POST" else None)
    created = token = None
    if request.method == "POST" and form.is_valid():
        try:
            created, token = services.client_create(name=form.cleaned_data["name"], user=request.user)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            form = ApiClientForm()
    return render(request, "api/clients.html", {
        "form": form, "clients": ApiClient.objects.select_related("created_by"), "created": created, "token": token,
    })


@staff_required
@require_POST
def client_revoke(request, pk):
    client = services.client_revoke(client=get_object_or_404(ApiClient, pk=pk), user=request.user)
    messages.success(request, _("Đã thu hồi mã truy cập của “%(name)s”: mã này không dùng được nữa.")
                     % {"name": client.name})
    return redirect("api:clients")
