"""Text and links written into Markdown as literal text: nothing a stored
value contains can start a heading, a list, raw HTML, emphasis or a link
the desk did not write."""

from __future__ import annotations

import re

# Characters that mean something anywhere in a line (emphasis, code, links,
# raw HTML, entities, tables, headings).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~!])")
# What starts a block when it opens a line: a list item, a thematic break,
# a setext underline, a quote, an ordered list ("1." or "1)").
_BLOCK_START = re.compile(r"\A(?:()[-+=]|(\d{1,9})[.)](?=\s|\Z))")
# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]")
# An http(s) address with a host and nothing that could end an autolink.
_LINK = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f-\x9f\u2028\u2029]+\Z", re.IGNORECASE)


def md(text: str | None) -> str:
    """``text`` on one line, every Markdown-special character escaped."""
    flat = _CONTROL.sub(" ", text or "").strip()
    escaped = _SPECIAL.sub(r"\\\1", flat)
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    digits = match.group(2) or ""
    return f"{digits}\\{escaped[len(digits):]}"


def md_link(url: str | None) -> str:
    """An http(s) address as an autolink in angle brackets; anything else
    (javascript:, data:, an address carrying spaces, brackets or control
    characters) as nothing at all."""
    if not url or _LINK.match(url) is None:
        return ""
    return f"<{url}>"
