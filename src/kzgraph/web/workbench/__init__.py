"""The researchers' workbench: search as you type, a SPARQL editor with paged results, forms for the named queries,
entity pages whose quotes open their place in the source, and a browser of the classes (see docs/server.md,
"Workbench").

Pages are rendered by pure functions (data in, escaped HTML out); :class:`~kzgraph.web.workbench.site.Workbench`
gathers their data and is free of any HTTP library, so any server can put it behind its routes.
"""

from kzgraph.web.workbench.site import ROUTES, WebRequest, Workbench

__all__ = ["ROUTES", "WebRequest", "Workbench"]
