"""Routes, one module per page; each page's JSON twin under /api/ calls the same data function."""

from auditor.web.views import accounts, apidocs, documents, importing, overview, reports, selfcheck, users

ROUTERS = [overview.router, documents.router, selfcheck.router, importing.router, accounts.router, apidocs.router,
           reports.router]
ROUTERS += [users.router]  # accounts and the kommun's side of the dialogue
