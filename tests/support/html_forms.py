"""Submit a form the way a browser would: every field of the form on the
page, in document order, with its current value (a hidden input and a
select of the same name are both sent, and a server reading only the first
sees what a browser sends)."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, css_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "form" and not self.done and self.css_class in values.get("class", "").split():
            self.inside = True
            return
        if not self.inside:
            return
        name = values.get("name")
        if tag == "input" and name:
            kind = values.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in values:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((name, values.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((values.get("value", ""), "selected" in values))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "form":
            self.inside, self.done = False, True
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            first = [value for value, _ in self._options[:1]]
            if chosen or first:
                self.fields.append((self._select, (chosen or first)[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None


def browser_fields(html: str, css_class: str) -> list[tuple[str, str]]:
    """The (name, value) pairs the first form with ``css_class`` submits."""
    reader = _FormReader(css_class)
    reader.feed(html)
    assert reader.done, f"no form with class {css_class!r} on the page"
    return reader.fields
