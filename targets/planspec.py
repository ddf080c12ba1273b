"""Plain dataclasses a checked plan file is read into (see ``targets.planfile``)."""
from dataclasses import dataclass, field
from decimal import Decimal


class PlanFileError(Exception):
    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class PlanSpec:
    code: str
    number: str
    issued_on: object
    issuer: str
    title: str
    implements: str
    start_year: int
    end_year: int
    half_year_due: str
    annual_due: str
    sections: list = field(default_factory=list)  # [{"code": "II.1", "title": "..."}]
    # The reporting-unit kinds that report under the plan (plan.reporting_kinds, else the kinds of
    # the units that report), and the administrative structure whose codes admin_unit names.
    reporting_kinds: list = field(default_factory=list)
    admin_structure: str = ""

    @property
    def years(self):
        return list(range(self.start_year, self.end_year + 1))


@dataclass
class ReportingUnitSpec:
    code: str
    name: str
    short_name: str
    kind: str
    admin_unit: str
    email: str
    reports: bool
    order: int


@dataclass
class IndicatorSpec:
    code: str
    name_vi: str
    name_en: str
    unit_vi: str
    unit_en: str
    value_type: str
    aggregation: str
    applies_to: str
    applies_kind: str
    applies_levels: list
    applies_unit_kinds: list
    frequency: str
    running_count: bool
    source_ref: str
    description: str
    order: int


@dataclass
class ResponsibilitySpec:
    unit: str
    role: str
    source_ref: str


@dataclass
class TaskSpec:
    code: str
    section: str
    section_title: str
    text: str
    source_ref: str
    order: int
    responsible: list  # [ResponsibilitySpec]
    indicators: list  # [code]


@dataclass
class TargetYear:
    year: int
    min: Decimal | None
    max: Decimal | None


@dataclass
class TargetSpec:
    key: str
    indicator: str
    scope_mode: str
    scope_kind: str
    scope_levels: list
    institution: str
    reporting_unit: str
    values: list  # [TargetYear], one per year
    cadence_years: int
    source_ref: str
    source_text: str
    reading: str
    order: int


@dataclass
class PlanFile:
    plan: PlanSpec
    reporting_units: list
    indicators: list
    tasks: list
    targets: list

    def indicator(self, code):
        return next((item for item in self.indicators if item.code == code), None)
