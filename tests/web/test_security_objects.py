"""OWASP ASVS 4.2.1 (object-level access: ids in addresses and forms grant
nothing) and 5.3.3 (output escaping: stored markup is shown as text on
every page that shows it, and in the JSON-LD export)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

from factcheck.domain.claims import ClaimKind
from factcheck.domain.ratings import AttributionRating, EvidenceStance, TruthRating
from factcheck.domain.sources import SourceKind
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.models.user import User
from factcheck.models.verdict import Verdict
from factcheck.services.claims import attributions
from factcheck.services.claims import editing as claims
from factcheck.services.intake import articles
from factcheck.services.intake.text_input import Draft
from factcheck.services.review import reviews, verdicts
from factcheck.services.review.reviews import EvidenceInput, ReviewInput
from tests.conftest import TEST_PASSWORD
from tests.support.articles import acting
from tests.support.workflow import story_claims

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
# How Jinja writes the two payloads as text.
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")


def _client(app: Any, email: str) -> Any:
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def _review_form(version: str = "", **fields: str) -> dict[str, str]:
    return {"action": "draft", "version": version, "truth": "true",
            "attribution": "accurate", "rationale": "Checked against the filing.",
            "evidence-0-url": "", "evidence-0-title": "", "evidence-0-stance": "context",
            "evidence-0-note": "", **fields}


@pytest.fixture
def claim_id(session, editor) -> int:
    return story_claims(session, editor)[1].id


# --- ASVS 4.2.1: object-level access ----------------------------------------

def test_asvs_4_2_1_checker_cannot_edit_another_checkers_review(app, session, make_user,
                                                                claim_id):
    first = make_user(email="first@example.org", role="checker")
    second = make_user(email="second@example.org", role="checker")
    theirs = _client(app, first.email)
    assert theirs.post(f"/claims/{claim_id}/review", data=_review_form(
        rationale="first checker's own reasoning")).status_code == 302
    review = session.scalar(sa.select(Review).where(Review.reviewer_id == first.id))
    snapshot = (review.version, review.rationale, review.truth_rating)

    mine = _client(app, second.email)
    # The other review's version and ids, smuggled into the form: the save
    # is of the signed-in person's review only, so the version is stale.
    forged = mine.post(f"/claims/{claim_id}/review", data=_review_form(
        version=str(review.version), rationale="overwritten by someone else",
        truth="false", review_id=str(review.id), reviewer_id=str(first.id),
        reviewer=first.email))
    assert forged.status_code == 409
    session.expire_all()
    assert (review.version, review.rationale, review.truth_rating) == snapshot
    assert session.scalar(sa.select(sa.func.count(Review.id))) == 1

    # Without the forged version it saves a review of their own, beside it.
    own = mine.post(f"/claims/{claim_id}/review", data=_review_form(
        rationale="second checker's reasoning", reviewer_id=str(first.id)))
    assert own.status_code == 302
    session.expire_all()
    rows = session.execute(sa.select(Review.reviewer_id, Review.rationale)
                           .order_by(Review.id)).all()
    assert rows == [(first.id, "first checker's own reasoning"),
                    (second.id, "second checker's reasoning")]
    # And blind review holds: neither draft shows on the other's page.
    page = mine.get(f"/claims/{claim_id}/review").get_data(as_text=True)
    assert "first checker's own reasoning" not in page


def test_asvs_4_2_1_checker_cannot_decide_publish_reopen_or_assign(app, session, checker,
                                                                    claim_id):
    client = _client(app, checker.email)
    claim = session.get(Claim, claim_id)
    before = (claim.status, claim.version, claim.assignee_id)
    for action, data in (("decide", {"rating": "true", "public_rationale": "x"}),
                         ("publish", {"correction_note": ""}),
                         ("reopen", {"reason": "because"}),
                         ("assign", {"assignee": str(checker.id)})):
        response = client.post(f"/claims/{claim_id}/{action}",
                               data={"version": str(claim.version), **data})
        assert response.status_code == 403, action
        assert "does not have permission" in response.get_data(as_text=True)
    session.expire_all()
    assert (claim.status, claim.version, claim.assignee_id) == before
    assert session.scalar(sa.select(sa.func.count(Verdict.id))) == 0


@pytest.mark.parametrize("role", ["checker", "editor"])
def test_asvs_4_2_1_only_admins_manage_users_and_read_the_audit_log(app, session, make_user,
                                                                    role):
    person = make_user(email=f"{role}.person@example.org", role=role)
    target = make_user(email="target@example.org", role="checker")
    client = _client(app, person.email)
    for path in ("/admin/users", "/admin/users/new", f"/admin/users/{target.id}",
                 "/admin/audit"):
        assert client.get(path).status_code == 403, path
    users_before = session.scalar(sa.select(sa.func.count(User.id)))
    created = client.post("/admin/users/new", data={
        "email": "sneaky@example.org", "display_name": "Sneaky", "role": "admin",
        "password": "a long enough passphrase"})
    promoted = client.post(f"/admin/users/{person.id}", data={"role": "admin", "active": "y"})
    disabled = client.post(f"/admin/users/{target.id}", data={"role": "checker"})
    assert (created.status_code, promoted.status_code, disabled.status_code) == (403,) * 3
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count(User.id))) == users_before
    assert session.get(User, person.id).role.value == role
    assert session.get(User, target.id).active


def test_asvs_4_2_1_deactivated_users_old_cookie_stops_working(app, session, checker, admin):
    theirs = _client(app, checker.email)
    assert theirs.get("/articles").status_code == 200
    name, domain = app.config["SESSION_COOKIE_NAME"], app.config["SERVER_NAME"]
    copied = theirs.get_cookie(name, domain=domain).value
    admin_client = _client(app, admin.email)
    assert admin_client.post(f"/admin/users/{checker.id}",
                             data={"role": "checker"}).status_code == 302  # active unticked
    assert theirs.get("/articles").status_code == 302
    replay = app.test_client()
    replay.set_cookie(name, copied, domain=domain)
    response = replay.get("/articles")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- ASVS 5.3.3: escaping everywhere ----------------------------------------

@pytest.fixture
def marked_up(session, editor, make_user) -> dict[str, int]:
    """An article, claim, source, reviews, evidence and a published verdict,
    each carrying markup in what a person typed."""
    actor = acting(session, editor)
    body = (f"Water plant {SCRIPT}\n\n"
            f"The water plant {SCRIPT} was shut for nine days, the utility said.\n\n"
            f"Repairs {IMG} cost $9 million, according to a board report.")
    article = articles.create_article(session, actor, Draft(
        text=body, title=f"Water plant {SCRIPT}{IMG}", outlet=f"Gazette {SCRIPT}",
        url="https://news.example/water")).article
    session.flush()
    start = body.index("The water plant")
    claim = session.scalar(sa.select(Claim).where(Claim.article_id == article.id,
                                                  Claim.start <= start, Claim.end > start))
    if claim is None:
        claim = claims.add_claim(session, actor, article, start, body.index("\n\nRepairs"),
                                 ClaimKind.FACTUAL)
    assert SCRIPT in claim.text
    repairs = body.index("Repairs")
    if session.scalar(sa.select(Claim.id).where(Claim.article_id == article.id,
                                                Claim.start <= repairs,
                                                Claim.end > repairs)) is None:
        claims.add_claim(session, actor, article, repairs, len(body), ClaimKind.FACTUAL)
    attributions.add_hop(session, actor, claim, expected_version=claim.version,
                         attribution_id=None, source_name=f"Agency {SCRIPT}{IMG}",
                         kind=SourceKind.ORGANIZATION, cue="said", hedges="", inherited=False)
    session.flush()
    for number in (1, 2):
        checker = acting(session, make_user(email=f"escaper{number}@example.org"))
        reviews.save_review(session, checker, claim.id, ReviewInput(
            truth=TruthRating.TRUE, attribution=AttributionRating.ACCURATE,
            rationale=f"Rationale {number} {SCRIPT}{IMG}",
            evidence=[EvidenceInput(url="https://evidence.example/a", title=f"Doc {IMG}",
                                    stance=EvidenceStance.SUPPORTS, note=f"Note {SCRIPT}")]),
            submit=True, expected_version=None, required=2)
        session.flush()
    session.refresh(claim)
    verdicts.decide(session, actor, claim.id, rating=TruthRating.TRUE,
                    public_rationale=f"Public {SCRIPT}{IMG}", expected_version=claim.version)
    session.flush()
    session.refresh(claim)
    verdicts.publish(session, actor, claim.id, correction_note="",
                     expected_version=claim.version)
    session.commit()
    source_id = claim.attributions[0].hops[0].source_id
    return {"article": article.id, "claim": claim.id, "source": source_id}


PAGES = [
    ("editor", "/articles"),
    ("editor", "/articles/{article}?claim={claim}"),
    ("editor", "/claims/{claim}/review"),
    ("editor", "/claims/{claim}/edit"),
    ("editor", "/claims"),
    ("editor", "/queues?queue=unassigned"),
    ("editor", "/sources"),
    ("editor", "/sources/{source}"),
    ("editor", "/articles/{article}/history"),
    ("editor", "/claims/{claim}/history"),
    ("editor", "/articles/{article}/report"),
    ("editor", "/dashboard"),
    ("admin", "/admin/audit"),
]


@pytest.mark.parametrize(("role", "path"), PAGES, ids=[path for _, path in PAGES])
def test_asvs_5_3_3_stored_markup_renders_as_text(app, marked_up, editor, admin, role, path):
    first_segment = path.split("?")[0].split("/")[1]
    if first_segment not in {rule.rule.split("/")[1] for rule in app.url_map.iter_rules()}:
        pytest.skip(f"{path} is not registered in this build")
    client = _client(app, (editor if role == "editor" else admin).email)
    response = client.get(path.format(**marked_up))
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:1000]
    for raw in RAW:
        assert raw not in html, f"{raw} is live markup on {path}"
    # The stored values are on the page, as text: else this proves nothing.
    assert any(escaped in html for escaped in ESCAPED), f"no escaped payload on {path}"


def test_asvs_5_3_3_every_stored_field_is_escaped_on_the_claim_page(app, marked_up, editor):
    """The claim page shows the most fields at once: each must be there as text."""
    html = _client(app, editor.email).get(
        f"/claims/{marked_up['claim']}/review").get_data(as_text=True)
    for label in ("Rationale 1 ", "Rationale 2 ", "Doc ", "Public ", "Agency "):
        assert label + ("&lt;" if label != "Doc " else "&#34;&gt;&lt;img") in html, label


def test_asvs_5_3_3_json_ld_can_be_embedded_in_a_script_element(app, marked_up, editor,
                                                                  session):
    client = _client(app, editor.email)
    response = client.post("/exports", data={"format": "claimreview", "status": ""})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    document = json.loads(text)
    assert any(SCRIPT in item["claimReviewed"] for item in document["@graph"])
    assert "</script" not in text.lower() and "<!--" not in text


def test_the_marked_up_desk_is_really_stored_raw(session, marked_up):
    """The escaping tests mean something only if the markup reached the database."""
    article = session.get(Article, marked_up["article"])
    assert SCRIPT in article.title and SCRIPT in article.body
    rationales = session.scalars(sa.select(Review.rationale)).all()
    assert all(IMG in rationale for rationale in rationales) and len(rationales) == 2
    verdict = session.scalar(sa.select(Verdict).where(Verdict.claim_id == marked_up["claim"]))
    assert SCRIPT in verdict.public_rationale
