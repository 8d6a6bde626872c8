"""Per-level conditions: the small, explicit language that turns rule hits into a level.

  level2: {all: [a, b], any: [c, d], min: {sources: 3}, max: {entries: 7}, none: [e]}
  level2: [{all: [a]}, {min: {f: 2}}]      # a list = alternatives, the first that holds counts
  level2: {most: {measures_with_actor: measures}}

`all`: every rule has a hit; `any`: at least one does; `min`: at least N distinct categories (for a
`categories` rule) or N distinct hits; `max`: at most N; `none`: no listed rule has a hit; `most`: the
hits of the first rule cover more than half of the second's (coverage: "most measures name who does them"), or
the second has none (nothing to cover).
Nothing else, on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.analysis.context import Hit, ScanContext
from auditor.engine.matchers import Rule, SpecError

CONDITION_KEYS = ("all", "any", "min", "max", "none", "most")


def count(ctx: ScanContext, rule: Rule) -> int:
    hits = ctx.hits(rule)
    if rule.kind == "categories":
        return len({h.label for h in hits})
    return len({(h.start, h.end) for h in hits})


def covers_most(ctx: ScanContext, covered: Rule, whole: Rule) -> bool:
    spans = {(h.start, h.end) for h in ctx.hits(whole)}
    return not spans or 2 * len({(h.start, h.end) for h in ctx.hits(covered)} & spans) > len(spans)


@dataclass(frozen=True)
class Clause:
    all: tuple[Rule, ...] = ()
    any: tuple[Rule, ...] = ()
    min: tuple[tuple[Rule, int], ...] = ()
    max: tuple[tuple[Rule, int], ...] = ()
    none: tuple[Rule, ...] = ()
    most: tuple[tuple[Rule, Rule], ...] = ()  # (covered, all)

    def holds(self, ctx: ScanContext) -> bool:
        return (
            all(ctx.hits(r) for r in self.all)
            and (not self.any or any(ctx.hits(r) for r in self.any))
            and all(count(ctx, r) >= n for r, n in self.min)
            and all(count(ctx, r) <= n for r, n in self.max)
            and not any(ctx.hits(r) for r in self.none)
            and all(covers_most(ctx, covered, whole) for covered, whole in self.most)
        )

    def supporting(self, ctx: ScanContext) -> list[tuple[Rule, Hit]]:
        rules = [*self.all, *self.any, *(r for r, _ in self.min), *(r for r, _ in self.most)]
        return [(rule, hit) for rule in rules for hit in ctx.hits(rule)]

    @property
    def rules(self) -> tuple[Rule, ...]:
        return (*self.all, *self.any, *(r for r, _ in self.min), *(r for r, _ in self.max), *self.none,
                *(r for pair in self.most for r in pair))


@dataclass(frozen=True)
class Condition:
    clauses: tuple[Clause, ...]

    def first_holding(self, ctx: ScanContext) -> Clause | None:
        return next((c for c in self.clauses if c.holds(ctx)), None)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(r for c in self.clauses for r in c.rules)


def compile_condition(value: object, resolve, where: str) -> Condition:
    entries = value if isinstance(value, list) else [value]
    clauses = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry:
            raise SpecError(f"{where}: ange en mappning med {', '.join(CONDITION_KEYS)} (eller en lista av sådana)")
        unknown = [k for k in entry if k not in CONDITION_KEYS]
        if unknown:
            raise SpecError(f"{where}: okända nycklar {unknown}; tillåtna är {', '.join(CONDITION_KEYS)}")
        minimum, maximum, most = entry.get("min", {}), entry.get("max", {}), entry.get("most", {})
        if not isinstance(most, dict) or not all(isinstance(w, str) for w in most.values()):
            raise SpecError(f"{where}: most ska vara {{regel: regel}} (träffar av den första av den andras)")
        for key, value in (("min", minimum), ("max", maximum)):
            if not isinstance(value, dict) or not all(isinstance(n, int) and n >= 0 for n in value.values()):
                raise SpecError(f"{where}: {key} ska vara {{regel: antal}} med heltal")
        clauses.append(Clause(
            all=tuple(resolve(r) for r in _names(entry.get("all", []), where)),
            any=tuple(resolve(r) for r in _names(entry.get("any", []), where)),
            min=tuple((resolve(r), n) for r, n in minimum.items()),
            max=tuple((resolve(r), n) for r, n in maximum.items()),
            none=tuple(resolve(r) for r in _names(entry.get("none", []), where)),
            most=tuple((resolve(covered), resolve(whole)) for covered, whole in most.items()),
        ))
    return Condition(tuple(clauses))


def _names(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SpecError(f"{where}: ange en lista med regelnamn")
    return value
