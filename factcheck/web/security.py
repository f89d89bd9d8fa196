"""Security headers on every response, and the strict CSP: no inline
script or style anywhere, every asset served from here."""

from __future__ import annotations

from flask import current_app, g, request
from werkzeug.wrappers import Response

from factcheck.config import settings_of

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if settings_of(current_app.config).production:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Pages behind the login must not linger in shared browser caches. The
    # user is read from what this request already loaded: asking again could
    # hit the database on the way out of a "database unavailable" page.
    user = g.get("_login_user")
    if request.endpoint != "static" and user is not None and user.is_authenticated:
        headers["Cache-Control"] = "no-store"
    return response
