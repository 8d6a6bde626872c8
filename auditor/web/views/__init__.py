"""Routes, one module per page; each page's JSON twin under /api/ calls the same data function."""

from auditor.web.views import accounts, apidocs, documents, importing, overview, reports, selfcheck, users, kommun_side, drafts, rounds

ROUTERS = [overview.router, documents.router, selfcheck.router, importing.router, accounts.router, apidocs.router,
           reports.router]
ROUTERS += [users.router, kommun_side.router, drafts.router, rounds.router]  # accounts and the kommun's side of the dialogue
