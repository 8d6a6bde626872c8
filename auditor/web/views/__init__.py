"""Routes, one module per page; each page's JSON twin under /api/ calls the same data function."""

from auditor.web.views import accounts, apidocs, documents, importing, overview, reports, selfcheck
from auditor.web.views import checklist, document_edit, document_list

ROUTERS = [overview.router, documents.router, selfcheck.router, importing.router, accounts.router, apidocs.router,
           reports.router, document_edit.router, checklist.router, document_list.router]
