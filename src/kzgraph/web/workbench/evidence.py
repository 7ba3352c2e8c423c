"""Entity pages and source pages: every fact with its quotes, each quote a link to the place in its source.

The source page prints the source's text with every quote of the graph marked at its character offsets; the quote
the reader came from (``?quote=START-END``) is highlighted and carries the anchor ``#quote``, so the browser
scrolls to it without any script. Quotes may overlap: the text is cut at every quote boundary and each piece is
marked by the quotes that cover it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote as urlquote
from urllib.parse import unquote as urlunquote

from kzgraph.query.describe import Description, Fact
from kzgraph.rdf import namespaces as ns
from kzgraph.web.workbench.html import View, e, iri_link
from kzgraph.web.workbench.values import readable


@dataclass(frozen=True)
class Span:
    """One quote's place in a source: character offsets ``start`` … ``end`` and what it is evidence for."""

    start: int
    end: int
    about: str  # a short description: "Assembly of People of Kazakhstan: foundingDate"


@dataclass(frozen=True)
class Side:
    """One side of a disagreement: the value a claim gives, with its quote and source."""

    value: str
    value_label: str | None
    source: str
    quote: str
    start: int
    end: int


def quote_href(view: View, source: str, start: int, end: int) -> str:
    return f"{view.root}id/source/{urlquote(source, safe='')}?quote={start}-{end}#quote"


def quote_html(view: View, source: str, text: str, start: int, end: int) -> str:
    """A quote as a link to its place in the source."""
    return (
        f'<blockquote><a class="kz-quote" href="{e(quote_href(view, source, start, end))}">'
        f"{e(' '.join(text.split()))}</a>"
        f'<footer><a href="{e(view.root)}id/source/{e(urlquote(source, safe=""))}">{e(source)}</a>, '
        f"{e(start)}–{e(end)}</footer></blockquote>"
    )


def facts_html(facts: Sequence[Fact], *, view: View, base: str, labels: dict[str, str]) -> str:
    """Every fact, its value linked, its quotes linked to their sources."""
    rows = []
    for f in facts:
        prop = labels.get(f.predicate) or ns.compact(f.predicate)
        if f.value.startswith(("http://", "https://")):
            value = iri_link(f.value, f.value_label or labels.get(f.value) or ns.compact(f.value), view=view, base=base)
        else:
            value = _plain(f.value, view.lang)
        fact = f'<span class="kz-prop">{e(prop)}</span> → {value}' if f.direction == "out" else (
            f'← <span class="kz-prop">{e(prop)}</span> of {value}')  # fmt: skip
        quotes = "".join(quote_html(view, ev.source, ev.quote, ev.start, ev.end) for ev in f.evidence)
        methods = ", ".join(dict.fromkeys(ev.method for ev in f.evidence))
        rows.append(f"<tr><td>{fact}</td><td>{quotes}</td><td>{e(methods)}</td></tr>")
    return (
        '<div class="kz-scroll"><table class="kz-facts"><thead><tr><th scope="col">fact</th>'
        '<th scope="col">evidence (each quote opens its place in the source)</th><th scope="col">method</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _plain(value: str, lang: str) -> str:
    shown = readable(value, lang=lang)
    return e(shown) if shown == value else f'<span title="{e(value)}">{e(shown)}</span>'


def disagreements_html(items: Sequence[tuple[str, Side, Side]], *, view: View, base: str) -> str:
    """Each disagreement as two columns: what one claim says beside what the other says, each with its quote."""
    if not items:
        return ""
    blocks = []
    for prop, a, b in items:
        sides = []
        for side in (a, b):
            value = (iri_link(side.value, side.value_label or ns.compact(side.value), view=view, base=base)
                     if side.value.startswith(("http://", "https://")) else _plain(side.value, view.lang))  # fmt: skip
            sides.append(
                f'<div class="kz-side"><p class="kz-value">{value}</p>'
                f"{quote_html(view, side.source, side.quote, side.start, side.end)}</div>"
            )
        blocks.append(f'<section class="kz-disagreement"><h3>{e(prop)}</h3><div class="kz-sides">{"".join(sides)}'
                      "</div></section>")  # fmt: skip
    return f'<h2 id="disagreements">Sources disagree</h2>{"".join(blocks)}'


def link_label(link: str) -> str:
    """``Wikidata Q232`` for a Wikidata entity, ``DBpedia Almaty`` for a DBpedia resource, else the link."""
    for prefix, name in (("http://www.wikidata.org/entity/", "Wikidata"), ("http://dbpedia.org/resource/", "DBpedia")):
        if link.startswith(prefix):
            return f"{name} {urlunquote(link[len(prefix) :])}"
    return link


def entity_html(d: Description, *, title: str, view: View, base: str, labels: dict[str, str],
                disagreements: Sequence[tuple[str, Side, Side]], views: Sequence[str], ego_href: str,
                rdf_links: Sequence[tuple[str, str]]) -> str:  # fmt: skip
    """The body of an entity's page."""
    parts = [f"<h1>{e(title)}</h1>", f'<p class="iri">{e(d.iri)}</p>']
    if d.types:
        types = ", ".join(iri_link(t, labels.get(t) or ns.compact(t), view=view, base=base) for t in d.types)
        parts.append(f"<p>Type: {types}</p>")
    network = [f'<a class="kz-ego" href="{e(ego_href)}">its network (ego view)</a>']
    network += [f'<a href="{e(view.root)}views/{e(urlquote(v))}.html">{e(v)}</a>' for v in views]
    parts.append(f'<p class="kz-network">Networks: {" · ".join(network)}</p>')
    ordered = sorted(d.labels.items(), key=lambda kv: (kv[0] not in ("en", "ru", "kk"), kv[0]))
    if ordered:
        rows = "".join(f'<tr><th scope="row">{e(lang or "—")}</th><td>{e(" | ".join(names))}</td></tr>'
                       for lang, names in ordered)  # fmt: skip
        parts.append(f'<h2>Labels</h2><table class="kz-labels">{rows}</table>')
    if d.links:
        links = "".join(f'<li><a href="{e(link)}">{e(link_label(link))}</a></li>' for link in d.links
                        if link.startswith(("http://", "https://")))  # fmt: skip
        parts.append(f"<h2>Same as</h2><ul>{links}</ul>")
    parts.append(disagreements_html(disagreements, view=view, base=base))
    facts = d.facts()
    if facts:
        parts.append(f"<h2>Facts, each with its evidence ({len(facts)})</h2>")
        parts.append(facts_html(facts, view=view, base=base, labels=labels))
    downloads = " ".join(f'<a href="{e(h)}">{e(n)}</a>' for n, h in rdf_links)
    parts.append(f'<p class="muted">This description as RDF: {downloads}</p>')
    return "".join(parts)


def marked_text(text: str, spans: Sequence[Span], *, selected: tuple[int, int] | None) -> str:
    """``text`` escaped, each quote's characters in ``<mark>``; the selected quote's first piece has id="quote"."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    starts: dict[int, list[Span]] = {}
    for s in valid:
        starts.setdefault(s.start, []).append(s)
    active: list[Span] = []
    out: list[str] = []
    anchored = False
    for a, b in itertools.pairwise(cuts):
        active = [s for s in active if s.end > a] + starts.get(a, [])
        piece = e(text[a:b])
        if not active:
            out.append(piece)
            continue
        chosen = selected is not None and any((s.start, s.end) == selected for s in active)
        klass = "kz-q kz-here" if chosen else "kz-q"
        ident = ""
        if chosen and not anchored:
            ident, anchored = ' id="quote" tabindex="-1"', True
        about = "; ".join(dict.fromkeys(s.about for s in active))
        out.append(f'<mark class="{klass}"{ident} title="{e(about)}">{piece}</mark>')
    return "".join(out)


def source_html(key: str, *, title: str, meta: Sequence[tuple[str, str]], text: str | None, spans: Sequence[Span],
                selected: tuple[int, int] | None, problem: str = "") -> str:  # fmt: skip
    """The body of a source's page: its metadata, then its text with every quote marked."""
    rows = "".join(f'<tr><th scope="row">{e(k)}</th><td>{e(v)}</td></tr>' for k, v in meta)
    parts = [f"<h1>{e(title)}</h1>", f'<table class="kz-labels">{rows}</table>']
    count = len(spans)
    if selected is not None:
        parts.append(f'<p class="kz-jump"><a href="#quote">the quote at characters {selected[0]}–{selected[1]}</a> '
                     "is highlighted; every other quote of this source is marked.</p>")  # fmt: skip
    if text is None:
        parts.append(f'<p class="kz-fail">{e(problem or "The text of this source is not available here.")}</p>')
        return "".join(parts)
    parts.append(f"<h2>Text ({len(text):,} characters, {count} quotes marked)</h2>")
    parts.append(f'<div class="kz-text">{marked_text(text, spans, selected=selected)}</div>')
    return "".join(parts)
