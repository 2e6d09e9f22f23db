"""An actor filter ranks the articles most about the actor first (issue 14, item 7)."""

from __future__ import annotations

from pathlib import Path

from index.api import Dossier

PASSING = """OIL PRICES STEADY IN QUIET TRADE

Published: 2 Mar. 1987, 10:00

Oil prices held steady in quiet trade on Monday, dealers said.

Crude futures were little changed in the afternoon, and traders said the market was calm.

Dealers noted that President Ronald Reagan was due to travel later in the week.
"""

ABOUT = """REAGAN SAYS TRADE TALKS WITH JAPAN WILL GO ON

Published: 3 Mar. 1987, 11:00

WASHINGTON, March 3 - President Ronald Reagan said on Tuesday that trade talks with Japan would go on.

Reagan told reporters the talks were useful. Reagan added that tariffs were a last resort.

A spokesman said Reagan would meet Prime Minister Yasuhiro Nakasone next month, and that
the European Community and Canada would join the talks with the U.S. Congress.
"""


def test_an_actor_filter_ranks_the_article_about_the_actor_first(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # File names put the passing mention first in id order, and the article about him
    # names more actors (a longer actor field: plain BM25 would rank it lower).
    (corpus / "a_passing.txt").write_text(PASSING)
    (corpus / "z_about.txt").write_text(ABOUT)
    d = Dossier.open(corpus)
    d.update()
    try:
        result = d.search('actor:"Ronald Reagan"', limit=10)
        assert [h.id for h in result.hits] == ["z_about", "a_passing"]
        assert result.hits[0].score > result.hits[1].score
        assert result.total == 2
    finally:
        d.close()
