"""axe-core in the browser: the WCAG 2.1 A and AA rules run on the page as
the browser drew it. The engine is vendored under tests/ (never served to
users); see vendor/axe-core/README.md for its version and checksums."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """(tags) => axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
}).then((result) => result.violations.map((violation) => ({
    id: violation.id,
    help: violation.help,
    nodes: violation.nodes.slice(0, 4).map((node) => node.target.join(" ")),
})))"""


@cache
def axe_source() -> str:
    data = AXE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == AXE_SHA256, f"{AXE} is not the vendored axe-core ({digest})"
    return data.decode("utf-8")


def violations(page: Any) -> list[str]:
    """The page's WCAG 2.1 A/AA violations, one line each. The engine is
    evaluated through the DevTools protocol, which the page's CSP does not
    govern: the page itself still runs under the strict policy."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    found = page.evaluate(_RUN, WCAG_21_A_AA)
    return [f"{item['id']}: {item['help']} at {item['nodes']}" for item in found]
