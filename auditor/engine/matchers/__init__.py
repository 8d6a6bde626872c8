"""Matcher kinds composed by checklist_17.yaml, and the filters every rule may carry.

A rule in the YAML names exactly one kind (`terms`, `regex`, `sequence`, `section`, `quantity`,
`cooccurrence`, `categories`, `damper`, `goals`) plus optional filters (`near`, `not_near`, `block_kinds`,
`max_block_chars`, `min_block_chars`, `block_start`: the hit opens its block, like the subject of a
list item; `doc_types`: the rule finds nothing in documents of other types). Matching only finds spans;
turning hits into levels is `conditions.py`'s job. The shared parts (`Rule`, nearness, `SpecError`) are in
`base.py`, so the kinds need not import this module.
"""

from __future__ import annotations

from typing import Callable, get_args

from auditor.analysis.context import UNITS
from auditor.document import BlockKind
from auditor.engine.matchers import (
    categories,
    cooccurrence,
    damper,
    goals,
    quantity,
    regex,
    section,
    sequence,
    terms,
)
from auditor.engine.matchers.base import (
    BLOCK_START_SLACK,
    FILTER_KEYS,
    KIND_OPTIONS,
    Compiler,
    Matcher,
    Nearness,
    Rule,
    SpecError,
)
from auditor.labels import DOC_TYPES

BLOCK_KINDS = get_args(BlockKind)

__all__ = ["BLOCK_START_SLACK", "KINDS", "Compiler", "Matcher", "Nearness", "Rule", "SpecError", "compile_rule"]

_KINDS: dict[str, Callable[[dict, Compiler, str], Matcher]] = {
    "terms": terms.compile_spec,
    "regex": regex.compile_spec,
    "section": section.compile_spec,
    "quantity": quantity.compile_spec,
    "cooccurrence": cooccurrence.compile_spec,
    "categories": categories.compile_spec,
    "damper": damper.compile_spec,
    "goals": goals.compile_spec,
    "sequence": sequence.compile_spec,
}
KINDS = tuple(_KINDS)


def compile_rule(name: str, spec: object, compiler: Compiler) -> Rule:
    if not isinstance(spec, dict):
        raise SpecError(f"regeln {name}: ska vara en mappning med en av {', '.join(KINDS)}")
    kinds = [key for key in spec if key in KINDS]
    if len(kinds) != 1:
        raise SpecError(f"regeln {name}: ange exakt en av {', '.join(KINDS)} (fick {kinds or 'ingen'})")
    kind = kinds[0]
    allowed = (kind, *FILTER_KEYS, *KIND_OPTIONS.get(kind, ()))
    unknown = [key for key in spec if key not in allowed]
    if unknown:
        raise SpecError(f"regeln {name}, fältet {unknown[0]}: okänt fält för en {kind}-regel; "
                        f"tillåtna är {', '.join(allowed)}")
    matcher = _KINDS[kind](spec, compiler, f"regeln {name}, fältet {kind}")

    def field(key: str) -> str:
        return f"regeln {name}, fältet {key}"

    return Rule(
        name,
        kind,
        matcher,
        near=_nearness(spec.get("near"), compiler, field("near")),
        not_near=_nearness(spec.get("not_near"), compiler, field("not_near")),
        block_kinds=_block_kinds(spec.get("block_kinds"), field("block_kinds")),
        max_block_chars=_count(spec.get("max_block_chars"), field("max_block_chars")),
        min_block_chars=_count(spec.get("min_block_chars"), field("min_block_chars")),
        block_start=_flag(spec.get("block_start", False), field("block_start")),
        doc_types=_doc_types(spec.get("doc_types"), field("doc_types")),
    )


def _block_kinds(value: object, where: str) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(v in BLOCK_KINDS for v in value):
        raise SpecError(f"{where}: ange en lista av blocktyper bland {', '.join(BLOCK_KINDS)} (fick {value!r})")
    return value


def _count(value: object, where: str) -> int | None:
    # bool is an int in Python, but "max_block_chars: ja" is a mistake
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise SpecError(f"{where}: ange ett heltal (antal tecken), inte {value!r}")
    return value


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise SpecError(f"{where}: ange true eller false, inte {value!r}")
    return value


def _doc_types(value: object, where: str) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v in DOC_TYPES for v in value):
        raise SpecError(f"{where}: ange en lista av dokumenttyper bland {', '.join(DOC_TYPES)}")
    return value


def _nearness(value: object, compiler: Compiler, where: str) -> list[Nearness]:
    if value is None:
        return []
    entries = value if isinstance(value, list) else [value]
    result = []
    for entry in entries:
        if not isinstance(entry, dict) or "rule" not in entry or set(entry) - {"rule", "unit"}:
            raise SpecError(f"{where}: ange {{rule: NAMN, unit: {'|'.join(UNITS)}|hit|before}}")
        unit = entry.get("unit", "sentence")
        if unit not in (*UNITS, "hit", "before"):
            raise SpecError(f"{where}: okänd enhet {unit!r}")
        result.append(Nearness(compiler.rule(entry["rule"]), unit))
    return result
