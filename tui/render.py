"""Rich renderables for the command line. Article text is never parsed as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from index.api import safe_line

if TYPE_CHECKING:
    from index.api import Article, MatchSpans, SearchResult

MATCH_STYLE = "bold reverse"


def highlighted(text: str, spans: list[tuple[int, int]], style: str = MATCH_STYLE) -> Text:
    out = Text(text)
    for s, e in spans:
        out.stylize(style, s, e)
    return out


def hits_table(result: SearchResult) -> Table:
    table = Table(
        title=Text(
            f"{result.total} match{'es' if result.total != 1 else ''} for {safe_line(result.query)!r}"
        ),
        show_lines=False,
        expand=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("title", ratio=2)
    table.add_column("snippet", ratio=3)
    table.add_column("id", no_wrap=True, style="dim")
    for rank, hit in enumerate(result.hits, 1):
        table.add_row(
            Text(str(rank)),
            Text(hit.date or ""),
            highlighted(safe_line(hit.title), hit.title_spans),
            highlighted(hit.snippet_text, hit.snippet_spans),
            Text(hit.id),
        )
    return table


def article_text(article: Article, spans: MatchSpans | None = None) -> Text:
    out = Text()
    out.append_text(
        highlighted(safe_line(article.title), spans.title if spans else [], "bold reverse")
    )
    out.stylize("bold", 0, len(out))
    meta = " · ".join(x for x in (article.date, article.source, article.id) if x)
    out.append("\n")
    out.append(safe_line(meta), style="dim")
    out.append("\n\n")
    out.append_text(highlighted(article.text, sorted((spans.body + spans.actors) if spans else [])))
    out.append("\n")
    return out
