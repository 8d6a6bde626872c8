"""The store: a SQLite database of kommuner, imported documents, scoring runs, evidence and reviews.

Every function takes an open `sqlite_utils.Database` (see `db.open_db`); the CLI and the web UI are thin
layers over these functions.
"""
