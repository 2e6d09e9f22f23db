"""Grouping the mentions of one article into actors (aliases, surnames, acronyms)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from index.actors.gazetteer import Gazetteer
from index.actors.keys import actor_key, fold_korean, fold_slavic
from index.actors.mentions import Mention
from index.actors.model import ACTOR_TYPES, Actor

__all__ = ["build_actors", "company_core", "initials", "person_key", "surname", "surname_keys"]

# One Korean family name, several romanisations.
_EA_SURNAME = {
    "yi": "lee",
    "rhee": "lee",
    "ri": "lee",
    "rhie": "lee",
    "pak": "park",
    "bak": "park",
    "choe": "choi",
    "chun": "jeon",
    "jun": "jeon",
    "chon": "jeon",
    "jeong": "jung",
    "chung": "jung",
    "chong": "jung",
    "noh": "roh",
    "no": "roh",
    "yun": "yoon",
    "gang": "kang",
    "ku": "koo",
    "gu": "koo",
    "koh": "ko",
    "go": "ko",
    "sin": "shin",
    "im": "lim",
    "rim": "lim",
    "yoo": "yu",
    "ryu": "yu",
    "gwon": "kwon",
    "o": "oh",
    "suh": "seo",
    "mun": "moon",
    "sohn": "son",
    "gim": "kim",
}


def person_key(name: str, g: Gazetteer) -> str:
    """Same key = same person: spelling variants fold, different given names stay apart."""
    words = actor_key(name).split()
    if not words:
        return ""
    if len(words) == 1:
        return "1:" + fold_slavic(words[0])
    if words[0] in g.ea_surnames and len(words) <= 3:
        fam = _EA_SURNAME.get(words[0], words[0])
        return f"ea:{fam}:{fold_korean(''.join(words[1:]))}"
    given = g.given_group.get(words[0], words[0])
    return ":".join([given, *words[1:-1], fold_slavic(words[-1])])


def surname(name: str, g: Gazetteer) -> str:
    words = actor_key(name).split()
    if not words:
        return ""
    if len(words) >= 2 and words[0] in g.ea_surnames and len(words) <= 3:
        return _EA_SURNAME.get(words[0], words[0])
    return fold_slavic(words[-1])


def surname_keys(word: str) -> set[str]:
    """The keys a lone word has as a surname (Slavic fold, Korean family-name variants)."""
    k = actor_key(word)
    return {fold_slavic(k), _EA_SURNAME.get(k, k)}


def company_core(name: str, g: Gazetteer) -> str:
    """'Texaco Inc' -> 'texaco'; 'Yonhap News Agency' -> 'yonhap'."""
    words = name.split()
    while len(words) > 1 and (
        words[-1] in g.company_suffixes or words[-1].rstrip(",") in g.company_suffixes
    ):
        words.pop()
    while len(words) > 1 and words[-1] in ("and", "&", ","):
        words.pop()
    return actor_key(" ".join(words))


def initials(name: str) -> str:
    out = []
    for w in name.replace("-", " ").split():
        w = w.replace(".", "").strip("()")
        if not w or w in ("of", "the", "and", "for", "&", "de", "on"):
            continue
        out.append(w if w.isupper() else w[0].upper())
    return "".join(out)


@dataclass
class _Group:
    type: str
    name: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    best: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        k = (m.start, m.end)
        old = best.get(k)
        if (
            old is None
            or (old.type == "pending" and m.type != "pending")
            or (old.type == m.type and m.acronym_of and not old.acronym_of)
        ):
            best[k] = m
    return sorted(best.values(), key=lambda m: (m.start, m.end))


def build_actors(text: str, mentions: list[Mention], g: Gazetteer) -> list[Actor]:
    mentions = _dedupe(mentions)
    groups: dict[str, _Group] = {}
    pending: list[Mention] = []
    for m in mentions:
        if m.type == "pending":
            pending.append(m)
            continue
        if m.kind in ("gazetteer", "ministry"):
            key = "g:" + m.name
        elif m.type == "person":
            key = "p:" + person_key(m.name, g)
        else:
            key = "o:" + company_core(m.name, g)
        grp = groups.get(key)
        if grp is None:
            grp = groups[key] = _Group(m.type, m.name, m.kind)
        elif m.kind == "person" and len(m.name.split()) > len(grp.name.split()):
            grp.name = m.name
        grp.mentions.append(m)

    _join_single_persons(groups, g)
    _join_org_prefixes(groups, g)
    _join_persons_named_after_companies(groups, g)
    index = _Index(groups, g)
    unresolved: list[Mention] = []
    for m in pending:
        target = index.resolve(m)
        if target is not None:
            index.add(target, m)
        else:
            unresolved.append(m)
    # "Putin said" with no full name in the article: a person known by one name
    speaker_names = {actor_key(m.name) for m in unresolved if m.speaks}
    speakers = [m for m in unresolved if m.kind == "pending" and actor_key(m.name) in speaker_names]
    for m in speakers:
        key = "p:" + person_key(m.name, g)
        grp = groups.setdefault(key, _Group("person", m.name, "person"))
        grp.mentions.append(m)

    actors = []
    for grp in groups.values():
        if grp.type not in ACTOR_TYPES or all(m.place for m in grp.mentions):
            continue
        ms = sorted(grp.mentions, key=lambda m: m.start)
        aliases: list[str] = []
        seen: set[str] = set()
        for m in ms:
            surface = text[m.start : m.end]
            if surface not in seen:
                seen.add(surface)
                aliases.append(surface)
        role = next((m.role for m in ms if m.role), None)
        spans = sorted({(m.start, m.end) for m in ms})
        actors.append(Actor(grp.name, grp.type, aliases, role, spans))
    actors.sort(key=lambda a: a.mentions[0] if a.mentions else (0, 0))
    return actors


def _join_single_persons(groups: dict[str, _Group], g: Gazetteer) -> None:
    """'President Reagan' joins 'Ronald Reagan' of the same article."""
    by_surname: dict[str, list[_Group]] = defaultdict(list)
    for grp in groups.values():
        if grp.type == "person" and len(grp.name.split()) > 1:
            by_surname[surname(grp.name, g)].append(grp)
    order = {id(grp): i for i, grp in enumerate(groups.values())}
    for k, grp in list(groups.items()):
        if grp.type != "person" or len(grp.name.split()) != 1:
            continue
        cands = [c for sn in surname_keys(grp.name) for c in by_surname.get(sn, ())]
        if cands:
            cands.sort(key=lambda c: order[id(c)])
            target = _nearest(cands, grp.mentions[0].start)
            target.mentions.extend(grp.mentions)
            del groups[k]


def _join_persons_named_after_companies(groups: dict[str, _Group], g: Gazetteer) -> None:
    """'Advanced Voice said' beside 'Advanced Voice Technologies Inc': the company, not a
    person (a person with a stated role keeps it)."""
    heads: dict[str, _Group] = {}
    for grp in groups.values():
        if grp.kind == "org" or (grp.kind == "gazetteer" and grp.type == "organisation"):
            words = actor_key(grp.name).split()
            for n in range(1, len(words)):
                heads.setdefault(" ".join(words[:n]), grp)
            heads.setdefault(company_core(grp.name, g), grp)
    if not heads:
        return
    for k, grp in list(groups.items()):
        if grp.type != "person" or any(m.role for m in grp.mentions):
            continue
        target = heads.get(actor_key(grp.name))
        if target is not None:
            target.mentions.extend(grp.mentions)
            del groups[k]


def _nearest(cands: list[_Group], pos: int) -> _Group:
    """The candidate mentioned last before ``pos`` (the first candidate if none is)."""
    best, best_pos = cands[0], -1
    for grp in cands:
        before = max((m.start for m in grp.mentions if m.start < pos), default=-1)
        if before > best_pos:
            best, best_pos = grp, before
    return best


def _of_prefixes(key: str) -> list[str]:
    """'central military commission of the workers party' -> ['central military commission']."""
    out, i = [], key.find(" of ")
    while i > 0:
        out.append(key[:i])
        i = key.find(" of ", i + 1)
    return out


def _join_org_prefixes(groups: dict[str, _Group], g: Gazetteer | None = None) -> None:
    """'Central Military Commission' joins 'Central Military Commission of the Workers' Party';
    'Union Central' joins the company 'Union Central Life Insurance Co' of the same article."""
    orgs = [(k, grp) for k, grp in groups.items() if grp.kind == "org"]
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for k2, other in orgs:
        for p in _of_prefixes(actor_key(other.name)):
            by_prefix[p].append(k2)
        words = other.name.split()
        if g is not None and len(words) > 2 and words[-1] in g.company_suffixes:
            key = actor_key(other.name).split()
            for n in range(2, len(key) - 1):
                by_prefix[" ".join(key[:n])].append(k2)
    for k, grp in orgs:
        if len({actor_key(m.name) for m in grp.mentions}) > 1:
            continue  # 'Merrill Lynch' beside 'Merrill Lynch and Co Inc': a company of its own
        for k2 in by_prefix.get(actor_key(grp.name), ()):
            if k2 != k and k2 in groups and k in groups:
                groups[k2].mentions.extend(grp.mentions)
                del groups[k]
                break


class _Index:
    """Lookups over an article's groups, so each pending mention resolves in O(1)
    (a 1 MB article has thousands of groups and of pending words)."""

    def __init__(self, groups: dict[str, _Group], g: Gazetteer) -> None:
        self.g = g
        self.order: dict[int, int] = {}
        self.by_name: dict[str, _Group] = {}
        self.by_initials: dict[str, _Group] = {}
        self.by_acronym: dict[str, list[_Group]] = defaultdict(list)
        self.by_surname: dict[str, list[_Group]] = defaultdict(list)
        self.by_core: dict[str, _Group] = {}
        self.by_first: dict[str, _Group] = {}
        self.by_prefix: dict[str, _Group] = {}
        for i, grp in enumerate(groups.values()):
            self.order[id(grp)] = i
            self.by_name.setdefault(grp.name, grp)
            if grp.type == "person":
                self.by_surname[surname(grp.name, g)].append(grp)
            if grp.type in ("organisation", "media"):
                if len(grp.name.split()) > 1:
                    self.by_initials.setdefault(initials(grp.name), grp)
                for mm in grp.mentions:
                    if mm.kind == "acronym":
                        self._add_acronym(grp, mm)
            if grp.kind == "org":  # "Citicorp <CCI>" is one word
                self.by_core.setdefault(company_core(grp.name, g), grp)
            if grp.kind == "org" and len(grp.name.split()) > 1:
                words = grp.name.split()
                if words[-1] in g.company_suffixes:
                    self.by_first.setdefault(actor_key(words[0]), grp)
                for p in _of_prefixes(actor_key(grp.name)):
                    self.by_prefix.setdefault(p, grp)

    def _add_acronym(self, grp: _Group, m: Mention) -> None:
        lst = self.by_acronym[actor_key(m.name)]
        if grp not in lst:
            lst.append(grp)

    def add(self, grp: _Group, m: Mention) -> None:
        grp.mentions.append(m)
        if m.kind == "acronym" and grp.type in ("organisation", "media"):
            self._add_acronym(grp, m)

    def _first(self, cands: list[_Group | None]) -> _Group | None:
        found = [c for c in cands if c is not None]
        return min(found, key=lambda c: self.order[id(c)]) if found else None

    def resolve(self, m: Mention) -> _Group | None:
        g, word = self.g, m.name
        key = actor_key(word)
        if m.kind == "acronym":
            if m.acronym_of and m.acronym_of in self.by_name:
                return self.by_name[m.acronym_of]
            grp = self.by_initials.get(word.replace(".", ""))
            if grp is not None:
                return grp
            return self._first(list(self.by_acronym.get(key, ())))
        if len(word.split()) == 1:
            cands = [c for sn in surname_keys(word) for c in self.by_surname.get(sn, ())]
            if cands:
                cands.sort(key=lambda c: self.order[id(c)])
                return _nearest(cands, m.start)
        first = None
        if len(word) >= 4 and word.lower() not in g.title_words:
            first = self.by_first.get(key)
        prefix = self.by_prefix.get(key) if len(word.split()) > 1 else None
        return self._first([self.by_core.get(key), first, prefix])
