"""The workbench's page shell: escaping, the header every page shares (search box, language switch), links.

Every string that comes from the graph, a source text or the request goes through :func:`e`. Pages load only the
package's own files (``assets/``): the Content-Security-Policy :data:`CSP` allows scripts and styles from this
server alone, no inline script, and no request anywhere else.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from kzgraph.rdf import namespaces as ns

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
LANGUAGES = ("en", "ru", "kk")
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
LANG_COOKIE = "kzgraph_lang"
HTML = "text/html"

# Words of the interface; labels and values come from the graph in the chosen language.
_WORDS: dict[str, dict[str, str]] = {
    "search": {"en": "Search", "ru": "Поиск", "kk": "Іздеу"},
    "placeholder": {"en": "Search entities (any language)", "ru": "Поиск (на любом языке)",
                    "kk": "Іздеу (кез келген тілде)"},
    "query": {"en": "SPARQL", "ru": "SPARQL", "kk": "SPARQL"},
    "queries": {"en": "Named queries", "ru": "Готовые запросы", "kk": "Дайын сұраулар"},
    "browse": {"en": "Browse", "ru": "Обзор", "kk": "Шолу"},
    "ontology": {"en": "Ontology", "ru": "Онтология", "kk": "Онтология"},
}  # fmt: skip


def e(value: object) -> str:
    """HTML-escape anything (quotes included)."""
    return html.escape(str(value), quote=True)


def word(key: str, lang: str) -> str:
    forms = _WORDS[key]
    return forms.get(lang, forms["en"])


@dataclass
class Page:
    """One answer of the workbench, free of any HTTP library: status, media type, body, extra headers."""

    status: int
    body: bytes
    media_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def html(cls, body: str, *, status: int = 200) -> Page:
        return cls(status, body.encode("utf-8"), HTML, {"Content-Security-Policy": CSP})

    @classmethod
    def redirect(cls, location: str) -> Page:
        return cls(303, f"see {location}\n".encode(), "text/plain", {"Location": location})


@dataclass(frozen=True)
class View:
    """What a page renderer needs to know about the request: the relative URL of the site's root, the chosen
    language, the request's own path and parameters (for the language switch and paging links)."""

    root: str
    lang: str = "en"
    path: str = "/"
    params: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def param(self, name: str, default: str = "") -> str:
        values = self.params.get(name)
        return values[-1] if values else default

    def self_link(self, **changes: str | int | None) -> str:
        """A relative link to this page with some parameters changed (``None`` removes one)."""
        merged: dict[str, str] = {k: v[-1] for k, v in self.params.items() if v}
        for key, value in changes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = str(value)
        last = self.path.rsplit("/", 1)[-1] or "./"
        return quote(last, safe="/:@!$&'()*+,;=-._~") + ("?" + urlencode(merged) if merged else "")


def root_of(path: str) -> str:
    """The relative URL from ``path`` to the site's root (``/id/apk`` → ``../``)."""
    return "../" * max(path.count("/") - 1, 0)


def local_path(iri: str, *, base: str) -> str | None:
    """The site path (no leading slash) that serves ``iri``, or None when this server does not serve it."""
    if not iri.startswith(base):
        return None
    rest = iri[len(base) :]
    path, hash_, fragment = rest.partition("#")
    if not (path.startswith(("id/", "graph/")) or path == "ontology"):
        return None
    return quote(path, safe="/:@!$&'()*+,;=-._~") + (hash_ + quote(fragment, safe="") if hash_ else "")


def iri_link(iri: str, text: str, *, view: View, base: str, cls: str = "") -> str:
    """An ``<a>`` to the page of ``iri`` on this server, or to the IRI itself (http/https only), else plain text."""
    local = local_path(iri, base=base)
    klass = f' class="{e(cls)}"' if cls else ""
    if local is not None:
        return f'<a href="{e(view.root + local)}" title="{e(ns.compact(iri))}"{klass}>{e(text)}</a>'
    if iri.startswith(("http://", "https://")):
        return f'<a href="{e(iri)}" title="{e(iri)}" rel="noopener"{klass}>{e(text)}</a>'
    return f'<span class="iri"{klass}>{e(text)}</span>'


def shell(
    title: str,
    body: str,
    *,
    view: View,
    scripts: Iterable[str] = (),
    styles: Iterable[str] = (),
    alternates: Iterable[tuple[str, str]] = (),
    search_text: str = "",
) -> str:
    """A whole page: the shared header (site name, search box with suggestions, sections, language switch), then
    ``body`` (already escaped HTML)."""
    root, lang = view.root, view.lang
    assets = root + "assets/"
    head_links = "".join(f'<link rel="stylesheet" href="{e(assets + s)}">' for s in (*styles, "workbench.css"))
    head_links += "".join(f'<link rel="alternate" type="{e(t)}" href="{e(h)}">' for t, h in alternates)
    script_tags = "".join(f'<script src="{e(assets + s)}" defer></script>' for s in (*scripts, "workbench.js"))
    switch = "".join(
        f'<a href="{e(view.self_link(lang=code))}" hreflang="{code}" lang="{code}"'
        + (' aria-current="true"' if code == lang else "")
        + f">{code.upper()}</a>"
        for code in LANGUAGES
    )
    sections = [("sparql", "query"), ("query", "queries"), ("browse", "browse"), ("ontology", "ontology")]
    nav = "".join(f'<a href="{e(root + href)}">{e(word(key, lang))}</a>' for href, key in sections)
    header = (
        f'<header class="kz-top"><a class="kz-home" href="{e(root or "./")}">kzgraph</a>'
        f'<form class="kz-search" role="search" method="get" action="{e(root)}lookup" '
        f'data-suggest="{e(root)}search">'
        f'<label class="kz-hidden" for="kz-q">{e(word("search", lang))}</label>'
        f'<input id="kz-q" name="name" type="search" autocomplete="off" spellcheck="false" '
        f'placeholder="{e(word("placeholder", lang))}" value="{e(search_text)}" role="combobox" '
        f'aria-autocomplete="list" aria-expanded="false" aria-controls="kz-suggest">'
        f'<input type="hidden" name="lang" value="{e(lang)}">'
        f'<button type="submit">{e(word("search", lang))}</button>'
        f'<ul id="kz-suggest" role="listbox" hidden></ul></form>'
        f'<nav class="kz-nav">{nav}</nav><nav class="kz-lang" aria-label="language">{switch}</nav></header>'
    )
    return (
        f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8"><title>{e(title)} — kzgraph</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">{head_links}{script_tags}</head>'
        f'<body><a class="kz-skip" href="#main">Skip to the content</a>{header}'
        f'<main id="main" tabindex="-1">{body}</main></body></html>'
    )


def table(head: Sequence[str], rows: Iterable[str], *, cls: str = "") -> str:
    """A table whose header cells are plain text and whose rows are ready ``<tr>`` HTML."""
    klass = f' class="{e(cls)}"' if cls else ""
    heads = "".join(f'<th scope="col">{e(h)}</th>' for h in head)
    return f'<div class="kz-scroll"><table{klass}><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
