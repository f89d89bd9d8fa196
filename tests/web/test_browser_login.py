"""Signing in and out in a real browser, under the strict CSP."""

from __future__ import annotations

import pytest

from tests.support.browser import screenshot

pytestmark = pytest.mark.browser


def test_sign_in_see_overview_and_sign_out(page, browser_login):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.goto("/admin/users")
    assert "/login?next=" in page.url
    screenshot(page, "login")

    browser_login("admin@live.example")
    assert page.get_by_role("heading", name="Overview").is_visible()
    assert page.get_by_text("Live Admin").is_visible()
    page.get_by_role("link", name="Users").click()
    assert page.get_by_role("cell", name="checker@live.example").is_visible()
    screenshot(page, "admin-users")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    assert page.get_by_text("You are signed out.").is_visible()
    page.goto("/")
    assert "/login" in page.url
    # No CSP violations or script errors anywhere on the way.
    assert errors == []


def test_wrong_password_keeps_you_on_the_form(page):
    page.goto("/login")
    page.get_by_label("Email").fill("checker@live.example")
    page.get_by_label("Password").fill("not the right one at all")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("Email or password is not correct.").is_visible()
    assert page.get_by_label("Email").input_value() == "checker@live.example"
