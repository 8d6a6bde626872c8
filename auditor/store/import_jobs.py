"""Import jobs: uploads kept in a job folder and imported by `run_job`, each file's outcome recorded as it ends.

    create_job(db, folder, uploads, manifest, lan, actor) -> job id      the files written, the rows inserted
    run_job(db, job_id, stopping)                                         import what is still waiting
    job_status(db, job_id)                                                the job and its files, for the pages

A job whose runner (a process, "pid:start time") no longer runs while it is unfinished was interrupted by a
server stop: it is shown as 'avbruten' and `claim_job` lets another process resume its waiting files. The
folder is removed when the job ends, whatever happened to its files.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path

import sqlite_utils

from auditor.store.audit_log import log_change
from auditor.store.importer import ImportSummary, ScoreTask, plan_import, run_import
from auditor.store.sql import StoreError, insert, now, transaction

MANIFEST_NAME = "manifest.yaml"
FILES = "filer"


class Stopped(Exception):
    """The server is stopping: the job is left unfinished, to be resumed after a restart."""


def this_runner() -> str:
    return _runner(os.getpid())


def _runner(pid: int) -> str:
    """"pid:start time": a later process that happens to get the same pid is not the same runner."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return ""
    return "" if fields[0] == b"Z" else f"{pid}:{int(fields[19])}"


def runner_alive(runner: str | None) -> bool:
    return bool(runner) and _runner(int(runner.split(":")[0])) == runner  # type: ignore[union-attr]


def create_job(db: sqlite_utils.Database, folder: Path, uploads: list[tuple[str, bytes]], manifest: bytes | None,
               lan: str | None, actor: str) -> int:
    """Write the uploads (name, content) to `folder`/filer and insert the job with one waiting row per file."""
    files = folder / FILES
    files.mkdir(parents=True)
    try:
        for name, data in uploads:
            (files / name).write_bytes(data)
        if manifest is not None:
            (files / MANIFEST_NAME).write_bytes(manifest)
        with transaction(db):
            job_id = insert(db, "import_job", {"created_by": actor, "created_at": now(), "lan": lan,
                                               "folder": str(folder), "state": "pågår", "runner": this_runner()})
            for name, data in uploads:
                insert(db, "import_job_file", {"job_id": job_id, "file_name": name, "state": "väntar",
                                               "sha256": hashlib.sha256(data).hexdigest()})
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return job_id


def claim_job(db: sqlite_utils.Database, job_id: int, actor: str) -> bool:
    """Take over an interrupted job for this process; False when it is finished or another process runs it."""
    with transaction(db):
        row = db.execute("SELECT state, runner FROM import_job WHERE id = ?", [job_id]).fetchone()
        if row is None or row[0] != "pågår" or runner_alive(row[1]):
            return False
        db.execute("UPDATE import_job SET runner = ? WHERE id = ?", [this_runner(), job_id])
        log_change(db, actor, "återuppta import", "import_job", job_id, {})
    return True


def run_job(db: sqlite_utils.Database, job_id: int, *, stopping: threading.Event | None = None,
            workers: int | None = None) -> ImportSummary:
    """Import the job's waiting files and record each outcome as it ends; the job always ends 'klar' with
    its folder removed, unless the server stops meanwhile (`stopping`), which leaves it to be resumed."""
    job = db.execute("SELECT folder, lan, created_by FROM import_job WHERE id = ?", [job_id]).fetchone()
    folder, lan, actor = Path(job[0]), job[1], job[2]
    waiting = [row[0] for row in db.execute(
        "SELECT file_name FROM import_job_file WHERE job_id = ? AND state = 'väntar' ORDER BY id", [job_id])]
    manifest = folder / FILES / MANIFEST_NAME

    def record(names_or_sha: str, state: str, error: str | None, *, by_sha: bool = False) -> None:
        if stopping is not None and stopping.is_set():
            raise Stopped  # a child killed by the stop is no fault of the file
        column = "sha256" if by_sha else "file_name"
        with transaction(db):
            db.execute(f"UPDATE import_job_file SET state = ?, error = ? WHERE job_id = ? AND {column} = ? "
                       "AND state = 'väntar'", [state, error, job_id, names_or_sha])

    summary = ImportSummary()
    error = None
    try:
        plan = plan_import(db, [folder / FILES / name for name in waiting],
                           manifest=manifest if manifest.is_file() else None, lan=lan)
        for name in plan.unchanged:
            record(name, "fanns", None)
        for name, reason in plan.failed:
            record(name, "misslyckad", reason)

        def done(task: ScoreTask, failure: str | None) -> None:
            record(task.sha256, "misslyckad" if failure else "importerad", failure, by_sha=True)

        summary = run_import(db, plan, actor=actor, on_done=done, workers=workers)
    except Stopped:
        return summary
    except StoreError as err:
        error = str(err)
    except OSError as err:  # the job folder went missing or unreadable
        error = f"Importens filer kunde inte läsas ({err.strerror or err})."
    finally:
        if stopping is None or not stopping.is_set():
            _finish(db, job_id, folder, error)
    return summary


def _finish(db: sqlite_utils.Database, job_id: int, folder: Path, error: str | None) -> None:
    """Mark what is still waiting as failed (an error stopped the job), end the job and remove its folder."""
    with transaction(db):
        db.execute("UPDATE import_job_file SET state = 'misslyckad', error = ? WHERE job_id = ? AND state = 'väntar'",
                   [error or "Filen blev inte granskad.", job_id])
        db.execute("UPDATE import_job SET state = 'klar', finished_at = ?, error = ? WHERE id = ?",
                   [now(), error, job_id])
    shutil.rmtree(folder, ignore_errors=True)


def recent_jobs(db: sqlite_utils.Database, limit: int = 10) -> list[dict]:
    """The latest jobs, newest first, each with its state as `job_status` gives it."""
    return [_shown_state(job) for job in db.query("SELECT * FROM import_job ORDER BY id DESC LIMIT ?", [limit])]


def _shown_state(job: dict) -> dict:
    if job["state"] == "pågår" and not runner_alive(job["runner"]):
        job["state"] = "avbruten"
    return job


def job_status(db: sqlite_utils.Database, job_id: int) -> dict:
    """The job ("state": 'pågår', 'avbruten' or 'klar') and per file its outcome and the stored document."""
    rows = list(db.query("SELECT * FROM import_job WHERE id = ?", [job_id]))
    if not rows:
        raise StoreError(f"Importjobb {job_id} finns inte.")
    job = _shown_state(rows[0])
    job["files"] = list(db.query(
        """SELECT f.file_name, f.state, f.error, d.id AS document_id, d.kommun, d.lan, d.doc_type, d.title,
                  d.total, d.max_total
           FROM import_job_file f LEFT JOIN document_overview d ON d.sha256 = f.sha256 AND f.state != 'misslyckad'
           WHERE f.job_id = ? ORDER BY f.id""", [job_id]))
    return job
