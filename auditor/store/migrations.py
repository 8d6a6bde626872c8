"""Versioned schema migrations, recorded in `_migrations` and applied idempotently.

Each migration is a named list of SQL statements, applied in its own write transaction together with
its record, so a database is never left between two versions. Applying re-checks the record inside the
transaction: two processes opening a new database at once apply each migration exactly once.
Never edit a released migration; add a new one.
"""

from __future__ import annotations

import sqlite_utils

from auditor.store.sql import now, transaction

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "0001_documents_and_scores",
        [
            """CREATE TABLE lan (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE
            )""",
            """CREATE TABLE kommun (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                lan_id INTEGER NOT NULL REFERENCES lan(id),
                kommunkod TEXT,
                source TEXT NOT NULL CHECK (source IN ('officiell', 'manifest', 'import'))
            )""",
            """CREATE TABLE file_blob (
                sha256 TEXT PRIMARY KEY,
                size INTEGER NOT NULL,
                content BLOB NOT NULL
            )""",
            """CREATE TABLE document (
                id INTEGER PRIMARY KEY,
                sha256 TEXT NOT NULL UNIQUE REFERENCES file_blob(sha256),
                file_name TEXT NOT NULL,
                format TEXT NOT NULL,
                title TEXT,
                pages INTEGER,
                doc_type TEXT NOT NULL,
                doc_type_confidence REAL,
                doc_type_source TEXT NOT NULL CHECK (doc_type_source IN ('automatisk', 'manifest')),
                kommun_id INTEGER REFERENCES kommun(id),
                lokalpolisomrade TEXT,
                period_from INTEGER,
                period_to INTEGER,
                period_text TEXT,
                version_label TEXT CHECK (version_label IN ('baseline', 'revised')),
                document_date TEXT,
                adoption_date TEXT,
                manifest_id TEXT,
                is_draft INTEGER NOT NULL DEFAULT 0,
                imported_at TEXT NOT NULL
            )""",
            "CREATE INDEX document_kommun ON document(kommun_id, doc_type)",
            """CREATE TABLE scoring_run (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                checklist_version TEXT NOT NULL,
                tool_version TEXT NOT NULL,
                doc_type TEXT NOT NULL,
                total INTEGER NOT NULL,
                max_total INTEGER NOT NULL,
                percent REAL NOT NULL,
                result_json TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX scoring_run_document ON scoring_run(document_id)",
            """CREATE TABLE item_score (
                id INTEGER PRIMARY KEY,
                run_id INTEGER NOT NULL REFERENCES scoring_run(id) ON DELETE CASCADE,
                item_id TEXT NOT NULL,
                area TEXT NOT NULL,
                title TEXT NOT NULL,
                score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 2),
                max INTEGER NOT NULL,
                applicable INTEGER NOT NULL,
                missing_json TEXT NOT NULL,
                advice TEXT NOT NULL,
                UNIQUE (run_id, item_id)
            )""",
            """CREATE TABLE evidence (
                id INTEGER PRIMARY KEY,
                run_id INTEGER NOT NULL REFERENCES scoring_run(id) ON DELETE CASCADE,
                item_id TEXT NOT NULL,
                quote TEXT NOT NULL,
                start INTEGER NOT NULL,
                [end] INTEGER NOT NULL,
                page INTEGER,
                rule TEXT NOT NULL
            )""",
            "CREATE INDEX evidence_run_item ON evidence(run_id, item_id)",
            """CREATE TABLE goal (
                id INTEGER PRIMARY KEY,
                run_id INTEGER NOT NULL REFERENCES scoring_run(id) ON DELETE CASCADE,
                text TEXT NOT NULL,
                start INTEGER NOT NULL,
                [end] INTEGER NOT NULL,
                page INTEGER,
                kind TEXT NOT NULL,
                specific INTEGER NOT NULL,
                measurable INTEGER NOT NULL,
                time_bound INTEGER NOT NULL,
                baseline INTEGER NOT NULL,
                notes_json TEXT NOT NULL
            )""",
            "CREATE INDEX goal_run ON goal(run_id)",
            """CREATE VIEW latest_run AS
                SELECT * FROM scoring_run AS r
                WHERE r.id = (SELECT max(id) FROM scoring_run WHERE document_id = r.document_id)""",
        ],
    ),
    (
        "0002_reviews_and_audit_log",
        [
            # kind 'granskning' may override a score; kind 'genmäle' is a kommun's reply and never does.
            """CREATE TABLE review (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                item_id TEXT,
                kind TEXT NOT NULL CHECK (kind IN ('granskning', 'genmäle')),
                score INTEGER CHECK (score BETWEEN 0 AND 2),
                run_id INTEGER REFERENCES scoring_run(id),
                comment TEXT NOT NULL DEFAULT '',
                reviewer TEXT NOT NULL,
                created_at TEXT NOT NULL,
                CHECK (kind = 'granskning' OR score IS NULL),
                CHECK (score IS NULL OR item_id IS NOT NULL)
            )""",
            "CREATE INDEX review_document_item ON review(document_id, item_id)",
            """CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                table_name TEXT NOT NULL,
                row_id INTEGER,
                details_json TEXT NOT NULL
            )""",
            # The override in force: the newest review that set a score (comment-only reviews keep it).
            """CREATE VIEW latest_override AS
                SELECT * FROM review AS v
                WHERE v.kind = 'granskning' AND v.score IS NOT NULL AND v.id = (
                    SELECT max(id) FROM review
                    WHERE document_id = v.document_id AND item_id = v.item_id
                      AND kind = 'granskning' AND score IS NOT NULL)""",
            # Automatic and reviewed score side by side; `score` is the one every figure uses.
            """CREATE VIEW current_score AS
                SELECT r.document_id, r.id AS run_id, i.item_id, i.area, i.title, i.applicable, i.max,
                       i.score AS automatic_score, o.score AS reviewed_score,
                       coalesce(o.score, i.score) AS score,
                       o.reviewer, o.comment AS review_comment, o.created_at AS reviewed_at
                FROM latest_run AS r
                JOIN item_score AS i ON i.run_id = r.id
                LEFT JOIN latest_override AS o ON o.document_id = r.document_id AND o.item_id = i.item_id""",
            """CREATE VIEW document_overview AS
                SELECT d.*, k.name AS kommun, l.name AS lan, r.id AS run_id, r.checklist_version,
                       r.total AS automatic_total, r.max_total,
                       (SELECT sum(c.score) FROM current_score c
                        WHERE c.run_id = r.id AND c.applicable) AS total
                FROM document AS d
                LEFT JOIN kommun AS k ON k.id = d.kommun_id
                LEFT JOIN lan AS l ON l.id = k.lan_id
                LEFT JOIN latest_run AS r ON r.document_id = d.id""",
        ],
    ),
    (
        "0003_web_users",
        [
            # Accounts of the web service; password_hash is "scrypt$n$r$p$salt$hash" (hex).
            """CREATE TABLE web_user (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                role TEXT NOT NULL CHECK (role IN ('admin', 'granskare')),
                password_hash TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
        ],
    ),
    (
        "0004_web_sessions_and_login_failures",
        [
            # A session lives here, not only in the signed cookie, so logging out, a deleted account or a
            # changed role ends it at once; the cookie carries a random token whose sha256 is the id.
            """CREATE TABLE web_session (
                id TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES web_user(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                expires_at REAL NOT NULL
            )""",
            "CREATE INDEX web_session_user ON web_session(user_id)",
            # Wrong passwords, kept across restarts, per normalised name and per client address.
            """CREATE TABLE login_failure (
                id INTEGER PRIMARY KEY,
                name_key TEXT NOT NULL,
                address TEXT NOT NULL,
                at REAL NOT NULL
            )""",
            "CREATE INDEX login_failure_name ON login_failure(name_key, at)",
            "CREATE INDEX login_failure_address ON login_failure(address, at)",
        ],
    ),
    (
        "0005_confidence_and_hedged_goals",
        [
            # how sure each item's score is (auditor.engine.confidence), so unsure items can be listed for review
            "ALTER TABLE item_score ADD COLUMN confidence REAL",
            "ALTER TABLE item_score ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE item_score ADD COLUMN review_reason TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE goal ADD COLUMN hedged INTEGER NOT NULL DEFAULT 0",
        ],
    ),
    (
        "0006_import_jobs",
        [
            # A web import runs in the background; its uploads wait in `folder` (under the data folder) until
            # the job ends. `runner` names the process working on it ("pid:start time"): a job still 'pågår'
            # whose runner is gone was interrupted by a server stop and can be resumed.
            """CREATE TABLE import_job (
                id INTEGER PRIMARY KEY,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                lan TEXT,
                folder TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pågår', 'klar')),
                runner TEXT,
                finished_at TEXT,
                error TEXT
            )""",
            """CREATE TABLE import_job_file (
                id INTEGER PRIMARY KEY,
                job_id INTEGER NOT NULL REFERENCES import_job(id) ON DELETE CASCADE,
                file_name TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('väntar', 'importerad', 'fanns', 'misslyckad')),
                error TEXT,
                UNIQUE (job_id, file_name)
            )""",
        ],
    ),
    (
        "0007_document_field_sources",
        [
            # where each stored detail came from: {"kommun": "titeln", "period": "manifestet",
            # "title": "ändrad av anna 2026-12-07", ...}, shown next to the value
            "ALTER TABLE document ADD COLUMN field_sources_json TEXT NOT NULL DEFAULT '{}'",
        ],
    ),
    (
        "0010_kommun_accounts",
        [
            # A third role, bound to one kommun, and accounts an admin can deactivate. SQLite cannot change a
            # CHECK constraint, so the table is rebuilt; dropping it would cascade to the sessions, which are
            # kept aside and put back so nobody is logged out by the upgrade.
            """CREATE TABLE web_user_new (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                role TEXT NOT NULL CHECK (role IN ('admin', 'granskare', 'kommun')),
                kommun_id INTEGER REFERENCES kommun(id),
                active INTEGER NOT NULL DEFAULT 1,
                password_hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                CHECK ((role = 'kommun') = (kommun_id IS NOT NULL))
            )""",
            """INSERT INTO web_user_new (id, name, role, password_hash, created_at)
                SELECT id, name, role, password_hash, created_at FROM web_user""",
            "CREATE TEMP TABLE kept_session AS SELECT * FROM web_session",
            "DROP TABLE web_user",
            "ALTER TABLE web_user_new RENAME TO web_user",
            "INSERT INTO web_session SELECT * FROM kept_session",
            "DROP TABLE kept_session",
        ],
    ),
    (
        "0011_submissions_and_private_drafts",
        [
            # A document a kommun account submitted is 'inlämnad' until staff confirm its type and version.
            """ALTER TABLE document ADD COLUMN status TEXT NOT NULL DEFAULT 'bekräftad'
                CHECK (status IN ('inlämnad', 'bekräftad'))""",
            # A saved self-check draft belongs to the account that saved it: only it (and admins) may read it.
            "ALTER TABLE document ADD COLUMN owner_id INTEGER REFERENCES web_user(id) ON DELETE SET NULL",
            # drafts saved before owners were recorded: the account named in the import's log entry
            """UPDATE document SET owner_id = (
                SELECT u.id FROM audit_log a JOIN web_user u ON u.name = a.actor
                WHERE a.table_name = 'document' AND a.action = 'importera' AND a.row_id = document.id
                ORDER BY a.id LIMIT 1)
               WHERE is_draft""",
            # The documents every figure and every visitor may see: no drafts, nothing awaiting confirmation.
            """CREATE VIEW published_document AS
                SELECT id FROM document WHERE NOT is_draft AND status = 'bekräftad'""",
        ],
    ),
    (
        "0012_review_rounds_and_replies",
        [
            # A review round ("Inventering 2026"): its documents' results are published on `publish_on`
            # (ISO date, local time like the overview's daily cache); until then only staff and the
            # document's own kommun see them.
            """CREATE TABLE review_round (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                publish_on TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
            "ALTER TABLE document ADD COLUMN round_id INTEGER REFERENCES review_round(id)",
            # a genmäle may point to the page of the document that answers the item
            "ALTER TABLE review ADD COLUMN page INTEGER CHECK (page IS NULL OR page >= 1)",
            # a reviewer's answer to a genmäle: a granskning that names it (with a new score or only a comment)
            "ALTER TABLE review ADD COLUMN answers_id INTEGER REFERENCES review(id)",
            "DROP VIEW published_document",
            """CREATE VIEW published_document AS
                SELECT d.id FROM document d LEFT JOIN review_round r ON r.id = d.round_id
                WHERE NOT d.is_draft AND d.status = 'bekräftad'
                  AND (r.id IS NULL OR r.publish_on <= date('now', 'localtime'))""",
        ],
    ),
    (
        "0013_notifications",
        [
            # What is new for one account (a review of its kommun's document, a genmäle, an answer, a round).
            """CREATE TABLE notification (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES web_user(id) ON DELETE CASCADE,
                message TEXT NOT NULL,
                link TEXT NOT NULL,
                created_at TEXT NOT NULL,
                read_at TEXT
            )""",
            "CREATE INDEX notification_user ON notification(user_id, read_at)",
        ],
    ),
    (
        "0014_notification_email",
        [
            # optional: where `auditor notify-mail` sends an account's notifications, and when it did
            "ALTER TABLE web_user ADD COLUMN email TEXT",
            "ALTER TABLE notification ADD COLUMN mailed_at TEXT",
        ],
    ),
    (
        "0015_genmale_attachment",
        [
            # a genmäle may carry a document that shows the kommun's point (kept like every stored file)
            "ALTER TABLE review ADD COLUMN attachment_sha256 TEXT REFERENCES file_blob(sha256)",
            "ALTER TABLE review ADD COLUMN attachment_name TEXT",
        ],
    ),
    (
        "0016_goal_purpose_of_activity",
        [
            # an aim stated in the same sentence as the means ("kontroller för att minska stölderna")
            "ALTER TABLE goal ADD COLUMN purpose_of_activity INTEGER NOT NULL DEFAULT 0",
        ],
    ),
]


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    if not db["_migrations"].exists():
        return []
    return [row["name"] for row in db.query("SELECT name FROM _migrations ORDER BY id")]


def migrate(db: sqlite_utils.Database, *, upto: str | None = None) -> list[str]:
    """Apply every pending migration (or those up to and including `upto`); return the names applied."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations "
        "(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)"
    )
    applied: list[str] = []
    for name, statements in MIGRATIONS:
        if name not in applied_migrations(db):
            with transaction(db):
                if db.execute("SELECT 1 FROM _migrations WHERE name = ?", [name]).fetchone() is None:
                    for statement in statements:
                        db.execute(statement)
                    db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", [name, now()])
                    applied.append(name)
        if name == upto:
            break
    return applied
