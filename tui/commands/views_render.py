"""Rich tables for the analyst views on the command line (names are never markup)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from index.api import safe_line

if TYPE_CHECKING:
    from index.api import ActorCount, Cooccurrence, Facets, Timeline


def _counts(title: str, rows: list[tuple[str, int]], head: str) -> Table:
    table = Table(title=Text(title))
    table.add_column(head)
    table.add_column("articles", justify="right")
    for name, n in rows:
        table.add_row(Text(safe_line(name)), Text(str(n)))
    return table


def _actors(title: str, actors: list[ActorCount], limit: int) -> Table:
    table = Table(title=Text(title))
    for col in ("name", "type", "articles"):
        table.add_column(col, justify="right" if col == "articles" else "left")
    for a in actors[:limit]:
        table.add_row(Text(safe_line(a.name)), Text(a.type), Text(str(a.articles)))
    return table


def facet_tables(facets: Facets, limit: int) -> list[Table]:
    sources = list(facets.source.items())[:limit]
    return [
        _counts("hits by month", list(facets.month.items()), "month"),
        _counts("hits by source", sources, "source"),
        _actors("actors of the hits", facets.actors, limit),
    ]


def cooccurrence_table(co: Cooccurrence, limit: int) -> Table:
    within = f" within {safe_line(co.query)!r}" if co.query else ""
    title = f"who appears with {safe_line(co.actor.name)} ({co.actor.articles} articles){within}"
    return _actors(title, co.with_, limit)


def timeline_text(tl: Timeline) -> Text:
    out = Text()
    if not tl.bins:
        out.append(f"no dated hits ({tl.undated} undated)\n")
        return out
    busiest = tl.busiest
    out.append(f"{tl.bins[0].label} ")
    out.append(tl.bars())
    out.append(f" {tl.bins[-1].label}\n")
    if busiest is not None:
        b = tl.bins[busiest]
        out.append(f"busiest {tl.unit}: {b.label} ({b.count})")
    out.append(f"; {tl.total} hits, {tl.undated} undated\n")
    return out
