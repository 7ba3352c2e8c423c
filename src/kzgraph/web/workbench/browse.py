"""Browse: the classes with their counts, and per class a table of its entities that filters, sorts, pages and
exports as CSV (datasette's table view is the model).

A class table's columns come from the data: the label, the entity's dates (founding, adoption, start …), and the
three relations its members have most often, each cell listing the linked entities.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from kzgraph.query.describe import natural_key
from kzgraph.web.workbench.html import View, e, iri_link
from kzgraph.web.workbench.values import date_words

PAGE = 50


@dataclass
class Row:
    iri: str
    label: str
    dates: list[tuple[str, str]] = field(default_factory=list)  # (property label, ISO value)
    relations: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # property → [(iri, label)]

    def first_date(self) -> str:
        return min((v for _p, v in self.dates), default="")


@dataclass
class ClassTable:
    local: str
    label: str
    relations: list[tuple[str, str]]  # (property IRI, its label), most frequent first
    rows: list[Row]

    def columns(self) -> list[str]:
        return ["label", "dates", *(label for _p, label in self.relations)]

    def select(self, *, text: str, sort: str, descending: bool) -> list[Row]:
        """The rows whose label or linked entities contain ``text`` (any case), sorted by column ``sort``."""
        needle = text.casefold().strip()
        rows = [r for r in self.rows if not needle or needle in _haystack(r)]
        columns = self.columns()
        if sort == "dates":
            rows.sort(key=lambda r: (r.first_date() == "", r.first_date(), natural_key(r.label)), reverse=descending)
        elif sort in columns[2:]:
            prop = self.relations[columns.index(sort) - 2][0]
            rows.sort(key=lambda r: (-len(r.relations.get(prop, [])), natural_key(r.label)), reverse=descending)
        else:
            rows.sort(key=lambda r: natural_key(r.label), reverse=descending)
        return rows

    def csv(self, rows: Sequence[Row]) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(["iri", *self.columns()])
        for r in rows:
            dates = "; ".join(f"{p}: {v}" for p, v in r.dates)
            rels = ["; ".join(label for _i, label in r.relations.get(p, [])) for p, _l in self.relations]
            w.writerow([r.iri, r.label, dates, *rels])
        return out.getvalue()


def _haystack(r: Row) -> str:
    linked = " ".join(label for items in r.relations.values() for _i, label in items)
    return f"{r.label} {linked} {' '.join(v for _p, v in r.dates)}".casefold()


def classes_html(classes: Sequence[tuple[str, str, int]], *, view: View) -> str:
    """The classes with their counts, largest first; each links to its table."""
    rows = "".join(
        f'<tr><td><a href="{e(view.root)}browse/{e(local)}">{e(label)}</a></td><td><code>kz:{e(local)}</code></td>'
        f'<td class="num">{n}</td></tr>'
        for local, label, n in classes
    )
    return (
        "<h1>Browse the graph</h1><p>Every class that has entities, with how many. Open one for a table you can "
        'filter, sort, page and download as CSV.</p><div class="kz-scroll"><table class="kz-classes"><thead><tr>'
        '<th scope="col">class</th><th scope="col">id</th><th scope="col">entities</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def class_table_html(table: ClassTable, *, view: View, base: str) -> str:
    """One class's table: the filter box, sortable headings, the rows of the page, the pager, the CSV link."""
    text = view.param("q")
    sort = view.param("sort", "label")
    descending = view.param("order") == "desc"
    rows = table.select(text=text, sort=sort, descending=descending)
    try:
        offset = max(int(view.param("offset", "0")), 0)
    except ValueError:
        offset = 0
    shown = rows[offset : offset + PAGE]
    heads = []
    for col in table.columns():
        current = col == sort
        flip = "asc" if current and descending else "desc" if current else "asc"
        arrow = (" ▼" if descending else " ▲") if current else ""
        aria = f' aria-sort="{"descending" if descending else "ascending"}"' if current else ""
        href = view.self_link(sort=col, order=flip, offset=None)
        heads.append(f'<th scope="col"{aria}><a href="{e(href)}">{e(col)}{arrow}</a></th>')
    body = []
    for r in shown:
        dates = "<br>".join(f"{e(p)}: {e(_date(v, view.lang))}" for p, v in r.dates)
        cells = [f"<td>{iri_link(r.iri, r.label, view=view, base=base)}</td>", f"<td>{dates}</td>"]
        for prop, _label in table.relations:
            items = r.relations.get(prop, [])
            cells.append("<td>" + ", ".join(iri_link(i, lab, view=view, base=base) for i, lab in items) + "</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    pager = []
    if offset > 0:
        pager.append(f'<a rel="prev" class="kz-prev" href="{e(view.self_link(offset=max(offset - PAGE, 0) or None))}">'
                     "← previous</a>")  # fmt: skip
    if offset + PAGE < len(rows):
        pager.append(f'<a rel="next" class="kz-next" href="{e(view.self_link(offset=offset + PAGE))}">next →</a>')
    span = f"{offset + 1}–{offset + len(shown)} of {len(rows)}" if shown else "no entity matches"
    csv_link = view.self_link(format="csv", offset=None)
    return (
        f"<h1>{e(table.label)}</h1><p><code>kz:{e(table.local)}</code> · {len(table.rows)} entities · "
        f'<a href="{e(view.root)}browse">all classes</a></p>'
        f'<form class="kz-filter" method="get" action="{e(table.local)}"><label for="kz-filter">Filter</label> '
        f'<input id="kz-filter" name="q" type="search" value="{e(text)}">'
        f'<input type="hidden" name="sort" value="{e(sort)}"><input type="hidden" name="order" '
        f'value="{"desc" if descending else "asc"}"><button type="submit">Filter</button> '
        f'<a href="{e(csv_link)}" download>CSV of these {len(rows)}</a></form>'
        f'<p class="kz-pager"><span class="kz-count">{e(span)}</span> {" ".join(pager)}</p>'
        f'<div class="kz-scroll"><table class="kz-class-table" data-rows="{len(shown)}"><thead><tr>{"".join(heads)}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _date(value: str, lang: str) -> str:
    parts = value.split("-")
    if len(parts) >= 3 and parts[0].isdigit() and parts[1].isdigit() and parts[2][:2].isdigit():
        return date_words(parts[0], int(parts[1]), int(parts[2][:2]), lang=lang)
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
        return date_words(parts[0], int(parts[1]), None, lang=lang)
    return value
