"""The `auditor` command: a thin click layer over the library functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from auditor import __version__
from auditor.document import Document
from auditor.engine.checklist import ChecklistError, load_checklist
from auditor.engine.confidence import CALIBRATION
from auditor.engine.scoring import score_document
from auditor.evaluation.evaluate import ManifestError, calibrate, evaluate, load_manifest, render_evaluation
from auditor.evaluation.lint import lint
from auditor.jobs import audit, parse_isolated
from auditor.labels import DOC_TYPES
from auditor.parsers import ParseError, parse
from auditor.reports.result import outline_of, render_explanation, render_text
from auditor.rubric import render_rubric


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def cli() -> None:
    """Granskaren: kvalitetsgranskning av samverkansöverenskommelser och medborgarlöften."""


from auditor.reports.commands import COMMANDS as REPORT_COMMANDS  # noqa: E402  report
from auditor.store.commands import COMMANDS as STORE_COMMANDS  # noqa: E402  import, compare, inventory …
from auditor.web.commands import COMMANDS as WEB_COMMANDS  # noqa: E402  serve, user add

for _command in [*STORE_COMMANDS, *WEB_COMMANDS, *REPORT_COMMANDS]:
    cli.add_command(_command)


def echo_error(label: str, err: Exception) -> None:
    click.echo(f"{label}: {err}", err=True)


@contextmanager
def exit_on_parse_error(label: str) -> Iterator[None]:
    """Bad input ends the command with its Swedish message on stderr and exit code 2, no traceback."""
    try:
        yield
    except ParseError as err:
        echo_error(label, err)
        sys.exit(2)


@cli.command("parse")
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Skriv hela dokumentmodellen som JSON.")
def parse_command(files: tuple[str, ...], as_json: bool) -> None:
    """Läs dokument (PDF, DOCX, text) och visa vad som hittades."""
    documents: list[dict] = []
    failed = False
    for name in files:
        try:
            document = parse_isolated(name)
        except ParseError as err:
            echo_error(name, err)
            failed = True
            continue
        if as_json:
            documents.append(document.to_dict())
        else:
            click.echo(_summary(name, document))
    if as_json and documents:
        payload = documents[0] if len(files) == 1 else documents
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(2)


def _summary(name: str, document: Document) -> str:
    kinds = [block.kind for block in document.blocks]
    headings = [block for block in document.blocks if block.kind == "heading"]
    pages = "sidantal okänt" if document.pages is None else f"{document.pages} sidor"
    lines = [
        name,
        f"  Format: {document.format.upper()}, {pages}, {len(document.text)} tecken",
        f"  Titel: {document.metadata.get('title') or '–'}; författare: {document.metadata.get('author') or '–'}",
        f"  Rubriker: {len(headings)}",
        *(f"    {'  ' * ((block.level or 1) - 1)}{block.text[:80]}" for block in headings[:30]),
        f"  Stycken: {kinds.count('paragraph')}, listpunkter: {kinds.count('list_item')}, "
        f"tabellrader: {kinds.count('table_row')}",
        f"  OCR-sidor: {', '.join(map(str, document.ocr_pages)) or 'inga'}",
    ]
    if document.headers_footers:
        lines.append(f"  Sidhuvud/sidfot: {' · '.join(document.headers_footers)}")
    lines += [f"  Varning: {warning}" for warning in document.warnings]
    return "\n".join(lines)


@cli.command("score")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True, help="Utdataformat.")
@click.option("--doc-type", type=click.Choice(DOC_TYPES), default=None,
              help="Ange dokumenttypen i stället för att låta granskaren avgöra den.")
def score_command(files: tuple[str, ...], output_format: str, doc_type: str | None) -> None:
    """Granska dokument mot checklistans 17 punkter."""
    from auditor.web.templating import render_result_page  # FastAPI (seconds) only for --format html

    audited = []
    for name in files:
        with exit_on_parse_error(name):
            audited.append(audit(name, doc_type=doc_type))
    results = [a.result for a in audited]
    if output_format == "json":
        payload = [r.to_dict() for r in results]
        click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    elif output_format == "html":
        click.echo(render_result_page([(a.result, a.document.text) for a in audited]))
    else:
        click.echo("\n\n".join(render_text(r) for r in results))


@cli.command("explain")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Skriv dispositionen och hela resultatet som JSON.")
@click.option("--doc-type", type=click.Choice(DOC_TYPES), default=None, help="Ange dokumenttypen.")
def explain_command(file: str, as_json: bool, doc_type: str | None) -> None:
    """Visa varför varje punkt fick sin nivå: dispositionen, målen och beläggen med sina regler.

    Example: auditor explain utkast.pdf"""

    with exit_on_parse_error(file):
        audited = audit(file, doc_type=doc_type)
    if as_json:
        click.echo(json.dumps({"outline": outline_of(audited.document), **audited.result.to_dict()},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(render_explanation(audited.result, audited.document))


@cli.group("checklist")
def checklist_group() -> None:
    """Arbeta med checklistan (checklist_17.yaml)."""


@checklist_group.command("lint")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
def checklist_lint_command(file: str | None) -> None:
    """Granska checklistan (den som följer med, eller FILE, en kopia som en expert redigerar): dubbletter,
    överlappande mönster och exempel som inte längre stämmer.

    Example: auditor checklist lint min_checklista.yaml
    """

    try:
        checklist = load_checklist(file) if file else load_checklist()
    except ChecklistError as err:
        click.echo(f"Fel: {err}", err=True)
        sys.exit(2)
    report = lint(checklist)
    click.echo(report.render())
    if not report.ok:
        sys.exit(1)


@checklist_group.command("docs")
def checklist_docs_command() -> None:
    """Skriv checklistan som Markdown för en sakkunnig läsare: punkterna, nivåerna, gränsfallen och råden.

    Example: auditor checklist docs > docs/checklista.md
    """

    click.echo(render_rubric(load_checklist()), nl=False)


@cli.command("evaluate")
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
def evaluate_command(manifest: str, as_json: bool) -> None:
    """Jämför granskarens poäng med guldetiketterna i ett manifest."""

    evaluation = _evaluated(manifest)
    if as_json:
        click.echo(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_evaluation(evaluation))


def _evaluated(manifest: str):
    """The manifest's documents scored against their gold labels; a bad manifest or file exits 2."""

    try:
        entries = load_manifest(manifest)
    except ManifestError as err:
        echo_error(manifest, err)
        sys.exit(2)
    with exit_on_parse_error(manifest):
        return evaluate(entries, parse, score_document)


@cli.command("calibrate")
@click.argument("manifests", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--target", default=0.87, show_default=True, type=click.FloatRange(0.5, 1.0),
              help="Överensstämmelse som de säkra punkterna ska nå (korsvaliderat).")
@click.option("--write/--dry-run", default=True, show_default=True,
              help="Skriv auditor/calibration.yaml, eller visa bara resultatet.")
def calibrate_command(manifests: tuple[str, ...], target: float, write: bool) -> None:
    """Kalibrera säkerheten per punkt mot guldetiketter skrivna av andra än reglernas författare.

    Example: auditor calibrate corpus_blind/manifest.yaml"""
    import yaml


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


def main() -> None:
    cli()
