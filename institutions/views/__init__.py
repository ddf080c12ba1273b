"""Views of the institutions registry, one module per page group."""
from .admin_units import admin_unit_list
from .excel import institution_export, institution_import
from .members import member_create, member_deactivate, member_password_link, member_reactivate
from .registry import (
    institution_create,
    institution_deactivate,
    institution_detail,
    institution_edit,
    institution_list,
    institution_reactivate,
)
from .units import unit_detail, unit_list

__all__ = [
    "admin_unit_list",
    "institution_create",
    "institution_deactivate",
    "institution_detail",
    "institution_edit",
    "institution_export",
    "institution_import",
    "institution_list",
    "institution_reactivate",
    "member_create",
    "member_deactivate",
    "member_password_link",
    "member_reactivate",
    "unit_detail",
    "unit_list",
]
