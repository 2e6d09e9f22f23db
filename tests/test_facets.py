"""Facets, co-occurrence and timelines over every hit, on a generated archive of 2,500
articles: each count must equal the total of the query that narrows to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from index.api import ActorNotFound, Dossier, QueryError, set_date_range
from index.paths import DossierDirs
from index.timeline import timeline


@pytest.fixture(scope="module")
def dossier(news_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dossier]:
    root = tmp_path_factory.mktemp("facets-home")
    dirs = DossierDirs(root / "data", root / "config", root / "cache", root / "state")
    d = Dossier.open(news_archive, dirs=dirs)
    d.update()
    yield d
    d.close()


def test_facets_count_every_hit_not_one_page(dossier: Dossier) -> None:
    result = dossier.search("oil", limit=20)
    facets = dossier.facets("oil")
    assert result.total > 1000  # far more than a page
    assert facets.total == result.total
    assert sum(facets.month.values()) == result.total
    assert list(facets.month)[-1] == "undated"
    dated = [m for m in facets.month if m != "undated"]
    assert dated == sorted(dated) and len(dated) > 12


def test_each_month_equals_its_date_range_query(dossier: Dossier) -> None:
    facets = dossier.facets("oil")
    months = [m for m, n in facets.month.items() if m != "undated" and n]
    for month in (months[0], months[len(months) // 2], months[-1]):
        year, mon = map(int, month.split("-"))
        end = date(year + mon // 12, mon % 12 + 1, 1).toordinal() - 1
        narrowed = set_date_range("oil", date(year, mon, 1), date.fromordinal(end))
        assert dossier.search(narrowed, limit=0).total == facets.month[month], narrowed
    assert facets.month["undated"] > 0


def test_each_source_equals_its_source_query(dossier: Dossier) -> None:
    facets = dossier.facets("oil")
    assert len(facets.source) >= 3
    counts = list(facets.source.values())
    assert counts == sorted(counts, reverse=True)
    for name, n in facets.source.items():
        assert dossier.search(f'oil source:"{name}"', limit=0).total == n, name


def test_each_actor_equals_its_actor_query(dossier: Dossier) -> None:
    facets = dossier.facets("oil")
    actors = facets.actors
    assert len(actors) > 10
    assert [a.articles for a in actors] == sorted((a.articles for a in actors), reverse=True)
    for a in actors[:6] + actors[-3:]:
        assert dossier.search(f'oil actor:"{a.name}"', limit=0).total == a.articles, a.name
    assert {a.type for a in actors} >= {"person", "country/government", "organisation"}


def test_facets_of_the_empty_query_cover_the_archive(dossier: Dossier) -> None:
    facets = dossier.facets("")
    assert facets.total == dossier.count() == sum(facets.month.values())


def test_cooccurrence_equals_the_pair_query(dossier: Dossier) -> None:
    person = next(a for a in dossier.actors().corpus if a.type == "person")
    for query in (None, "oil"):
        co = dossier.cooccurrence(person.name, query)
        scope = f" {query}" if query else ""
        assert co.actor.name == person.name
        assert co.actor.articles == dossier.search(f'actor:"{person.name}"{scope}', limit=0).total
        assert co.with_ and all(o.name != person.name for o in co.with_)
        counts = [o.articles for o in co.with_]
        assert counts == sorted(counts, reverse=True)
        for other in co.with_[:5] + co.with_[-2:]:
            pair = f'actor:"{person.name}" actor:"{other.name}"{scope}'
            assert dossier.search(pair, limit=0).total == other.articles, pair


def test_cooccurrence_errors(dossier: Dossier) -> None:
    with pytest.raises(ActorNotFound):
        dossier.cooccurrence("Nobody Anywhere")
    with pytest.raises(QueryError):
        dossier.facets("oil AND (")


def test_timeline_bins_add_up_and_narrow(dossier: Dossier) -> None:
    total = dossier.search("oil", limit=0).total
    tl = dossier.timeline("oil")
    assert tl.unit == "month" and tl.total == total
    starts = [b.start for b in tl.bins]
    assert starts == sorted(starts)
    assert all(b.start.day == 1 for b in tl.bins)  # contiguous months, none skipped
    assert len({(s.year, s.month) for s in starts}) == len(starts)
    busiest = tl.bins[tl.busiest]
    assert busiest.count == max(b.count for b in tl.bins)
    narrowed = set_date_range("oil", busiest.start, busiest.end)
    assert dossier.search(narrowed, limit=0).total == busiest.count
    short = dossier.timeline(narrowed)  # one month: by day
    assert short.unit == "day" and short.total == busiest.count


def test_columns_follow_an_update(news_archive_copy: Path) -> None:
    d = Dossier.open(news_archive_copy)
    try:
        d.update()
        before = d.facets("zanzibarite")
        assert before.total == 0
        (news_archive_copy / "new.txt").write_text(
            "Zanzibarite found\n\nPublished: 3 Mar. 1999\n\nZanzibarite was found.\n"
        )
        d.update()
        after = d.facets("zanzibarite")
        assert after.total == 1 and after.month == {"1999-03": 1, "undated": 0}
        assert d.matching_ids("zanzibarite") == {"new"}
    finally:
        d.close()


def test_timeline_units_and_busiest() -> None:
    days = [19870301, 19870301, 19870302, 19870310, 0]
    tl = timeline(days)
    assert tl.unit == "day" and len(tl.bins) == 10 and tl.undated == 1
    assert tl.bins[0].count == 2 and tl.busiest == 0 and tl.bins[0].label == "1987-03-01"
    assert tl.bars()[0] == "█" and tl.bars()[2] == " "
    weeks = timeline([19870302, 19870420])
    assert weeks.unit == "week" and weeks.bins[0].start == date(1987, 3, 2)
    assert all(b.start.weekday() == 0 for b in weeks.bins)
    months = timeline([19850115, 19870420, 19870421])
    assert months.unit == "month" and len(months.bins) == 28
    assert months.to_json()["busiest"] == "1987-04"
    assert timeline([0, 0]).to_json() == {
        "unit": "month",
        "bins": [],
        "undated": 2,
        "busiest": None,
    }


@pytest.mark.parametrize(
    ("query", "start", "end", "expected"),
    [
        ("oil", "1987-03-01", "1987-03-31", "oil date:[1987-03-01 to 1987-03-31]"),
        ("oil date:1986", "1987-03-01", "1987-03-31", "oil date:[1987-03-01 to 1987-03-31]"),
        (
            "oil date:[1986-01-01 to 1986-12-31] prices",
            "1987-01-01",
            "1987-01-31",
            "oil prices date:[1987-01-01 to 1987-01-31]",
        ),
        ("oil date:[1986-01-01 to 1986-12-31]", None, None, "oil"),
        ("oil OR date:>=1986", None, None, "oil"),
        ('"date: unquoted" oil', None, None, '"date: unquoted" oil'),
        ("", "1987-01-01", "1987-01-31", "date:[1987-01-01 to 1987-01-31]"),
    ],
)
def test_set_date_range(query: str, start: str | None, end: str | None, expected: str) -> None:
    assert set_date_range(query, start, end) == expected


def test_a_merged_actor_counts_every_member(
    dossier: Dossier, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """After `actors merge`, actor:"B" matches A's articles too; facets and co-occurrence
    count them the same way."""
    from index.actors import AliasTable

    root = tmp_path_factory.mktemp("merged-home")
    dirs = DossierDirs(root / "data", root / "config", root / "cache", root / "state")
    table = AliasTable.load(dirs.aliases_file)
    table.merge("Kyodo", "Xinhua")
    table.save()
    merged = Dossier.open(dossier.corpus, dirs=dirs, index_dir=dossier.index_dir)
    try:
        xinhua = merged.actors().find("Xinhua")
        assert xinhua is not None and len(xinhua.members) == 2
        total = merged.search('oil actor:"Xinhua"', limit=0).total
        assert total > dossier.search('oil actor:"Xinhua"', limit=0).total
        facet = next(a for a in merged.facets("oil").actors if a.name == "Xinhua")
        assert facet.articles == total
        co = merged.cooccurrence("James Baker")
        pair = next(a for a in co.with_ if a.name == "Xinhua")
        assert pair.articles == merged.search('actor:"James Baker" actor:"Xinhua"', limit=0).total
    finally:
        merged.close()
