"""A unit's report as its own Decree 30 document (PDF), for the unit and for everyone who may read it."""
from django.http import HttpResponse

from institutions.access import any_role_required

from .. import document
from .common import read_only, submission_for_reader


@any_role_required
@read_only
def submission_document(request, pk):
    submission = submission_for_reader(request, pk)
    response = HttpResponse(document.render_pdf(submission), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename(submission)}"'
    return response
