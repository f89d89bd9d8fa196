"""The source pages: editing, clashes shown on the form, merging."""

from __future__ import annotations

import sqlalchemy as sa

from factcheck.models.source import Source
from factcheck.services.sources import registry as sources
from tests.support.articles import acting, save_article

MEMO = ("Ministry denies memo report\n\n"
        "The ministry sent a memo to Washington in October, sources told the FT.\n\n"
        "The talks will resume in the spring, Yonhap said.")


def _arrange(session, user):
    save_article(session, acting(session, user), MEMO)
    return sources.find_source(session, "Yonhap"), sources.find_source(session, "FT")


def test_edit_with_an_alias_of_another_source_keeps_the_typed_form(client, login, checker,
                                                                   session):
    login(checker)
    yonhap, _ = _arrange(session, checker)
    response = client.post(f"/sources/{yonhap.id}", data={
        "version": yonhap.version, "name": "Yonhap", "kind": "publication",
        "aliases": "FT\nYNA", "url": "", "notes": "typed notes"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The alias FT already belongs to Financial Times." in html
    assert "typed notes" in html
    session.expire_all()
    assert "YNA" not in {alias.alias for alias in session.get(Source, yonhap.id).aliases}


def test_editor_merges_a_duplicate_by_alias(client, login, editor, session):
    login(editor)
    yonhap, _ = _arrange(session, editor)
    duplicate = sources.get_or_create(session, acting(session, editor), "Yonhap wire desk",
                                      yonhap.kind)
    session.commit()
    duplicate_id = duplicate.id
    response = client.post(f"/sources/{yonhap.id}/merge", data={"duplicate": "yonhap wire desk"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "its names are now aliases" in page and "Yonhap wire desk" in page
    session.expire_all()
    assert session.get(Source, duplicate_id) is None
    unknown = client.post(f"/sources/{yonhap.id}/merge", data={"duplicate": "Nobody Herald"})
    assert unknown.status_code == 400
    assert "No source by that name or alias." in unknown.get_data(as_text=True)


def test_checkers_cannot_merge(client, login, checker, session):
    login(checker)
    yonhap, ft = _arrange(session, checker)
    assert client.post(f"/sources/{yonhap.id}/merge",
                       data={"duplicate": ft.name}).status_code == 403
    assert session.scalar(sa.select(sa.func.count(Source.id)).where(Source.id == ft.id)) == 1


def test_registry_list_shows_counts(client, login, checker, session):
    login(checker)
    _arrange(session, checker)
    html = client.get("/sources?kind=anonymous").get_data(as_text=True)
    assert ">sources</a>" in html and ">Yonhap</a>" not in html
    assert client.get("/sources?kind=bogus&page=-4").status_code == 200


def test_registry_marks_and_filters_suggested_sources(client, login, checker, session):
    login(checker)
    yonhap, _ = _arrange(session, checker)
    sources.get_or_create(session, acting(session, checker), "Quayside Courier",
                          yonhap.kind)  # typed by a person: confirmed
    session.commit()
    listing = client.get("/sources").get_data(as_text=True)
    assert "Yonhap</a> <span class=\"badge suggested\">Suggested</span>" in listing
    assert "Quayside Courier</a>\n" in listing
    only_suggested = client.get("/sources?status=suggested").get_data(as_text=True)
    assert "Yonhap" in only_suggested and "Quayside Courier" not in only_suggested
    only_confirmed = client.get("/sources?status=confirmed").get_data(as_text=True)
    assert "Yonhap" not in only_confirmed and "Quayside Courier" in only_confirmed


def test_checker_confirms_a_suggested_source(client, login, checker, session):
    login(checker)
    yonhap, _ = _arrange(session, checker)
    session.commit()
    page = client.get(f"/sources/{yonhap.id}").get_data(as_text=True)
    assert "Confirm source" in page and "nobody has confirmed it yet" in page
    response = client.post(f"/sources/{yonhap.id}/confirm")
    assert response.status_code == 302
    assert "Yonhap is confirmed." in client.get(response.headers["Location"]).get_data(
        as_text=True)
    session.expire_all()
    assert not session.get(Source, yonhap.id).suggested
    again = client.post(f"/sources/{yonhap.id}/confirm")
    assert again.status_code == 409 and "already confirmed" in again.get_data(as_text=True)


def test_deleting_a_used_suggestion_is_refused_an_unused_one_goes(client, login, checker,
                                                                 session):
    login(checker)
    yonhap, _ = _arrange(session, checker)
    unused = sources.get_or_create(session, acting(session, checker), "Quayside Courier",
                                   yonhap.kind, by_person=False)
    session.commit()
    unused_id = unused.id
    refused = client.post(f"/sources/{yonhap.id}/delete")
    assert refused.status_code == 409
    assert "Yonhap is used in 1 source chain" in refused.get_data(as_text=True)
    assert "Delete suggested source" in client.get(f"/sources/{unused_id}").get_data(
        as_text=True)
    response = client.post(f"/sources/{unused_id}/delete")
    assert response.status_code == 302
    assert "Deleted the suggested source Quayside Courier." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    assert session.get(Source, unused_id) is None
    assert session.get(Source, yonhap.id) is not None
