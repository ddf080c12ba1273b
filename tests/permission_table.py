"""The permission table: who gets what, for every URL name of the portal, GET and POST.

Read by tests/test_permission_matrix.py, which walks the resolver and asks each URL as each role.
Roles: an anonymous visitor, a signed-in user without a portal role, department staff, a leader
(read only), a member of unit 105 (the objects below are 105's), and a member of unit 106 (for
whom they are another unit's). A new URL name needs its row here.
"""
from dataclasses import dataclass, field
from typing import Callable

from django.core.files.uploadedfile import SimpleUploadedFile

from institutions.models import Role
from reporting.models import Period
from reporting.services import attachment_add, submission_get_or_create
from reports.services import report_create_draft, report_issue, report_update

from .factories import REPORT_WORDS, UserFactory, make_submission, make_user
from .report_world import build_report_world

ROLES = ("anonymous", "no_profile", "staff", "leader", "unit", "other_unit")
LOGIN = "login"  # a 302 to the login page (with ?next=)
PDF = b"%PDF-1.4\n%%EOF\n"

# Not walked: the admin has its own login and test below; the language switch is public by design.
EXCLUDED_PREFIXES = ("admin/", "i18n/")


@dataclass(frozen=True)
class Url:
    """How to build a URL name's route and what each role gets, in ROLES order."""

    kwargs: Callable = lambda w: {}  # noqa: E731 - the world -> the route's keyword arguments
    get: tuple = ()
    post: tuple = ()
    query: str = ""
    data: Callable = lambda w: {}  # noqa: E731 - the world -> a plausible POST body
    why: str = ""


@dataclass
class World:
    """Unit 105's objects (what "unit" owns and "other_unit" must not reach), and the users."""

    report: object = None
    period: object = None  # open, 2018-H1: unit 105 has a draft with an attachment
    sent_period: object = None  # 2019-H1: both units submitted
    draft: object = None
    sent: object = None
    attachment: object = None
    draft_report: object = None
    issued_report: object = None
    users: dict = field(default_factory=dict)


def build_world():
    report = build_report_world()
    u105, u106 = report.units.u105, report.units.u106
    visits = report.indicators.visits
    users = {
        "no_profile": UserFactory(username="khach"),
        "staff": make_user(Role.STAFF, username="canbo"),
        "leader": make_user(Role.LEADER, username="lanhdao"),
        "unit": make_user(Role.UNIT, unit=u105, username="donvi105"),
        "other_unit": make_user(Role.UNIT, unit=u106, username="donvi106"),
    }
    period = Period.objects.get(plan=report.plan, code="2018-H1")
    sent_period = Period.objects.get(plan=report.plan, code="2019-H1")
    draft = submission_get_or_create(period=period, unit=u105, user=users["unit"])
    attachment = attachment_add(submission=draft, user=users["unit"], upload=SimpleUploadedFile("bien-ban.pdf", PDF))
    sent = make_submission(sent_period, u105, {(visits, report.institutions.lib_105): 4100}, status="submitted")
    make_submission(sent_period, u106, {(visits, report.institutions.lib_106): 3100}, status="submitted")
    draft_report = report_create_draft(period=report.fy2017, user=users["staff"])
    issued = report_create_draft(period=report.fy2016, user=users["staff"])
    report_update(report=issued, fields=REPORT_WORDS, user=users["staff"])
    issued = report_issue(report=issued, user=users["staff"])
    draft.refresh_from_db()
    return World(report=report, period=period, sent_period=sent_period, draft=draft, sent=sent,
                 attachment=attachment, draft_report=draft_report, issued_report=issued, users=users)


def _all(status):
    return (status,) * len(ROLES)


# Short names for the rows of the table (anonymous, no profile, staff, leader, unit, other unit).
PUBLIC = _all(200)
EVERY_ROLE = (LOGIN, 403, 200, 200, 200, 200)
READERS = (LOGIN, 403, 200, 200, 403, 403)
STAFF_PAGE = (LOGIN, 403, 200, 403, 403, 403)
UNIT_105 = (LOGIN, 403, 200, 200, 200, 404)  # readable by staff, leaders and its own unit
# A page that only shows refuses a POST: 403 for a leader (who never writes), 405 for the rest.
SHOW_ONLY_POST = (LOGIN, 403, 405, 403, 405, 405)
READERS_POST = (LOGIN, 403, 405, 403, 403, 403)
STAFF_PAGE_POST = (LOGIN, 403, 405, 403, 403, 403)
# The method is checked before the object is fetched: another unit gets the same 405 for a
# report that exists as for one that does not, so the answer tells it nothing.
UNIT_105_POST = (LOGIN, 403, 405, 403, 405, 405)
# An action (POST only) refuses a GET with 405 once the role may reach it at all.
STAFF_ACTION_GET = (LOGIN, 403, 405, 403, 403, 403)
STAFF_ACTION_POST = (LOGIN, 403, 302, 403, 403, 403)
# /api/v1/ data: only a token opens it (tests/test_api.py); a session of any role is no token.
API_TOKEN_ONLY = _all(401)
API_WHY = "token only (Authorization: Bearer), no session: every role without a token gets 401"


def _code(w):
    return {"code": w.report.institutions.lib_105.code}


def _member(w):
    """Unit 105's member donvi105, on 105's page."""
    return {"code": w.report.units.u105.code, "pk": w.users["unit"].pk}


def _report_words(w):
    from django.forms.models import model_to_dict

    from reports.forms import ReportTextForm

    words = model_to_dict(w.draft_report, fields=ReportTextForm.Meta.fields)
    return {**{k: v for k, v in words.items() if v is not None}, "signer_name": "Nguyễn Văn Bình"}


def _report_build(w):
    """A finished background PDF build of 2017-FY (reports.builds)."""
    from reports.models import BuildStatus, ReportBuild

    build, _ = ReportBuild.objects.get_or_create(
        period=w.report.fy2017, defaults={"status": BuildStatus.DONE, "progress": 100, "pdf": PDF, "pages": 1}
    )
    return {"pk": build.pk}


def _api_client(w):
    """A client system with a token (api.services), for the staff's revoke action."""
    from api.services import client_create

    return {"pk": client_create(name="Hệ thống của Bộ")[0].pk}


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


TABLE = {
    # -- accounts, home, health -----------------------------------------------------------------
    "home": Url(get=(LOGIN, 200, 200, 200, 200, 200), post=(LOGIN, 405, 405, 403, 405, 405),
                why="the landing page tells a user without a role to ask for one"),
    "health": Url(get=PUBLIC, post=_all(405)),
    "favicon": Url(get=_all(301), post=_all(301), why="the browsers' request for an icon goes to the static file"),
    "login": Url(get=PUBLIC, post=PUBLIC, why="a POST without a password re-shows the form"),
    "logout": Url(get=_all(405), post=_all(302)),
    "password_change": Url(get=(LOGIN, 200, 200, 200, 200, 200), post=(LOGIN, 200, 200, 200, 200, 200),
                           why="own account: every signed-in user changes their own password"),
    "password_change_done": Url(get=(LOGIN, 200, 200, 200, 200, 200), post=(LOGIN, 405, 405, 405, 405, 405)),
    "password_reset": Url(get=PUBLIC, post=PUBLIC, why="forgotten password: a POST without an address re-shows the form"),
    "password_reset_done": Url(get=PUBLIC, post=_all(405)),
    "password_reset_confirm": Url(kwargs=lambda w: {"uidb64": "MQ", "token": "khong-dung"}, get=PUBLIC, post=PUBLIC,
                                  why="a wrong link shows the same 'link does not work' page to everyone"),
    "password_reset_complete": Url(get=PUBLIC, post=_all(405)),
    # -- institutions -----------------------------------------------------------------------------
    "institutions:list": Url(get=EVERY_ROLE, post=SHOW_ONLY_POST),
    "institutions:create": Url(get=STAFF_PAGE, post=(LOGIN, 403, 200, 403, 403, 403)),
    "institutions:export": Url(get=EVERY_ROLE, post=SHOW_ONLY_POST),
    "institutions:import": Url(get=STAFF_PAGE, post=(LOGIN, 403, 200, 403, 403, 403)),
    "audit:log": Url(get=STAFF_PAGE, post=STAFF_PAGE_POST),
    "institutions:admin_unit_list": Url(get=EVERY_ROLE, post=SHOW_ONLY_POST),
    "audit:locks": Url(get=STAFF_PAGE, post=STAFF_PAGE_POST),
    "audit:unlock": Url(get=STAFF_ACTION_GET, post=STAFF_ACTION_POST, data=lambda w: {"kind": "user", "value": "donvi105"},
                        why="staff lift a sign-in lock; the page's button posts what is locked"),
    "institutions:unit_list": Url(get=EVERY_ROLE, post=SHOW_ONLY_POST),
    "institutions:unit_detail": Url(kwargs=lambda w: {"code": w.report.units.u105.code},
                                    get=UNIT_105, post=UNIT_105_POST),
    "institutions:member_create": Url(kwargs=lambda w: {"code": w.report.units.u105.code}, get=STAFF_PAGE,
                                      post=(LOGIN, 403, 200, 403, 403, 403),
                                      why="only the department's staff manage members, a unit not even its own"),
    "institutions:member_deactivate": Url(kwargs=_member, get=STAFF_PAGE, post=STAFF_ACTION_POST),
    "institutions:member_reactivate": Url(kwargs=_member, get=STAFF_PAGE, post=STAFF_ACTION_POST),
    "institutions:member_password_link": Url(kwargs=_member, get=STAFF_ACTION_GET, post=STAFF_ACTION_POST),
    "institutions:detail": Url(kwargs=_code, get=UNIT_105, post=UNIT_105_POST),
    "institutions:edit": Url(kwargs=_code, get=STAFF_PAGE, post=(LOGIN, 403, 200, 403, 403, 403)),
    "institutions:deactivate": Url(kwargs=_code, get=STAFF_PAGE, post=STAFF_ACTION_POST),
    "institutions:reactivate": Url(kwargs=_code, get=STAFF_ACTION_GET, post=STAFF_ACTION_POST),
    # -- the plan ---------------------------------------------------------------------------------
    "targets:plan_current": Url(get=EVERY_ROLE, post=SHOW_ONLY_POST),
    "targets:plan_detail": Url(kwargs=lambda w: {"code": w.report.plan.code}, get=EVERY_ROLE, post=SHOW_ONLY_POST),
    "targets:indicator_detail": Url(kwargs=lambda w: {"code": w.report.indicators.visits.code},
                                    get=EVERY_ROLE, post=SHOW_ONLY_POST),
    # -- reporting --------------------------------------------------------------------------------
    "reporting:unit_home": Url(get=(LOGIN, 403, 302, 302, 200, 200), post=SHOW_ONLY_POST,
                               why="staff and leaders are sent on to the overview"),
    "reporting:overview": Url(get=READERS, post=READERS_POST),
    "reporting:overview_period": Url(kwargs=lambda w: {"code": w.period.code}, get=READERS, post=READERS_POST),
    "reporting:bulk_approve": Url(kwargs=lambda w: {"code": w.sent_period.code}, get=(LOGIN, 403, 302, 403, 403, 403),
                                  post=STAFF_ACTION_POST,
                                  data=lambda w: {"report": w.sent.pk, f"version-{w.sent.pk}": w.sent.version},
                                  why="staff approve several reports; without a selection they go back to the board"),
    "reporting:period_list": Url(get=READERS, post=READERS_POST),
    "reporting:period_create": Url(get=STAFF_PAGE, post=(LOGIN, 403, 200, 403, 403, 403)),
    "reporting:period_close": Url(kwargs=lambda w: {"code": w.period.code}, get=STAFF_ACTION_GET,
                                  post=STAFF_ACTION_POST, data=lambda w: {"reason": "Hết hạn"}),
    "reporting:period_reopen": Url(kwargs=lambda w: {"code": w.period.code}, get=STAFF_ACTION_GET,
                                   post=STAFF_ACTION_POST, data=lambda w: {"reason": "Bổ sung"}),
    "reporting:submission_start": Url(kwargs=lambda w: {"code": w.period.code},
                                      get=(LOGIN, 403, 405, 405, 405, 405), post=(LOGIN, 403, 403, 403, 302, 302),
                                      why="each unit starts its own report; staff and leaders never fill one"),
    "reporting:submission_detail": Url(kwargs=_pk("sent"), get=UNIT_105, post=UNIT_105_POST),
    "reporting:submission_document": Url(kwargs=_pk("sent"), get=UNIT_105, post=UNIT_105_POST),
    "reporting:submission_edit": Url(kwargs=_pk("draft"), get=(LOGIN, 403, 403, 403, 200, 404),
                                     post=(LOGIN, 403, 403, 403, 302, 404),
                                     data=lambda w: {"version": w.draft.version}),
    "reporting:review": Url(kwargs=_pk("sent"), get=(LOGIN, 403, 200, 403, 403, 404),
                            post=(LOGIN, 403, 405, 403, 405, 405)),
    "reporting:review_return": Url(kwargs=_pk("sent"), get=(LOGIN, 403, 405, 405, 405, 405),
                                   post=(LOGIN, 403, 302, 403, 403, 404),
                                   data=lambda w: {"version": w.sent.version, "comment": "Bổ sung."}),
    "reporting:review_approve": Url(kwargs=_pk("sent"), get=(LOGIN, 403, 405, 405, 405, 405),
                                    post=(LOGIN, 403, 302, 403, 403, 404),
                                    data=lambda w: {"version": w.sent.version}),
    "reporting:submission_reopen": Url(kwargs=_pk("sent"), get=(LOGIN, 403, 405, 405, 405, 405),
                                       post=(LOGIN, 403, 302, 403, 403, 404),
                                       data=lambda w: {"version": w.sent.version, "reason": "Sai số lượt bạn đọc."},
                                       why="staff are refused with a message (the report is not approved)"),
    "reporting:attachment_upload": Url(kwargs=_pk("draft"), get=(LOGIN, 403, 405, 405, 405, 405),
                                       post=(LOGIN, 403, 403, 403, 302, 404)),
    "reporting:attachment_download": Url(kwargs=lambda w: {"pk": w.draft.pk, "attachment_pk": w.attachment.pk},
                                         get=UNIT_105, post=UNIT_105_POST),
    "reporting:attachment_remove": Url(kwargs=lambda w: {"pk": w.draft.pk, "attachment_pk": w.attachment.pk},
                                       get=(LOGIN, 403, 405, 405, 405, 405), post=(LOGIN, 403, 403, 403, 302, 404)),
    "reporting:excel_template": Url(kwargs=lambda w: {"code": w.period.code}, query="?unit=105",
                                    get=UNIT_105, post=UNIT_105_POST),
    "reporting:excel_upload": Url(kwargs=lambda w: {"code": w.period.code}, query="?unit=105",
                                  get=(LOGIN, 403, 403, 403, 200, 404), post=(LOGIN, 403, 403, 403, 200, 404),
                                  why="a POST without a file re-shows the form"),
    # -- consolidated reports -----------------------------------------------------------------------
    "reports:index": Url(get=READERS, post=READERS_POST),
    "reports:dashboard": Url(get=READERS, post=READERS_POST),
    "reports:dashboard_trend": Url(get=READERS, post=READERS_POST),
    "reports:dashboard_area": Url(kwargs=lambda w: {"area": w.report.areas.city.code}, get=READERS,
                                  post=READERS_POST),
    "reports:dashboard_institution": Url(kwargs=_code, get=READERS, post=READERS_POST),
    "reports:plan_progress": Url(get=READERS, post=READERS_POST),
    "reports:period": Url(kwargs=lambda w: {"code": w.report.fy2017.code}, get=READERS, post=READERS_POST),
    "reports:period_download": Url(kwargs=lambda w: {"code": w.report.fy2017.code, "fmt": "json"},
                                   get=READERS, post=READERS_POST),
    "reports:period_summary": Url(kwargs=lambda w: {"code": w.report.fy2017.code}, get=READERS, post=READERS_POST),
    "reports:draft_create": Url(kwargs=lambda w: {"code": w.report.fy2017.code}, get=STAFF_ACTION_GET,
                                post=STAFF_ACTION_POST),
    "reports:issued_list": Url(get=READERS, post=READERS_POST),
    "reports:detail": Url(kwargs=_pk("draft_report"), get=READERS, post=READERS_POST),
    "reports:edit": Url(kwargs=_pk("draft_report"), get=STAFF_PAGE, post=STAFF_ACTION_POST, data=_report_words),
    "reports:issue": Url(kwargs=_pk("draft_report"), query="?issued_on=05/01/2018", get=STAFF_PAGE,
                         post=STAFF_PAGE, data=lambda w: {"issued_on": "05/01/2018"},
                         why="the confirmation page (the draft has no signer: it says so and offers no button)"),
    "reports:correct": Url(kwargs=_pk("issued_report"), get=STAFF_ACTION_GET, post=STAFF_ACTION_POST,
                           why="a draft replacing the issued report, or a message why not; back to a page"),
    "reports:download": Url(kwargs=lambda w: {"pk": w.issued_report.pk, "fmt": "pdf"}, get=READERS,
                            post=READERS_POST),
    "reports:build": Url(kwargs=_report_build, get=READERS, post=READERS_POST),
    "reports:build_download": Url(kwargs=_report_build, get=READERS, post=READERS_POST),
    # -- the API for other systems: a token or nothing, whatever the session -----------------------------
    "api:docs": Url(get=PUBLIC, post=_all(405), why="the API described for the other system's developers; no data"),
    "api:openapi": Url(get=PUBLIC, post=_all(405), why="the OpenAPI description; no data"),
    "api:plans": Url(get=API_TOKEN_ONLY, post=API_TOKEN_ONLY, why=API_WHY),
    "api:plan_indicators": Url(kwargs=lambda w: {"code": w.report.plan.code}, get=API_TOKEN_ONLY,
                               post=API_TOKEN_ONLY, why=API_WHY),
    "api:plan_targets": Url(kwargs=lambda w: {"code": w.report.plan.code}, get=API_TOKEN_ONLY,
                            post=API_TOKEN_ONLY, why=API_WHY),
    "api:periods": Url(get=API_TOKEN_ONLY, post=API_TOKEN_ONLY, why=API_WHY),
    "api:reports": Url(get=API_TOKEN_ONLY, post=API_TOKEN_ONLY, why=API_WHY),
    "api:report_detail": Url(kwargs=_pk("issued_report"), get=API_TOKEN_ONLY, post=API_TOKEN_ONLY, why=API_WHY),
    "api:clients": Url(get=STAFF_PAGE, post=(LOGIN, 403, 200, 403, 403, 403),
                       why="a POST without a name re-shows the form"),
    "api:client_revoke": Url(kwargs=_api_client, get=STAFF_ACTION_GET, post=STAFF_ACTION_POST),
}
