"""The store's commands: `auditor import`, `documents`, `pair`, `compare`, `review`, `agreement`,
`export-examples`, `inventory`, `export`, `review-queue` and `backup`. Each opens the database and calls one
library function; output is Swedish."""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from pathlib import Path

import click

from auditor.cli.common import db_option, lan_option, to_json, today_option
from auditor.labels import DOC_TYPES, ITEM_IDS
from auditor.store.agreement import agreement_report, example_candidates, format_agreement, format_candidates
from auditor.store.compare import compare_kommun, format_comparison
from auditor.store.db import backup, open_db
from auditor.store.documents import documents_for_kommun, period_label
from auditor.store.export import export_tables, write_csv_folder, write_xlsx
from auditor.store.importer import plan_import, run_import
from auditor.store.inventory import format_inventory, inventory, inventory_rows
from auditor.store.places import require_kommun, require_lan
from auditor.store.review_queue import format_queue, review_queue
from auditor.store.reviews import add_review
from auditor.store.sql import current_actor
from auditor.store.versions import set_pair


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False), help="Manifest (YAML) med kommun, län, typ och version per fil.")
@click.option("--lan", help="Län för dokument vars kommun inte finns i kommunregistret.")
@db_option
def import_command(paths, manifest, lan, db_file):
    """Importera och granska dokument (filer eller mappar, rekursivt) till databasen.

    Oförändrade filer hoppas över; alla dokument räknas om när checklistan ändrats. Filer som inte går
    att läsa redovisas och hoppas över (slutkod 2); allt annat sparas.

    Example: auditor import dokument/ --manifest manifest.yaml"""
    db = open_db(db_file)
    plan = plan_import(db, paths, manifest=manifest, lan=lan)
    with click.progressbar(length=len(plan.tasks), label="Granskar", file=sys.stderr) as bar:
        summary = run_import(db, plan, actor=current_actor(), on_done=lambda task, failure: bar.update(1))
    click.echo(summary.text())
    if summary.failed:
        sys.exit(2)


@click.command("documents")
@click.argument("kommun", required=False)
@db_option
def documents_command(kommun, db_file):
    """Lista dokumenten i databasen (för en kommun) med id, typ, period, version och poäng.

    Example: auditor documents Åkerby"""
    db = open_db(db_file)
    if kommun:
        documents = documents_for_kommun(db, require_kommun(db, kommun)["id"])
    else:
        documents = list(db.query("SELECT * FROM document_overview ORDER BY lan, kommun, id"))
    if not documents:
        click.echo("Inga dokument.")
    for d in documents:
        click.echo(
            f"[{d['id']}] {d['kommun'] or 'okänd kommun'} · {d['doc_type']} · {period_label(d)} · "
            f"{d['version_label'] or '–'} · {d['total']}/{d['max_total']} · {d['file_name']}"
        )


@click.command("pair")
@click.argument("kommun")
@click.option("--baseline", "baseline_id", type=int, required=True, help="Dokument-id för baslinjen.")
@click.option("--revised", "revised_id", type=int, required=True, help="Dokument-id för den reviderade versionen.")
@db_option
def pair_command(kommun, baseline_id, revised_id, db_file):
    """Ange vilka två dokument som är baslinje och reviderad version för en kommun.

    Example: auditor pair Åkerby --baseline 3 --revised 7"""
    set_pair(open_db(db_file), kommun, baseline_id, revised_id, actor=current_actor())
    click.echo(f"{kommun}: baslinje {baseline_id}, reviderad {revised_id}.")


@click.command("compare")
@click.argument("kommun")
@click.option("--doc-type", type=click.Choice(DOC_TYPES), help="Jämför bara denna dokumenttyp.")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut resultatet som JSON.")
@db_option
def compare_command(kommun, doc_type, as_json, db_file):
    """Jämför baslinje och reviderad version för en kommun, punkt för punkt.

    Example: auditor compare Åkerby --doc-type samverkansoverenskommelse"""
    comparisons = compare_kommun(open_db(db_file), kommun, doc_type)
    click.echo(to_json(comparisons) if as_json else "\n\n".join(map(format_comparison, comparisons)))


@click.command("review")
@click.argument("document_id", type=int)
@click.argument("item_id", required=False, type=click.Choice(ITEM_IDS))
@click.option("--score", type=click.IntRange(0, 2), help="Granskad poäng 0, 1 eller 2 (ersätter den automatiska).")
@click.option("--comment", default="", help="Motivering eller kommentar.")
@click.option("--reviewer", help="Granskarens namn (standard: inloggad användare).")
@click.option("--genmale", is_flag=True, help="Registrera kommunens genmäle i stället för en granskning.")
@db_option
def review_command(document_id, item_id, score, comment, reviewer, genmale, db_file):
    """Granska en punkt i ett dokument: ändra poängen och/eller kommentera.

    Example: auditor review 7 R3 --score 1 --comment "Målet saknar mått."
    """
    add_review(
        open_db(db_file), document_id, item_id=item_id, score=score, comment=comment,
        reviewer=reviewer or current_actor(), kind="genmäle" if genmale else "granskning",
    )
    click.echo("Granskningen är sparad.")


@click.command("agreement")
@lan_option
@click.option("--json", "as_json", is_flag=True, help="Skriv ut resultatet som JSON.")
@db_option
def agreement_command(lan, as_json, db_file):
    """Hur ofta och hur mycket granskarna ändrat de automatiska poängen, per punkt (med viktad κ).

    Example: auditor agreement --lan Skåne"""
    db = open_db(db_file)
    report = agreement_report(db, require_lan(db, lan) if lan else None)
    click.echo(to_json(report) if as_json else format_agreement(report))


@click.command("export-examples")
@lan_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Skriv till FILE i stället för till skärmen.")
@db_option
def export_examples_command(lan, output, db_file):
    """Passager där en granskare ändrat poängen, som kandidater till checklistans exempel (YAML).

    Example: auditor export-examples --lan "Mellanskogs län" -o kandidater.yaml
    """
    db = open_db(db_file)
    text = format_candidates(*example_candidates(db, require_lan(db, lan) if lan else None))
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Kandidaterna är skrivna till {output}.")
    else:
        click.echo(text, nl=False)


@click.command("inventory")
@lan_option
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@today_option
@db_option
def inventory_command(lan, output_format, today, db_file):
    """Inventering av ett län: aktuella överenskommelser och medborgarlöften, kvalitet och stödbehov.

    Example: auditor inventory --lan Skåne --format csv"""
    report = inventory(open_db(db_file), lan, today=today.date() if today else None)
    if output_format == "json":
        click.echo(to_json(report))
    elif output_format == "csv":
        headers, rows = inventory_rows(report)
        buffer = io.StringIO()
        csv.writer(buffer).writerows([headers, *rows])
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(format_inventory(report))


@click.command("export")
@click.option("--format", "output_format", type=click.Choice(["csv", "xlsx"]), required=True)
@click.option("-o", "--output", type=click.Path(), help="xlsx: filen (standard granskaren.xlsx); csv: mappen (standard export).")
@today_option
@db_option
def export_command(output_format, output, today, db_file):
    """Exportera allt i databasen: dokument, poäng med belägg, mål, granskningar, jämförelser, inventering.

    Example: auditor export --format xlsx -o granskaren.xlsx"""
    tables = export_tables(open_db(db_file), today=today.date() if today else date.today())
    if output_format == "xlsx":
        path = write_xlsx(tables, Path(output or "granskaren.xlsx"))
        click.echo(f"Exporterade {len(tables)} flikar till {path}.")
    else:
        paths = write_csv_folder(tables, Path(output or "export"))
        click.echo(f"Exporterade {len(paths)} CSV-filer till {Path(output or 'export')}.")


@click.command("review-queue")
@lan_option
@click.option("--limit", type=click.IntRange(1), help="Högst så många punkter.")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut kön som JSON.")
@db_option
def review_queue_command(lan, limit, as_json, db_file):
    """Osäkra punkter som ingen granskat än, de som länets siffror vilar på först.

    Example: auditor review-queue --lan Skåne --limit 20"""
    queue = review_queue(open_db(db_file), lan, limit)
    click.echo(to_json(queue) if as_json else format_queue(queue))


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
def backup_command(file, db_file):
    """Säkerhetskopiera databasen till FILE, även medan en import pågår (SQLites online-backup).

    Example: auditor backup kopia.db"""
    click.echo(f"Databasen är säkerhetskopierad till {backup(db_file, file)}.")


COMMANDS = [
    backup_command, import_command, documents_command, pair_command, compare_command, review_command,
    agreement_command, export_examples_command, inventory_command, export_command, review_queue_command,
]
