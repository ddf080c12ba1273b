"""A reporting unit's members, on the unit's page: the department's staff add them, deactivate and
reactivate them and send them a link to set a password; leaders only read; units never manage them."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from institutions.members import member_create, member_send_password_link, member_set_active
from institutions.models import Role

from .factories import PASSWORD, ReportingUnitFactory, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_mail")]
User = get_user_model()


def page(unit):
    return reverse("institutions:unit_detail", args=[unit.code])


def create_url(unit):
    return reverse("institutions:member_create", args=[unit.code])


def action_url(name, unit, member):
    return reverse(f"institutions:member_{name}", args=[unit.code, member.pk])


NEW = {"full_name": "  Nguyễn   Thị Hoa ", "email": "Hoa.Nguyen@LaiChau.gov.vn", "username": "tamduong.hoa"}


def errors_of(response):
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


# -- who may manage -------------------------------------------------------------------------------

def test_staff_see_the_add_button_and_each_members_actions(client_for, staff_user, unit, member):
    html = client_for(staff_user).get(page(unit)).content.decode()

    assert "Thêm người dùng" in html and create_url(unit) in html
    assert action_url("deactivate", unit, member) in html and action_url("password_link", unit, member) in html


@pytest.mark.parametrize("who", ["leader_user", "unit_user"])
def test_leaders_and_the_units_own_members_read_the_list_without_any_action(request, client_for, unit, member, who):
    html = client_for(request.getfixturevalue(who)).get(page(unit)).content.decode()

    assert "Lò Văn Pền" in html and "pen@laichau.gov.vn" in html
    assert "Thêm người dùng" not in html and "/members/" not in html


@pytest.mark.parametrize("who", ["leader_user", "unit_user"])
def test_a_leader_or_a_member_of_the_unit_itself_cannot_add_deactivate_or_send_a_link(request, client_for, unit,
                                                                                       member, who):
    client = client_for(request.getfixturevalue(who))

    assert client.get(create_url(unit)).status_code == 403
    assert client.post(create_url(unit), NEW).status_code == 403
    assert client.post(action_url("deactivate", unit, member)).status_code == 403
    assert client.post(action_url("password_link", unit, member)).status_code == 403
    member.refresh_from_db()
    assert member.is_active and not User.objects.filter(username="tamduong.hoa").exists() and not mail.outbox


def test_an_anonymous_visitor_is_sent_to_login_and_nothing_changes(client, unit, member):
    for url in (create_url(unit), action_url("deactivate", unit, member), action_url("reactivate", unit, member)):
        response = client.post(url, NEW)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    member.refresh_from_db()
    assert member.is_active and not User.objects.filter(username="tamduong.hoa").exists()


def test_staff_reach_a_member_only_through_the_members_own_unit(client_for, staff_user, other_unit, member,
                                                                 leader_user):
    client = client_for(staff_user)

    assert client.post(action_url("deactivate", other_unit, member)).status_code == 404
    assert client.post(action_url("password_link", other_unit, member)).status_code == 404
    # A leader's account is no unit's member, whatever unit the address names.
    assert client.post(action_url("deactivate", other_unit, leader_user)).status_code == 404
    member.refresh_from_db()
    assert member.is_active and not mail.outbox


# -- adding a member ------------------------------------------------------------------------------

def test_staff_add_a_member_who_has_no_password_until_they_set_one(client_for, staff_user, unit):
    response = client_for(staff_user).post(create_url(unit), NEW, follow=True)

    new = User.objects.get(username="tamduong.hoa")
    assert response.redirect_chain[-1][0] == page(unit) + "#unit-members"
    assert (new.first_name, new.email) == ("Nguyễn Thị Hoa", "Hoa.Nguyen@laichau.gov.vn")
    assert (new.profile.role, new.profile.reporting_unit) == (Role.UNIT, unit)
    assert new.is_active and not new.has_usable_password()
    html = response.content.decode()
    assert "Đã thêm người dùng “Nguyễn Thị Hoa”" in html and "chưa đặt mật khẩu" in html
    event = AuditEvent.objects.get(action="create", object_type="auth.user")
    assert (event.user, event.object_label) == (staff_user, "tamduong.hoa")
    assert not mail.outbox, "the link is sent when staff ask, not on creation"


def test_a_new_member_cannot_sign_in_before_setting_a_password(client, unit, staff_user):
    new = member_create(unit=unit, full_name="Nguyễn Thị Hoa", email="hoa@example.vn", username="hoa", user=staff_user)

    assert not client.login(username="hoa", password="")
    assert not client.login(username="hoa", password=new.password)


def test_an_address_already_used_by_another_account_is_refused_in_vietnamese(client_for, staff_user, unit, member):
    response = client_for(staff_user).post(create_url(unit), {**NEW, "email": "PEN@laichau.gov.vn"})

    assert response.status_code == 200
    assert errors_of(response) == {"email": ["Địa chỉ thư PEN@laichau.gov.vn đã là của một tài khoản khác."]}
    assert not User.objects.filter(username="tamduong.hoa").exists()


def test_a_username_taken_in_any_case_is_refused_in_vietnamese(client_for, staff_user, unit, member):
    response = client_for(staff_user).post(create_url(unit), {**NEW, "username": "DonVi"})

    assert errors_of(response) == {"username": ["Tên đăng nhập “DonVi” đã có người dùng."]}


def test_empty_fields_and_a_username_with_spaces_get_vietnamese_messages(client_for, staff_user, unit):
    client = client_for(staff_user)

    assert errors_of(client.post(create_url(unit), {})) == {
        "full_name": ["Hãy nhập họ và tên người dùng."],
        "email": ["Hãy nhập địa chỉ thư điện tử."],
        "username": ["Hãy nhập tên đăng nhập."],
    }
    errors = errors_of(client.post(create_url(unit), {**NEW, "email": "hoa@", "username": "Thị Hoa"}))
    assert errors == {
        "email": ["Địa chỉ thư điện tử chưa đúng, ví dụ đúng: nguyenvan@laichau.gov.vn."],
        "username": ["Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các dấu . _ - (không có dấu cách)."],
    }
    assert User.objects.count() == 1


def test_the_service_refuses_both_a_taken_address_and_a_taken_name_at_once(unit, member):
    with pytest.raises(ValidationError) as refused:
        member_create(unit=unit, full_name="Ai đó", email="pen@LAICHAU.gov.vn", username="DONVI")

    assert set(refused.value.message_dict) == {"email", "username"}


# -- deactivating and reactivating ----------------------------------------------------------------

def test_deactivating_asks_first_then_the_member_can_no_longer_sign_in(client_for, staff_user, unit, member):
    client = client_for(staff_user)
    confirm = client.get(action_url("deactivate", unit, member))
    assert confirm.status_code == 200
    assert "Ngừng hoạt động tài khoản “Lò Văn Pền”?" in confirm.content.decode()
    member.refresh_from_db()
    assert member.is_active, "the GET only asks"

    response = client.post(action_url("deactivate", unit, member), follow=True)

    member.refresh_from_db()
    assert not member.is_active
    assert "không đăng nhập được nữa" in response.content.decode()
    assert AuditEvent.objects.filter(action="deactivate", object_label="donvi", user=staff_user).count() == 1
    client.logout()
    assert not client.login(username="donvi", password=PASSWORD)


def test_a_deactivated_members_open_session_ends(client, unit, member, staff_user):
    client.force_login(member)
    assert client.get(page(unit)).status_code == 200
    member_set_active(member=member, is_active=False, user=staff_user)

    response = client.get(page(unit))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_reactivating_asks_first_and_lets_the_member_sign_in_again(client_for, staff_user, unit, member):
    member_set_active(member=member, is_active=False, user=staff_user)
    client = client_for(staff_user)
    assert "Cho tài khoản “Lò Văn Pền” hoạt động lại?" in client.get(action_url("reactivate", unit, member)).content.decode()

    client.post(action_url("reactivate", unit, member))

    member.refresh_from_db()
    assert member.is_active
    assert AuditEvent.objects.filter(action="reactivate", object_label="donvi").count() == 1
    client.logout()
    assert client.login(username="donvi", password=PASSWORD)


def test_the_list_shows_who_is_inactive_and_when_each_last_signed_in(client_for, staff_user, unit, member):
    member.last_login = timezone.make_aware(timezone.datetime(2026, 11, 20, 8, 30))
    member.save()
    gone = make_user(Role.UNIT, unit=unit, username="nghiviec")
    member_set_active(member=gone, is_active=False)

    html = client_for(staff_user).get(page(unit)).content.decode()

    row = re.search(r'<tr id="member-%d".*?</tr>' % member.pk, html, re.S).group()
    assert "Đang hoạt động" in row and "20/11/2026 08:30" in row and "Gửi liên kết đặt mật khẩu" in row
    row = re.search(r'<tr id="member-%d".*?</tr>' % gone.pk, html, re.S).group()
    assert "Ngừng hoạt động" in row and "Chưa đăng nhập" in row and "Cho hoạt động lại" in row
    assert "Gửi liên kết đặt mật khẩu" not in row


def test_the_members_list_runs_the_same_queries_however_many_members(client_for, staff_user, leader_user,
                                                                      django_assert_num_queries):
    unit = ReportingUnitFactory()
    make_user(Role.UNIT, unit=unit)

    def assert_queries(user, expected):
        client = client_for(user)
        with django_assert_num_queries(expected):
            assert client.get(page(unit)).status_code == 200

    assert_queries(staff_user, 9)  # 8 + the unit's versions
    assert_queries(leader_user, 9)
    for number in range(6):
        new = member_create(unit=unit, full_name=f"Người dùng {number}", email=f"u{number}@example.vn",
                            username=f"u{number}")
        if number % 2:
            member_set_active(member=new, is_active=False)
    assert_queries(staff_user, 9)  # 8 + the unit's versions
    assert_queries(leader_user, 9)


# -- the password link ----------------------------------------------------------------------------

def link_in(message):
    return re.search(r"https://baocao\.example\.vn(/\S+)", message.body).group(1)


def test_the_link_mail_says_who_it_is_for_who_sent_it_and_when_it_expires(client_for, staff_user, unit, member):
    staff_user.first_name = "Hà Thị Thu"
    staff_user.save()

    response = client_for(staff_user).post(action_url("password_link", unit, member), follow=True)

    assert "Đã gửi liên kết đặt mật khẩu tới pen@laichau.gov.vn" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["pen@laichau.gov.vn"]
    assert message.subject == "Đặt mật khẩu cho tài khoản donvi trên cổng báo cáo học tập suốt đời"
    body = " ".join(message.body.split())
    assert "Kính gửi: Lò Văn Pền," in body
    assert "Hà Thị Thu, Sở Văn hóa, Thể thao và Du lịch, gửi anh/chị" in body
    assert "tài khoản donvi của UBND thành phố Lai Châu" in body
    expires = timezone.localtime() + timezone.timedelta(days=3)
    assert f"hết hạn lúc {expires:%H:%M} ngày {expires:%d/%m/%Y}" in body
    assert link_in(message).startswith("/accounts/password/reset/")
    assert "Đặt mật khẩu trên cổng" in message.alternatives[0][0]
    event = AuditEvent.objects.get(action="password_link")
    assert (event.user, event.object_label, event.detail) == (staff_user, "donvi", "pen@laichau.gov.vn")


def test_a_new_member_sets_a_password_through_the_staffs_link_and_signs_in(client, unit, staff_user):
    new = member_create(unit=unit, full_name="Nguyễn Thị Hoa", email="hoa@example.vn", username="hoa", user=staff_user)
    member_send_password_link(member=new, user=staff_user)

    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    assert "Mật khẩu mới cho tài khoản <strong>hoa</strong>" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": "Sen-Ho-2026-Lai", "new_password2": "Sen-Ho-2026-Lai"}, follow=True)

    assert "Đã lưu mật khẩu mới" in done.content.decode()
    assert client.login(username="hoa", password="Sen-Ho-2026-Lai")
    assert AuditEvent.objects.filter(action="password_set", user=new).count() == 1


def test_a_used_link_does_not_work_a_second_time(client, unit, member):
    member_send_password_link(member=member)
    link = link_in(mail.outbox[0])
    set_page = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_page, {"new_password1": "Sen-Ho-2026-Lai", "new_password2": "Sen-Ho-2026-Lai"})

    html = client.get(link, follow=True).content.decode()

    assert "đã hết hạn, đã được dùng rồi hoặc không đúng" in html


def test_no_link_goes_to_a_deactivated_member_and_an_earlier_one_stops_working(client_for, staff_user, unit,
                                                                                 member, client):
    member_send_password_link(member=member, user=staff_user)
    link = link_in(mail.outbox[0])
    member_set_active(member=member, is_active=False, user=staff_user)

    response = client_for(staff_user).post(action_url("password_link", unit, member), follow=True)

    assert "Tài khoản đang ngừng hoạt động" in response.content.decode()
    assert len(mail.outbox) == 1 and AuditEvent.objects.filter(action="password_link").count() == 1
    client.logout()
    assert "đã hết hạn, đã được dùng rồi hoặc không đúng" in client.get(link, follow=True).content.decode()


def test_a_mail_server_down_is_said_plainly_and_nothing_is_recorded(client_for, staff_user, unit, member, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1

    response = client_for(staff_user).post(action_url("password_link", unit, member), follow=True)

    assert "Máy chủ thư chưa gửi được thư. Vui lòng thử lại sau ít phút." in response.content.decode()
    assert not AuditEvent.objects.filter(action="password_link").exists()
