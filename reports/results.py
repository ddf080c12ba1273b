"""The report's numbers as plain dataclasses; ``to_dict`` gives the JSON shape (Decimals kept)."""
import copy
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal

_FIELDS = {}


def _plain(value):
    """``dataclasses.asdict`` semantics (nested dataclasses to dicts, containers copied, other
    values deep-copied), without its per-value overhead: a report has thousands of figures."""
    if is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS.get(type(value))
        if names is None:
            names = _FIELDS[type(value)] = [f.name for f in fields(value)]
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return type(value)(_plain(item) for item in value)
    if value is None or isinstance(value, (str, int, float, bool, Decimal)):
        return value  # immutable
    return copy.deepcopy(value)


@dataclass(slots=True)  # 28 targets × 81 districts of them in a report
class AreaFigure:
    code: str
    name: str
    actual: Decimal | None
    provisional: bool = False
    institutions_total: int = 0
    institutions_reported: int = 0
    institutions_meeting: int | None = None
    status: str | None = None


@dataclass
class TargetResult:
    key: str | None
    year: int
    scope: dict
    cadence_years: int
    window: list
    basis: str
    basis_label: str
    target_min: Decimal | None
    target_max: Decimal | None
    target_min_total: Decimal | None
    target_max_total: Decimal | None
    actual: Decimal | None
    period_actual: Decimal | None
    provisional: bool
    achievement_pct: Decimal | None
    achievement_max_pct: Decimal | None
    status: str
    status_label: str
    institutions_total: int
    institutions_reported: int
    institutions_meeting: int | None
    institutions_above: int | None
    previous_period: str | None
    previous_actual: Decimal | None
    change: Decimal | None
    change_pct: Decimal | None
    by_area: list = field(default_factory=list)
    source_ref: str = ""
    reading: str = ""


@dataclass
class IndicatorResult:
    code: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    value_type: str
    aggregation: str
    applies_to: str
    targets: list = field(default_factory=list)


@dataclass
class Report:
    schema: str
    plan: dict
    period: dict
    include_submitted: bool
    areas: list
    indicators: list
    completeness: dict
    summary: dict

    def to_dict(self):
        return _plain(self)
