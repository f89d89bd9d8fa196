"""The account page's tokens: made with the scopes the role allows, the
secret shown on that one answer only, revocable, each step audited."""

from __future__ import annotations

import re

import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.models import ApiToken, AuditEvent


def _create(client, **fields):
    # The longest lifetime: the app checks tokens on the test config's clock,
    # weeks after the real one that made them.
    data = {"name": "CMS sync", "scopes": ["read"], "lifetime": "366", **fields}
    return client.post("/account/tokens", data=data)


def test_a_token_is_made_and_its_secret_shown_once(client, login, checker, session):
    login(checker)
    page = client.get("/account/tokens").get_data(as_text=True)
    assert 'value="review"' in page and 'value="decide"' not in page
    response = _create(client)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = re.search(r'value="(fct_[^"]+)"', response.get_data(as_text=True)).group(1)
    later = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in later and "CMS sync" in later
    assert secret[:16] + "_…" in later  # recognisable by its public part
    token = session.scalar(sa.select(ApiToken))
    assert token.user_id == checker.id and token.scopes == ["read"]
    assert client.get("/api/v1/claims",
                      headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_a_scope_beyond_the_role_is_refused(client, login, checker, session):
    login(checker)
    response = _create(client, scopes=["read", "decide"])
    assert response.status_code == 400
    assert session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_revoking_is_audited_and_the_token_stops(client, login, checker, session):
    login(checker)
    page = _create(client).get_data(as_text=True)
    secret = re.search(r'value="(fct_[^"]+)"', page).group(1)
    token_id = session.scalar(sa.select(ApiToken.id))
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    assert "Revoked" in client.get("/account/tokens").get_data(as_text=True)
    assert client.get("/api/v1/claims",
                      headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    actions = session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.entity_type == "api_token").order_by(AuditEvent.seq)).all()
    assert actions == [AuditAction.API_TOKEN_CREATED.value, AuditAction.API_TOKEN_REVOKED.value,
                       AuditAction.API_TOKEN_REFUSED.value]


def test_nobody_revokes_another_person_s_token(client, login, checker, editor, session):
    login(editor)
    _create(client)
    token_id = session.scalar(sa.select(ApiToken.id))
    client.post("/logout")
    login(checker)
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert session.get(ApiToken, token_id).revoked_at is None
