"""``kzgraph serve``: the read-only linked-data server, as modules by concept.

- :mod:`~kzgraph.web.app` — :class:`App`, the logic free of sockets: ``App.handle(Request) -> Response``;
- :mod:`~kzgraph.web.routes` — the route table (path pattern → view, methods);
- :mod:`~kzgraph.web.pages` — the pages, one module per kind (home, resources, queries), each view a function
  ``view(app, request, match) -> Response``; :mod:`~kzgraph.web.sparql` — the SPARQL 1.1 Protocol;
- :mod:`~kzgraph.web.messages`, :mod:`~kzgraph.web.negotiation`, :mod:`~kzgraph.web.html` — requests and
  responses, content negotiation, the HTML frame and escaping; :mod:`~kzgraph.web.errors` — HTTP-only errors;
- :mod:`~kzgraph.web.service` — SERVICE refused unless allow-listed;
- :mod:`~kzgraph.web.pool` — the bounded pool of query worker processes; :mod:`~kzgraph.web.reload` — a new
  build picked up without restart; :mod:`~kzgraph.web.config` — the settings and limits;
- :mod:`~kzgraph.web.cache` — /sparql answers kept until the next build;
- :mod:`~kzgraph.web.asgi` — the app as an ASGI application; :mod:`~kzgraph.web.server` — uvicorn.

Adding a page: write ``def my_page(app, request, match) -> Response`` in a module of ``kzgraph/web/pages/``
(build HTML with :func:`kzgraph.web.html.page` and :func:`kzgraph.web.html.e`, return
``app.html_response(...)``; raise a :class:`kzgraph.errors.KzGraphError` subclass for a 4xx) and add
``Route(r"/my/(?P<key>.+)", my_page)`` to :func:`kzgraph.web.routes.default_routes` (or, on one app,
``app.add_route(Route(...))``). Test it in-process with ``app.handle(Request("GET", "/my/x"))`` or through
Starlette's ``TestClient(create_app(app))``.
"""
