"""The graph as a network for analysis: a networkx graph built from the store, and the measures researchers
ask of a network (centralities, communities, k-cores, shortest paths), computed by networkx itself."""

from kzgraph.network.analysis import (
    MEASURES,
    Analysis,
    analyse,
    entity_graph,
    ranking,
    shortest_paths,
    undirected,
)

__all__ = ["MEASURES", "Analysis", "analyse", "entity_graph", "ranking", "shortest_paths", "undirected"]
