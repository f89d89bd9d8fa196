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
