"""Child process that runs one query for :meth:`kzgraph.stores.oxigraph.OxigraphStore.query` when a timeout is set.

Usage: ``python -m kzgraph.stores.queryworker STORE_PATH < request.json``, the request being
``{"query": TEXT, "include_extracted": BOOL, "prefixes": {NAME: IRI}, "dataset": {"default": [IRI], "named": [IRI]}}``
(all but ``query`` optional). Prints the result kind on the first line (``select``, ``ask`` or ``graph``) and then the
result as SPARQL JSON (SELECT/ASK) or N-Triples (graphs). On failure prints one JSON object
``{"kind": "syntax"|"query"|"store", "message", "line", "column"}`` on stderr and exits 1. The parent kills this
process when the time limit passes.
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    import pyoxigraph as ox

    from kzgraph.errors import KzGraphError, QueryError, StoreError
    from kzgraph.stores.base import Dataset
    from kzgraph.stores.oxigraph import oxigraph_query

    path = argv[0]
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    given = request.get("dataset")
    dataset = Dataset(tuple(given["default"]), tuple(given["named"])) if given else None
    try:
        try:
            store = ox.Store.read_only(path)
        except OSError as e:
            raise StoreError(f"{path}: cannot open store: {e}") from None
        result = oxigraph_query(
            store,
            request["query"],
            include_extracted=bool(request.get("include_extracted")),
            prefixes=request.get("prefixes") or None,
            dataset=dataset,
        )
    except KzGraphError as e:
        line = getattr(e, "line", None)
        kind = "syntax" if line is not None else "query" if isinstance(e, QueryError) else "store"
        message = str(e)
        if kind == "syntax":
            message = message.split(": ", 1)[1] if ": " in message else message
        failure = {"kind": kind, "message": message, "line": line, "column": getattr(e, "column", None)}
        sys.stderr.write(json.dumps(failure) + "\n")
        return 1
    out = sys.stdout.buffer
    out.write(result.kind.encode() + b"\n")
    out.write(result.serialize("nt") if result.kind == "graph" else result.serialize("json"))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
