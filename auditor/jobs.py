"""Parsing and scoring in supervised child processes, so no upload can hang or starve the server or an import.

    audit(source, name, doc_type=...) -> Audited          one file (path) or upload (bytes), parsed and scored
    audit_many(tasks, workers=2) -> (index, Audited|None, error|None) as each finishes
    parse_isolated(source, name) -> Document              parsing only (`auditor parse`)
    run_jobs(jobs, limits=..., workers=...)               the mechanism underneath

Every job runs in a child process with a wall-clock limit and a memory limit. The child leads its own process
group, so the memory limit counts what it starts as well (tesseract), and a timeout or an overrun kills the
whole group. Children reset the signal handlers they inherit (a child of the web server would otherwise keep
uvicorn's SIGTERM handler and ignore terminate) and die with their parent (PR_SET_PDEATHSIG). A child that
finished cleanly waits for the next job: starting one costs a fork and, the first time, loading the checklist.

A process running a single thread forks its children directly; the web server runs threads, so its children
come from a single-threaded forkserver started with the server. At most `AUDITOR_JOBS` jobs (default: the
number of cores) run at once per process; a job that waits longer than its time limit for a free place is
refused with `Busy`.
"""

from __future__ import annotations

import atexit
import ctypes
import multiprocessing
import multiprocessing.forkserver
import multiprocessing.util
import os
import resource
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from auditor import geography, settings
from auditor.document import Document
from auditor.engine.result import AuditResult
from auditor.engine.scoring import score_document
from auditor.parsers import Limits, errors, parse
from auditor.parsers.errors import ParseError

_FORKSERVER = multiprocessing.get_context("forkserver")
# Modules the forkserver loads once, so that its children start with them: the parsers' libraries are
# imported lazily elsewhere (python-docx alone ~45 ms, pdfplumber.table ~150 ms a child otherwise).
# "auditor.cli" is what the `auditor` script imports, which each forkserver child imports again.
_PRELOAD = ["auditor.jobs", "auditor.cli", "auditor.parsers.pdf", "auditor.parsers.docx", "auditor.parsers.text", "docx",
            "docx.opc.exceptions", "docx.table", "docx.text.paragraph", "pdfplumber", "pdfplumber.table",
            "pytesseract"]
# A child whose peak memory grew by more than this share of the cap is retired after its job: what it keeps
# allocated would count against the next job's cap.
_RETIRE_GROWTH = 0.25
_POLL_SECONDS = 0.2  # how often running jobs are checked for their time and their process group's memory
_PR_SET_PDEATHSIG = 1
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Audited:
    result: AuditResult
    document: Document


@dataclass(frozen=True)
class AuditTask:
    """One file to audit: a path, or bytes with the name the user gave them."""

    path: str | None = None
    data: bytes | None = None
    name: str | None = None
    doc_type: str | None = None
    kommuner: tuple[tuple[str, str], ...] = ()  # (kommun, län) from a manifest, unknown to the register


class Busy(ParseError):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"Granskaren är upptagen med andra dokument och kunde inte börja inom {seconds:g} sekunder. "
            "Försök igen om en stund.")


class Unexpected(ParseError):
    """A fault in the auditor itself, not in the file: reported per file, never as a traceback."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Oväntat fel vid granskningen ({detail}). Filen har inte granskats.")


# --- the jobs run in the child ----------------------------------------------------------------------------

def _parse_path(path: str, name: str | None, *, limits: Limits) -> Document:
    document = parse(path, limits=limits)
    if name is not None:  # an upload: the user's file name, not the temporary file's
        document.path = name
    return document


def _audit_path(path: str, name: str | None, doc_type: str | None, kommuner, *, limits: Limits) -> Audited:
    for kommun, lan in kommuner:
        geography.register_kommun(kommun, lan)
    document = _parse_path(path, name, limits=limits)
    return Audited(score_document(document, doc_type=doc_type), document)


# --- what callers use -------------------------------------------------------------------------------------

def audit(source: str | Path | bytes, name: str | None = None, *, doc_type: str | None = None,
          limits: Limits | None = None) -> Audited:
    """Parse and score one file or upload in a child; raises the ParseError that stopped it."""
    task = (AuditTask(data=source, name=name or "dokument", doc_type=doc_type) if isinstance(source, bytes)
            else AuditTask(path=str(source), name=name, doc_type=doc_type))
    return _only(audit_many([task], limits=limits))


def audit_many(tasks: Sequence[AuditTask], *, limits: Limits | None = None,
               workers: int = 1) -> Iterator[tuple[int, Audited | None, ParseError | None]]:
    """(task index, Audited or None, the error or None) for every task, in the order they finish."""
    limits = limits or Limits.from_env()
    with _Uploads(tasks) as paths:
        jobs = [(_audit_path, (paths[i], t.name, t.doc_type, t.kommuner)) for i, t in enumerate(tasks)]
        yield from run_jobs(jobs, limits=limits, workers=workers)


def parse_isolated(source: str | Path | bytes, name: str | None = None, *, limits: Limits | None = None) -> Document:
    """`parse(path)`, or the bytes of an upload called `name`, in a supervised child."""
    limits = limits or Limits.from_env()
    task = AuditTask(data=source, name=name or "dokument") if isinstance(source, bytes) else AuditTask(path=str(source))
    with _Uploads([task]) as paths:
        return run_limited(_parse_path, paths[0], task.name, limits=limits)


def run_limited(function: Callable[..., Any], *args: Any, limits: Limits) -> Any:
    """`function(*args, limits=limits)` in a supervised child; its ParseError is raised here."""
    return _only(run_jobs([(function, args)], limits=limits))


def _only(outcomes: Iterator[tuple[int, Any, ParseError | None]]) -> Any:
    """The value of the one job's outcome, or its error raised."""
    (_, value, error), = outcomes
    if error is not None:
        raise error
    return value


def start_job_server() -> None:
    """Start the forkserver now and warm one child (a long-running server calls this at start-up)."""
    _note_multiprocessing_folder()
    _FORKSERVER.set_forkserver_preload(_PRELOAD)
    multiprocessing.forkserver.ensure_running()
    audit(b"Samverkans\xc3\xb6verenskommelse", "uppv\xc3\xa4rmning.txt")


class _Uploads:
    """Uploads written to a private temporary folder for the children, removed whatever happens to them."""

    def __init__(self, tasks: Sequence[AuditTask]) -> None:
        self._tasks = tasks
        self._folder: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> list[str]:
        paths = []
        for number, task in enumerate(self._tasks):
            if task.data is None:
                paths.append(str(task.path))
                continue
            if self._folder is None:
                self._folder = tempfile.TemporaryDirectory(prefix="granskaren-")
            path = Path(self._folder.name) / f"upload-{number}{Path(task.name or '').suffix[:16]}"
            path.write_bytes(task.data)
            paths.append(str(path))
        return paths

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None:
            self._folder.cleanup()


# --- the supervisor ---------------------------------------------------------------------------------------

_MULTIPROCESSING_NOTE = "multiprocessing-folder"


def _scratch_root() -> Path:
    """Each child keeps its temporary files (tesseract's images) in scratch/<its pid>, so that what a killed
    child leaves is found and removed: by its parent, or, if the parent was killed too, by the next one."""
    return Path(tempfile.gettempdir()) / "auditor-jobb"


@dataclass
class _Child:
    process: BaseProcess
    connection: Connection

    @property
    def pid(self) -> int:
        assert self.process.pid is not None
        return self.process.pid

    def kill(self) -> None:
        """Kill the child and everything it started (its process group), and remove its temporary files."""
        for target in (lambda: os.killpg(self.pid, signal.SIGKILL), self.process.kill):
            try:
                target()
            except (ProcessLookupError, PermissionError):
                pass
        self.process.join()
        self.connection.close()
        shutil.rmtree(_scratch_root() / str(self.pid), ignore_errors=True)


def _sweep_scratch() -> None:
    """Remove the scratch folders of children that no longer run (a killed import or server left them)."""
    root = _scratch_root()
    for folder in root.glob("*") if root.is_dir() else ():
        if not _running(folder.name):
            _remove_scratch(folder)


def _remove_scratch(folder: Path) -> None:
    """A process's scratch folder and the multiprocessing folder noted in it."""
    note = folder / _MULTIPROCESSING_NOTE
    noted = Path(note.read_text(encoding="utf-8")) if note.is_file() else None
    if noted is not None and noted.name.startswith("pymp-"):
        shutil.rmtree(noted, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)


def _note_multiprocessing_folder() -> None:
    """multiprocessing keeps the forkserver's socket in a folder of its own (pymp-*) that only a normal exit
    removes. Noted in this process's scratch folder, a killed server's is removed by the next one's sweep, like
    a killed child's files (the folder stays where it is: a socket's path may not be longer than 107 bytes)."""
    folder = _scratch_root() / str(os.getpid())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / _MULTIPROCESSING_NOTE).write_text(multiprocessing.util.get_temp_dir(), encoding="utf-8")


def _running(pid: str) -> bool:
    """Whether the process runs (a zombie, killed but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


_IDLE: dict[int, list[_Child]] = {}  # owning process id -> its waiting children (a fork must not use them)
_LOCK = threading.Lock()
_SLOTS: dict[int, threading.BoundedSemaphore] = {}


@atexit.register
def _shutdown() -> None:
    """At a normal exit, end this process's waiting children and remove their scratch folders (before
    multiprocessing's own exit handler, which would only terminate them)."""
    with _LOCK:
        idle = _IDLE.pop(os.getpid(), [])
    for child in idle:
        child.kill()
    shutil.rmtree(_scratch_root() / str(os.getpid()), ignore_errors=True)  # the note; multiprocessing removes pymp-*
    try:
        _scratch_root().rmdir()  # only when no other process's child still works there
    except OSError:
        pass


def _slots() -> threading.BoundedSemaphore:
    with _LOCK:
        if os.getpid() not in _SLOTS:
            _SLOTS[os.getpid()] = threading.BoundedSemaphore(settings.jobs() or os.cpu_count() or 2)
        return _SLOTS[os.getpid()]


def run_jobs(jobs: Sequence[tuple[Callable[..., Any], tuple]], *, limits: Limits,
             workers: int = 1) -> Iterator[tuple[int, Any, ParseError | None]]:
    """Run `function(*args, limits=limits)` for each job in up to `workers` children at a time; yield
    (job index, value or None, ParseError or None) as each ends. Leaving early kills what still runs."""
    pending = list(enumerate(jobs))[::-1]
    running: dict[Connection, tuple[_Child, int, float]] = {}
    slots = _slots()
    try:
        while pending or running:
            while pending and len(running) < workers:
                if not slots.acquire(timeout=limits.max_seconds if not running else 0):
                    if running:
                        break
                    raise Busy(limits.max_seconds)
                index, (function, args) = pending.pop()
                child = _send(_take_child(), (function, args, limits))
                running[child.connection] = (child, index, time.monotonic())
            for connection in wait(list(running), timeout=_POLL_SECONDS):
                child, index, _ = running.pop(connection)  # type: ignore[call-overload]
                slots.release()
                yield (index, *_receive(child))
            now = time.monotonic()
            memory = _group_memory({child.pid for child, _, _ in running.values()}) if running else {}
            for connection, (child, index, started) in list(running.items()):
                error: ParseError | None = None
                if now - started > limits.max_seconds:
                    error = errors.ParseTimeout(limits.max_seconds)
                elif memory.get(child.pid, 0) > limits.max_memory:
                    error = errors.TooComplex()
                if error is not None:
                    del running[connection]
                    child.kill()
                    slots.release()
                    yield index, None, error
    finally:
        for child, _, _ in running.values():
            child.kill()
            slots.release()


def _take_child() -> _Child:
    with _LOCK:
        idle = _IDLE.get(os.getpid(), [])
        while idle:
            child = idle.pop()
            if child.process.is_alive():
                return child
            child.connection.close()
    _sweep_scratch()
    # fork keeps what this process has loaded, but is only safe when no other thread could hold a lock
    context = multiprocessing.get_context("fork") if threading.active_count() == 1 else _FORKSERVER
    if context is _FORKSERVER:
        _FORKSERVER.set_forkserver_preload(_PRELOAD)
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(theirs,), daemon=True)
    process.start()
    theirs.close()
    return _Child(process, ours)


def _send(child: _Child, job: tuple) -> _Child:
    try:
        child.connection.send(job)
        return child
    except (BrokenPipeError, ConnectionError):  # an idle child that died meanwhile: take a fresh one
        child.kill()
        fresh = _take_child()
        fresh.connection.send(job)
        return fresh


def _receive(child: _Child) -> tuple[Any, ParseError | None]:
    try:
        kind, value, keep = child.connection.recv()
    except (EOFError, ConnectionError, OSError):  # died: killed for memory, or a crash in a C library
        child.kill()
        return None, errors.TooComplex()
    if keep:
        with _LOCK:
            _IDLE.setdefault(os.getpid(), []).append(child)
    else:
        child.kill()
    if kind == "ok":
        return value, None
    if kind == "parse_error":
        error_class, message = value
        error = error_class.__new__(error_class)  # the subclasses' __init__ build the message; keep it as is
        error.args = (message,)
        return None, error
    return None, Unexpected(value)


def _group_memory(groups: set[int]) -> dict[int, int]:
    """Resident bytes per process group (a child and what it started), from one pass over /proc."""
    totals = dict.fromkeys(groups, 0)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        group = int(fields[2])  # fields after the name: state, ppid, pgrp, …, rss (the 22nd)
        if group in totals:
            totals[group] += int(fields[21]) * _PAGE
    return totals


def _serve(connection: Connection) -> None:
    """The child: lead a process group, die with the parent, and run each job under the memory cap."""
    os.setpgid(0, 0)
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
    scratch = _scratch_root() / str(os.getpid())
    scratch.mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = tempfile.tempdir = str(scratch)  # for tesseract too
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    while True:
        try:
            function, args, limits = connection.recv()
        except (EOFError, OSError):
            return
        cap = limits.max_memory if hard == resource.RLIM_INFINITY else min(limits.max_memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        try:
            outcome: tuple[str, Any] = ("ok", function(*args, limits=limits))
        except MemoryError:
            outcome = ("parse_error", (errors.TooComplex, str(errors.TooComplex())))
        except ParseError as err:
            outcome = ("parse_error", (type(err), str(err)))
        except Exception as err:  # a bug, not bad input: the caller reports it per file
            outcome = ("crash", f"{type(err).__name__}: {err}")
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - baseline
        keep = outcome[0] == "ok" and grown <= _RETIRE_GROWTH * cap
        try:
            connection.send((*outcome, keep))
        except MemoryError:  # the result itself was too big to send back under the cap
            connection.send(("parse_error", (errors.TooComplex, str(errors.TooComplex())), False))
        except OSError:  # the parent is gone (killed while this job ran): nobody to answer, nothing to report
            return
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        if not keep:
            return
