"""Generate ``vocab.py`` from the ontology: ``python -m kzgraph.rdf.vocabgen`` (``--check`` to verify only)."""

from __future__ import annotations

import sys
from pathlib import Path

from kzgraph.pipeline import ontology
from kzgraph.resources import default_files

HEADER = '''"""The kz vocabulary as an rdflib namespace. GENERATED from ontology/kzgraph.ttl by
``python -m kzgraph.rdf.vocabgen``; do not edit. A misspelt term raises AttributeError (``_fail = True``)."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KZ(DefinedNamespace):
    _NS = Namespace("https://w3id.org/kzgraph/ontology#")
    _fail = True

'''


def render() -> str:
    files = default_files()
    onto = ontology.load(files.ontology_file, files.imports_file)
    lines = [f"    {term}: URIRef\n" for term in onto.kz_terms()]
    return HEADER + "".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    target = Path(__file__).with_name("vocab.py")
    text = render()
    if "--check" in argv:
        if target.read_text(encoding="utf-8") != text:
            print(f"{target} is out of date: run python -m kzgraph.rdf.vocabgen", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
