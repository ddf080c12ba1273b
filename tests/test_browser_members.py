"""In headless Chromium: staff add a member to a unit, send the link, the member sets a password from
the mail and signs in, staff deactivate the account; a user who forgot the password asks from the
login page. The unit's page and the forms fit a phone (390 px) and an office screen (1,366 px)."""
import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from institutions.members import member_create
from institutions.models import Role

from .browser_support import log_in
from .factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Ruong-Bac-Thang-2026"


@pytest.fixture(autouse=True)
def mail_to_memory(settings, live_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN"}


def link_in(message):
    return re.search(r"(https?://\S+/accounts/password/reset/\S+)", message.body).group(1)


def fits(page):
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return scroll_width <= inner_width


def test_staff_add_a_member_who_sets_a_password_from_the_mail_then_is_deactivated(live_server, page, unit):
    staff = make_user(Role.STAFF, username="canbo")
    unit_page = reverse("institutions:unit_detail", args=[unit.code])
    log_in(page, live_server, staff.username, unit_page)

    page.click("#member-add")
    page.fill("#id_full_name", "Nguyễn Thị Hoa")
    page.fill("#id_email", "hoa.nguyen@laichau.gov.vn")
    page.fill("#id_username", "tpl.hoa")
    page.click("#member-form [type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã thêm người dùng “Nguyễn Thị Hoa”")
    row = page.locator("#unit-members tr", has_text="tpl.hoa")
    expect(row).to_contain_text("chưa đặt mật khẩu")
    row.get_by_role("button", name="Gửi liên kết đặt mật khẩu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi liên kết đặt mật khẩu tới hoa.nguyen@laichau.gov.vn")

    member_page = page.context.browser.new_page()
    member_page.goto(link_in(mail.outbox[0]))
    expect(member_page.locator("h1")).to_have_text("Đặt mật khẩu")
    member_page.fill("#id_new_password1", NEW_PASSWORD)
    member_page.fill("#id_new_password2", NEW_PASSWORD)
    member_page.click("#password-set-form [type=submit]")
    expect(member_page.locator("#password-set-done")).to_be_visible()
    member_page.click("text=Đăng nhập >> nth=-1")
    member_page.fill("#id_username", "tpl.hoa")
    member_page.fill("#id_password", NEW_PASSWORD)
    member_page.click("form:not(#language-switch) button[type=submit]")
    expect(member_page).not_to_have_url(re.compile(r"/accounts/login/"))
    member_page.close()

    page.reload()
    row = page.locator("#unit-members tr", has_text="tpl.hoa")
    expect(row).not_to_contain_text("chưa đặt mật khẩu")
    row.get_by_role("link", name="Ngừng hoạt động").click()
    expect(page.locator("h1")).to_contain_text("Ngừng hoạt động tài khoản “Nguyễn Thị Hoa”?")
    page.click("main form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("không đăng nhập được nữa")
    expect(page.locator("#unit-members tr", has_text="tpl.hoa")).to_contain_text("Cho hoạt động lại")


def test_a_user_who_forgot_the_password_asks_from_the_login_page(live_server, page, unit):
    member_create(unit=unit, full_name="Lò Văn Pền", email="pen@laichau.gov.vn", username="pen")
    page.goto(f"{live_server.url}{reverse('login')}")

    page.click("#forgot-password")
    page.fill("#id_email", "pen@laichau.gov.vn")
    page.click("#password-reset-form [type=submit]")

    expect(page.locator("#password-reset-sent")).to_be_visible()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["pen@laichau.gov.vn"]


@pytest.mark.parametrize("width", [390, 1366])
def test_the_members_list_and_the_forms_fit_the_screen(live_server, browser, unit, width):
    staff = make_user(Role.STAFF, username="canbo")
    for number in range(3):
        member_create(unit=unit, full_name=f"Hoàng Thị Phương Thảo số {number}",
                      email=f"hoang.thi.phuong.thao.{number}@vanhoathethaodulich.laichau.gov.vn",
                      username=f"thanhpholaichau.thao{number}")
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server, staff.username, reverse("institutions:unit_detail", args=[unit.code]))
    expect(page.locator("#unit-members")).to_be_visible()
    member = unit.members.first().user
    paths = [
        reverse("institutions:unit_detail", args=[unit.code]),
        reverse("institutions:member_create", args=[unit.code]),
        reverse("institutions:member_deactivate", args=[unit.code, member.pk]),
        reverse("password_reset"), reverse("password_reset_done"),
        reverse("password_reset_confirm", args=["MQ", "khong-dung"]),
    ]
    too_wide = []
    for path in paths:
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        if not fits(page):
            too_wide.append(path)
    context.close()
    assert too_wide == []
