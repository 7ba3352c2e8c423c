"""Growing the graph from new text: read, split, recognise, extract, store — every statement with its evidence.

Modules by concept: :mod:`reading` (decode, strip markup), :mod:`textmap` (cleaned text mapped to stored
offsets), :mod:`sentences`, :mod:`gazetteer`, :mod:`dates`, :mod:`numbers`, :mod:`extract` (rules),
:mod:`tabular` (tables → observations), :mod:`candidates`, :mod:`rdf` (quads), :mod:`documents` (the
ingested corpus and the store), :mod:`report`.
"""
