"""Actors on wire copy (issue 14): one test per mechanism, on made-up sentences in the style of
news agency copy (no archive text). Names are real-world public bodies and people."""

from __future__ import annotations

from index.actors import Actor, default_extractor, merge_corpus
from index.actors.cluster import build_actors
from index.actors.gazetteer import gazetteer
from index.actors.mentions import Mention


def names(text: str, date: str | None = None) -> dict[str, Actor]:
    return {a.name: a for a in default_extractor().extract("", text, date)}


# -- gazetteer-first names ------------------------------------------------------------------
def test_stop_capitals_inside_known_names() -> None:
    got = names(
        "New Zealand's jobless rate rose. Shares closed on the New York Stock Exchange. "
        "Papua New Guinea agreed."
    )
    assert {"New Zealand", "New York Stock Exchange", "Papua New Guinea"} <= set(got)
    assert not any(n.startswith(("York", "Zealand", "Guinea")) for n in got)


def test_possessive_inside_company_names() -> None:
    got = names(
        "Moody's Investors Service Inc said it cut the rating. Standard and Poor's Corp "
        "agreed, and Standard & Poor's added more. McDonald's Corp said sales rose."
    )
    assert got["Moody's"].aliases == ["Moody's Investors Service Inc"]
    assert "Standard & Poor's" in got and "McDonald's Corp" in got
    assert not any(n.startswith(("Investors Service", "Corp")) for n in got)


def test_a_countrys_possessive_is_not_part_of_a_company() -> None:
    got = names("Japan's Nippon Steel Corp said output fell.")
    assert {"Japan", "Nippon Steel Corp"} <= set(got)


def test_and_and_commas_inside_company_names() -> None:
    got = names(
        "Goldman, Sachs and Co and Merrill Lynch, Pierce, Fenner and Smith Inc were "
        "managers. The Food and Drug Administration approved the drug."
    )
    assert "Goldman Sachs" in got
    assert "Merrill Lynch, Pierce, Fenner and Smith Inc" in got
    assert "Food and Drug Administration" in got
    assert not any(n.startswith(("Sachs", "Drug", "Fenner")) for n in got)


def test_and_between_two_actors_still_splits() -> None:
    got = names("Britain and Japan met. Reagan and Congress disagreed.")
    assert {"United Kingdom", "Japan", "Congress"} <= set(got)


def test_a_legal_form_ends_a_company_name() -> None:
    got = names("Texaco Inc. Standard Oil Co and Dimis Inc said they agreed.")
    assert "Texaco" in got and "Standard Oil Co" in got and "Dimis Inc" in got
    assert not any("Inc. Standard" in n for n in got)
    got = names("Swiss Bank Corporation International Ltd and Nomura International Ltd said.")
    assert set(got) == {"Swiss Bank Corporation International Ltd", "Nomura International Ltd"}


def test_known_company_under_its_short_name() -> None:
    got = names("Toyota Motor Corp and Ford Motor Co said they would cut output.")
    assert {"Toyota", "Ford"} <= set(got)


# -- company and person evidence ------------------------------------------------------------
def test_ticker_marks_a_company_and_is_no_actor() -> None:
    got = names("Citicorp <CCI> said its profit rose. Citicorp said more. <Dimis Inc> agreed.")
    assert got["Citicorp"].type == "organisation"
    assert got["Dimis Inc"].type == "organisation"
    assert "CCI" not in got
    got = names(
        "Merrill Lynch <MER> Capital Markets said it agreed. Guest Supply INc said it would. "
        "IBM <IBM> Chairman John Akers said he agreed."
    )
    assert got["Merrill Lynch Capital Markets"].type == "organisation"
    assert got["Guest Supply INc"].type == "organisation"
    assert got["John Akers"].role == "Chairman"


def test_report_verb_needs_person_evidence() -> None:
    got = names(
        "Dean Witter Reynolds said it would buy the stake. Corp said it agreed. "
        "Bankers said rates would fall. Penney said its sales rose. John Smith said he agreed."
    )
    assert got["John Smith"].type == "person"
    assert not any(a.type == "person" and n != "John Smith" for n, a in got.items())


def test_person_named_after_a_company_of_the_article_joins_it() -> None:
    got = names(
        "<Advanced Voice Technologies Inc> filed a suit. Advanced Voice said the rival knew."
    )
    assert list(got) == ["Advanced Voice Technologies Inc"]
    assert got["Advanced Voice Technologies Inc"].aliases == [
        "Advanced Voice Technologies Inc",
        "Advanced Voice",
    ]


def test_firm_roles_make_companies() -> None:
    got = names(
        "The bond is priced at par, lead manager Morgan Stanley International said. "
        "Christopher Osborne of stockbrokers Hoare Govett said costs rose."
    )
    assert got["Morgan Stanley International"].type == "organisation"
    assert got["Hoare Govett"].type == "organisation"
    assert got["Christopher Osborne"].type == "person"
    assert names("London Broker Hoare Govett said rates would fall.")["Hoare Govett"].type == (
        "organisation"
    )


def test_names_led_by_an_initial() -> None:
    got = names("Oilman T. Boone Pickens said he would buy. Pickens said more.")
    assert got["T. Boone Pickens"].aliases == ["T. Boone Pickens", "Pickens"]
    # an initial or a generation is a person's mark even with no verb or role
    got = names(
        "An effort by Texas oilman T. Boone Pickens failed. A group that includes "
        "Charles C. Hinkley III said it would bid. J.C. Penney said its sales rose."
    )
    assert got["T. Boone Pickens"].type == got["Charles C. Hinkley III"].type == "person"
    assert got["J.C. Penney"].type == "organisation"


def test_party_members_are_roles() -> None:
    got = names(
        "Christian Democrat Andreotti said he would try. Senate Republican leader Robert Dole agreed."
    )
    assert got["Andreotti"].type == "person" and got["Robert Dole"].type == "person"
    assert "Senate" in got and not any("Republican" in n or "Democrat" in n for n in got)


def test_leader_of_an_administration_is_a_person() -> None:
    got = names("The Reagan administration said it would veto the bill.")
    assert got["Reagan"].type == "person"
    assert names("The Socialist government resigned.") == {}


# -- countries: eras, places, instruments ---------------------------------------------------
def test_era_aware_country_names() -> None:
    text = "MOSCOW - The Kremlin said Russia and Germany agreed. Bonn welcomed it. East Germany did not."
    assert set(names(text, "1987-03-01")) == {"Soviet Union", "West Germany", "East Germany"}
    assert set(names(text, "2024-03-01")) == {"Russia", "Germany", "East Germany"}
    assert set(names(text)) == {"Russia", "Germany", "East Germany"}


def test_places_currencies_and_instruments_are_not_actors() -> None:
    got = names(
        "The bonds will be listed in Luxembourg and priced in U.S. Dlr. A Canadian company "
        "bought a Cornwall, England producer. Treasury bills rose. The Amazon jungle burned. "
        "Listing will be in Luxembourg. EC ministers meeting in Brussels agreed on the French "
        "subsidiaries of U.S. banks."
    )
    assert set(got) == {"European Community"}


def test_a_list_of_countries_is_not_an_address() -> None:
    got = names("Traders from Hong Kong, New Zealand and Singapore came.")
    assert {"Hong Kong", "New Zealand", "Singapore"} <= set(got)


def test_a_country_named_as_an_actor_keeps_its_place_mentions_as_aliases() -> None:
    got = names("Luxembourg said it would cut taxes. The bonds are listed in Luxembourg.")
    assert len(got["Luxembourg"].mentions) == 2


def test_country_government_is_the_country() -> None:
    got = names("The U.S. Government and the U.K. Government said they agreed.")
    assert set(got) == {"United States", "United Kingdom"}


# -- generic bodies ---------------------------------------------------------------------------
def test_generic_bodies_take_their_country() -> None:
    got = names("ROME - Italy's Christian Democrats left Parliament. The Italian Parliament voted.")
    assert "Christian Democrats (Italy)" in got and "Christian Democratic Union" not in got
    assert got["Parliament (Italy)"].aliases == ["Parliament", "Italian Parliament"]
    got = names("WELLINGTON - New Zealand's Labour Party and the Reserve Bank said.")
    assert {"Labour Party (New Zealand)", "Reserve Bank (New Zealand)"} <= set(got)


def test_home_bodies_keep_their_name_and_party_aliases_stay_home() -> None:
    assert "Labour Party" in names("LONDON - Britain's Labour Party said.")
    assert "Senate" in names("The U.S. Senate voted.")
    assert "Labour Party" not in names(
        "CARACAS - Venezuela's unions pressed. Labour's demands grew."
    )


# -- corpus merge ---------------------------------------------------------------------------
def test_lone_surname_joins_the_dominant_full_name() -> None:
    ex = default_extractor()
    per = {f"a{i}": ex.extract("", "President Ronald Reagan said he agreed.") for i in range(4)}
    per["b"] = ex.extract("", "Nancy Reagan said she agreed.")
    per["c"] = ex.extract("", "The Reagan administration said it would veto it.")
    corpus = merge_corpus(per)
    reagan = corpus.find("Ronald Reagan")
    assert reagan.name == "Ronald Reagan" and reagan.articles == 5
    assert [a.name for a in corpus.articles["c"]] == ["Ronald Reagan"]
    assert corpus.find("Nancy Reagan").articles == 1


def test_person_named_like_a_corpus_company_becomes_it() -> None:
    ex = default_extractor()
    per = {
        "a": ex.extract("", "Dean Witter Reynolds Inc said it bought the shares."),
        "b": ex.extract("", "The stock rose, said Dean Witter Reynolds analysts."),
        "c": ex.extract("", "Shares of Texaco Inc rose. Texaco, Inc fell."),
    }
    corpus = merge_corpus(per)
    assert not [c for c in corpus.corpus if c.type == "person"]
    assert corpus.find("Texaco").articles == 1


def test_house_wire_ranks_last() -> None:
    ex = default_extractor()
    per = {f"r{i}": ex.extract("", "Exxon told Reuters it agreed.") for i in range(120)}
    per.update({f"x{i}": ex.extract("", "Japan and Exxon agreed.") for i in range(10)})
    ranked = [c.name for c in merge_corpus(per).corpus]
    assert ranked[-1] == "Reuters" and ranked[0] == "Exxon"


# -- linear in the article's length -----------------------------------------------------------
def test_pending_words_resolve_like_a_scan_of_every_group() -> None:
    """The indexed resolution picks the same group as the rule it replaced: the nearest
    earlier full name for a surname, the company for its short name or acronym."""
    g = gazetteer()
    text = "Ronald Reagan met. Nancy Reagan spoke. Reagan left. Texaco Inc grew. Texaco fell."
    ms = [
        Mention(0, 13, "person", "Ronald Reagan", "person"),
        Mention(19, 31, "person", "Nancy Reagan", "person"),
        Mention(39, 45, "pending", "Reagan", "pending"),
        Mention(52, 62, "organisation", "Texaco Inc", "org"),
        Mention(69, 75, "pending", "Texaco", "pending"),
    ]
    got = {a.name: a.aliases for a in build_actors(text, ms, g)}
    assert got == {
        "Ronald Reagan": ["Ronald Reagan"],
        "Nancy Reagan": ["Nancy Reagan", "Reagan"],
        "Texaco Inc": ["Texaco Inc", "Texaco"],
    }


def test_documents_portfolios_and_seats_are_not_actors() -> None:
    got = names(
        "The Household Labour Force Survey and the Plaza Accord held. South Africa's Labour "
        "Minister met. Siemens AG <SIEG.F>, West Germany, won. Sugar moved Queensland/Japan. "
        "Shipments to Iranian and Iraqi ports fell."
    )
    assert set(got) == {"South Africa", "Siemens"}


def test_long_appositive_role_and_bodies_named_after_a_country() -> None:
    got = names(
        "Jay Naidoo, general secretary of the Congress of South African Trade Unions (COSATU), "
        "urged support. Imports go through the Trading Corporation of Pakistan (TCP)."
    )
    assert (
        got["Jay Naidoo"].role == "general secretary of the Congress of South African Trade Unions"
    )
    assert "Trading Corporation of Pakistan" in got


# -- ranking data for an actor filter -------------------------------------------------------
def test_salience_ranks_the_article_about_the_actor_first() -> None:
    from index.actors.salience import actor_weights, salience

    ex = default_extractor()
    about = "Exxon Corp said it raised prices. Exxon said demand rose. " + "Oil rose. " * 50
    about += "Exxon will report later."
    passing = "Oil prices rose. " * 40 + "Texaco and Exxon were quiet."
    a = next(x.to_json() for x in ex.extract("", about) if x.name == "Exxon")
    b = next(x.to_json() for x in ex.extract("", passing) if x.name == "Exxon")
    assert salience(a, "EXXON RAISES PRICES") > salience(a, "OIL PRICES") > salience(b, "OIL")
    assert actor_weights([a], "EXXON RAISES PRICES") == {"exxon": 4}
    assert actor_weights([b], "OIL") == {"exxon": 1}


def test_a_title_names_an_actor_only_as_whole_words() -> None:
    """contains_word answers what the word-bounded regex it replaced answered."""
    import random
    import re

    from index.actors.salience import contains_word

    cases = [
        ("exxon raises prices", "exxon", True),
        ("exxonmobil raises prices", "exxon", False),
        ("big_exxon deal", "exxon", False),  # _ is a word character
        ("4exxon", "exxon", False),
        ("exxons exxon", "exxon", True),  # the second occurrence is whole
        ("zürich bank", "zürich", True),
        ("élan", "lan", False),  # an accented letter is a word character
        ("kim jong un visits", "kim jong", True),
        ("", "a", False),
    ]
    for text, words, expected in cases:
        assert contains_word(text, words) is expected, (text, words)
    rng = random.Random(13)
    alphabet = "ab_1 é-.ß"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        words = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
        regex = re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None
        assert contains_word(text, words) is regex, (text, words)


def test_domains_and_slashed_credits_hold_no_actors() -> None:
    from index.actors.scan import boilerplate_spans

    text = "Prices rose, Reuters.COM said.\nAFP/Getty Images\nMore at Reuters.Net"
    spans = {text[s:e] for s, e in boilerplate_spans(text)}
    assert {"Reuters.COM", "Reuters.Net", "AFP/Getty"} <= spans
    plain = "Prices rose on Monday, Reuters said."
    assert boilerplate_spans(plain) == []
    names = {a.name for a in default_extractor().extract("Prices", text)}
    assert not any("Getty" in n or ".COM" in n for n in names), names
