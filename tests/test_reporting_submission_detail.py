"""The read-only report: values, words, warnings with explanations, comments, and the history."""
import pytest
from django.urls import reverse

from reporting.models import TextKind
from reporting.selectors import cell_key
from reporting.services import submission_return, submission_save

from .factories import InstitutionFactory, fill_report

pytestmark = pytest.mark.django_db
VISITS = cell_key("LIB_VISITS", "TV-105")


def url(submission):
    return reverse("reporting:submission_detail", args=[submission.pk])


def test_the_history_shows_who_changed_what_from_old_to_new(client_for, unit_user, staff_user, submission):
    submission_save(submission=submission, user=unit_user, values={VISITS: "1.200"})
    submission_save(submission=submission, user=unit_user, values={VISITS: "1.350"},
                    texts={(TextKind.PROPOSALS, None): "Cấp thêm sách."})
    page = client_for(staff_user).get(url(submission)).content.decode()
    history = page.split('id="history"')[1]
    assert "LIB_VISITS — Thư viện thành phố Lai Châu" in history
    assert '<span class="text-muted">1.200</span> → 1.350' in history
    assert '<span class="text-muted">—</span> → 1.200' in history
    assert "donvi" in history and "Cấp thêm sách." in history


def test_the_page_shows_values_words_comments_and_explanations(client_for, unit_user, staff_user, submission):
    fill_report(submission, unit_user, default="1.200", submit=True)
    submission_return(submission=submission, user=staff_user, comment="Viết thêm phần tồn tại.",
                      value_comments={VISITS: "Tách số thiếu nhi."})
    submission_save(submission=submission, user=unit_user, explanations={VISITS: "Có thêm phòng đọc."},
                    texts={(TextKind.SHORTCOMINGS, None): "Thiếu cán bộ thư viện."})
    page = client_for(unit_user).get(url(submission)).content.decode()
    assert "1.200" in page and "Thiếu cán bộ thư viện." in page
    assert "Viết thêm phần tồn tại." in page and "Tách số thiếu nhi." in page
    assert "Có thêm phòng đọc." in page
    assert reverse("reporting:submission_edit", args=[submission.pk]) in page


@pytest.mark.parametrize("who", ["unit_user", "staff_user", "leader_user"])
def test_the_unit_staff_and_leaders_may_read_it(request, client_for, who, submission):
    assert client_for(request.getfixturevalue(who)).get(url(submission)).status_code == 200


def test_leaders_get_no_edit_or_review_buttons(client_for, leader_user, submission):
    page = client_for(leader_user).get(url(submission)).content.decode()
    assert reverse("reporting:submission_edit", args=[submission.pk]) not in page
    assert reverse("reporting:review", args=[submission.pk]) not in page


def test_another_unit_gets_not_found(client_for, other_unit_user, submission):
    assert client_for(other_unit_user).get(url(submission)).status_code == 404


def test_the_anonymous_visitor_is_sent_to_the_login_page(client, submission):
    response = client.get(url(submission))
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_number_of_queries_does_not_grow_with_institutions_and_history(
    client_for, unit_user, staff_user, submission, unit, django_assert_num_queries
):
    client = client_for(staff_user)
    fill_report(submission, unit_user)
    with django_assert_num_queries(17):
        assert client.get(url(submission)).status_code == 200
    for n in range(8):
        InstitutionFactory(reporting_unit=unit, code=f"TV-X{n}")
    fill_report(submission, unit_user, default="20")
    fill_report(submission, unit_user, default="30")
    with django_assert_num_queries(17):
        assert client.get(url(submission)).status_code == 200


def test_a_narrative_cannot_inject_script_into_the_reviewers_page(client_for, unit_user, staff_user, submission):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    submission_save(submission=submission, user=unit_user, values={VISITS: "10"},
                    explanations={VISITS: attack}, texts={(TextKind.PROPOSALS, None): attack})
    for page_url in (url(submission), reverse("reporting:review", args=[submission.pk])):
        page = client_for(staff_user).get(page_url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert" in page
