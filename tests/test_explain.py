"""`auditor explain FILE`: the outline the rules read, the SMART reading of each goal, and per item its level,
confidence and the rule behind each quote, so an expert can see why an item got its level."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

AUDITOR = str(Path(sys.executable).parent / "auditor")
FILE = Path(__file__).resolve().parent.parent / "corpus_blind" / "files" / "norrvalla_so_2022.txt"


def _explain(*args: str) -> str:
    done = subprocess.run([AUDITOR, "explain", str(FILE), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_explain_shows_outline_goals_and_the_rule_behind_each_quote():
    text = _explain()
    assert "Disposition (rubriker som reglerna läser dem):" in text
    assert "  4 Prioriteringar (s. 4)" in text and "    Prioritering 1 – Trygghet i Centrumparken" in text
    assert "Sida 7 av 7" in text.split("Sidhuvud och sidfot, utanför texten:")[1].splitlines()[0]
    assert "effektmål SMT" in text
    for item_id in ("R1", "L2", "O2", "M3", "U3"):
        assert f"\n  {item_id} " in text
    assert "    R3.priorities (s. " in text  # each quote names its rule


def test_explain_json_adds_the_outline_to_the_score_contract():
    data = json.loads(_explain("--json"))
    assert [item["id"] for item in data["items"]][:3] == ["R1", "R2", "R3"] and len(data["items"]) == 17
    assert {"text": "4 Prioriteringar", "level": 1, "page": 4} in data["outline"]
