"""`auditor parse`, `score` and `explain`: one document file at a time, no database."""

from __future__ import annotations

import sys

import click

from auditor.cli.common import echo_error, exit_on_parse_error, to_json
from auditor.document import Document
from auditor.jobs import audit, parse_isolated
from auditor.labels import DOC_TYPES
from auditor.parsers import ParseError
from auditor.reports.result import outline_of, render_explanation, render_text
from auditor.web.templating import render_result_page


@click.command("parse")
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Skriv hela dokumentmodellen som JSON.")
def parse_command(files: tuple[str, ...], as_json: bool) -> None:
    """Läs dokument (PDF, Word, OpenDocument, RTF, text) och visa vad som hittades.

    Example: auditor parse utkast.pdf"""
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
        click.echo(to_json(payload))
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


@click.command("score")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True, help="Utdataformat.")
@click.option("--doc-type", type=click.Choice(DOC_TYPES), default=None,
              help="Ange dokumenttypen i stället för att låta granskaren avgöra den.")
def score_command(files: tuple[str, ...], output_format: str, doc_type: str | None) -> None:
    """Granska dokument mot checklistans 17 punkter.

    Example: auditor score utkast.pdf --format json"""
    audited = []
    for name in files:
        with exit_on_parse_error(name):
            audited.append(audit(name, doc_type=doc_type))
    results = [a.result for a in audited]
    if output_format == "json":
        payload = [r.to_dict() for r in results]
        click.echo(to_json(payload[0] if len(payload) == 1 else payload))
    elif output_format == "html":
        click.echo(render_result_page([(a.result, a.document.text) for a in audited]))
    else:
        click.echo("\n\n".join(render_text(r) for r in results))


@click.command("explain")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Skriv dispositionen och hela resultatet som JSON.")
@click.option("--doc-type", type=click.Choice(DOC_TYPES), default=None, help="Ange dokumenttypen.")
def explain_command(file: str, as_json: bool, doc_type: str | None) -> None:
    """Visa varför varje punkt fick sin nivå: dispositionen, målen och beläggen med sina regler.

    Example: auditor explain utkast.pdf"""
    with exit_on_parse_error(file):
        audited = audit(file, doc_type=doc_type)
    if as_json:
        click.echo(to_json({"outline": outline_of(audited.document), **audited.result.to_dict()}))
    else:
        click.echo(render_explanation(audited.result, audited.document))


COMMANDS = [parse_command, score_command, explain_command]
