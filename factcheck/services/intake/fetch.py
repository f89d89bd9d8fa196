"""Fetching an article page by URL, safely: http(s) only, public addresses
only (unless configured), timeouts, a size cap, re-checked redirects."""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from factcheck.domain.addresses import denied_because, parse_address
from factcheck.services.core.errors import ValidationFailed

if TYPE_CHECKING:
    from factcheck.config import Settings

MAX_REDIRECTS = 5
READ_CHUNK = 64 * 1024
USER_AGENT = "factcheck/0.1 (+newsroom fact-checking tool)"

# getaddrinfo has no time limit of its own: a name server that never answers would hold
# the request (and its worker) for as long as the resolver's retries last. Lookups run on
# a small pool and are waited for at most this long; a stuck one ends in its own time.
LOOKUP_SECONDS = 5.0
_lookups = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="dns")


@dataclass(frozen=True)
class FetchPolicy:
    max_bytes: int = 5 * 1024 * 1024
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    # For the whole fetch, redirects included: a page that drips a byte at a
    # time never trips the per-read timeout, and used to hold its request
    # (and, with it, everyone's writes) for as long as it liked.
    total_timeout: float = 20.0
    allow_private: bool = False


def policy_of(settings: Settings) -> FetchPolicy:
    """How pages are fetched for this app (articles, their later revisions,
    and the revisions watcher)."""
    return FetchPolicy(allow_private=settings.fetch_allow_private,
                       connect_timeout=settings.fetch_connect_timeout,
                       read_timeout=settings.fetch_read_timeout,
                       total_timeout=settings.fetch_total_timeout)


@dataclass(frozen=True)
class Fetched:
    url: str
    body: bytes
    content_type: str
    # The validators a later conditional GET sends back (empty when absent).
    etag: str = ""
    last_modified: str = ""
    # True when a conditional GET was answered 304: ``body`` is empty.
    not_modified: bool = False


def _check_url(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url.strip())
        explicit_port = parts.port  # raises on a port out of range
    except ValueError as error:
        raise ValidationFailed("That is not a valid web address.") from error
    if parts.scheme not in ("http", "https"):
        raise ValidationFailed("Only http:// and https:// addresses can be fetched.")
    if not parts.hostname:
        raise ValidationFailed("That address has no host name.")
    if parts.username or parts.password:
        raise ValidationFailed("Addresses with a user name or password are not fetched.")
    port = explicit_port or (443 if parts.scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port, path


def checked_address(url: str, allow_private: bool, lookup_seconds: float = LOOKUP_SECONDS,
                    ) -> tuple[str, str, int, str, str]:
    """The fetcher's rules for any address the app connects to (article
    pages, webhook endpoints): scheme, host, port and path of ``url``, and
    the resolved address to connect to, which is refused (ValidationFailed)
    when private or local unless ``allow_private``."""
    scheme, host, port, path = _check_url(url)
    return scheme, host, port, path, _resolve(host, port, allow_private, lookup_seconds)


def _resolve(host: str, port: int, allow_private: bool,
             lookup_seconds: float = LOOKUP_SECONDS) -> str:
    lookup = _lookups.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=lookup_seconds)
    except concurrent.futures.TimeoutError:
        lookup.cancel()  # if it had not started yet
        raise ValidationFailed(
            f"Looking up the host {host} took more than {lookup_seconds:g} s; "
            "try again later.") from None
    except (socket.gaierror, UnicodeError) as error:
        raise ValidationFailed(f"The host {host} could not be found.") from error
    addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        why = denied_because(parse_address(address))
        if not allow_private and why is not None:
            raise ValidationFailed(
                f"{host} points to a private or local address ({why}); "
                "such addresses are not fetched."
            )
    return addresses[0]


class Deadline:
    """The total time limit of a fetch (or a webhook delivery). When it
    passes, the socket in use is shut down from a timer thread, which ends
    any read blocked on it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.passed = threading.Event()
        self._timer: threading.Timer | None = None

    def remaining(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            self.passed.set()
            raise self.error()
        return left

    def guard(self, sock: socket.socket) -> None:
        self.cancel()
        self._timer = threading.Timer(self.remaining(), self._cut, args=(sock,))
        self._timer.daemon = True
        self._timer.start()

    def _cut(self, sock: socket.socket) -> None:
        self.passed.set()
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def error(self) -> ValidationFailed:
        return ValidationFailed(f"The page took longer than {self.seconds:g} seconds in all to "
                                "arrive; try again later.")


def read_body(response: http.client.HTTPResponse, max_bytes: int,
              deadline: Deadline) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        deadline.remaining()
        chunk = response.read(min(READ_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def fetch(url: str, policy: FetchPolicy, etag: str = "", last_modified: str = "") -> Fetched:
    """GET the page; with ``etag`` or ``last_modified`` from an earlier
    fetch, a conditional GET, whose 304 comes back as ``not_modified``."""
    deadline = Deadline(policy.total_timeout)
    conditions = {name: value.strip()[:300] for name, value in
                  (("If-None-Match", etag), ("If-Modified-Since", last_modified))
                  if value.strip() and "\n" not in value and "\r" not in value}
    try:
        return _fetch(url, policy, deadline, conditions)
    except ValidationFailed:
        if deadline.passed.is_set():
            raise deadline.error() from None
        raise
    finally:
        deadline.cancel()


def _fetch(url: str, policy: FetchPolicy, deadline: Deadline,
           conditions: Mapping[str, str]) -> Fetched:
    current = url.strip()
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = _check_url(current)
        address = _resolve(host, port, policy.allow_private,
                           min(LOOKUP_SECONDS, deadline.remaining()))
        # Connect to the address we checked, not a second DNS answer.
        connection_class = (http.client.HTTPSConnection if scheme == "https"
                            else http.client.HTTPConnection)
        connection = connection_class(host, port, timeout=policy.connect_timeout)
        try:
            sock = socket.create_connection(
                (address, port), timeout=min(policy.connect_timeout, deadline.remaining()))
            deadline.guard(sock)
            sock.settimeout(policy.read_timeout)
            if scheme == "https":
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
            connection.sock = sock
            connection.request("GET", path, headers={
                "Host": host if port in (80, 443) else f"{host}:{port}",
                "User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9",
                **conditions})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise ValidationFailed("The page redirected without saying where to.")
                current = urljoin(current, location)
                continue
            if response.status == 304 and conditions:
                return Fetched(url=current, body=b"", content_type="", not_modified=True,
                               etag=response.getheader("ETag", "") or "",
                               last_modified=response.getheader("Last-Modified", "") or "")
            if response.status != 200:
                raise ValidationFailed(f"The page answered with HTTP {response.status}.")
            body = read_body(response, policy.max_bytes, deadline)
            if len(body) > policy.max_bytes:
                raise ValidationFailed(
                    f"The page is larger than {policy.max_bytes // (1024 * 1024)} MB."
                )
            if deadline.passed.is_set():
                raise deadline.error()
            return Fetched(url=current, body=body,
                           content_type=response.getheader("Content-Type", "") or "",
                           etag=(response.getheader("ETag", "") or "")[:300],
                           last_modified=(response.getheader("Last-Modified", "") or "")[:300])
        except TimeoutError as error:
            raise ValidationFailed("The page took too long to answer; try again later."
                                   ) from error
        except (OSError, http.client.HTTPException) as error:
            raise ValidationFailed(f"The page could not be fetched ({error.__class__.__name__})."
                                   ) from error
        finally:
            connection.close()
    raise ValidationFailed("The page redirected too many times.")
