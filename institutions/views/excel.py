"""The registry as Excel: export (with the list's filters) and import (staff only)."""
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from laichau_plan import formatting

from ..access import any_role_required, read_only, staff_required
from ..excel import COLUMNS, XLSX_CONTENT_TYPE, registry_filename, registry_xlsx_bytes
from ..excel_import import registry_import
from ..forms import InstitutionImportForm
from .registry import filtered_institutions


@any_role_required
@read_only
def institution_export(request):
    _form, institutions = filtered_institutions(request)
    response = HttpResponse(registry_xlsx_bytes(institutions), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{registry_filename()}"'
    return response


@staff_required
def institution_import(request):
    form = InstitutionImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        result = registry_import(file=form.cleaned_data["file"], user=request.user)
        if result.ok:
            counts = {
                key: formatting.number(getattr(result, key))
                for key in ("created", "updated", "unchanged")
            }
            messages.success(
                request,
                _("Đã nhập xong: %(created)s thiết chế mới, %(updated)s cập nhật, %(unchanged)s không đổi.")
                % counts,
            )
            return redirect("institutions:list")
        problems = result.messages
    return render(
        request,
        "institutions/institution_import.html",
        {"form": form, "problems": problems, "columns": COLUMNS},
    )
