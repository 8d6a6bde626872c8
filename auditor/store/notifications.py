"""Notifications inside the service: what is new for an account. Written in the same transaction as the
change they tell about, so there is never a notification of something that did not happen."""

from __future__ import annotations

import sqlite_utils

from auditor.store.sql import insert, now, transaction

STAFF_ROLES = ("admin", "granskare")


def notify(db: sqlite_utils.Database, user_ids: list[int], message: str, link: str) -> None:
    """Call inside the caller's transaction."""
    for user_id in user_ids:
        insert(db, "notification", {"user_id": user_id, "message": message, "link": link, "created_at": now()})


def kommun_accounts(db: sqlite_utils.Database, kommun_id: int | None = None) -> list[int]:
    """Active kommun accounts: of one kommun, or of every kommun for `kommun_id` None."""
    return [row[0] for row in db.execute(
        "SELECT id FROM web_user WHERE active AND role = 'kommun' AND (? IS NULL OR kommun_id = ?)",
        [kommun_id, kommun_id])]


def staff_accounts(db: sqlite_utils.Database) -> list[int]:
    return [row[0] for row in db.execute(
        f"SELECT id FROM web_user WHERE active AND role IN ({', '.join('?' for _ in STAFF_ROLES)})", STAFF_ROLES)]


def notify_review(db: sqlite_utils.Database, document_id: int, item_id: str | None, *, kind: str,
                  answers: int | None) -> None:
    """A review tells the document's kommun, a genmäle tells the staff. Drafts are nobody else's business."""
    row = db.execute("SELECT d.kommun_id, d.is_draft, coalesce(d.title, d.file_name), k.name FROM document d "
                     "LEFT JOIN kommun k ON k.id = d.kommun_id WHERE d.id = ?", [document_id]).fetchone()
    if row is None or row[1]:
        return
    kommun_id, _, title, kommun = row
    about = f"punkt {item_id}" if item_id else "hela dokumentet"
    link = f"/dokument/{document_id}" + (f"#punkt-{item_id}" if item_id else "")
    if kind == "genmäle":
        notify(db, staff_accounts(db), f"Genmäle från {kommun or 'kommunen'} om {about} i ”{title}”.", link)
    elif kommun_id is not None:
        what = "Svar på ert genmäle" if answers else "Ny granskning"
        notify(db, kommun_accounts(db, kommun_id), f"{what} om {about} i ”{title}”.", link)


def notifications_for(db: sqlite_utils.Database, user_id: int, limit: int = 100) -> list[dict]:
    """The account's newest notifications, unread ones marked by `read_at` None."""
    return list(db.query("SELECT * FROM notification WHERE user_id = ? ORDER BY id DESC LIMIT ?", [user_id, limit]))


def unread_count(db: sqlite_utils.Database, user_id: int) -> int:
    return db.execute("SELECT count(*) FROM notification WHERE user_id = ? AND read_at IS NULL", [user_id]).fetchone()[0]


def mark_read(db: sqlite_utils.Database, user_id: int) -> None:
    with transaction(db):
        db.execute("UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL", [now(), user_id])


def unmailed(db: sqlite_utils.Database) -> list[dict]:
    """Notifications not yet mailed to an active account with an e-mail address, oldest first."""
    return list(db.query(
        "SELECT n.id, n.message, n.link, u.email FROM notification n JOIN web_user u ON u.id = n.user_id "
        "WHERE n.mailed_at IS NULL AND u.active AND u.email IS NOT NULL ORDER BY n.id"))


def mark_mailed(db: sqlite_utils.Database, notification_id: int) -> None:
    with transaction(db):
        db.execute("UPDATE notification SET mailed_at = ? WHERE id = ?", [now(), notification_id])
