"""Merging the actors of all articles into corpus actors, then the user's corrections."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from index.actors.cluster import company_core, person_key, surname, surname_keys
from index.actors.gazetteer import gazetteer
from index.actors.keys import actor_key
from index.actors.model import Actor, CorpusActor, CorpusActors

if TYPE_CHECKING:
    from index.actors.aliases import AliasTable

__all__ = ["MergedArticles", "house_wires", "merge_article", "merge_corpus"]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, x: tuple[str, str]) -> tuple[str, str]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def merge_corpus(
    per_article: Mapping[str, list[Actor]], aliases: AliasTable | None = None
) -> CorpusActors:
    """Cross-article merge: same key, transliteration variants, a lone surname that is
    unambiguous in the corpus; then the alias table (merge / rename / ignore) on top."""
    g = gazetteer()
    uf = _UnionFind()
    names: dict[tuple[str, str], dict] = {}  # (type, article-level name) -> stats
    by_key: dict[tuple[str, str], tuple[str, str]] = {}
    for _aid, actors in per_article.items():
        in_article: set[tuple[str, str]] = set()
        for a in actors:
            node = (a.type, a.name)
            # "articles": how many hold the name (a count, not their ids: ~100 MB at 100K)
            st = names.setdefault(node, {"articles": 0, "mentions": 0, "aliases": []})
            if node not in in_article:
                in_article.add(node)
                st["articles"] += 1
            st["mentions"] += len(a.mentions)
            for al in a.aliases:
                if al not in st["aliases"]:
                    st["aliases"].append(al)
            if a.role:
                st["roles"] = True
            key = (a.type, person_key(a.name, g) if a.type == "person" else _org_key(a.name, g))
            if key in by_key:
                uf.union(node, by_key[key])
            else:
                by_key[key] = node
            uf.find(node)
    _join_surnames(names, by_key, uf)
    _join_persons_named_after_companies(names, by_key, uf)
    clusters: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for node in names:
        clusters[uf.find(node)].append(node)
    groups = [sorted(members, key=lambda n: _rank(names[n], n)) for members in clusters.values()]
    # node -> (type, canonical name) of its corpus actor
    canon = {m: (grp[0][0], grp[0][1]) for grp in groups for m in grp}
    hidden: set[tuple[str, str]] = set()
    if aliases is not None:
        keys = {n: {actor_key(n[1]), *map(actor_key, st["aliases"])} for n, st in names.items()}
        canon, hidden = aliases.apply(groups, canon, keys)
    return _assemble(per_article, canon, hidden)


def _org_key(name: str, g) -> str:
    """Organisations merge by their core name: 'Texaco Inc', 'Texaco Inc.' and 'Texaco, Inc'."""
    return company_core(name, g).replace(",", "")


def _join_surnames(names: dict, by_key: dict, uf: _UnionFind) -> None:
    """A lone surname joins the full name that holds most of the corpus's articles with that
    surname (two thirds of them): 'Reagan' -> 'Ronald Reagan' beside a rare 'Nancy Reagan'."""
    g = gazetteer()
    full_by_surname: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (t, name), st in names.items():
        if t == "person" and len(name.split()) > 1:
            full_by_surname[surname(name, g)][person_key(name, g)] += st["articles"]
    for t, name in names:
        if t != "person" or len(name.split()) != 1:
            continue
        counts: dict[str, int] = defaultdict(int)
        for k in surname_keys(name):
            for pk, n in full_by_surname.get(k, {}).items():
                counts[pk] += n
        if not counts:
            continue
        best = max(counts, key=lambda pk: (counts[pk], pk))
        if len(counts) == 1 or counts[best] * 3 >= sum(counts.values()) * 2:
            uf.union((t, name), by_key[("person", best)])


def _join_persons_named_after_companies(names: dict, by_key: dict, uf: _UnionFind) -> None:
    """'Dean Witter Reynolds' typed a person in one article is the company 'Dean Witter
    Reynolds Inc' of others, unless it often had a person's role."""
    g = gazetteer()
    heads: dict[str, tuple[str, str]] = {}  # 'hoare govett' -> ('organisation', 'Hoare Govett Ltd')
    for (t, name), _st in names.items():
        if t == "organisation" and name.split()[-1] in g.company_suffixes:
            words = _org_key(name, g).split()
            for n in range(2, len(words) + 1):
                heads.setdefault(" ".join(words[:n]), (t, name))
    for (t, name), st in names.items():
        # a role keeps a person, unless seen in only a couple of articles (a misread
        # appositive: "formerly president of American Hoechst, vice chairman")
        if t != "person" or (st.get("roles") and st["articles"] > 2):
            continue
        org = by_key.get(("organisation", _org_key(name, g))) or heads.get(actor_key(name))
        if org is not None:
            uf.union((t, name), org)


def _rank(st: dict, node: tuple[str, str]) -> tuple:
    # an organisation's type and a person's full name win the canonical name
    return (
        node[0] == "person",
        node[0] == "person" and len(node[1].split()) == 1,
        -st["articles"],
        -st["mentions"],
        -len(node[1]),
        node[1],
    )


def house_wires(actors, n_articles: int) -> set[str]:
    """The archive's own wire service ('told Reuters', 'Reuters reported' in every Reuters
    story): a news outlet named in over 3% of a corpus of 100+ articles. It goes to the end of
    the corpus ranking (still listed and searchable)."""
    return {
        ca.name
        for ca in actors
        if ca.type == "media" and ca.articles >= 100 and ca.articles * 100 > 3 * n_articles
    }


def _assemble(
    per_article: Mapping[str, list[Actor]],
    canon: dict[tuple[str, str], tuple[str, str]],
    hidden: set[tuple[str, str]],
) -> CorpusActors:
    """The corpus actors, counted over every article; each article's own merged actors
    are made when asked for (:class:`MergedArticles`), not held for the whole corpus."""
    corpus: dict[tuple[str, str], CorpusActor] = {}
    for _aid, actors in per_article.items():
        in_article: set[tuple[str, str]] = set()
        for a in actors:
            ckey = canon.get((a.type, a.name), (a.type, a.name))
            if ckey in hidden:
                continue
            ctype, cname = ckey
            ca = corpus.get(ckey)
            if ca is None:
                ca = corpus[ckey] = CorpusActor(cname, ctype)
            if a.name not in ca.members:
                ca.members.append(a.name)
            for al in a.aliases:
                if al not in ca.aliases:
                    ca.aliases.append(al)
            ca.mentions += len(a.mentions)
            if ckey not in in_article:
                in_article.add(ckey)
                ca.articles += 1
    house = house_wires(corpus.values(), len(per_article))
    ranked = sorted(corpus.values(), key=lambda c: (c.name in house, -c.articles, c.name))
    renamed = {node: c for node, c in canon.items() if node != c}
    return CorpusActors(MergedArticles(per_article, renamed, hidden), ranked)


def merge_article(
    actors: list[Actor],
    canon: Mapping[tuple[str, str], tuple[str, str]],
    hidden: AbstractSet[tuple[str, str]],
) -> list[Actor]:
    """One article's actors under their corpus names (two names of one corpus actor
    become one actor), without the hidden ones, in order of first mention."""
    merged: dict[tuple[str, str], Actor] = {}
    for a in actors:
        ckey = canon.get((a.type, a.name), (a.type, a.name))
        if ckey in hidden:
            continue
        ctype, cname = ckey
        if ckey in merged:
            m = merged[ckey]
            m.aliases += [x for x in a.aliases if x not in m.aliases]
            m.mentions = sorted(set(m.mentions) | set(a.mentions))
            m.role = m.role or a.role
        else:
            merged[ckey] = Actor(cname, ctype, list(a.aliases), a.role, list(a.mentions))
    return sorted(merged.values(), key=lambda x: x.mentions[0] if x.mentions else (0, 0))


class MergedArticles(Mapping[str, list[Actor]]):
    """Article id -> its actors under their corpus names, merged as each is asked for
    from ``source`` (the articles' own actors: a dict, or the document store read one
    article at a time). Holding every article's merged actors took ~600 MB at 100,000
    articles; this holds the names that changed and the hidden ones."""

    def __init__(
        self,
        source: Mapping[str, list[Actor]],
        canon: dict[tuple[str, str], tuple[str, str]],
        hidden: set[tuple[str, str]],
    ) -> None:
        self.source = source
        self.canon = canon
        self.hidden = hidden

    def __getitem__(self, doc_id: str) -> list[Actor]:
        return merge_article(self.source[doc_id], self.canon, self.hidden)

    def __iter__(self) -> Iterator[str]:
        return iter(self.source)

    def many(self, ids: list[str]) -> dict[str, list[Actor]]:
        """The merged actors of each of ``ids`` that is an article (read together when the
        source can: the actor panel asks for a result page's articles)."""
        many = getattr(self.source, "many", None)
        found = (
            many(ids) if many is not None else {i: self.source[i] for i in ids if i in self.source}
        )
        return {i: merge_article(actors, self.canon, self.hidden) for i, actors in found.items()}

    def __len__(self) -> int:
        return len(self.source)

    def items(self) -> Iterator[tuple[str, list[Actor]]]:  # type: ignore[override]
        """Every article in one pass over ``source`` (not one look-up per article)."""
        for doc_id, actors in self.source.items():
            yield doc_id, merge_article(actors, self.canon, self.hidden)

    def __eq__(self, other: object) -> bool:
        return dict(self.items()) == (dict(other.items()) if isinstance(other, Mapping) else other)

    __hash__ = None  # type: ignore[assignment]
