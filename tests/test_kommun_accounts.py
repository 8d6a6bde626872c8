"""Kommun accounts: the role bound to one kommun, from the command line and from the admin's user page."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner
from dialogue_support import db_rows, submit_form
from web_support import PASSWORD, log_in

from auditor.cli import cli
from auditor.store.accounts import (
    add_user,
    authenticate,
    hash_password,
    session_user,
    start_session,
)
from auditor.store.db import open_db
from auditor.store.migrations import migrate
from auditor.store.places import ensure_kommun, seed_kommuner
from auditor.store.sql import now, transaction


def add(db_file: str, *args: str, password: str = "ett långt lösenord"):
    return CliRunner().invoke(cli, ["user", "add", *args, "--password-stdin", "--db", db_file], input=password + "\n")


def test_cli_kommun_account_needs_a_known_kommun(tmp_path):
    db_file = str(tmp_path / "cli.db")
    missing = add(db_file, "karin", "--role", "kommun")
    assert missing.exit_code == 2 and "kräver en kommun" in missing.output
    unknown = add(db_file, "karin", "--role", "kommun", "--kommun", "Åkerby")
    assert unknown.exit_code == 2 and "Kommunen ”Åkerby” finns inte" in unknown.output
    db = open_db(db_file)
    with transaction(db):  # Åkerby is known once a manifest has registered it
        ensure_kommun(db, "Åkerby", "Mellanskogs län")
    added = add(db_file, "karin", "--role", "kommun", "--kommun", "åkerby")
    assert added.exit_code == 0 and "karin (kommun, åkerby) är skapad" in added.output
    assert authenticate(db, "karin", "ett långt lösenord") == {
        "id": 1, "name": "karin", "role": "kommun", "kommun_id": db.execute(
            "SELECT id FROM kommun WHERE name = 'Åkerby'").fetchone()[0], "kommun": "Åkerby"}
    staff_with_kommun = add(db_file, "olle", "--role", "granskare", "--kommun", "Lund")
    assert staff_with_kommun.exit_code == 2 and "Bara konton med rollen kommun" in staff_with_kommun.output
    assert [row[0] for row in db.execute("SELECT name FROM web_user")] == ["karin"]


def test_admin_adds_and_deactivates_users_on_the_user_page(clients, dialogue_path):
    admin = clients["admin"]
    page = admin.get("/anvandare")
    assert page.status_code == 200 and "lund1" in page.text and "Lund" in page.text
    added = submit_form(admin, "/anvandare", "/anvandare",
                        {"name": "eva", "role": "kommun", "kommun": "Ystad", "email": "eva@ystad.se",
                         "password": PASSWORD})
    assert added.status_code == 303
    assert db_rows(dialogue_path, "SELECT u.role, k.name AS kommun, u.email FROM web_user u JOIN kommun k "
                   "ON k.id = u.kommun_id WHERE u.name = 'eva'") == [
        {"role": "kommun", "kommun": "Ystad", "email": "eva@ystad.se"}]
    no_address = submit_form(admin, "/anvandare", "/anvandare",
                             {"name": "nils", "role": "granskare", "email": "nils", "password": PASSWORD})
    assert no_address.status_code == 400 and "”nils” är ingen e-postadress" in no_address.text
    refused = submit_form(admin, "/anvandare", "/anvandare",
                          {"name": "nils", "role": "kommun", "kommun": "Atlantis", "password": PASSWORD})
    assert refused.status_code == 400 and "Kommunen ”Atlantis” finns inte" in refused.text
    assert 'value="nils"' in refused.text  # the form keeps what was typed

    lund1 = clients["kommun_egen"]
    assert lund1.get("/api/session").json()["user"]["kommun"] == "Lund"
    lund1_id = db_rows(dialogue_path, "SELECT id FROM web_user WHERE name = 'lund1'")[0]["id"]
    closed = submit_form(admin, "/anvandare", f"/anvandare/{lund1_id}/inaktivera", {})
    assert closed.status_code == 303
    assert lund1.get("/api/session").json()["user"] is None  # logged out at once
    assert log_in(lund1, "lund1").status_code == 400  # and cannot log in again
    assert "inaktiverat" in admin.get("/anvandare").text
    own_id = db_rows(dialogue_path, "SELECT id FROM web_user WHERE name = 'admin1'")[0]["id"]
    assert submit_form(admin, "/anvandare", f"/anvandare/{own_id}/inaktivera", {}).status_code == 400


def test_only_admins_manage_users(clients):
    for role in ("kommun_egen", "granskare"):
        assert clients[role].get("/anvandare").status_code == 403
        refused = submit_form(clients[role], "/sjalvtest", "/anvandare",
                              {"name": "x", "role": "admin", "password": PASSWORD})
        assert refused.status_code == 403
    assert clients["anonym"].get("/anvandare", follow_redirects=False).status_code == 303  # to the login
    no_token = clients["admin"].post("/anvandare", data={"name": "x", "role": "admin", "password": PASSWORD})
    assert no_token.status_code == 403


def test_kommun_accounts_may_not_import_or_review(clients):
    kommun = clients["kommun_egen"]
    assert kommun.get("/import").status_code == 403 and kommun.get("/granska").status_code == 403
    menu = kommun.get("/lan").text
    assert 'href="/import"' not in menu and "(kommun, Lund)" in menu
    assert submit_form(kommun, "/sjalvtest", "/dokument/1/granskning", {"item_id": "R1", "score": "2"}).status_code == 403


def test_upgrading_keeps_accounts_and_sessions(tmp_path):
    """Migration 0010 rebuilds the account table for the new role; nobody is logged out by the upgrade."""
    db = open_db(tmp_path / "old.db", migrate=False)
    migrate(db, upto="0005_confidence_and_hedged_goals")
    with transaction(db):
        db.execute("INSERT INTO web_user (name, role, password_hash, created_at) VALUES ('anna', 'admin', ?, ?)",
                   [hash_password(PASSWORD), now()])
    token = start_session(db, 1, 3600)
    migrate(db)
    assert session_user(db, token) == {"id": 1, "name": "anna", "role": "admin", "kommun_id": None, "kommun": None}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    seed_kommuner(db)
    add_user(db, "karin", "kommun", PASSWORD, actor="anna", kommun="Lund")
    with pytest.raises(sqlite3.IntegrityError):  # the table itself refuses a kommun account without kommun
        db.execute("INSERT INTO web_user (name, role, password_hash, created_at) VALUES ('x', 'kommun', 'h', ?)",
                   [now()])
