"""The route table: which view answers which path, with which methods.

A route is a regular expression matched against the whole decoded path, a view, and the methods it answers. A view
is a plain function ``view(app, request, match) -> Response`` (``match`` holds the pattern's named groups), so a
page is one function in one module under :mod:`kzgraph.web.pages` and knows nothing of HTTP parsing or sockets.

To add a page: write its view in a module of ``kzgraph/web/pages/`` and add a :class:`Route` to the list in :func:`default_routes`
(or, for an extra route on one app only, call :meth:`kzgraph.web.app.App.add_route`). The app answers ``HEAD`` for
every ``GET`` view, ``OPTIONS`` (CORS preflight) for every path, 405 with ``Allow`` for any other method. The
ASGI app runs views in a worker thread; a route may also give an ``async_view`` that runs on the event loop (the
SPARQL endpoint does, to wait for the query workers without a thread).
"""

from __future__ import annotations

from kzgraph.web.route import Route


def default_routes() -> list[Route]:
    """Every route the server answers, in matching order (the first match wins)."""
    from kzgraph.web import sparql
    from kzgraph.web.pages import home, queries, resources, workbench

    return [
        *workbench.routes(),  # the researchers' pages; other representations fall through to the views below
        Route(r"/", home.index),
        Route(r"/\.well-known/void", home.void),
        Route(r"/sparql", sparql.endpoint, ("GET", "HEAD", "POST"), async_view=sparql.endpoint_async),
        Route(r"/query/?", queries.catalogue),
        Route(r"/query/(?P<name>[^/]+)", queries.named_query),
        Route(r"/id/(?P<key>.+)", resources.entity),
        Route(r"/ontology", resources.ontology),
        Route(r"/graph/(?P<name>.+)", resources.graph),
        Route(r"/views/(?P<file>[^/]+)", home.view),
        Route(r"/lookup", home.lookup),
    ]
