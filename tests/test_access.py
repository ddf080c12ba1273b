import pytest
from django.http import Http404

from institutions.access import get_institution_for_user, institutions_visible_to, role_of
from institutions.models import Role

pytestmark = pytest.mark.django_db


def test_a_unit_member_sees_only_its_own_institutions(unit_user, own_institution, other_institution):
    assert list(institutions_visible_to(unit_user)) == [own_institution]
    with pytest.raises(Http404):
        get_institution_for_user(unit_user, other_institution.code)


def test_staff_and_leaders_see_every_institution(staff_user, leader_user, own_institution, other_institution):
    for user in (staff_user, leader_user):
        assert set(institutions_visible_to(user)) == {own_institution, other_institution}


def test_a_user_without_profile_has_no_role_and_sees_nothing(django_user_model, own_institution):
    user = django_user_model.objects.create_user("noprofile", password="x")
    assert role_of(user) is None
    assert not institutions_visible_to(user).exists()


def test_a_superuser_counts_as_department_staff(django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x")
    assert role_of(admin) == Role.STAFF
