from django.urls import path

from .views import attachments, document, excel, overview, periods, reopen, review, submissions, units

app_name = "reporting"
# A period's <str:code> is its key, Period.slug (its code unless another plan has the same code).
urlpatterns = [
    path("", units.unit_home, name="unit_home"),
    path("overview/", overview.overview, name="overview"),
    path("overview/<str:code>/", overview.overview, name="overview_period"),
    path("overview/<str:code>/approve/", review.bulk_approve, name="bulk_approve"),
    path("periods/", periods.period_list, name="period_list"),
    path("periods/new/", periods.period_create, name="period_create"),
    path("periods/<str:code>/close/", periods.period_close, name="period_close"),
    path("periods/<str:code>/reopen/", periods.period_reopen, name="period_reopen"),
    path("periods/<str:code>/start/", units.submission_start, name="submission_start"),
    path("excel/<str:code>/template/", excel.template_download, name="excel_template"),
    path("excel/<str:code>/upload/", excel.upload, name="excel_upload"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/document.pdf", document.submission_document, name="submission_document"),
    path("submissions/<int:pk>/edit/", submissions.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/review/", review.review, name="review"),
    path("submissions/<int:pk>/return/", review.review_return, name="review_return"),
    path("submissions/<int:pk>/approve/", review.review_approve, name="review_approve"),
    path("submissions/<int:pk>/reopen/", reopen.submission_reopen, name="submission_reopen"),
    path("submissions/<int:pk>/attachments/", attachments.attachment_upload, name="attachment_upload"),
    path(
        "submissions/<int:pk>/attachments/<int:attachment_pk>/",
        attachments.attachment_download, name="attachment_download",
    ),
    path(
        "submissions/<int:pk>/attachments/<int:attachment_pk>/remove/",
        attachments.attachment_remove, name="attachment_remove",
    ),
]
