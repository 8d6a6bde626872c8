"""`goals`: goal statements from the SMART analysis (`auditor.analysis.goals`), filtered by kind and flags,
e.g. `goals: {kind: [effektmal], specific: true}`."""

from __future__ import annotations

from auditor.analysis.context import Hit, ScanContext
from auditor.analysis.goals import goals_of
from auditor.engine.matchers.base import SpecError
from auditor.labels import GOAL_KINDS

FLAGS = ("specific", "measurable", "time_bound", "baseline", "hedged", "purpose_of_activity")


class GoalMatcher:
    def __init__(self, kinds: tuple[str, ...], flags: dict[str, bool]) -> None:
        self.kinds = kinds
        self.flags = flags

    def match(self, ctx: ScanContext) -> list[Hit]:
        return [
            Hit(goal.start, goal.end, goal.kind)
            for goal in goals_of(ctx)
            if goal.kind in self.kinds and all(getattr(goal, f) == v for f, v in self.flags.items())
        ]


def compile_spec(spec: dict, compiler, where: str) -> GoalMatcher:
    value = spec["goals"] or {}
    if not isinstance(value, dict):
        raise SpecError(f"{where}: ange {{kind: [...], specific: true, ...}}")
    kinds = value.get("kind", list(GOAL_KINDS))
    kinds = kinds if isinstance(kinds, list) else [kinds]
    unknown = [k for k in kinds if k not in GOAL_KINDS] + [k for k in value if k not in (*FLAGS, "kind")]
    if unknown:
        raise SpecError(f"{where}: okänt {unknown}; måltyper {GOAL_KINDS}, flaggor {FLAGS}")
    return GoalMatcher(tuple(kinds), {f: bool(value[f]) for f in FLAGS if f in value})
