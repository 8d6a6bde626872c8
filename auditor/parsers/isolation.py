"""Parsing in a child process with a time limit and a memory cap, so one pathological file (a page that
takes minutes, an image that needs gigabytes) cannot hang or kill the web server or an import.

    parse_isolated(path_or_bytes, name) -> Document      run_limited(function, *args, limits=...)

The child caps its own address space (RLIMIT_AS) while it parses, and the parent kills it when the time is
up. A timeout raises `ParseTimeout`, memory exhaustion or a crash inside a PDF library `TooComplex`; the
parser's own errors come back as themselves.

A single-threaded process (an import worker, the CLI) keeps its child for the next document: forking a
child per document cost ~23 ms of page copying, a third of an import's time. The child is replaced after
anything but a clean parse and after a parse that grew it much, so one document cannot burden the next.
"""

from __future__ import annotations

import functools
import importlib
import multiprocessing
import multiprocessing.forkserver
import os
import resource
import sys
import threading
import types
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Callable

from auditor.document import Document
from auditor.parsers import Limits, errors, parse, parse_bytes
from auditor.parsers.errors import ParseError

# The parsers import their libraries lazily, so that a command which parses nothing does not pay for them.
# A child that imported them itself would pay for it on every document (python-docx alone ~45 ms,
# pdfplumber.table ~150 ms), so they are loaded once in the process that forks.
_PARSER_MODULES = [
    "auditor.parsers.pdf", "auditor.parsers.docx", "auditor.parsers.text",
    "docx", "docx.opc.exceptions", "docx.table", "docx.text.paragraph", "pdfplumber", "pdfplumber.table",
    "pytesseract",
]
# fork is cheap and keeps loaded modules, but only safe when this process runs no other thread (a held lock
# would stay locked in the child); the web server does, so it forks from a single-threaded forkserver.
_FORKSERVER = multiprocessing.get_context("forkserver")
# A child whose peak memory grew by more than this share of the cap is replaced: what it keeps allocated
# would count against the next document's cap.
_RETIRE_GROWTH = 0.25
_REUSABLE: dict[int, tuple[BaseProcess, Connection]] = {}  # owning process id -> its waiting child


@functools.cache
def _preload_parser_modules() -> None:
    for name in _PARSER_MODULES:
        importlib.import_module(name)


def start_parse_server() -> None:
    """Start the forkserver now (a long-running server calls this), not on the first upload."""
    _set_forkserver_preload()
    multiprocessing.forkserver.ensure_running()


@functools.cache  # what is set counts only until the forkserver starts, so once is enough
def _set_forkserver_preload() -> None:
    """The forkserver loads the parser modules and the modules the main script took its names from.

    Every forkserver child runs the main script again (Python 3.11's forkserver drops the main script's
    path from what it preloads, so "__main__" in the list works only on later Pythons); that costs ~100 ms
    a self-check unless what the script imports is loaded in the server already.
    """
    main = vars(sys.modules["__main__"]).values()
    imported = {value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", None)
                for value in main if isinstance(value, (types.ModuleType, type, types.FunctionType))}
    from_main = sorted(name for name in imported if name in sys.modules and name not in ("__main__", "builtins"))
    _FORKSERVER.set_forkserver_preload(["__main__", *_PARSER_MODULES, *from_main])


def parse_isolated(source: str | Path | bytes, name: str | None = None, *, limits: Limits | None = None) -> Document:
    """`parse(path)`, or `parse_bytes(data, name)` for bytes, in a limited child process."""
    limits = limits or Limits.from_env()
    if isinstance(source, bytes):
        return run_limited(parse_bytes, source, name or "dokument", limits=limits)
    return run_limited(parse, source, limits=limits)


def run_limited(function: Callable[..., Any], *args: Any, limits: Limits) -> Any:
    """`function(*args, limits=limits)` in a child process with limits.max_seconds and limits.max_memory."""
    reusable = threading.active_count() == 1
    child, connection = _waiting_child() or _start_child(reusable)
    clean = False
    try:
        connection.send((function, args, limits))
        if not connection.poll(limits.max_seconds):
            raise errors.ParseTimeout(limits.max_seconds)
        kind, value, clean = connection.recv()
    except (EOFError, ConnectionError):  # the child died: killed for memory, or a crash in a C library
        raise errors.TooComplex() from None
    finally:
        if reusable and clean:
            _REUSABLE[os.getpid()] = (child, connection)
        else:
            child.kill()
            child.join()
            connection.close()
    if kind == "ok":
        return value
    if kind == "parse_error":
        error_class, message = value
        error = error_class.__new__(error_class)  # the subclasses' __init__ build the message; keep it as is
        error.args = (message,)
        raise error
    raise RuntimeError(value)


def _waiting_child() -> tuple[BaseProcess, Connection] | None:
    kept = _REUSABLE.pop(os.getpid(), None)  # keyed by process: a forked process must not use its parent's
    if kept and not kept[0].is_alive():
        kept[1].close()
        return None
    return kept


def _start_child(reusable: bool) -> tuple[BaseProcess, Connection]:
    """A forked child when this process is single-threaded (it keeps the loaded parser modules), else a
    one-off child of the forkserver."""
    if reusable:
        _preload_parser_modules()
    else:
        _set_forkserver_preload()
    context = multiprocessing.get_context("fork") if reusable else _FORKSERVER
    ours, theirs = context.Pipe()
    child = context.Process(target=_serve, args=(theirs, os.getpid() if reusable else None), daemon=True)
    child.start()
    theirs.close()
    return child, ours


def _serve(connection: Connection, parent: int | None) -> None:
    """The child: run each request under its memory cap and answer (kind, value, whether to keep me).
    A kept child whose `parent` was killed (an import stopped with kill -9) ends within a second."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    while True:
        while not connection.poll(1.0):
            if parent is not None and os.getppid() != parent:
                return
        try:
            function, args, limits = connection.recv()
        except EOFError:
            return
        cap = limits.max_memory if hard == resource.RLIM_INFINITY else min(limits.max_memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        try:
            outcome = ("ok", function(*args, limits=limits))
        except MemoryError:
            outcome = ("parse_error", (errors.TooComplex, str(errors.TooComplex())))
        except ParseError as err:
            outcome = ("parse_error", (type(err), str(err)))
        except Exception as err:  # a bug, not bad input: the caller reports it as an unexpected error
            outcome = ("crash", f"{type(err).__name__}: {err}")
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - baseline
        keep = outcome[0] == "ok" and grown <= _RETIRE_GROWTH * cap
        try:
            connection.send((*outcome, keep))
        except MemoryError:  # the Document itself was too big to send back under the cap
            connection.send(("parse_error", (errors.TooComplex, str(errors.TooComplex())), False))
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        if not keep:
            return
