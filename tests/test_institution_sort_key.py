"""The stored sort key: digits that sort bytewise exactly as vi_sort_key sorts the names."""
import random

import pytest

from institutions.models import Institution, vi_sort_string
from laichau_plan.text import vi_sort_key

from .factories import InstitutionFactory

LETTERS = list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯfjwz0123456789 -.()") + [
    "á", "à", "ả", "ã", "ạ", "ấ", "ầ", "ẩ", "ẫ", "ậ", "ế", "ể", "ố", "ờ", "ữ", "ỵ", "Ỹ", "ü", "日",
]


def test_the_digit_key_orders_random_names_like_vi_sort_key():
    rng = random.Random(1133)
    names = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    assert sorted(names, key=vi_sort_string) == sorted(names, key=vi_sort_key)
    assert all(key.isdigit() for key in map(vi_sort_string, names))


def test_a_shorter_name_comes_before_a_longer_one_it_begins():
    assert vi_sort_string("Bản") < vi_sort_string("Bản Bo")
    assert vi_sort_string("Ba") < vi_sort_string("Bà") < vi_sort_string("Bă")


@pytest.mark.django_db
def test_the_key_is_stored_on_save_and_the_database_orders_by_it():
    names = ["Đèo Gió", "Dền Sung", "Ăng Tư", "Ân Nghĩa", "An Lạc", "Âu Cơ", "Ơ Mai", "Ô Rô", "Ư Ga", "U Minh"]
    for index, name in enumerate(names):
        InstitutionFactory(name=name, code=f"S-{index}")
    ordered = list(Institution.objects.order_by("sort_name").values_list("name", flat=True))
    assert ordered == sorted(names, key=vi_sort_key)


def test_names_compare_word_by_word_like_a_dictionary():
    from institutions.models import vi_sort_string

    names = ["Anh", "An Bình", "Ông Ké", "Ô Mai"]
    assert sorted(names, key=vi_sort_string) == ["An Bình", "Anh", "Ô Mai", "Ông Ké"]
