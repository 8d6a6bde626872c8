"""Optional e-mail of notifications (AUDITOR_SMTP_*, see auditor/settings.py): `auditor notify-mail`, run e.g.
every minute from cron, sends each account with an e-mail address the notifications it has not been mailed yet. The service never
needs it: without AUDITOR_SMTP_HOST notifications are only shown on /notiser."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.policy import SMTP

import sqlite_utils

from auditor.settings import Smtp
from auditor.store.notifications import mark_mailed, unmailed
from auditor.store.sql import StoreError

# Python's header folding drops the space where it splits a non-ASCII subject into encoded words
# ("Inventering2026"); a subject is at most ~130 characters, well within SMTP's 998.
UNFOLDED = SMTP.clone(max_line_length=998)


def send_pending(db: sqlite_utils.Database, smtp: Smtp, base_url: str) -> int:
    """Mail every unmailed notification of an active account with an address; each is marked as mailed
    right after the server accepted it, so a failure midway sends nothing twice. Returns how many were sent."""
    pending = unmailed(db)
    if not pending:
        return 0
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
            if smtp.starttls:
                server.starttls()
            if smtp.user:
                server.login(smtp.user, smtp.password or "")
            for notice in pending:
                message = EmailMessage(policy=UNFOLDED)
                message["From"], message["To"] = smtp.sender, notice["email"]
                message["Subject"] = "Granskaren: " + notice["message"][:120]
                message.set_content(f"{notice['message']}\n\n{base_url.rstrip('/')}{notice['link']}\n")
                server.send_message(message)
                mark_mailed(db, notice["id"])
    except (OSError, smtplib.SMTPException) as err:
        raise StoreError(f"E-postservern {smtp.host}:{smtp.port} kunde inte ta emot notiserna ({err}).") from err
    return len(pending)
