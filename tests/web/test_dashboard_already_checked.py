"""What an editor sees of the "already checked" share on the dashboard."""

from __future__ import annotations

import html
import re

from factcheck.services.matching.claim_figures import refresh_claims
from tests.services.dashboard.test_already_checked import (
    FERRIES,
    desk,  # noqa: F401 (fixture)
)
from tests.support.querycount import statements_for
from tests.support.verdicts import make_article
from tests.support.workflow import acting

SECTION = re.compile(r'<section id="already-checked".*?</section>', re.S)
ROW = re.compile(r'<tr><th scope="row">([^<]+)</th>\s*<td class="num"><a class="count-link" '
                 r'href="([^"]+)" data-claims="(\d+)">\d+</a></td>\s*<td class="num">(\d+)</td>'
                 r'\s*<td class="num">(\d+)%</td></tr>')


def test_an_editor_sees_the_share_by_outlet_and_what_it_means(app, client, editor, login,
                                                              desk):  # noqa: F811
    login(editor)
    page = client.get("/dashboard").get_data(as_text=True)
    section = html.unescape(SECTION.search(page).group(0))
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "Already checked" in text
    assert ("counts as already checked when a reviewer linked it as the same claim as a "
            "published verdict") in text
    assert 'the "likely the same claim" similarity of 0.40' in text
    assert "3 of 4 incoming claims were already checked (75%)" in text
    rows = [(outlet, int(incoming), int(done), int(share))
            for outlet, _, incoming, done, share in ROW.findall(section)]
    assert rows == [("Harbour Post", 2, 1, 50), ("Evening Star", 1, 1, 100),
                    ("(no outlet)", 1, 1, 100)]
    # Each outlet's incoming claims open the claim list for that outlet.
    links = [href for _, href, *_ in ROW.findall(section)]
    listed = client.get(links[0]).get_data(as_text=True)
    assert re.search(r'<strong id="claim-total">2</strong>', listed)


def test_the_dashboard_statements_do_not_grow_with_outlets_and_claims(
        app, client, editor, login, session, desk):  # noqa: F811
    login(editor)
    client.get("/dashboard")  # warm: the session's user and the like
    # Two filter sets the page has not kept yet: both are computed afresh.
    before = statements_for(app, client, "/dashboard?since=2020-01-01")
    user = acting(session, editor)
    for outlet in ("Weekly Tide", "Morning Bell"):
        _, claims = make_article(session, user.id, [FERRIES, "Rents rose again"], outlet=outlet)
        refresh_claims(session, claims)
    session.commit()
    after = statements_for(app, client, "/dashboard?since=2020-01-02")
    assert before == after
