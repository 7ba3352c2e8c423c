"""Child processes that run queries on the embedded store, so that a query past its time limit can really be
stopped: the parent kills the process (no thread is left computing, nothing in the parent is left in an unknown
state).

Two ways to run it:

- one query: ``python -m kzgraph.stores.queryworker STORE_PATH < request.json`` (what
  :meth:`kzgraph.stores.oxigraph.OxigraphStore.query` does when a timeout is set). Prints the result kind on the
  first line (``select``, ``ask`` or ``graph``) and then the result as SPARQL JSON (SELECT/ASK) or N-Triples
  (graphs). On failure prints one JSON object ``{"kind": "syntax"|"query"|"store", "message", "line", "column"}``
  on stderr and exits 1.
- long-lived: ``python -m kzgraph.stores.queryworker --serve STORE_PATH [--memory MB]`` (the server's pool,
  :mod:`kzgraph.web.pool`): opens the store once, writes one ready frame, then answers one request per frame on
  stdin until stdin closes. A frame is a 4-byte big-endian length and that many bytes; a request frame holds the
  JSON request, an answer frame ``b"ok\\n" KIND " " FORMAT "\\n" BODY`` or ``b"error\\n" FAILURE_JSON``. ``--memory`` caps
  the process's address space (MB), so a query that would take all the machine's memory fails instead.

The request is ``{"query": TEXT, "include_extracted": BOOL, "prefixes": {NAME: IRI}, "base_iri": IRI, "formats": {…},
"dataset": {"default": [IRI], "named": [IRI]}}`` (all but ``query`` optional).
"""

from __future__ import annotations

import json
import struct
import sys
from typing import IO, Any

FRAME = struct.Struct(">I")


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One frame from ``stream``, or None at its end."""
    head = stream.read(FRAME.size)
    if len(head) < FRAME.size:
        return None
    (size,) = FRAME.unpack(head)
    body = stream.read(size)
    return body if len(body) == size else None


def write_frame(stream: IO[bytes], body: bytes) -> None:
    stream.write(FRAME.pack(len(body)) + body)
    stream.flush()


def run(store: Any, request: dict[str, Any], *, graphs: list[Any] | None = None) -> tuple[bytes, bytes]:
    """Run one request on an open pyoxigraph store: (kind, body); raises KzGraphError. The body is written in the
    format ``request["formats"]`` names for the result's kind (``{"select": "csv", "graph": "ttl"}``; ``ask``
    counts as ``select``), else as SPARQL JSON / N-Triples. ``graphs``: the store's named graphs, listed once."""
    import pyoxigraph as ox

    from kzgraph.errors import StoreError
    from kzgraph.query.results import QueryResult
    from kzgraph.rdf.formats import RESULTS_FORMATS
    from kzgraph.stores.base import Dataset
    from kzgraph.stores.oxigraph import oxigraph_answer

    given = request.get("dataset")
    dataset = Dataset(tuple(given["default"]), tuple(given["named"])) if given else None
    answer = oxigraph_answer(
        store,
        request["query"],
        include_extracted=bool(request.get("include_extracted")),
        prefixes=request.get("prefixes") or None,
        dataset=dataset,
        base_iri=request.get("base_iri"),
        named_graphs=graphs,
    )
    kind = (
        "graph" if isinstance(answer, ox.QueryTriples) else "ask" if isinstance(answer, ox.QueryBoolean) else "select"
    )
    wanted = (request.get("formats") or {}).get("graph" if kind == "graph" else "select")
    fmt = wanted or ("nt" if kind == "graph" else "json")
    try:
        if kind != "graph" and fmt in ("json", "xml"):  # solutions: pyoxigraph's own writers of the standard formats
            body = answer.serialize(format=RESULTS_FORMATS[fmt].results)
        else:  # graphs, CSV/TSV (ASK as a table): kzgraph's writers, the bytes of `kzgraph query --format`
            body = QueryResult.from_oxigraph(answer).serialize(fmt)
    except OSError as e:
        raise StoreError(f"query failed: {e}") from None
    return f"{kind} {fmt}".encode(), body


def failure(e: Exception) -> dict[str, Any]:
    """A kzgraph error as the JSON object the parent turns back into the same error."""
    from kzgraph.errors import QueryError

    line = getattr(e, "line", None)
    kind = "syntax" if line is not None else "query" if isinstance(e, QueryError) else "store"
    message = str(e)
    if kind == "syntax":
        message = message.split(": ", 1)[1] if ": " in message else message
    return {"kind": kind, "message": message, "line": line, "column": getattr(e, "column", None)}


def open_read_only(path: str) -> Any:
    import pyoxigraph as ox

    from kzgraph.errors import StoreError

    try:
        return ox.Store.read_only(path)
    except OSError as e:
        raise StoreError(f"{path}: cannot open store: {e}") from None


def main(argv: list[str]) -> int:
    from kzgraph.errors import KzGraphError

    if argv and argv[0] == "--serve":
        return serve(argv[1:])
    path = argv[0]
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    try:
        kind, body = run(open_read_only(path), request)
    except KzGraphError as e:
        sys.stderr.write(json.dumps(failure(e)) + "\n")
        return 1
    out = sys.stdout.buffer
    out.write(kind.split(b" ", 1)[0] + b"\n" + body)
    out.flush()
    return 0


def serve(argv: list[str]) -> int:
    """The long-lived worker: answer framed requests on stdin until it closes."""
    from kzgraph.errors import KzGraphError

    path = argv[0]
    memory = int(argv[argv.index("--memory") + 1]) if "--memory" in argv else 0
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        store = open_read_only(path)
    except KzGraphError as e:
        write_frame(stdout, b"error\n" + json.dumps(failure(e)).encode())
        return 1
    if memory:
        import resource

        limit = memory * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    graphs = list(store.named_graphs())  # read-only: they cannot change while this process lives
    write_frame(stdout, b"ready\n")
    while (frame := read_frame(stdin)) is not None:
        try:
            kind, body = run(store, json.loads(frame.decode("utf-8")), graphs=graphs)
        except KzGraphError as e:
            write_frame(stdout, b"error\n" + json.dumps(failure(e)).encode())
            continue
        except MemoryError:
            write_frame(stdout, b"error\n" + json.dumps({"kind": "store", "message": "out of memory"}).encode())
            return 1
        write_frame(stdout, b"ok\n" + kind + b"\n" + body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
