"""Links routed once per page give what routing each would have given."""

from __future__ import annotations

from flask import url_for

from factcheck.web.highlights import link_for_ids


def test_a_link_built_once_matches_url_for_for_every_id(app):
    with app.test_request_context("/"):
        review = link_for_ids("reviews.claim", "claim_id")
        listed = link_for_ids("articles.show", "claim", article_id=7, order="worthiness",
                              _anchor="claim-{id}")
        for claim_id in (1, 98, 987654, 2**31 - 1):
            assert review(claim_id) == url_for("reviews.claim", claim_id=claim_id)
            assert listed(claim_id) == url_for("articles.show", article_id=7, claim=claim_id,
                                               order="worthiness", _anchor=f"claim-{claim_id}")
