"""Asking the graph: the catalogue, results, describe, stats, federation."""
