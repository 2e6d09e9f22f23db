"""The actor extractor: one test per phenomenon, on short hand-written snippets."""

from __future__ import annotations

import pytest

from index.actors import ACTOR_TYPES, Actor, actor_key, default_extractor


def extract(text: str, title: str = "") -> list[Actor]:
    return default_extractor().extract(title, text)


def by_name(actors: list[Actor]) -> dict[str, Actor]:
    return {a.name: a for a in actors}


def find(actors: list[Actor], alias: str) -> Actor | None:
    k = actor_key(alias)
    for a in actors:
        if actor_key(a.name) == k or any(actor_key(x) == k for x in a.aliases):
            return a
    return None


def test_actor_key_normalises() -> None:
    assert actor_key("Kim Jong-un") == actor_key("kim jong un") == "kim jong un"
    assert actor_key("U.S.") == "us"
    assert actor_key("the Kremlin") == "kremlin"
    assert actor_key("Zürich") == "zurich"


def test_json_round_trip() -> None:
    a = Actor("Vladimir Putin", "person", ["Putin"], "Russian President", [(3, 8)])
    d = a.to_json()
    assert d == {
        "name": "Vladimir Putin",
        "type": "person",
        "aliases": ["Putin"],
        "role": "Russian President",
        "mentions": [[3, 8]],
    }
    assert Actor.from_json(d) == a


def test_capital_stands_for_country() -> None:
    actors = extract("Seoul warned Moscow on Monday, and the Kremlin said it would respond.")
    names = by_name(actors)
    assert names["South Korea"].type == "country/government"
    assert {"Moscow", "Kremlin"} <= set(names["Russia"].aliases)


def test_capital_as_place_is_not_an_actor() -> None:
    actors = extract("TOKYO, April 28 - Prices rose. Talks were held in London on Friday.")
    assert find(actors, "Japan") is None
    assert find(actors, "United Kingdom") is None


def test_demonym_is_country() -> None:
    actors = extract("North Korean troops fought while the Americans and South Koreans watched.")
    names = by_name(actors)
    assert "North Korean" in names["North Korea"].aliases
    assert "Americans" in names["United States"].aliases
    assert "South Koreans" in names["South Korea"].aliases


def test_lowercase_ministry_is_organisation() -> None:
    actors = extract("South Korea's foreign ministry summoned the ambassador.")
    m = find(actors, "foreign ministry")
    assert m is not None and m.type == "organisation"
    assert m.name == "Ministry of Foreign Affairs (South Korea)"
    assert find(actors, "South Korea").type == "country/government"


def test_ministry_variants_join() -> None:
    text = (
        "The Ministry of Foreign Affairs issued a statement. The Foreign Ministry said more. "
        "The Foreign Affairs Ministry added nothing."
    )
    actors = extract(text, "Japan protests")
    ministries = [a for a in actors if a.name.startswith("Ministry of Foreign Affairs")]
    assert len(ministries) == 1
    assert ministries[0].name == "Ministry of Foreign Affairs (Japan)"
    assert len(ministries[0].mentions) == 3


def test_title_split_into_role() -> None:
    actors = extract("South Korea's First Vice Foreign Minister Kim Hong Kyun said it was illegal.")
    p = find(actors, "Kim Hong Kyun")
    assert p.type == "person" and p.name == "Kim Hong Kyun"
    assert p.role == "First Vice Foreign Minister"


def test_us_politics_title_and_state() -> None:
    actors = extract(
        "House Speaker Nancy Pelosi of California said the bill would pass, "
        "and Senator Mitch McConnell disagreed."
    )
    p = find(actors, "Nancy Pelosi")
    assert p.role == "House Speaker"
    assert find(actors, "California") is None
    assert find(actors, "Mitch McConnell").role == "Senator"


def test_appositive_role() -> None:
    text = "Jeon Ha-kyu, spokesperson for the Ministry of National Defense, said so."
    p = find(extract(text), "Jeon Ha-kyu")
    assert p.role == "spokesperson for the Ministry of National Defense"


def test_surname_joins_full_name() -> None:
    text = (
        "Russian ambassador Georgiy Zinoviev was summoned. Zinoviev said nothing. "
        "Koo Byung-sam spoke first. \u201cWe will respond,\u201d Koo said."
    )
    actors = extract(text)
    z = find(actors, "Georgiy Zinoviev")
    assert z.aliases == ["Georgiy Zinoviev", "Zinoviev"] and len(z.mentions) == 2
    assert "Koo" in find(actors, "Koo Byung-sam").aliases
    assert sum(a.type == "person" for a in actors) == 2


def test_transliteration_variants_merge_in_corpus() -> None:
    from index.actors import merge_corpus

    ex = default_extractor()
    per = {
        "a": ex.extract("", "Vice Minister Kim Hong Kyun met Georgiy Zinoviev and Jeon Ha-kyu."),
        "b": ex.extract("", "Vice Minister Kim Hong Gyun met Grigory Zinoviev and Jeon Ha Gyu."),
    }
    corpus = merge_corpus(per)
    persons = [c for c in corpus.corpus if c.type == "person"]
    assert len(persons) == 3
    assert all(c.articles == 2 for c in persons)
    assert set(corpus.find("Kim Hong Gyun").members) == {"Kim Hong Kyun", "Kim Hong Gyun"}


def test_different_people_stay_apart() -> None:
    text = (
        "Kim Jong Un met officials. His father Kim Jong Il ruled before him. "
        "Vice Minister Kim Hong-kyun protested."
    )
    actors = extract(text)
    people = {a.name for a in actors if a.type == "person"}
    assert people == {"Kim Jong Un", "Kim Jong Il", "Kim Hong-kyun"}
    from index.actors import merge_corpus

    corpus = merge_corpus({"x": actors, "y": extract("Kim Jong-un spoke.")})
    assert len([c for c in corpus.corpus if c.type == "person"]) == 3


def test_abbreviation_joins_long_form() -> None:
    text = (
        "According to the Korean Central News Agency (KCNA), the UN Security Council (UNSC) "
        "met. KCNA later said the UNSC was wrong. The Workers Liberation Front (WLF) agreed; "
        "the WLF said so."
    )
    actors = extract(text)
    assert find(actors, "KCNA").name == "Korean Central News Agency"
    assert find(actors, "KCNA").type == "media"
    assert len(find(actors, "UNSC").mentions) == 3
    wlf = find(actors, "WLF")
    assert wlf is not None and wlf.name == "Workers Liberation Front" and len(wlf.mentions) == 3


def test_boilerplate_is_not_an_actor() -> None:
    text = (
        "Seoul condemned the move.\n\nImages source: PAP/EPA/VYACHESLAV PROKOFYEV / SPUTNIK\n\n"
        "© essanews.com\n\nCopyright Wirtualna Polska Media Spółka Akcyjna, Warsaw"
    )
    actors = extract(text)
    assert [a.name for a in actors] == ["South Korea"]


def test_dateline_source_is_media() -> None:
    actors = extract("TOKYO, April 28 (KUNA) -- South Korea condemned the move.")
    k = find(actors, "KUNA")
    assert k.name == "Kuwait News Agency" and k.type == "media"
    assert find(actors, "Japan") is None


def test_mention_spans_point_at_aliases() -> None:
    text = (
        "Russian President Vladimir Putin met Kim Jong-un in Pyongyang. Putin said the "
        "Rodong Sinmun was right, Yonhap news agency reported."
    )
    actors = extract(text)
    assert actors
    for a in actors:
        assert a.type in ACTOR_TYPES
        assert a.mentions == sorted(a.mentions)
        for s, e in a.mentions:
            assert text[s:e] in a.aliases
        for al in a.aliases:
            assert al in text


def test_reuters_business_paragraph() -> None:
    text = (
        "NEW YORK, Feb 26 - Texaco Inc <TX> said it agreed to sell its stake to Chevron Corp "
        "for 1.2 billion dlrs. Texaco said the sale needs approval from the Securities and "
        'Exchange Commission. "It\'s a good price," said analyst John Smith of Salomon '
        "Brothers Inc."
    )
    actors = extract(text, "TEXACO <TX> TO SELL STAKE")
    texaco = find(actors, "Texaco Inc")
    assert texaco.type == "organisation" and "Texaco" in texaco.aliases
    assert find(actors, "Chevron Corp").type == "organisation"
    assert find(actors, "Securities and Exchange Commission").type == "organisation"
    smith = find(actors, "John Smith")
    assert smith.type == "person" and smith.role == "analyst"
    assert find(actors, "Salomon Brothers Inc").type == "organisation"
    assert find(actors, "New York") is None and find(actors, "TX") is None


def test_reuters_1987_politics() -> None:
    text = (
        "TOKYO, March 3 - Prime Minister Yasuhiro Nakasone said Japan would cut its trade "
        "surplus, and Bank of Japan Governor Satoshi Sumita agreed. OPEC ministers met in "
        "Vienna. Nakasone later met Margaret Thatcher and West German Chancellor Helmut Kohl."
    )
    actors = extract(text)
    nak = find(actors, "Yasuhiro Nakasone")
    assert nak.role == "Prime Minister" and "Nakasone" in nak.aliases
    assert find(actors, "Satoshi Sumita").role == "Bank of Japan Governor"
    assert find(actors, "Bank of Japan").type == "organisation"
    assert find(actors, "OPEC").type == "organisation"
    assert find(actors, "Japan").type == "country/government"
    assert find(actors, "Austria") is None  # "in Vienna" is a place
    assert find(actors, "Helmut Kohl").role == "West German Chancellor"
    assert find(actors, "West German").name == "West Germany"
    assert find(actors, "Margaret Thatcher").type == "person"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Foreign Minister Sheikh Sabah al-Ahmad said Kuwait would attend.", "Sabah al-Ahmad"),
        ("Saudi Oil Minister Hisham Nazer told reporters the price was fair.", "Hisham Nazer"),
        (
            "Finance Minister Gerhard Stoltenberg said the Bundesbank was independent.",
            "Gerhard Stoltenberg",
        ),
        ("Chief Cabinet Secretary Masaharu Gotoda said Tokyo would respond.", "Masaharu Gotoda"),
    ],
)
def test_foreign_names(text: str, name: str) -> None:
    p = find(extract(text), name)
    assert p is not None and p.type == "person"


def test_role_before_name_with_of_phrase() -> None:
    text = "Australian Minister for Trade Negotiations Michael Duffy said the talks would go on."
    p = find(extract(text), "Michael Duffy")
    assert p.role == "Australian Minister for Trade Negotiations"


def test_lowercase_central_bank_joins_known_name() -> None:
    text = (
        "TOKYO, April 8 - The Bank of Japan bought dollars, dealers said. The central bank acted."
    )
    bank = find(extract(text, "JAPAN CENTRAL BANK BUYS DOLLARS"), "Bank of Japan")
    assert bank.aliases == ["Bank of Japan", "central bank"]


def test_lone_speaker_is_a_person() -> None:
    actors = extract("Putin said Moscow would act. The U.S. Has said nothing.")
    assert find(actors, "Putin").type == "person"
    assert find(actors, "Has") is None
