"""Linked data: reconciliation against a SPARQL endpoint (``kzgraph link``), accepting reviewed candidates
as curated links, enrichment with external facts in their own named graph (``kzgraph enrich``), and
federated catalogue queries.

Modules: :mod:`client` (a well-behaved SPARQL client), :mod:`cache` (answers on disk), :mod:`config`
(the user-verified endpoint configuration in ``data/linking/``), :mod:`reconcile` (search and scoring),
:mod:`accept` (reviewed rows → ``data/links/accepted.tsv``), :mod:`enrich` (external facts →
``data/external/``) and :mod:`federation` (``SERVICE`` endpoints bound at run time).
"""
