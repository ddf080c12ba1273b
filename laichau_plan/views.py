from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from institutions.access import read_only, role_of, unit_of


@login_required
@read_only
def home(request):
    """Landing page: what each role can do from here."""
    return render(request, "home.html", {"role": role_of(request.user), "unit": unit_of(request.user)})
