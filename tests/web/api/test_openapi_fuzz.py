"""The OpenAPI document, and schemathesis over the live WSGI app with an
editor's token (every scope an editor may hold): for inputs generated from
the document, valid and invalid alike, no 5xx, and every answer (status,
content type, body) is one the document declares.

Deterministic (derandomized) and kept to a few examples per operation, so
each database runs it in well under a minute."""

from __future__ import annotations

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.definitions import OPENAPI_31

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from tests.support.api import bearer, issue_token
from tests.support.desk import NOW, Desk

EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def test_the_document_is_openapi_3_1_with_the_bearer_scheme(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearerAuth"]["description"]}
    assert document["security"] == [{"bearerAuth": []}]
    text = client.get("/api/v1/openapi.json").get_data(as_text=True)
    # 3.1 spells "may be null" as a type array; 3.0's keyword is gone.
    assert '"nullable"' not in text
    outlet = document["components"]["schemas"]["ArticleOut"]["properties"]["outlet"]
    assert outlet["type"] == ["string", "null"]


def test_the_document_validates_as_openapi_3_1(client):
    """Against the OpenAPI 3.1 meta-schema (the copy schemathesis ships),
    and each schema in it against JSON Schema 2020-12, 3.1's dialect."""
    document = client.get("/api/v1/openapi.json").get_json()
    jsonschema_rs.Draft202012Validator(OPENAPI_31).validate(document)
    for found in document["components"]["schemas"].values():
        jsonschema_rs.meta.validate({"$schema": "https://json-schema.org/draft/2020-12/schema",
                                     **found})


OPERATIONS = [
    ("GET", "/api/v1/articles"), ("POST", "/api/v1/articles"),
    ("GET", "/api/v1/articles/{article_id}"), ("GET", "/api/v1/claims"),
    ("GET", "/api/v1/claims/{claim_id}"), ("POST", "/api/v1/claims/{claim_id}/reviews"),
    ("GET", "/api/v1/verdicts"), ("GET", "/api/v1/verdicts/{verdict_id}"),
    ("GET", "/api/v1/corrections"), ("GET", "/api/v1/corrections/{correction_id}"),
    ("GET", "/api/v1/sources"), ("GET", "/api/v1/sources/{source_id}"),
    ("GET", "/api/v1/exports/claims"),
]


@pytest.fixture
def api_schema(app, session):
    desk = Desk(session)
    source = desk.source("Fuzz Wire")
    _, claims = desk.article(claims=3)
    desk.chain(claims[0], source)
    desk.set(claims[0], status=ClaimStatus.PUBLISHED)
    desk.verdict(claims[0], TruthRating.FALSE, published=NOW)
    session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def fuzz_token(app, make_user):
    return issue_token(app, make_user(email="fuzz@example.org", role="editor"))


def test_every_operation_is_fuzzed(api_schema):
    documented = {(result.ok().method.upper(), result.ok().path)
                  for result in api_schema.get_all_operations()}
    assert documented == set(OPERATIONS)


# schemathesis's own pytest integration (``from_fixture``) does not run on
# pytest 9, so each operation's cases are drawn with Hypothesis directly.
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_answers_as_documented(api_schema, fuzz_token, method, path):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def answers_as_documented(case):
        case.call_and_validate(headers=bearer(fuzz_token), checks=CHECKS)

    answers_as_documented()
