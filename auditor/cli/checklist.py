"""`auditor checklist lint` and `docs`, `evaluate` and `calibrate`: the checklist itself and its scores against gold labels."""

from __future__ import annotations

import sys

import click
import yaml

from auditor.cli.common import echo_error, exit_on_parse_error, to_json
from auditor.engine.checklist import load_checklist
from auditor.engine.confidence import CALIBRATION
from auditor.engine.scoring import score_document
from auditor.evaluation.evaluate import Evaluation, ManifestError, calibrate, evaluate, load_manifest, render_evaluation
from auditor.evaluation.lint import lint
from auditor.parsers import parse
from auditor.rubric import render_rubric


@click.group("checklist")
def checklist_group() -> None:
    """Arbeta med checklistan (checklist_17.yaml).

    Example: auditor checklist lint"""


@checklist_group.command("lint")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
def checklist_lint_command(file: str | None) -> None:
    """Granska checklistan (den som följer med, eller FILE, en kopia som en expert redigerar): dubbletter,
    överlappande mönster, exempel som inte längre stämmer och oanvända regler, ordlistor och fragment.
    Slutkod 1 när något hittas.

    Example: auditor checklist lint min_checklista.yaml
    """
    report = lint(load_checklist(file) if file else load_checklist())
    click.echo(report.render())
    if not report.ok:
        sys.exit(1)


@checklist_group.command("docs")
def checklist_docs_command() -> None:
    """Skriv checklistan som Markdown för en sakkunnig läsare: punkterna, nivåerna, gränsfallen och råden.

    Example: auditor checklist docs > docs/checklista.md
    """
    click.echo(render_rubric(load_checklist()), nl=False)


@click.command("evaluate")
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
def evaluate_command(manifest: str, as_json: bool) -> None:
    """Jämför granskarens poäng med guldetiketterna i ett manifest.

    Example: auditor evaluate corpus_blind/manifest.yaml --json"""
    evaluation = _evaluated(manifest)
    click.echo(to_json(evaluation.to_dict()) if as_json else render_evaluation(evaluation))


def _evaluated(manifest: str) -> Evaluation:
    """The manifest's documents scored against their gold labels; a bad manifest or file exits 2."""
    try:
        entries = load_manifest(manifest)
    except ManifestError as err:
        echo_error(manifest, err)
        sys.exit(2)
    with exit_on_parse_error(manifest):
        return evaluate(entries, parse, score_document)


@click.command("calibrate")
@click.argument("manifests", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
# a sure score should agree with careful readers as often as two such readers agree with each other (about 90 %)
@click.option("--target", default=0.90, show_default=True, type=click.FloatRange(0.5, 1.0),
              help="Överensstämmelse som de säkra punkterna ska nå (korsvaliderat).")
@click.option("--write/--dry-run", default=True, show_default=True,
              help="Skriv auditor/calibration.yaml, eller visa bara resultatet.")
def calibrate_command(manifests: tuple[str, ...], target: float, write: bool) -> None:
    """Kalibrera säkerheten per punkt mot guldetiketter skrivna av andra än reglernas författare.

    Example: auditor calibrate corpus_real/manifest.yaml corpus_blind/manifest.yaml"""
    result = calibrate([item for manifest in manifests for item in _evaluated(manifest).scored], target)
    figures = {key: "–" if value is None else f"{value:.0%}" for key, value in result["cross_validated"].items()
               if key in ("sure_share", "sure_exact", "unsure_exact")}
    click.echo(f"Tröskel {result['threshold']:.2f}: säkra punkter {figures['sure_share']} av "
               f"{result['cross_validated']['items']}, överensstämmelse bland dem {figures['sure_exact']}, bland de "
               f"osäkra {figures['unsure_exact']} (varje dokument bedömt med siffror från de andra).")
    if write:
        header = ("# Made by `auditor calibrate " + " ".join(manifests) + "`: how often each item at each level agreed\n"
                  "# with the gold labels ([agreed, n]) and the review threshold; see auditor/engine/confidence.py.\n")
        CALIBRATION.write_text(header + yaml.safe_dump({**result, "manifests": list(manifests)}, allow_unicode=True,
                                                       sort_keys=False, default_flow_style=None), encoding="utf-8")
        click.echo(f"Skrev {CALIBRATION.name}.")


COMMANDS = [checklist_group, evaluate_command, calibrate_command]
