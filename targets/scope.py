"""What a target covers: which figures count toward it, and how many institutions it names (read
by the consolidated report and by the figure checks of a unit's report)."""
from dataclasses import dataclass

from institutions.models import InstitutionKind, InstitutionLevel, ReportingUnitKind

from .models import AppliesTo, ScopeMode


@dataclass(frozen=True)
class Scope:
    mode: str
    kind: str  # institution kind ("" = any)
    levels: tuple  # institution levels, or for unit figures "province"/"district" ("" = any)
    unit_level: bool  # the indicator is reported by units, not institutions
    unit_kinds: tuple  # for unit figures: the reporting-unit kinds that report it
    institution_id: int | None = None
    reporting_unit_id: int | None = None

    @classmethod
    def of(cls, indicator, target=None):
        """The scope of ``target``; without a target, everything the indicator applies to."""
        unit_level_ = indicator.applies_to == AppliesTo.REPORTING_UNIT
        if target is None:
            mode, kind, levels = ScopeMode.GROUP, "", ()
        else:
            mode, kind, levels = target.scope_mode, target.scope_kind, tuple(target.scope_levels or ())
        if not unit_level_:
            kind = kind or indicator.applies_kind or ""
            levels = levels or tuple(indicator.applies_levels or ())
        return cls(
            mode=mode,
            kind=kind,
            levels=levels,
            unit_level=unit_level_,
            unit_kinds=tuple(indicator.applies_unit_kinds or ()),
            institution_id=target.institution_id if target is not None else None,
            reporting_unit_id=target.reporting_unit_id if target is not None else None,
        )

    @property
    def per_institution(self):
        return self.mode == ScopeMode.EACH

    @property
    def single_institution(self):
        return self.mode == ScopeMode.INSTITUTION and not self.unit_level

    def _unit_ok(self, unit_id, unit_kinds):
        if self.mode == ScopeMode.REPORTING_UNIT:
            return unit_id == self.reporting_unit_id
        kind = unit_kinds.get(unit_id)
        if self.unit_kinds and kind not in self.unit_kinds:
            return False
        return not self.levels or unit_level(kind) in self.levels

    def matches(self, kind, level, unit_id, unit_kinds):
        """Whether figures of an institution of ``kind``/``level`` reported by ``unit_id`` (or a
        unit's own figure, ``kind`` None) count toward this scope."""
        if self.unit_level:
            return kind is None and self._unit_ok(unit_id, unit_kinds)
        if kind is None:
            return False
        if self.kind and kind != self.kind:
            return False
        if self.levels and level not in self.levels:
            return False
        if self.mode == ScopeMode.REPORTING_UNIT:
            return unit_id == self.reporting_unit_id
        return True

    def to_dict(self, institution=None, reporting_unit=None):
        return {
            "mode": self.mode,
            "per_institution": self.per_institution,
            "summed": self.mode in (ScopeMode.GROUP, ScopeMode.REPORTING_UNIT),
            "entity": "reporting_unit" if self.unit_level else "institution",
            "kind": self.kind,
            "kind_label": str(InstitutionKind(self.kind).label) if self.kind else "",
            "levels": list(self.levels),
            "level": ", ".join(self.levels),
            "level_label": ", ".join(_level_label(level) for level in self.levels),
            "institution": _named(institution),
            "reporting_unit": _named(reporting_unit),
            "label": self.label(institution, reporting_unit),
        }

    def label(self, institution=None, reporting_unit=None):
        """Vietnamese words for the scope: "mỗi Thư viện cấp huyện", "tổng: Thư viện cấp huyện"."""
        if self.mode == ScopeMode.INSTITUTION and institution is not None:
            return institution.name
        if self.mode == ScopeMode.REPORTING_UNIT and reporting_unit is not None:
            return reporting_unit.name
        if self.unit_level:
            what = "; ".join(str(ReportingUnitKind(kind).label) for kind in self.unit_kinds) or "Đơn vị báo cáo"
            levels = ""
        else:
            what = str(InstitutionKind(self.kind).label) if self.kind else ""
            levels = ", ".join(_level_label(level) for level in self.levels)
        words = " ".join(part for part in (what, levels) if part) or "Toàn tỉnh"
        if self.mode == ScopeMode.EACH:
            acronym = len(words) > 1 and words[1].isupper()
            return f"Mỗi {words if acronym else words[:1].lower() + words[1:]}"
        return f"Tổng: {words}" if self.mode == ScopeMode.GROUP else words


def _level_label(level):
    try:
        return str(InstitutionLevel(level).label)
    except ValueError:
        return level


def _named(obj):
    if obj is None:
        return None
    return {"code": obj.code, "name": obj.name}


def unit_level(unit_kind):
    """The level a reporting unit stands for, matched against a target's ``scope_levels``."""
    return "district" if unit_kind == ReportingUnitKind.DISTRICT else "province"
