"""Interactive, offline network views of the graph: one self-contained HTML file per view."""

from kzgraph.viz.views import BUILD_VIEWS, VIEWS, render_view, write_views

__all__ = ["BUILD_VIEWS", "VIEWS", "render_view", "write_views"]
