"""The HTML and RDF pages, one module per kind of page: each view is ``view(app, request, match) -> Response``,
registered in :func:`kzgraph.web.routes.default_routes`. Pages know nothing of HTTP parsing or sockets."""
