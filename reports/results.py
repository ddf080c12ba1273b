"""The report's numbers as plain dataclasses; ``serialize.dumps`` writes them as JSON (Decimals kept)."""
import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class AreaFigure:
    code: str
    name: str
    actual: Decimal | None
    provisional: bool = False
    institutions_total: int = 0
    institutions_reported: int = 0
    institutions_meeting: int | None = None
    status: str | None = None
    # The area's part of the target's whole (a group's count); None for a per-institution target,
    # a level or no figure. Reports frozen before it have no such member (present.area_matrix).
    share_pct: Decimal | None = None


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
    institutions_meeting_min: Decimal | None  # what each was counted against (half the minimum mid-year)
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
        """The report as nested dicts (for tests and the bench; the JSON is written from the
        dataclasses themselves, ``serialize.dumps``)."""
        return dataclasses.asdict(self)
