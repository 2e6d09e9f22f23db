"""Property-based tests: no query string crashes the search API or the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.api import Dossier, QueryError

from .conftest import SEEDS

SYNTAX = [
    '"', "'", "(", ")", "[", "]", "{", "}", ":", "*", "?", "~", "^", "\\", "/", "-", "+", "!",
    " AND ", " OR ", " NOT ", " TO ", " to ", "title:", "body:", "date:", "actor:", "source:",
    "id:", "foo:", "date:[", "date:>", "<", ">", "=", "korea", "Kim", "2025", "2024-10-01",
    "\u202e", "\x00", "\x1b", "東京", "é", "🙂", " ", "\n", "\t",
]  # fmt: skip

queries = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(SYNTAX), max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=4)), max_size=10).map("".join),
)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Dossier:
    d = Dossier.open(SEEDS, index_dir=tmp_path_factory.mktemp("ix"))
    d.update()
    yield d
    d.close()


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=queries)
def test_search_api_never_raises_anything_but_query_error(seeds: Dossier, q: str) -> None:
    try:
        result = seeds.search(q, limit=5)
    except QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message
        return
    assert result.total >= len(result.hits)
    for hit in result.hits:
        article = seeds.article(hit.id)
        for s, e in hit.spans:
            assert 0 <= s < e <= len(article.text)
    for sort in ("date",):
        seeds.search(q, limit=5, sort=sort)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=queries)
def test_cli_exits_0_or_2_with_one_line(q: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    q = q.replace("\x00", "")  # argv cannot carry NUL bytes
    home = os.environ["DOSSIER_HOME"]
    proc = subprocess.run(
        [sys.executable, "-m", "tui.cli", "search", "--json", "--", q],
        capture_output=True, text=True, env={**os.environ, "DOSSIER_HOME": home}, timeout=60,
    )  # fmt: skip
    assert proc.returncode in (0, 2), proc.stderr
    assert "Traceback" not in proc.stderr
    if proc.returncode == 0:
        assert json.loads(proc.stdout)["query"] == q
    else:
        assert len(proc.stderr.strip().splitlines()) == 1
