"""Field readers for plan files: each reads one value, or records an error naming its path.

Used by ``targets.planfile``; nothing here knows what a plan is. Messages are Vietnamese,
in the form ``<path>: <problem>``, e.g. ``targets[3].years.2016.min: phải là số``.
"""
import datetime
import re
from decimal import Decimal, InvalidOperation

import yaml

from laichau_plan.text import nfc

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


class ThousandsLike(str):
    """A number written with dots between thousands (8.000): YAML would read it as 8."""


class PlanYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML with exact decimals (never floats) and duplicate keys refused."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hashable = key in seen
            except TypeError:
                continue
            if hashable:
                raise yaml.constructor.ConstructorError(
                    None, None, f"khóa {key!r} bị lặp lại", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _construct_decimal(loader, node):
    raw = loader.construct_scalar(node)
    text = raw.replace("_", "")
    if _THOUSANDS.match(text):
        return ThousandsLike(raw)
    try:
        value = Decimal(text)
    except InvalidOperation:
        return raw
    return value if value.is_finite() else raw


PlanYamlLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def join(path, key):
    return f"{path}.{key}" if path else str(key)


class Reader:
    """Collects every error instead of stopping at the first one."""

    def __init__(self):
        self.errors = []

    def error(self, path, message):
        self.errors.append(f"{path}: {message}" if path else message)

    # -- containers -------------------------------------------------------------------
    def mapping(self, value, path, *, required=(), optional=()):
        """``value`` as a dict with every required key and no unknown ones, else None."""
        if not isinstance(value, dict):
            self.error(path, "phải là bảng khóa–giá trị (mapping)")
            return None
        for key in required:
            if key not in value or value[key] is None:
                self.error(join(path, key), "thiếu trường bắt buộc")
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.error(join(path, key), "trường không được hỗ trợ (có gõ nhầm tên?)")
        return value

    def items(self, data, key, path):
        """The list at ``data[key]`` as (item path, item) pairs."""
        value = data.get(key) if isinstance(data, dict) else None
        where = join(path, key)
        if value is None:  # a missing required list is reported by mapping()
            return []
        if not isinstance(value, list):
            self.error(where, "phải là danh sách")
            return []
        return [(f"{where}[{index}]", item) for index, item in enumerate(value)]

    # -- scalars ----------------------------------------------------------------------
    def text(self, data, key, path, *, required=True, max_length=None, default=""):
        value = data.get(key) if isinstance(data, dict) else None
        where = join(path, key)
        if value is None:
            return default
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = "\n".join(nfc(item) for item in value)
        if not isinstance(value, str):
            hint = ' (đặt trong dấu nháy, ví dụ "105")' if isinstance(value, (int, Decimal)) else ""
            self.error(where, f"phải là chuỗi ký tự{hint}")
            return default
        value = nfc(value)
        if required and not value:
            self.error(where, "không được để trống")
        if max_length and len(value) > max_length:
            self.error(where, f"dài quá {max_length} ký tự")
        return value

    def code(self, data, key, path, *, pattern, hint, max_length, required=True):
        value = self.text(data, key, path, required=required, max_length=max_length)
        if value and not re.fullmatch(pattern, value):
            self.error(join(path, key), f"mã {value!r} không hợp lệ ({hint})")
            return ""
        return value

    def choice(self, data, key, path, choices, *, default=""):
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return default
        return self.choice_value(value, join(path, key), choices) or default

    def choice_value(self, value, path, choices):
        allowed = [str(choice) for choice in choices.values]
        if not isinstance(value, str) or value not in allowed:
            self.error(path, f"giá trị {value!r} không hợp lệ; chọn một trong: {', '.join(allowed)}")
            return None
        return value

    def choice_list(self, data, key, path, choices, *, required=False):
        value = data.get(key) if isinstance(data, dict) else None
        where = join(path, key)
        if value is None:
            if required:
                self.error(where, "thiếu trường bắt buộc")
            return []
        if not isinstance(value, list):
            self.error(where, "phải là danh sách")
            return []
        result = []
        for index, item in enumerate(value):
            checked = self.choice_value(item, f"{where}[{index}]", choices)
            if checked and checked not in result:
                result.append(checked)
        if required and not value:
            self.error(where, "không được để trống")
        return result

    def integer(self, data, key, path, *, default=None, minimum=None, maximum=None):
        value = data.get(key) if isinstance(data, dict) else None
        where = join(path, key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(where, "phải là số nguyên")
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.error(where, f"phải từ {minimum} đến {maximum}" if maximum else f"phải từ {minimum} trở lên")
            return default
        return value

    def boolean(self, data, key, path, *, default):
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(join(path, key), "phải là true hoặc false")
            return default
        return value

    def number(self, value, path):
        """An exact Decimal from an int or a YAML decimal, or None with an error."""
        if isinstance(value, ThousandsLike):
            self.error(path, f"viết số không có dấu chấm hàng nghìn ({str(value).replace('.', '')}, không phải {value})")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.error(path, "phải là số")
            return None
        return Decimal(value)

    def date(self, data, key, path):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return datetime.datetime.strptime(value.strip(), fmt).date()
                except ValueError:
                    pass
        if value is not None:
            self.error(join(path, key), "phải là ngày dạng 2015-12-16 hoặc 16/12/2015")
        return None

    def month_day(self, data, key, path, *, default):
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return default
        if isinstance(value, str) and re.fullmatch(r"\d{2}-\d{2}", value):
            try:
                datetime.date(2000, int(value[:2]), int(value[3:]))
                return value
            except ValueError:
                pass
        self.error(join(path, key), 'phải có dạng tháng-ngày "MM-DD", ví dụ "06-20"')
        return default
