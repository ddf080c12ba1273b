"""The administrative units of each structure, with the dates each was in force."""
from django.shortcuts import render

from .. import selectors
from ..access import any_role_required, read_only


@any_role_required
@read_only
def admin_unit_list(request):
    return render(request, "institutions/admin_unit_list.html", {"structures": selectors.admin_units_by_structure()})
