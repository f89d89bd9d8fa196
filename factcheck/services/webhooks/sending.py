"""One HTTP POST to a webhook endpoint under the article fetcher's rules:
the address is resolved and checked at each attempt (a name that pointed
at a public address when the endpoint was registered may point inside the
newsroom now), the connection goes to the address checked, redirects are
not followed, the whole attempt has one time limit, and only a little of
the answer is read."""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass

from factcheck.services.core.errors import ValidationFailed
from factcheck.services.intake.fetch import USER_AGENT, Deadline, checked_address, read_body

# Enough of an error answer to tell an editor what the endpoint said.
ANSWER_BYTES = 2048
ERROR_CHARS = 500


@dataclass(frozen=True)
class SendPolicy:
    timeout: float = 10.0
    allow_private: bool = False


@dataclass(frozen=True)
class Answer:
    """How one attempt went: the endpoint's HTTP status (None when it never
    answered) and, unless it was a 2xx, what went wrong."""

    status: int | None
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


def post(url: str, headers: dict[str, str], body: bytes, policy: SendPolicy) -> Answer:
    deadline = Deadline(policy.timeout)
    connection: http.client.HTTPConnection | None = None
    try:
        scheme, host, port, path, address = checked_address(url, policy.allow_private,
                                                             deadline.remaining())
        connection_class = (http.client.HTTPSConnection if scheme == "https"
                            else http.client.HTTPConnection)
        connection = connection_class(host, port, timeout=policy.timeout)
        sock = socket.create_connection((address, port), timeout=deadline.remaining())
        deadline.guard(sock)  # a drip-feeding endpoint is cut off at the limit
        sock.settimeout(deadline.remaining())
        if scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        connection.sock = sock
        connection.request("POST", path, body=body, headers={
            "Host": host if port in (80, 443) else f"{host}:{port}",
            "User-Agent": USER_AGENT, "Content-Type": "application/json",
            **headers})
        response = connection.getresponse()
        return _answer(response, deadline)
    except ValidationFailed as error:
        if deadline.passed.is_set():
            return Answer(None, _timed_out(policy))
        return Answer(None, error.message[:ERROR_CHARS])
    except TimeoutError:
        return Answer(None, _timed_out(policy))
    except (OSError, http.client.HTTPException) as error:
        if deadline.passed.is_set():
            return Answer(None, _timed_out(policy))
        return Answer(None, f"Could not deliver ({error.__class__.__name__}: {error})"
                      [:ERROR_CHARS])
    finally:
        deadline.cancel()
        if connection is not None:
            connection.close()


def _answer(response: http.client.HTTPResponse, deadline: Deadline) -> Answer:
    status = response.status
    if 200 <= status < 300:
        return Answer(status)
    if 300 <= status < 400:
        where = (response.getheader("Location") or "nowhere")[:300]
        return Answer(status, f"HTTP {status}: redirected to {where}; redirects are not "
                              "followed, register the address it redirects to instead.")
    said = read_body(response, ANSWER_BYTES, deadline)[:ANSWER_BYTES]
    text = said.decode("utf-8", "replace").strip()
    return Answer(status, (f"HTTP {status}" + (f": {text}" if text else ""))[:ERROR_CHARS])


def _timed_out(policy: SendPolicy) -> str:
    return f"No answer within {policy.timeout:g} seconds."
