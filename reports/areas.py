"""The report's areas: the districts its by-district tables group by, and "Cấp tỉnh".

Which district an institution or a unit counts under is the registry's rule
(``institutions.areas``). Provincial institutions and the bodies of the province have no
district: they are grouped as "Cấp tỉnh" (``PROVINCE_AREA``).
"""
from dataclasses import dataclass

from django.utils.translation import gettext_noop

PROVINCE_AREA_CODE = "tinh"
PROVINCE_AREA_NAME = gettext_noop("Cấp tỉnh")  # Vietnamese in the data; pages translate it


@dataclass(frozen=True)
class Area:
    id: int | None  # AdminUnit id; None for the provincial level
    code: str
    name: str

    @property
    def sort_key(self):
        return (self.id is not None, self.code)


PROVINCE_AREA = Area(None, PROVINCE_AREA_CODE, PROVINCE_AREA_NAME)
