"""The processes of a session (a command started with start_new_session=True and all it started), from /proc."""

from __future__ import annotations

import os
import time

_PAGE = os.sysconf("SC_PAGE_SIZE")


def session_processes(sid: int) -> dict[int, int]:
    """pid -> resident bytes of every live (non-zombie) process in the session."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()  # after the name: state, ppid, pgrp, session
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found[int(entry)] = int(fields[21]) * _PAGE
    return found


def wait_until_gone(sid: int, seconds: float = 5) -> dict[int, int]:
    """Wait up to `seconds` for the session to have no process left; what is left then."""
    deadline = time.monotonic() + seconds
    while (left := session_processes(sid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left
