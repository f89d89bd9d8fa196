"""The dashboard page and the claim list behind its numbers, through HTTP."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from factcheck.demo.synthetic import load_synthetic
from factcheck.extensions import db
from factcheck.models.article import Article
from tests.support.factories import SYSTEM
from tests.support.querycount import count_statements, statements_for

LINK = re.compile(r'<a class="count-link" href="([^"]+)"(?: data-claims="(\d+)")?>')
OUTLET_OPTION = re.compile(r'<option value="([^"]+)">[^<]+</option>', re.S)
TOTAL = re.compile(r'<strong id="claim-total">(\d+)</strong>')


def _load(app, claims, seed):
    with app.app_context():
        load_synthetic(db.session, SYSTEM, claims, seed=seed)
        db.session.commit()
        return db.session.scalar(sa.select(sa.func.max(Article.id)))


def _first_claim(app, article_id):
    from factcheck.models.claim import Claim

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.min(Claim.id))
                                 .where(Claim.article_id == article_id))


def _links(page: str) -> list[tuple[str, int | None]]:
    return [(html.unescape(href), int(count) if count else None)
            for href, count in LINK.findall(page)]


def test_dashboard_renders_every_section(app, client, editor, login):
    _load(app, 300, seed=21)
    login(editor)
    response = client.get("/dashboard")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for heading in ("Progress", "Verdicts", "Backlog", "Reviewers", "Attribution quality",
                    "Articles needing attention", "Agreement by pair", "Sourcing by outlet"):
        assert heading in page
    assert page.count("<svg") >= 5 and page.count("<table") >= 8
    assert "style=" not in page and "<script>" not in page
    assert "Synthetic Reviewer" in page


def test_while_the_first_count_runs_elsewhere_the_dashboard_says_so(app, client, editor, login):
    """A cold start (nothing counted yet) with another request counting:
    the page comes at once with every maintained figure, and the periodic
    sections say they are being counted rather than show empty tables."""
    from factcheck.services.dashboard import periodic
    from factcheck.web.shared_cache import shared_cache

    _load(app, 120, seed=22)
    with app.test_request_context():
        assert shared_cache().add(periodic.LOCK_KEY, "2026-12-01T11:59:56+00:00", 120)
        db.session.commit()
    login(editor)
    response = client.get("/dashboard")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "are being counted (since 11:59:56 UTC)" in page
    assert page.count('class="empty counting"') == 5  # attention, ages, turnaround, people, matches
    assert "Sourcing by outlet" in page and "Claims by status" in page
    assert "<h3>Workload</h3>" not in page  # the reviewers' tables wait for the count

    with app.test_request_context():
        shared_cache().delete(periodic.LOCK_KEY)
        db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    assert "being counted" not in page.lower() and "<h3>Workload</h3>" in page


def test_every_number_opens_the_claims_behind_it(app, client, editor, login):
    _load(app, 300, seed=22)
    login(editor)
    outlet = OUTLET_OPTION.findall(client.get("/dashboard").get_data(as_text=True))[0]
    page = client.get("/dashboard", query_string={"outlet": outlet}).get_data(as_text=True)
    links = _links(page)
    assert len(links) > 100
    checked = set()
    for href, count in links:
        parts = urlsplit(href)
        assert parts.path == "/claims", href
        assert parse_qs(parts.query)["outlet"] == [outlet], href
        if count is None or href in checked:
            continue
        checked.add(href)
        listed = client.get(href)
        assert listed.status_code == 200, href
        found = TOTAL.search(listed.get_data(as_text=True))
        assert found and int(found.group(1)) == count, href
    assert len(checked) > 60


def test_filters_stay_in_the_links(app, client, editor, login):
    _load(app, 200, seed=23)
    login(editor)
    page = client.get("/dashboard?rating=false&since=2020-01-01").get_data(as_text=True)
    for href, _ in _links(page):
        query = parse_qs(urlsplit(href).query)
        assert query["since"] == ["2020-01-01"], href
        assert query.get("rating", ["false"]) != [""], href


def test_the_list_shows_the_claims_and_refuses_bad_filters(app, client, editor, login):
    _load(app, 200, seed=24)
    login(editor)
    rows = client.get("/claims?status=published").get_data(as_text=True).split("<tbody>")[1]
    assert "Published</span>" in rows
    assert "New</span>" not in rows and "In review</span>" not in rows
    for bad in ("article=abc", "since=yesterday", "verdict_week=2026-02-31", "rating=great",
                "disagree=yes"):
        response = client.get(f"/claims?{bad}")
        assert response.status_code == 400, bad
    assert client.get("/dashboard?outlet=Nowhere+Weekly").status_code == 400


def test_checkers_get_the_list_but_not_the_dashboard(client, checker, login):
    login(checker)
    assert client.get("/claims").status_code == 200
    assert client.get("/dashboard").status_code == 403


@pytest.mark.parametrize("page", ["/dashboard", "/claims", "/claims?status=waiting",
                                  "article", "review", "/", "/articles", "/sources",
                                  "/queues"])
def test_statement_count_does_not_grow_with_the_data(app, client, editor, login, page):
    login(editor)
    counts = []
    for seed in (31, 32):  # the second load doubles the archive
        article_id = _load(app, 150, seed=seed)
        url = {"article": f"/articles/{article_id}",
               "review": f"/claims/{_first_claim(app, article_id)}/review"}.get(page, page)
        client.get(url)  # warm: the session's user and the like
        counts.append(statements_for(app, client, url))
    assert counts[0] == counts[1], counts


def test_the_oldest_claims_cost_the_same_statements_assigned_or_not(app, client, editor,
                                                                   login):
    """The backlog's oldest waiting claims show their article and assignee;
    whether anybody is assigned must not change what the page sends. The
    people the page names are read once."""
    _load(app, 150, seed=36)
    login(editor)
    with app.app_context():
        engine = db.engine
    counts, pages = [], []
    for assignee in (None, editor.id):
        with app.app_context():
            db.session.execute(sa.text("UPDATE claims SET assignee_id = :who"), {"who": assignee})
            db.session.commit()
        client.get("/dashboard")
        with count_statements(engine) as log:
            pages.append(client.get("/dashboard").get_data(as_text=True))
        counts.append(log.count)
        # The reviewers, for the filter menu and the figures, are read once.
        assert len([text for text in log.statements
                    if "FROM users WHERE users.role IN" in " ".join(text.split())]) == 1
    assert counts[0] == counts[1], counts
    oldest = [page.split("Oldest waiting claims", 1)[1].split("</table>", 1)[0] for page in pages]
    assert editor.display_name not in oldest[0] and editor.display_name in oldest[1]


def test_a_full_queue_page_loads_its_claims_in_a_fixed_number_of_statements(
        app, client, editor, login):
    # Which relations the shown claims happen to have (reviews, chains)
    # decides whether an eager load runs at all, so the count may differ by
    # a statement or two between archives; an N+1 would add one per claim.
    login(editor)
    counts, shown = [], []
    for seed in (33, 34):
        _load(app, 300, seed=seed)
        with app.app_context():  # the archive assigns most open claims; free them
            db.session.execute(sa.text("UPDATE claims SET assignee_id = NULL "
                                       "WHERE status IN ('new', 'in_review')"))
            db.session.commit()
        client.get("/queues?queue=unassigned")
        with app.app_context():
            engine = db.engine
        with count_statements(engine) as log:
            page = client.get("/queues?queue=unassigned").get_data(as_text=True)
        shown.append(page.count('/review">'))
        counts.append(log.count)
    assert shown[1] > shown[0] >= 10, shown
    assert max(counts) <= 15, counts


def test_the_list_names_reviewers_but_keeps_their_ratings_blind(app, client, checker, login):
    from factcheck.domain.ratings import TruthRating
    from tests.support.desk import Desk

    with app.app_context():
        desk = Desk(db.session)
        _, (claim,) = desk.article(outlet="Blind Review Weekly", claims=1)
        desk.review(claim, desk.person("Rita Reviewer"), TruthRating.MOSTLY_FALSE)
        db.session.commit()
    login(checker)
    page = client.get("/claims", query_string={"outlet": "Blind Review Weekly"})
    text = page.get_data(as_text=True)
    assert "Rita Reviewer" in text
    assert "Mostly false" not in text.split("<tbody>")[1]


NO_OUTLET_LINK = re.compile(r'\(no outlet\)</th>\s*<td class="num"><a class="count-link" '
                            r'href="([^"]+)" data-claims="(\d+)"')


def test_no_outlet_numbers_open_the_claims_of_articles_without_an_outlet(client, editor, login,
                                                                         session):
    """The "(no outlet)" rows used to link with an empty outlet (every
    claim), and typing ?outlet=(no outlet) was refused as an unknown outlet."""
    from factcheck.domain.ratings import TruthRating
    from tests.support.desk import Desk

    desk = Desk(session)
    _, bare = desk.article(outlet=None, claims=2)
    _, named = desk.article(outlet="Harbour Post", claims=3)
    for claim in (*bare, *named):
        desk.verdict(claim, TruthRating.FALSE)
    session.commit()
    login(editor)
    page = client.get("/dashboard").get_data(as_text=True)
    links = NO_OUTLET_LINK.findall(page)
    assert links, "no (no outlet) row with a link"
    for href, count in links:
        href = html.unescape(href)
        assert parse_qs(urlsplit(href).query)["outlet"] == ["(no outlet)"], href
        listed = client.get(href)
        assert listed.status_code == 200, href
        assert int(TOTAL.search(listed.get_data(as_text=True)).group(1)) == int(count)
    typed = client.get("/claims", query_string={"outlet": "(no outlet)"})
    assert typed.status_code == 200
    body = typed.get_data(as_text=True)
    assert int(TOTAL.search(body).group(1)) == 2
    assert bare[0].text in body and named[0].text not in body
    assert client.get("/dashboard", query_string={"outlet": "(no outlet)"}).status_code == 200


def test_a_sourcing_filter_costs_the_list_no_statement_more(app, client, editor, login):
    """Filtering by sourcing reads the claims' own columns and takes the
    total from counters: the same statements as the list by status alone,
    none of them counting claims or reading chains to filter."""
    login(editor)
    _load(app, 150, seed=35)
    client.get("/claims")
    plain = statements_for(app, client, "/claims?status=waiting")
    with app.app_context():
        engine = db.engine
    with count_statements(engine) as log:
        page = client.get("/claims?status=waiting&sourcing=anonymous").get_data(as_text=True)
    assert log.count == plain
    assert not [text for text in log.statements if "count(" in text.lower()
                and "from claims" in text.lower()]
    assert not [text for text in log.statements if "from claims" in text.lower()
                and "attribution_hops" in text.lower()]
    with app.app_context():
        # Counted from the chains, not from the columns the list reads.
        waiting_anonymous = db.session.scalar(sa.text(
            "SELECT count(*) FROM claims WHERE status IN "
            "('new', 'in_review', 'reviewed', 'disputed', 'approved') AND EXISTS ("
            "SELECT 1 FROM attributions a JOIN attribution_hops h ON h.attribution_id = a.id "
            "JOIN sources s ON s.id = h.source_id "
            "WHERE a.claim_id = claims.id AND s.kind = 'anonymous')"))
    assert waiting_anonymous > 0
    assert int(TOTAL.search(page).group(1)) == waiting_anonymous
