"""Routes, one module per page; each page's JSON twin under /api/ calls the same data function."""

from auditor.web.views import (
    accounts,
    apidocs,
    checklist,
    document_edit,
    document_list,
    documents,
    drafts,
    importing,
    kommun_side,
    notifications,
    overview,
    reports,
    rounds,
    selfcheck,
    users,
)

ROUTERS = [overview.router, documents.router, selfcheck.router, importing.router, accounts.router, apidocs.router,
           reports.router, document_edit.router, checklist.router, document_list.router]
# the kommun dialogue: accounts, submissions, genmälen, private drafts, review rounds, notifications
ROUTERS += [users.router, kommun_side.router, drafts.router, rounds.router, notifications.router]
