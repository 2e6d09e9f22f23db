"""The rule-based extractor: capitalised runs + gazetteers + context -> mentions.

Each rule is a rule of English news text, not of one outlet:
- a gazetteer name (country, capital, demonym, known body or outlet) is that actor; a capital
  after a locative preposition ("in Seoul") or in a dateline is a place, not an actor;
- a run ending in a legal form (Inc, Corp, AG, Plc...) is a company; a run holding an
  institutional head word (Ministry, Council, Party...) is an organisation, one ending in a
  media head (News Agency, Times, Shimbun...) an outlet;
- "[role words] Name" splits into a person and a role ("First Vice Foreign Minister Kim");
- a person is a run that starts with a known given name, an East Asian family name with
  short given-name syllables, or that speaks ("X said") or carries an appositive role;
- "foreign ministry", "Ministry of Foreign Affairs" in any case is the ministry of the
  country that qualifies it (or of the article's main country);
- lone words and acronyms are kept aside and join an actor of the article later
  (surname, company short name, acronym), see :mod:`index.actors.cluster`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from index.actors.cluster import build_actors
from index.actors.evidence import (
    company_evidence,
    leader_of_government,
    person_evidence,
    ticker_spans,
)
from index.actors.gazetteer import Entry, Gazetteer, era_name, gazetteer
from index.actors.joins import UNIT_WORDS, join_runs
from index.actors.keys import actor_key
from index.actors.mentions import Mention
from index.actors.model import Actor
from index.actors.places import place_use
from index.actors.scan import _CONNECTORS, Run, Token, boilerplate_spans, dateline, runs

__all__ = ["RuleExtractor"]

_LOCATIVE = frozenset(
    [
        "in",
        "at",
        "near",
        "from",
        "to",
        "outside",
        "around",
        "across",
        "into",
        "inside",
        "via",
        "visiting",
        "visit",
        "visited",
        "toward",
        "towards",
        "through",
        "within",
        "throughout",
        "between",
    ]
)
# a party member's descriptor is a role ("Christian Democrat Andreotti"), not an actor
_PARTY_MEMBERS = frozenset(
    [
        "Republican",
        "Republicans",
        "Democrat",
        "Democrats",
        "Socialist",
        "Socialists",
        "Communist",
        "Communists",
    ]
)
_GENERATIONS = frozenset(["Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"])
_INITIAL = re.compile(r"^[A-Z]\.$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,6}$|^(?:[A-Z]\.){2,}$")
_PAREN_ACRONYM = re.compile(r"[ \t]*\((?P<a>[A-Z][A-Za-z0-9.&-]{1,9})\)")
_NEXT_WORD = re.compile(r"[ \t]*,?[ \t]*([a-z]+)")
_PREV_WORDS = re.compile(r"([A-Za-z]+)[ \t,]*$")
_APPOSITIVE = re.compile(
    r"^,[ \t]+(?:(?:the|a|an)[ \t]+)?(?P<role>[^,.;:\"“”()\n]{3,90}?)(?=,|\.|;|[ \t]*\(|[ \t]+(?:said|says|told)\b)"
)
_QUALIFIER_BEFORE = re.compile(r"(?P<q>(?:[A-Z][\w.]*[ \t-]){0,2}[A-Z][\w.]*)(?:['’]s)?[ \t]+$")
_QUALIFIER_AFTER = re.compile(
    r"^[ \t]+(?:of|in)[ \t]+(?:the[ \t]+)?(?P<q>[A-Z][\w.]*(?:[ \t-][A-Z][\w.]*){0,2})"
)
# "in Seoul", "in London, Amsterdam and Stockholm", "from Tokyo or Osaka"
_LOCATIVE_LIST = re.compile(
    r"\b(?:" + "|".join(sorted(_LOCATIVE)) + r")[ \t]+(?:the[ \t]+)?"
    r"(?:[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*)*[ \t]*(?:,|,?[ \t]+and|,?[ \t]+or)[ \t]+)*$"
)
# words that complete a known company's short name: "Toyota Motor Corp" is "Toyota"
_NAME_TAILS = frozenset(["Motor", "Motors", "Group", "Holdings", "Holding", "Computer", "Cos"])
# a role only a firm holds: "lead manager X", "stockbrokers X", "London Broker X"
_FIRM_ROLES = frozenset(
    [
        "broker",
        "brokers",
        "stockbroker",
        "stockbrokers",
        "brokerage",
        "bookrunner",
        "underwriter",
        "underwriters",
    ]
)
_FIRM_BEFORE = re.compile(
    r"\b(?:(?:lead|co-lead|sole|joint|co)[ -]?managers?|stock ?brokers?|brokers?|brokerage(?: house| firm)?"
    r"|(?:joint )?bookrunners?|underwriters?|investment banks?|merchant banks?|securities house)[ \t]+$",
    re.I,
)
_TICKER_INSIDE = re.compile(r"[ \t]*<[A-Z][A-Z0-9.]{0,9}>")
_LEGAL_FOLDED = frozenset(["inc", "corp", "ltd", "plc", "llc", "gmbh", "bhd"])
_DOCUMENT_HEADS = frozenset(
    [
        "Survey",
        "Report",
        "Act",
        "Bill",
        "Accord",
        "Accords",
        "Agreement",
        "Treaty",
        "Plan",
        "Programme",
        "Program",
        "Index",
    ]
)
_PORTFOLIO_AFTER = re.compile(
    r"[ \t]+(?:Minister|Ministry|Secretary|Department|minister|ministry)\b"
)
_GOVERNMENT_ITSELF = frozenset(["government", "administration", "authorities", "govt"])
_GOVERNMENT_HEADS = frozenset(
    [
        "ministry",
        "ministries",
        "department",
        "government",
        "embassy",
        "consulate",
        "army",
        "navy",
        "forces",
        "military",
        "cabinet",
        "parliament",
        "police",
        "guard",
        "command",
        "corps",
        "mission",
        "agency",
        "service",
        "office",
        "council",
    ]
)
_WORD = re.compile(r"[\w'’.-]+")


@lru_cache(maxsize=1)
def _ministry_re() -> re.Pattern[str]:
    topics = sorted(gazetteer().ministry_topics, key=len, reverse=True)
    alt = "|".join(re.escape(t).replace(r"\ ", r"[ \t]+") for t in topics)
    return re.compile(
        rf"\bministry[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?(?P<t1>{alt})\b(?![ \t]+(?:and|&)[ \t]+[A-Z])"
        rf"|\b(?P<t2>{alt})[ \t]+ministry\b"
        rf"|\b(?P<cb>central[ \t]+bank)\b(?![ \t]+of[ \t]+[A-Z])",
        re.I,
    )


@dataclass
class _Ctx:
    text: str
    g: Gazetteer
    default_country: str | None
    out: list[Mention]


class RuleExtractor:
    """The default extractor. Stateless: ``extract`` can be called from many threads."""

    def extract(self, title: str, text: str, date: str | None = None) -> list[Actor]:
        g = gazetteer()
        ctx = _Ctx(text, g, _main_country(title, text, g), [])
        blocked = boilerplate_spans(text)
        for place, src in dateline(text):
            blocked.append(place)
            if src:
                _dateline_source(ctx, src)
                blocked.append(src)
        taken = _ministries(ctx)
        blocked += taken
        blocked += ticker_spans(text)
        spans = _Blocked(blocked)
        for run in join_runs(text, runs(text), g):
            for piece in _cut(run.tokens, spans):
                _piece(ctx, piece, run)
        if date:
            for m in ctx.out:
                m.name = era_name(g, m.name, date)
        return build_actors(text, ctx.out, g)


# -- helpers -------------------------------------------------------------------------------


def _lookup(g: Gazetteer, words: list[str]) -> Entry | None:
    if len(words) == 1:
        w = words[0]
        e = g.exact.get(w)
        if e is not None:
            return e
        bare = w.replace(".", "").replace("-", "")
        if bare.isupper() and len(bare) > 1:  # an all-caps word is an acronym or shouting
            return None
    e = g.phrases.get(actor_key(" ".join(words)))
    if e is None and len(words) > 1:
        e = g.exact.get(" ".join(words))
    return e


def _main_country(title: str, text: str, g: Gazetteer) -> str | None:
    for source in (title, text[:600]):
        words = _WORD.findall(source)
        for i, first in enumerate(words):
            if not first[:1].isupper():
                continue
            for n in (3, 2, 1):
                if i + n > len(words):
                    continue
                name = " ".join(words[i : i + n])
                e = g.phrases.get(actor_key(name)) or g.exact.get(name)
                if e is not None and e.type == "country/government":
                    return e.name
    return None


def _country_of(g: Gazetteer, phrase: str) -> str | None:
    words = phrase.split()
    for i in range(len(words)):
        e = _lookup(g, [w.rstrip(".") if w not in g.exact else w for w in words[i:]])
        if e is None:
            e = _lookup(g, words[i:])
        if e is not None and e.type == "country/government":
            return e.name
    return None


def _dateline_source(ctx: _Ctx, span: tuple[int, int]) -> None:
    s, e = span
    words = ctx.text[s:e].split()
    entry = _lookup(ctx.g, words)
    if entry is not None and entry.type in ("media", "organisation"):
        ctx.out.append(Mention(s, e, entry.type, entry.name, "gazetteer"))


# Every match of _ministry_re holds one of these words: an article without them (most)
# is not scanned with the long alternation of topics (a fifth of extraction's time).
_MINISTRY_HINT = re.compile(r"ministry|central", re.I)


def _ministries(ctx: _Ctx) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    g, text = ctx.g, ctx.text
    if _MINISTRY_HINT.search(text) is None:
        return spans
    for m in _ministry_re().finditer(text):
        s, e = m.span()
        if m.group("cb") and text[s].isupper():
            continue  # "Central Bank of ..." / "Central Bank" names are runs
        raw_topic = (m.group("t1") or m.group("t2") or "").casefold()
        topic = g.ministry_topics.get(" ".join(raw_topic.split()))
        country = None
        before = _QUALIFIER_BEFORE.search(text[max(0, s - 40) : s])
        if before:
            country = _country_of(g, before.group("q"))
        if country is None:
            after = _QUALIFIER_AFTER.match(text[e : e + 40])
            if after:
                country = _country_of(g, after.group("q"))
        country = country or ctx.default_country
        base = f"Ministry of {topic}" if topic else "Central Bank"
        name = base + (f" ({country})" if country else "")
        known = None if topic else g.central_banks.get(country or "")
        if known:  # "the central bank" of Japan is the Bank of Japan
            ctx.out.append(Mention(s, e, "organisation", known, "gazetteer"))
        else:
            ctx.out.append(Mention(s, e, "organisation", name, "ministry"))
        spans.append((s, e))
    return spans


class _Blocked:
    """Spans no actor is taken from; ``hit`` is a binary search, not a scan of every span."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []  # max_end[i]: the furthest end among spans[: i + 1]
        far = -1
        for _, e in spans:
            far = max(far, e)
            self.max_end.append(far)

    def hit(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # spans[:i] start before ``end``
        return i > 0 and self.max_end[i - 1] > start


def _cut(tokens: tuple[Token, ...], blocked: _Blocked) -> list[list[Token]]:
    """The tokens of a run outside blocked spans, as contiguous pieces."""
    pieces: list[list[Token]] = [[]]
    for t in tokens:
        if blocked.hit(t.start, t.end):
            if pieces[-1]:
                pieces.append([])
            continue
        pieces[-1].append(t)
    out = []
    for p in pieces:
        while p and p[0].text in _CONNECTORS:
            p = p[1:]
        while p and p[-1].text in _CONNECTORS:
            p = p[:-1]
        if p:
            out.append(p)
    return out


def _piece(ctx: _Ctx, toks: list[Token], run: Run) -> None:
    g = ctx.g
    kept = _inside_phrase(g, toks)
    # function words starting a sentence ("The", "According", "Earlier") split the piece,
    # unless they belong to a known name ("New Zealand", "Papua New Guinea")
    part: list[Token] = []
    for i, t in enumerate(toks):
        if t.text in g.stop_caps and i not in kept:
            if part:
                _part(ctx, part)
            part = []
            continue
        part.append(t)
        # a legal form ends a company name: "Texaco Inc. Standard Oil Co"
        if t.text in g.company_suffixes and i + 1 < len(toks) and i not in kept:
            nxt = toks[i + 1].text
            if (
                nxt not in g.company_suffixes
                and nxt not in _CONNECTORS
                and not nxt.startswith("<")
                and nxt not in g.org_suffixes
                and nxt not in UNIT_WORDS
            ):
                _part(ctx, part)
                part = []
    if part:
        _part(ctx, part)


def _inside_phrase(g: Gazetteer, toks: list[Token]) -> set[int]:
    """Indices of stop-capitals and legal forms inside a multi-word gazetteer name."""
    kept: set[int] = set()
    for i, t in enumerate(toks):
        if t.text not in g.phrase_caps or i in kept:
            continue
        for n in range(min(g.max_len, len(toks)), 1, -1):
            for s in range(max(0, i - n + 1), min(i, len(toks) - n) + 1):
                if _lookup(g, _words(toks[s : s + n])) is not None:
                    kept.update(range(s, s + n))
                    break
            if i in kept:
                break
    return kept


def _words(toks: list[Token]) -> list[str]:
    return [t.text for t in toks]


def _emit(ctx: _Ctx, toks: list[Token], type_: str, name: str, kind: str, **kw) -> Mention:
    m = Mention(toks[0].start, toks[-1].end, type_, name, kind, **kw)
    ctx.out.append(m)
    return m


def _emit_entry(ctx: _Ctx, toks: list[Token], e: Entry) -> None:
    if e.type == "place":
        return
    place = False
    if e.kind == "seat":
        before = ctx.text[max(0, toks[0].start - 100) : toks[0].start]
        place = bool(_LOCATIVE_LIST.search(before))
    place = place or place_use(
        ctx.text, toks[0].start, toks[-1].end, e.kind, lambda w: _lookup(ctx.g, [w]) is not None
    )
    name = e.name
    if e.name in ctx.g.generic and _PORTFOLIO_AFTER.match(ctx.text, toks[-1].end):
        return  # "South Africa's Labour Minister": a portfolio, not the party
    if e.name in ctx.g.generic:
        name = _qualified(ctx, toks, e)
        if name is None:
            return
    _emit(ctx, toks, e.type, name, "gazetteer", place=place)
    _acronym_after(ctx, toks, name)


def _qualified(ctx: _Ctx, toks: list[Token], e: Entry) -> str | None:
    """A generic body is its country's: 'Parliament (Italy)', 'Labour Party (Israel)'.

    Bodies with a home country (Senate, Labour Party...) keep their bare name unless a
    qualifier names another country; a one-word party alias ('Labour', 'Republicans') in
    another country's article is no party of that name (None)."""
    g, text = ctx.g, ctx.text
    home = g.generic[e.name]
    surface_key = actor_key(" ".join(_words(toks)))
    if surface_key not in g.generic_keys:
        return e.name  # "U.S. Senate", "Reserve Bank of Australia": already specific
    country = None
    before = _QUALIFIER_BEFORE.search(text[max(0, toks[0].start - 40) : toks[0].start])
    if before:
        country = _country_of(g, before.group("q"))
    if country is None:
        after = _QUALIFIER_AFTER.match(text[toks[-1].end : toks[-1].end + 40])
        if after:
            country = _country_of(g, after.group("q"))
    explicit = country is not None
    if country is None and (not home or len(toks) == 1):
        country = ctx.default_country
    if country is None or country in home:
        return e.name
    if len(toks) == 1 and home and not explicit:
        return None
    known = g.central_banks.get(country) if e.name in ("Central Bank", "Reserve Bank") else None
    base = g.generic_names.get(surface_key, e.name)  # "Christian Democrats (Italy)"
    return known or f"{base} ({country})"


def _acronym_after(ctx: _Ctx, toks: list[Token], name: str) -> str | None:
    m = _PAREN_ACRONYM.match(ctx.text, toks[-1].end)
    if not m:
        return None
    acr = m.group("a")
    letters = [c for c in acr if c.isupper()]
    if not letters or letters[0] != _initials(toks)[:1]:
        return None
    a_s, a_e = m.span("a")
    ctx.out.append(Mention(a_s, a_e, "pending", acr, "acronym", acronym_of=name))
    return acr


def _initials(toks: list[Token]) -> str:
    out = []
    for t in toks:
        w = t.text.replace(".", "")
        if not w or w in _CONNECTORS:
            continue
        out.append(w if w.isupper() else w[0].upper())
    return "".join(out)


def _name_like(g: Gazetteer, toks: list[Token]) -> bool:
    if not 1 <= len(toks) <= 5 or toks[0].text in _CONNECTORS:
        return False
    for t in toks:
        w = t.text
        cf = w.casefold().rstrip(".")
        if w in ("of", "for", "and", "&", "the"):
            return False
        if w in _CONNECTORS or cf in g.particles:
            continue
        if (
            w in g.stop_caps
            or w in g.org_suffixes
            or w in g.group_nouns
            or cf in _LEGAL_FOLDED  # "Guest Supply INc"
            or cf in g.org_heads
            or cf in g.media_heads
        ):
            return False
        if cf in g.title_words and cf not in g.given:
            return False
        bare = w.replace(".", "").replace("-", "")
        if len(bare) > 1 and bare.isupper() and not (t is toks[-1] and w in _GENERATIONS):
            return False
        if not w[:1].isupper() and "-" not in w and "'" not in w and "’" not in w:
            return False
    e = _lookup(g, _words(toks))
    return e is None


def _is_title_head(g: Gazetteer, w: str) -> bool:
    cf = w.casefold().rstrip(".")
    return cf in g.title_heads or w.rstrip(".") in g.honorifics


def _part(ctx: _Ctx, toks: list[Token]) -> None:
    g = ctx.g
    if not toks:
        return
    words = _words(toks)
    e = _lookup(g, words)
    if e is not None:
        _emit_entry(ctx, toks, e)
        return
    if company_evidence(ctx.text, toks[0].start, toks[-1].end) and _name_ok_for_company(g, toks):
        _org(ctx, toks, "organisation")  # "Citicorp <CCI>", "<Dimis Inc>"
        return
    if len(toks) == 1:
        _single(ctx, toks[0])
        return
    if _sentence_initial(ctx.text, toks[0].start) and toks[0].text.casefold() not in g.given:
        e = _lookup(g, words[1:])
        if e is not None:  # "Latest Federal Reserve data"
            _emit_entry(ctx, toks[1:], e)
            return
    # a company: "Texaco Inc", "Merrill Lynch and Co", "Deutsche Bank AG"
    if words[-1] in g.company_suffixes:
        _company(ctx, toks)
        return
    # "[role] Name": the rightmost title head followed by a name
    for i in range(len(toks) - 2, -1, -1):
        if not _is_title_head(g, words[i]):
            continue
        tail = next(
            (k for k in range(i + 1, len(toks)) if words[k] in ("of", "for", "and", "&")), len(toks)
        )
        if tail > i + 1 and _name_like(g, toks[i + 1 : tail]):
            j = i
            while j > 0 and _role_word(g, toks[: i + 1], j - 1):
                j -= 1
            _role_entities(ctx, toks[j : i + 1])
            role = ctx.text[toks[j].start : toks[i].end]
            if all(t.text.rstrip(".") in g.honorifics for t in toks[j : i + 1]):
                role = None
            if words[i].casefold().rstrip(".") in _FIRM_ROLES:  # "London Broker Hoare Govett"
                _org(ctx, toks[i + 1 : tail], "organisation")
            else:
                _person(ctx, toks[i + 1 : tail], role)
            if j > 0:
                _part(ctx, _trim(toks[:j]))
            if tail < len(toks):
                _part(ctx, _trim(toks[tail + 1 :]))
            return
    # "Australian Minister for Trade Negotiations Michael Duffy": a known first name ends the run
    for k in (3, 2):
        if len(toks) > k and words[-k].casefold() in g.given and _name_like(g, toks[-k:]):
            head = [t for t in toks[:-k] if _is_title_head(g, t.text)]
            if head and words[-k - 1] not in _CONNECTORS:
                _role_entities(ctx, toks[:-k])
                _person(ctx, toks[-k:], ctx.text[toks[0].start : toks[-k - 1].end])
                return
    # split at "and" / "&" between two names unless the whole is a named body
    cfs = [w.casefold() for w in words]
    org_head_at = [i for i, w in enumerate(cfs) if w in g.org_heads]
    for i, w in enumerate(words):
        if w in ("and", "&") and not _and_inside_body(g, cfs, i) and not _and_in_name(g, toks, i):
            _part(ctx, _trim(toks[:i]))
            _part(ctx, _trim(toks[i + 1 :]))
            return
    # "of" / "for" joins only after an institutional or title head ("Ministry of", "Bank of")
    for i, w in enumerate(words):
        if w == "on" and i > 0:
            if _lookup(g, words) is None and not any(h < i for h in org_head_at):
                _part(ctx, _trim(toks[:i]))
                _part(ctx, _trim(toks[i + 1 :]))
                return
            continue
        if w in ("of", "for") and i > 0:
            if (
                cfs[i - 1] in g.org_heads
                or cfs[i - 1] in g.title_heads
                or any(h < i for h in org_head_at)
                or words[i - 1] in ("Corporation", "Company")  # "Trading Corporation of Pakistan"
            ):
                continue
            _part(ctx, _trim(toks[:i]))
            _part(ctx, _trim(toks[i + 1 :]))
            return
    if (
        len(toks) == 2
        and cfs[1] in _GOVERNMENT_ITSELF
        and leader_of_government(ctx.text, toks[0].end, words[0], g, any_case=True)
        and _lookup(g, words[:1]) is None
    ):
        _single(ctx, toks[0])  # "the Reagan Administration" as "the Reagan administration"
        return
    if words[-1] in _PARTY_MEMBERS:
        _role_entities(ctx, toks)  # "Senate Republican (leader X)", "Oklahoma Republican"
        return
    if org_head_at:
        if cfs[-1] in g.media_heads and cfs[-1] not in ("agency", "network", "group", "service"):
            _org(ctx, toks, "media")
        else:
            _org(ctx, toks, "organisation")
        return
    if cfs[-1] in g.media_heads and len(toks) >= 2 and words[0] not in g.given:
        _org(ctx, toks, "media")
        return
    if (
        len(toks) >= 2
        and any(w in g.org_suffixes for w in words[1:])  # "Salomon Brothers International"
        and _lookup(g, words[:1]) is None
        and not (len(toks) == 2 and cfs[0] in g.given)
        and not _is_title_head(g, words[0])
    ):
        _org(ctx, toks, "organisation")
        return
    if len(toks) <= 4 and _FIRM_BEFORE.search(ctx.text, max(0, toks[0].start - 40), toks[0].start):
        _org(ctx, toks, "organisation")  # "lead manager Morgan Stanley International said"
        return
    if _person_signal(ctx, toks):
        _person(ctx, toks, None)
        return
    if (
        2 <= len(toks) <= 5
        and not person_evidence(ctx.text, toks[-1].end, g)
        and all(_lookup(g, [w]) is None for w in words)
        and _name_ok_for_company(g, toks)
    ):
        _org(ctx, toks, "organisation")  # "Guest Supply INc said it ...": a company speaking
        return
    _scan(ctx, toks)


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(" \t\"“'‘(")
    return not before or before[-1] in ".!?:\n-–—"


def _and_inside_body(g: Gazetteer, cfs: list[str], i: int) -> bool:
    """'Department of Health and Human Services': the 'and' follows 'HEAD of'."""
    return any(cfs[k] in ("of", "for") and cfs[k - 1] in g.org_heads for k in range(1, i))


def _name_ok_for_company(g: Gazetteer, toks: list[Token]) -> bool:
    words = _words(toks)
    return not any(w in g.stop_caps for w in words) and not _is_title_head(g, words[0])


def _and_in_name(g: Gazetteer, toks: list[Token], i: int) -> bool:
    """'Food and Drug Administration', 'First Federal Savings and Loan Association': 'and'
    between plain words of one body whose last word is an institutional head."""
    words = _words(toks)
    end = next((k for k in range(i + 1, len(words)) if words[k] in ("of", "for")), len(words))
    words = words[:end]  # "... Loan Association of Rochester": the body ends before "of"
    cfs = [w.casefold() for w in words]
    left, right = words[:i], words[i + 1 :]
    if not left or not right or cfs[-1] not in g.org_heads or len(left) > 4 or len(right) > 4:
        return False
    if any(c in g.org_heads for c in cfs[:i]) or cfs[0] in g.given:
        return False
    if left[-1] in g.company_suffixes or left[-1] in g.stop_caps:
        return False
    return _lookup(g, left) is None and _lookup(g, right) is None


def _company(ctx: _Ctx, toks: list[Token]) -> None:
    """A run ending in a legal form; 'A Inc and B Corp', 'Jane Doe of Acme Inc' are split."""
    g = ctx.g
    words = _words(toks)
    for i in range(len(toks) - 2, 0, -1):
        if words[i] in ("and", "&") and words[i - 1] in g.company_suffixes:
            _part(ctx, _trim(toks[:i]))
            _company(ctx, _trim(toks[i + 1 :]))
            return
        if words[i] in ("of", "for") and words[i - 1].casefold() not in g.org_heads:
            _part(ctx, _trim(toks[:i]))
            _company(ctx, _trim(toks[i + 1 :]))
            return
    if len(toks) >= 2 and words[0] in g.stop_caps:
        toks = toks[1:]
    if len(toks) >= 2 or (toks and toks[0].text not in g.company_suffixes):
        _org(ctx, toks, "organisation")


def _trim(toks: list[Token]) -> list[Token]:
    while toks and toks[0].text in _CONNECTORS:
        toks = toks[1:]
    while toks and toks[-1].text in _CONNECTORS:
        toks = toks[:-1]
    return toks


def _role_word(g: Gazetteer, toks: list[Token], k: int) -> bool:
    w = toks[k].text
    cf = w.casefold().rstrip(".")
    if cf in g.title_words or w in ("of", "the", "for"):
        return True
    # countries, demonyms and bodies inside a role: "West German Chancellor", "Bank of Japan Governor"
    for n in range(4, 0, -1):
        for s in range(max(0, k - n + 1), min(k, len(toks) - n) + 1):
            e = _lookup(g, _words(toks[s : s + n]))
            if e is not None and e.type != "place":
                return True
    return False


def _role_entities(ctx: _Ctx, toks: list[Token]) -> None:
    """Countries and bodies named inside a role ("Russian" in "Russian President")."""
    g = ctx.g
    i = 0
    while i < len(toks):
        for n in range(min(g.max_len, len(toks) - i), 0, -1):
            chunk = toks[i : i + n]
            if chunk[0].text in _CONNECTORS:
                continue
            e = _lookup(g, _words(chunk))
            if (
                e is not None
                and e.type != "place"
                and not (
                    n == 1
                    and chunk[0].text.casefold() in g.title_words
                    and e.type != "country/government"
                )
            ):
                _emit(ctx, chunk, e.type, e.name, "gazetteer")
                i += n
                break
        else:
            i += 1


def _org(ctx: _Ctx, toks: list[Token], type_: str) -> None:
    g = ctx.g
    toks = _trim(toks)
    while toks and toks[0].text.casefold().endswith(("-based", "-owned", "-listed", "-controlled")):
        toks = toks[1:]
    if not toks or all(t.text in g.org_suffixes or t.text in _CONNECTORS for t in toks):
        return
    if toks[-1].text in _DOCUMENT_HEADS:
        return  # "Household Labour Force Survey", "Plaza Accord": documents, not actors
    # a government body qualified by its country: "South Korean Defense Ministry"
    cfs = [t.text.casefold() for t in toks]
    if any(c in _GOVERNMENT_HEADS for c in cfs):
        for n in range(min(3, len(toks) - 1), 0, -1):
            e = _lookup(g, _words(toks[:n]))
            if e is not None and e.type == "country/government":
                if n == len(toks) - 1 and cfs[-1] in _GOVERNMENT_ITSELF:
                    _emit(ctx, toks, e.type, e.name, "gazetteer")  # "U.S. Government"
                    return
                _emit(ctx, toks[:n], e.type, e.name, "gazetteer")
                break
    # "the Italian Parliament", "Canadian House of Commons": the country's generic body
    for n in range(1, min(3, len(toks) - 1) + 1):
        lead = _lookup(g, _words(toks[:n]))
        rest = _lookup(g, _words(toks[n:]))
        if (
            lead is not None
            and lead.type == "country/government"
            and rest is not None
            and rest.name in g.generic
        ):
            home = g.generic[rest.name]
            base = g.generic_names.get(actor_key(" ".join(_words(toks[n:]))), rest.name)
            name = rest.name if lead.name in home else f"{base} ({lead.name})"
            _emit(ctx, toks, rest.type, name, "gazetteer")
            return
    name = _TICKER_INSIDE.sub("", ctx.text[toks[0].start : toks[-1].end]).rstrip(".")
    core = list(toks)
    while len(core) > 1 and (
        core[-1].text in g.company_suffixes
        or core[-1].text in _NAME_TAILS
        or core[-1].text in _CONNECTORS
    ):
        core.pop()  # "Texaco Inc", "Toyota Motor Corp", "Goldman Sachs and Co" are known bodies
        e = _lookup(g, _words(core))
        if e is not None and e.kind == "body":
            _emit(ctx, toks, e.type, e.name, "gazetteer")
            return
    _emit(ctx, toks, type_, name, "org")
    _acronym_after(ctx, toks, name)


def _person_signal(ctx: _Ctx, toks: list[Token]) -> bool:
    g = ctx.g
    if not 2 <= len(toks) <= 4 or not _name_like(g, toks):
        return False
    first = toks[0].text.casefold()
    words = _words(toks)
    if toks[-1].text in _GENERATIONS or (
        any(_INITIAL.match(w) for w in words) and not all(_INITIAL.match(w) for w in words[:-1])
    ):
        return True  # "T. Boone Pickens", "Charles C. Hinkley", "... Pickens III": a person's name
    if not person_evidence(ctx.text, toks[-1].end, g):
        return False  # "Dean Witter Reynolds said it ...": a company speaking
    if first in g.given and toks[-1].text.casefold() not in g.org_suffixes:
        return True
    if first in g.ea_surnames and len(toks) <= 3:
        rest = toks[1:]
        if all(len(t.text) <= 9 and t.text[:1].isupper() for t in rest):
            return True
    text = ctx.text
    if _role_before(ctx, toks[0].start):
        return True
    nxt = _NEXT_WORD.match(text, toks[-1].end)
    if nxt and nxt.group(1) in g.report_verbs:
        return True
    before = text[max(0, toks[0].start - 20) : toks[0].start]
    if re.search(r"\b(?:said|says|according to)[ \t]+$", before):
        return True
    app = _APPOSITIVE.match(text[toks[-1].end : toks[-1].end + 120])
    return bool(app and _appositive_role(g, app.group("role")))


def _appositive_role(g: Gazetteer, role: str) -> bool:
    words = role.split()
    if not words or len(words) > 12:
        return False
    head = words[0].casefold().rstrip(".")
    return head in g.title_words or (len(words) > 1 and words[1].casefold() in g.title_heads)


def _person(ctx: _Ctx, toks: list[Token], role: str | None) -> None:
    g, text = ctx.g, ctx.text
    toks = _trim(toks)
    # names led by an initial: "Oilman T. Boone Pickens" is "T. Boone Pickens"
    for i in range(1, len(toks) - 1):
        if _INITIAL.match(toks[i].text) and not all(
            _INITIAL.match(t.text) or t.text.casefold() in g.given for t in toks[:i]
        ):
            toks = toks[i:]
            break
    if not toks:
        return
    if role is None:
        role = _role_before(ctx, toks[0].start)
    if role is None:
        app = _APPOSITIVE.match(text[toks[-1].end : toks[-1].end + 120])
        if app and _appositive_role(g, app.group("role")):
            role = app.group("role").strip()
    name = text[toks[0].start : toks[-1].end]
    _emit(ctx, toks, "person", name, "person", role=role)


_ROLE_BEFORE = re.compile(r"(?P<r>(?:[\w'’.-]+[ \t]+){1,6})$")


def _role_before(ctx: _Ctx, start: int) -> str | None:
    """Lower-case role words right before a name: "North Korean leader", "Putin's spokesman"."""
    g = ctx.g
    chunk = ctx.text[max(0, start - 80) : start]
    m = _ROLE_BEFORE.search(chunk)
    if not m:
        # "Deputy Minister of Foreign Affairs, Kim Hong Gyun"
        return _role_comma_before(ctx, start)
    words = m.group("r").split()
    if not words or words[-1].casefold() not in g.title_heads:
        return _role_comma_before(ctx, start)
    k = len(words) - 1
    while k > 0:
        w = words[k - 1]
        cf = w.casefold()
        if (
            cf in g.title_words
            or (w[:1].isupper() and cf not in ("the", "a", "an"))
            or cf.endswith(("'s", "’s"))
        ):
            k -= 1
            continue
        break
    return " ".join(words[k:]) or None


def _role_comma_before(ctx: _Ctx, start: int) -> str | None:
    g = ctx.g
    chunk = ctx.text[max(0, start - 80) : start]
    m = re.search(r"(?P<r>[A-Z][\w'’.-]*(?:[ \t]+[\w'’.-]+){0,6}),[ \t]+$", chunk)
    if not m:
        return None
    words = m.group("r").split()
    heads = [w for w in words if w.casefold().rstrip("'’s") in g.title_heads]
    if heads and len(words) <= 8 and words[-1].casefold() not in ("said", "says"):
        return m.group("r")
    return None


def _single(ctx: _Ctx, t: Token) -> None:
    g = ctx.g
    w = t.text
    if len(w.replace(".", "")) < 2 or w in g.stop_caps or _ROMAN.match(w):
        return
    if _ACRONYM.match(w):
        if w in g.acronym_stop:
            return
        _emit(ctx, [t], "pending", w, "acronym")
        return
    if w in g.company_suffixes or w in g.org_suffixes or w in g.group_nouns:
        return  # "Corp said", "Bankers said": no one's name
    nxt = _NEXT_WORD.match(ctx.text, t.end)
    speaks = bool(nxt and nxt.group(1) in g.report_verbs and w.casefold() not in g.title_words)
    speaks = speaks and ctx.text[t.end : t.end + 1] != "," and person_evidence(ctx.text, t.end, g)
    # "the Reagan administration": a leader's name
    speaks = speaks or leader_of_government(ctx.text, t.end, w, g, any_case=True)
    _emit(ctx, [t], "pending", w, "pending", speaks=speaks)


def _scan(ctx: _Ctx, toks: list[Token]) -> None:
    """Longest gazetteer matches left to right; the words between them are analysed alone."""
    g = ctx.g
    i, rest = 0, []
    while i < len(toks):
        for n in range(min(g.max_len, len(toks) - i), 0, -1):
            e = _lookup(g, _words(toks[i : i + n]))
            if e is not None:
                if rest:
                    _leftover(ctx, rest)
                    rest = []
                _emit_entry(ctx, toks[i : i + n], e)
                i += n
                break
        else:
            rest.append(toks[i])
            i += 1
    if rest:
        _leftover(ctx, rest)


def _leftover(ctx: _Ctx, toks: list[Token]) -> None:
    toks = _trim(toks)
    if not toks:
        return
    if len(toks) == 1:
        _single(ctx, toks[0])
    elif _person_signal(ctx, toks):
        _person(ctx, toks, None)
    else:
        # an unknown multi-word name: its acronym may still be defined "(CMC)"
        name = ctx.text[toks[0].start : toks[-1].end]
        acr = _PAREN_ACRONYM.match(ctx.text, toks[-1].end)
        if acr and _initials(toks) == acr.group("a").replace(".", ""):
            _org(ctx, toks, "organisation")
        else:
            _emit(ctx, toks, "pending", name, "pending")
