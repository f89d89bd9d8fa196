"""Pages of a list: each holds what was asked, the next one follows on
without a gap or a repeat, and a page past the end is the last one."""

from __future__ import annotations

from factcheck.models.user import User
from factcheck.services.core.pages import MAX_PAGE, page_number, page_of, paginate
from tests.support.desk import Desk


def test_pages_of_a_query_follow_on_and_say_when_the_list_ends(session):
    desk = Desk(session)
    people = [desk.person(f"Person {n}") for n in range(4)]
    query = User.__table__.select().with_only_columns(User.id).order_by(User.id)
    wanted = [user.id for user in [desk.editor, *people]]
    seen, number, has_next = [], 1, True
    while has_next:
        page = paginate(session, query, number, 2)
        assert page.number == number and len(page.items) <= 2
        seen.extend(page.items)
        has_next, number = page.has_next, number + 1
    assert seen == wanted and number == 4  # 2 + 2 + 1, and no empty page after
    assert page.pages is None  # not counted


def test_pages_of_a_list_in_memory():
    letters = list("abcde")
    assert page_of(letters, 1, 2).items == ["a", "b"] and page_of(letters, 1, 2).has_next
    last = page_of(letters, 3, 2)
    assert last.items == ["e"] and not last.has_next
    assert page_of(letters, 9, 2).items == []


def test_page_numbers_from_the_address_stay_in_bounds():
    assert page_number(None) == 1
    assert page_number(-3) == 1
    assert page_number(10**12) == MAX_PAGE
    assert page_number(7, last=3) == 3
    assert page_number(7, last=0) == 1  # an empty list still has its first page


def test_a_counted_page_knows_how_many_pages_there_are():
    page = page_of(list(range(5)), 1, 2)
    counted = page.with_items(["x"])
    assert counted.items == ["x"] and counted.number == 1 and counted.has_next
    assert type(page)(["x"], 1, True, total=5, per_page=2).pages == 3
