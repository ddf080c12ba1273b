"""Every URL of the portal, for every role, GET and POST: the answer the table says
(tests/permission_table.py).

The test walks the whole resolver (everything but the admin and the language switch), so a
new view cannot skip it: a URL name missing from TABLE fails the test until someone writes
down who may open it.

Each request runs in a savepoint that is rolled back, so a POST that succeeds (a staff member
closing a period) does not change what the next request sees.
"""
import copy

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from institutions.models import Role

from .factories import UserFactory, make_user
from .permission_table import EXCLUDED_PREFIXES, LOGIN, ROLES, TABLE, build_world
from .report_world import build_report_world

pytestmark = pytest.mark.django_db



def walk(patterns=None, prefix="", namespace=""):
    """(full URL name, route, pattern) for every URL pattern, through every include()."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (
                entry.namespace or namespace)
            yield from walk(entry.url_patterns, route, inner)
        else:
            assert isinstance(entry, URLPattern)
            yield (f"{namespace}:{entry.name}" if namespace and entry.name else entry.name), route, entry


def walked():
    return [(name, route, entry) for name, route, entry in walk() if not route.startswith(EXCLUDED_PREFIXES)]


def converter_names(route):
    from django.urls.resolvers import RoutePattern

    return set(RoutePattern(route).converters)


def answer(response):
    if response.status_code == 302 and response.url.startswith(reverse("login")) and "next=" in response.url:
        return LOGIN
    return response.status_code


def clients(world):
    result = {"anonymous": Client()}
    for role, user in world.users.items():
        result[role] = Client()
        result[role].force_login(user)
    return result


def ask(client, method, url, data):
    """One request in a savepoint that is rolled back, the client's cookies kept: a successful POST
    (a sign-out too) changes nothing for the next request."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, data)
        transaction.set_rollback(True)
    client.cookies = cookies
    return answer(response)


def test_every_url_name_is_in_the_table_and_every_table_row_is_a_url():
    names = [name for name, _route, _entry in walked()]
    assert None not in names, "every URL pattern needs a name (and a row in TABLE)"
    missing = sorted(set(names) - set(TABLE))
    assert not missing, f"add these URL names to TABLE with who may open them: {missing}"
    stale = sorted(set(TABLE) - set(names))
    assert not stale, f"these TABLE rows name no URL any more: {stale}"


def test_every_row_expects_one_answer_per_role():
    for name, row in TABLE.items():
        assert len(row.get) == len(ROLES) and len(row.post) == len(ROLES), name


def test_every_url_answers_every_role_as_the_table_says(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    by_role = clients(world)
    wrong = []
    for name, route, _entry in walked():
        row = TABLE[name]
        kwargs = row.kwargs(world)
        assert set(kwargs) == converter_names(route), f"{name}: the sample kwargs do not match {route}"
        url = reverse(name, kwargs=kwargs) + row.query
        for method, expected_row in (("GET", row.get), ("POST", row.post)):
            for role, expected in zip(ROLES, expected_row):
                got = ask(by_role[role], method, url, row.data(world))
                if got != expected:
                    wrong.append(f"{name:32} {role:11} {method:5} expected {expected!s:6} got {got}  ({url})")
    assert not wrong, "answers that differ from the table:\n" + "\n".join(wrong)


def test_the_admin_turns_away_everyone_but_superusers(django_user_model):
    """The admin is not in the walk: it has its own login. Portal roles are not admin staff."""
    from django.contrib import admin

    unit = build_report_world().units.u105
    pages = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]
    users = [make_user(Role.STAFF), make_user(Role.LEADER), make_user(Role.UNIT, unit=unit), UserFactory()]
    desk = UserFactory(is_staff=True)  # admin staff without any permission
    wrong = []
    for user in [None, *users]:
        client = Client()
        if user is not None:
            client.force_login(user)
        for url in pages:
            response = client.get(url)
            if response.status_code != 302 or not response.url.startswith(reverse("admin:login")):
                wrong.append(f"{user}: {url} answered {response.status_code}")
    client = Client()
    client.force_login(desk)
    for url in pages[1:]:
        if (status := client.get(url).status_code) != 403:
            wrong.append(f"is_staff without permissions: {url} answered {status}")
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    for url in pages:
        if (status := client.get(url).status_code) != 200:
            wrong.append(f"superuser: {url} answered {status}")
    assert not wrong, "\n".join(wrong)


def test_the_health_check_is_public_and_says_nothing_more():
    response = Client().get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
