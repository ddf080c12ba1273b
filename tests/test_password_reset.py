"""“Quên mật khẩu?”: Django's own reset views with the portal's Vietnamese pages and mail; the same
page whether or not the address is known, and a limit per address typed and per client address."""
import re

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from institutions.members import member_create

from .factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_mail")]
RESET = reverse("password_reset")
SENT = reverse("password_reset_done")
REFUSED = "Đã có quá nhiều yêu cầu đặt lại mật khẩu cho địa chỉ thư này hoặc từ máy này. Vui lòng thử lại sau 60 phút."
NEW_PASSWORD = "Ruong-Bac-Thang-2026"


def ask(client, email, ip="203.0.113.7"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def link_in(message):
    return re.search(r"https://baocao\.example\.vn(/\S+)", message.body).group(1)


def set_password(client, link, password=NEW_PASSWORD):
    form_page = client.get(link, follow=True)
    return client.post(form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password},
                       follow=True)


def test_the_login_page_links_to_the_forgotten_password_page(client):
    html = client.get(reverse("login")).content.decode()

    assert f'href="{RESET}"' in html and "Quên mật khẩu?" in html
    assert "Nhập địa chỉ thư điện tử của tài khoản" in client.get(RESET).content.decode()


def test_a_known_address_gets_a_vietnamese_mail_with_a_link_that_sets_the_password(client, member):
    response = ask(client, "PEN@laichau.gov.vn")

    assert response.status_code == 302 and response["Location"] == SENT
    [message] = mail.outbox
    assert message.to == ["pen@laichau.gov.vn"]
    assert message.subject == "Đặt lại mật khẩu tài khoản donvi trên cổng báo cáo học tập suốt đời"
    body = " ".join(message.body.split())
    assert "Kính gửi: Lò Văn Pền," in body and "yêu cầu đặt lại mật khẩu cho tài khoản donvi" in body
    assert "Liên kết chỉ dùng được một lần và hết hạn lúc" in body
    assert "mật khẩu hiện tại vẫn giữ nguyên" in body

    done = set_password(client, link_in(message))

    assert "Đã lưu mật khẩu mới" in done.content.decode()
    assert client.login(username="donvi", password=NEW_PASSWORD)
    assert not client.login(username="donvi", password=PASSWORD)
    event = AuditEvent.objects.get(action="password_reset")
    assert (event.user, event.object_label, event.detail, event.ip) == (None, "donvi", "pen@laichau.gov.vn",
                                                                        "203.0.113.7")
    assert AuditEvent.objects.filter(action="password_set", user=member).count() == 1


def test_signing_in_through_the_login_page_works_with_the_new_password(client, member):
    ask(client, "pen@laichau.gov.vn")
    set_password(client, link_in(mail.outbox[0]))

    response = client.post(reverse("login"), {"username": "donvi", "password": NEW_PASSWORD})

    assert response.status_code == 302 and response.wsgi_request.user == member


def test_an_unknown_address_shows_the_same_page_and_sends_nothing(client, member):
    known = ask(client, "pen@laichau.gov.vn")
    mail.outbox.clear()

    unknown = ask(client, "ai.do@laichau.gov.vn")

    assert unknown.status_code == known.status_code == 302 and unknown["Location"] == known["Location"] == SENT
    assert not mail.outbox
    page = client.get(SENT).content.decode()
    assert "Nếu địa chỉ vừa nhập là của một tài khoản đang hoạt động trên cổng" in page
    assert not AuditEvent.objects.filter(action="password_reset", detail="ai.do@laichau.gov.vn").exists()


def test_a_deactivated_account_gets_no_mail(client, member):
    member.is_active = False
    member.save()

    assert ask(client, "pen@laichau.gov.vn")["Location"] == SENT
    assert not mail.outbox


def test_a_new_member_without_a_password_yet_can_ask_for_a_link(client, unit, staff_user):
    member_create(unit=unit, full_name="Nguyễn Thị Hoa", email="hoa@example.vn", username="hoa", user=staff_user)

    ask(client, "hoa@example.vn")
    set_password(client, link_in(mail.outbox[0]))

    assert client.login(username="hoa", password=NEW_PASSWORD)


def test_a_mail_server_down_shows_the_same_page(client, member, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1

    response = ask(client, "pen@laichau.gov.vn")

    assert response.status_code == 302 and response["Location"] == SENT
    assert not AuditEvent.objects.filter(action="password_reset").exists()


def test_a_wrong_link_shows_a_vietnamese_page_that_offers_a_new_one(client):
    html = client.get(reverse("password_reset_confirm", args=["MQ", "khong-dung"])).content.decode()

    assert "Liên kết đặt mật khẩu này đã hết hạn, đã được dùng rồi hoặc không đúng" in html
    assert f'href="{RESET}"' in html


def test_three_requests_for_one_address_go_and_the_fourth_is_refused_in_vietnamese(client, member):
    for _ in range(3):
        assert ask(client, "pen@laichau.gov.vn")["Location"] == SENT

    refused = ask(client, "Pen@LaiChau.gov.vn", ip="198.51.100.20")

    assert refused.status_code == 200 and REFUSED in refused.content.decode()
    assert len(mail.outbox) == 3
    assert ask(client, "ai.khac@laichau.gov.vn", ip="198.51.100.20")["Location"] == SENT, "other addresses still go"


def test_the_limit_counts_an_unknown_address_too_so_the_refusal_tells_nothing(client, member):
    for address in ("pen@laichau.gov.vn", "ai.do@laichau.gov.vn"):
        for _ in range(3):
            ask(client, address)
        assert REFUSED in ask(client, address).content.decode()


def test_ten_requests_from_one_client_address_go_and_the_eleventh_is_refused(client, member):
    for number in range(10):
        assert ask(client, f"nguoi{number}@laichau.gov.vn")["Location"] == SENT

    assert REFUSED in ask(client, "pen@laichau.gov.vn").content.decode()
    assert not mail.outbox
    assert ask(client, "pen@laichau.gov.vn", ip="198.51.100.20")["Location"] == SENT
    assert len(mail.outbox) == 1


def test_the_limits_come_from_the_settings(client, member, settings):
    settings.PASSWORD_RESET_LIMIT, settings.PASSWORD_RESET_MINUTES = 1, 5

    ask(client, "pen@laichau.gov.vn")

    assert "Vui lòng thử lại sau 5 phút." in ask(client, "pen@laichau.gov.vn").content.decode()


def test_a_staff_account_resets_its_password_the_same_way(client, staff_user):
    staff_user.email = "canbo.so@laichau.gov.vn"
    staff_user.save()

    ask(client, "canbo.so@laichau.gov.vn")
    set_password(client, link_in(mail.outbox[0]))

    assert client.login(username="canbo", password=NEW_PASSWORD)


def test_the_mail_goes_in_vietnamese_when_the_page_is_read_in_english(client, member):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    ask(client, "pen@laichau.gov.vn")

    assert mail.outbox[0].subject == "Đặt lại mật khẩu tài khoản donvi trên cổng báo cáo học tập suốt đời"
