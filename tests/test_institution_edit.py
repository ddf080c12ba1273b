"""Creating, editing, deactivating and reactivating institutions: staff only, never deleted."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from institutions.models import Institution
from institutions.services import institution_create, institution_set_active, institution_update

from .factories import AdminUnitFactory, ReportingUnitFactory

pytestmark = pytest.mark.django_db
CREATE = reverse("institutions:create")


@pytest.fixture
def form_data(unit):
    return {
        "code": "tv-107",
        "name": "Thư viện huyện Mường Tè",
        "kind": "library",
        "level": "district",
        "admin_unit": unit.admin_unit.pk,
        "reporting_unit": unit.pk,
        "has_internet": "on",
        "address": "Thị trấn Mường Tè",
        "established_year": "2004",
        "notes": "",
    }


def decomposed(text):
    import unicodedata

    return unicodedata.normalize("NFD", text)


# -- who may ---------------------------------------------------------------------------------
def test_an_anonymous_visitor_is_sent_to_login_from_every_write_page(client, own_institution):
    code = own_institution.code
    for method, path in (
        ("get", CREATE),
        ("get", reverse("institutions:edit", args=[code])),
        ("get", reverse("institutions:deactivate", args=[code])),
        ("post", reverse("institutions:deactivate", args=[code])),
        ("post", reverse("institutions:reactivate", args=[code])),
    ):
        response = getattr(client, method)(path)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_leaders_and_unit_members_may_not_write(client_for, leader_user, unit_user, own_institution, form_data):
    code = own_institution.code
    for user in (leader_user, unit_user):
        client = client_for(user)
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, form_data).status_code == 403
        assert client.get(reverse("institutions:edit", args=[code])).status_code == 403
        assert client.post(reverse("institutions:edit", args=[code]), form_data).status_code == 403
        assert client.post(reverse("institutions:deactivate", args=[code])).status_code == 403
    own_institution.refresh_from_db()
    assert own_institution.is_active
    assert not Institution.objects.filter(code="TV-107").exists()


# -- create ----------------------------------------------------------------------------------
def test_staff_create_an_institution_with_an_upper_case_code_and_nfc_text(client_for, staff_user, form_data):
    form_data["name"] = decomposed("Thư viện huyện Mường Tè")
    response = client_for(staff_user).post(CREATE, form_data)
    assert response.status_code == 302
    institution = Institution.objects.get(code="TV-107")
    assert response["Location"] == reverse("institutions:detail", args=["TV-107"])
    assert institution.name == "Thư viện huyện Mường Tè"  # NFC, not the decomposed input
    assert institution.search_name == "thu vien huyen muong te tv-107"
    assert institution.has_internet and institution.established_year == 2004


def test_the_create_form_renders_with_crispy_forms(client_for, staff_user):
    html = client_for(staff_user).get(CREATE).content.decode()
    assert 'id="institution-form"' in html and "form-control" in html


def test_a_code_already_used_is_refused_in_vietnamese(client_for, staff_user, own_institution, form_data):
    form_data["code"] = own_institution.code.lower()
    response = client_for(staff_user).post(CREATE, form_data)
    assert response.status_code == 200
    assert f"Mã {own_institution.code} đã được dùng cho “{own_institution.name}”" in response.content.decode()
    assert Institution.objects.count() == 1


def test_missing_and_bad_fields_get_clear_messages(client_for, staff_user, form_data):
    form_data.update(code="TV 1/2", name="  ", established_year="1700", admin_unit="")
    html = client_for(staff_user).post(CREATE, form_data).content.decode()
    assert "Mã chỉ gồm chữ cái không dấu" in html
    assert "Hãy nhập tên thiết chế." in html
    assert "Năm thành lập phải từ 1800 đến" in html
    assert "Hãy chọn địa bàn" in html
    assert not Institution.objects.exists()


# -- edit ------------------------------------------------------------------------------------
def test_staff_edit_an_institution_but_not_its_code(client_for, staff_user, own_institution, form_data):
    form_data.update(code="MOI-1", name="Thư viện thành phố (mới)")
    url = reverse("institutions:edit", args=[own_institution.code])
    response = client_for(staff_user).post(url, form_data)
    assert response.status_code == 302
    own_institution.refresh_from_db()
    assert own_institution.name == "Thư viện thành phố (mới)"
    assert own_institution.code == "TV-105"
    assert not Institution.objects.filter(code="MOI-1").exists()
    assert 'name="code"' not in client_for(staff_user).get(url).content.decode()


def test_editing_refreshes_the_search_and_sort_keys(staff_user, own_institution):
    before = own_institution.sort_name
    institution_update(institution=own_institution, name="Ấp Đông")
    own_institution.refresh_from_db()
    assert own_institution.search_name.startswith("ap dong")
    assert own_institution.sort_name != before


# -- deactivate and reactivate ---------------------------------------------------------------
def test_deactivation_keeps_the_row_and_reactivation_brings_it_back(client_for, staff_user, own_institution):
    client = client_for(staff_user)
    response = client.post(reverse("institutions:deactivate", args=[own_institution.code]), follow=True)
    assert "ngừng hoạt động" in response.content.decode()
    own_institution.refresh_from_db()
    assert not own_institution.is_active
    assert Institution.objects.filter(pk=own_institution.pk).exists()
    assert own_institution.name in client.get(reverse("institutions:list"), {"active": "0"}).content.decode()
    client.post(reverse("institutions:reactivate", args=[own_institution.code]))
    own_institution.refresh_from_db()
    assert own_institution.is_active


def test_deactivation_asks_first_and_a_get_changes_nothing(client_for, staff_user, leader_user, own_institution):
    url = reverse("institutions:deactivate", args=[own_institution.code])
    response = client_for(staff_user).get(url)
    assert response.status_code == 200
    assert "Thiết chế không bị xóa" in response.content.decode()
    own_institution.refresh_from_db()
    assert own_institution.is_active
    assert client_for(leader_user).get(url).status_code == 403


def test_reactivation_needs_a_post(client_for, staff_user, own_institution):
    url = reverse("institutions:reactivate", args=[own_institution.code])
    assert client_for(staff_user).get(url).status_code == 405


# -- services --------------------------------------------------------------------------------
def test_the_create_service_checks_the_model_rules():
    unit = ReportingUnitFactory()
    with pytest.raises(ValidationError) as error:
        institution_create(code="bad code", name="X", kind="library", level="district",
                           admin_unit=unit.admin_unit, reporting_unit=unit)
    assert "code" in error.value.message_dict
    assert not Institution.objects.exists()


def test_the_create_service_refuses_a_code_in_use(own_institution):
    with pytest.raises(ValidationError):
        institution_create(code=own_institution.code.lower(), name="Khác", kind="museum", level="province",
                           admin_unit=AdminUnitFactory(), reporting_unit=own_institution.reporting_unit)


def test_the_update_service_cannot_change_the_code(own_institution):
    with pytest.raises(TypeError):
        institution_update(institution=own_institution, code="MOI")


def test_the_set_active_service_never_deletes(own_institution):
    institution_set_active(institution=own_institution, is_active=False)
    assert Institution.objects.get(pk=own_institution.pk).is_active is False


# -- the days an institution counts in reports ---------------------------------------------
def test_staff_deactivate_on_a_day_they_enter_and_the_page_shows_the_span(client_for, staff_user, own_institution):
    import datetime

    client = client_for(staff_user)
    url = reverse("institutions:deactivate", args=[own_institution.code])
    assert 'type="date"' in client.get(url).content.decode()
    html = client.post(url, {"on": "2099-01-01"}).content.decode()
    assert "Ngày ngừng hoạt động không thể sau hôm nay." in html
    client.post(url, {"on": "2026-03-01"})
    own_institution.refresh_from_db()
    assert (own_institution.is_active, own_institution.active_until) == (False, datetime.date(2026, 3, 1))
    detail = client.get(reverse("institutions:detail", args=[own_institution.code])).content.decode()
    assert "từ trước mọi kỳ báo cáo, đến hết ngày 01/03/2026" in detail
    client.post(url, {"on": "2026-05-01"})  # already inactive: its end date stays
    own_institution.refresh_from_db()
    assert own_institution.active_until == datetime.date(2026, 3, 1)
    edit = client.get(reverse("institutions:edit", args=[own_institution.code])).content.decode()
    assert 'name="active_until" value="2026-03-01"' in edit


def test_a_new_institution_counts_from_the_day_staff_enter(client_for, staff_user, form_data):
    import datetime

    client = client_for(staff_user)
    assert 'name="active_from"' in client.get(CREATE).content.decode()
    assert 'name="active_until"' not in client.get(CREATE).content.decode()
    client.post(CREATE, {**form_data, "active_from": "2026-02-01"})
    institution = Institution.objects.get(code="TV-107")
    assert (institution.active_from, institution.active_until) == (datetime.date(2026, 2, 1), None)
