"""Parsing in a child process with a time limit and a memory cap, so one pathological file (a page that
takes minutes, an image that needs gigabytes) cannot hang or kill the web server or an import.

    parse_isolated(path_or_bytes, name) -> Document      run_limited(function, *args, limits=...)

The child caps its own address space (RLIMIT_AS) and the parent kills it when the time is up. A timeout
raises `ParseTimeout`, memory exhaustion or a crash inside a PDF library `TooComplex`; the parser's own
errors come back as themselves.
"""

from __future__ import annotations

import functools
import importlib
import multiprocessing
import multiprocessing.forkserver
import resource
import threading
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
# "__main__" is loaded once by the server; otherwise every child would re-import the main script.
_FORKSERVER = multiprocessing.get_context("forkserver")
_FORKSERVER.set_forkserver_preload(["__main__", *_PARSER_MODULES])


@functools.cache
def _preload_parser_modules() -> None:
    for name in _PARSER_MODULES:
        importlib.import_module(name)


def start_parse_server() -> None:
    """Start the forkserver now (a long-running server calls this), not on the first upload."""
    multiprocessing.forkserver.ensure_running()


def parse_isolated(source: str | Path | bytes, name: str | None = None, *, limits: Limits | None = None) -> Document:
    """`parse(path)`, or `parse_bytes(data, name)` for bytes, in a limited child process."""
    limits = limits or Limits.from_env()
    if isinstance(source, bytes):
        return run_limited(parse_bytes, source, name or "dokument", limits=limits)
    return run_limited(parse, source, limits=limits)


def run_limited(function: Callable[..., Any], *args: Any, limits: Limits) -> Any:
    """`function(*args, limits=limits)` in a child process with limits.max_seconds and limits.max_memory."""
    if threading.active_count() == 1:
        _preload_parser_modules()
        context = multiprocessing.get_context("fork")
    else:
        context = _FORKSERVER
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, function, args, limits), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.max_seconds):
            raise errors.ParseTimeout(limits.max_seconds)
        kind, value = receiver.recv()
    except EOFError:  # the child died without an answer: killed for memory, or a crash in a C library
        raise errors.TooComplex() from None
    finally:
        child.kill()
        child.join()
        receiver.close()
    if kind == "ok":
        return value
    if kind == "parse_error":
        error_class, message = value
        error = error_class.__new__(error_class)  # the subclasses' __init__ build the message; keep it as is
        error.args = (message,)
        raise error
    raise RuntimeError(value)


def _child(sender, function: Callable[..., Any], args: tuple, limits: Limits) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
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
    try:
        sender.send(outcome)
    except MemoryError:  # the Document itself was too big to send back under the cap
        sender.send(("parse_error", (errors.TooComplex, str(errors.TooComplex()))))
    sender.close()
