"""The one HTTP client of the command line (`kg query --endpoint`, `kg push`).

Every way a server can misbehave ends in one readable line (an ``InputError``): an unreachable host, a
URL that is not one, a garbage status line, an error status, a reply larger than the caller allows, and a
server too slow for the deadline. ``timeout`` is a deadline for the whole exchange (connecting, sending,
the status line and headers, the body), not per read: a server trickling a byte at a time is cut off when
the deadline passes, by a timer that shuts the socket down under whatever call is waiting on it.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass

from kg.errors import InputError, one_line

CHUNK = 1 << 16
MESSAGE_LIMIT = 300  # characters of what a server says that an error line quotes
ERROR_BODY_LIMIT = 1 << 16  # enough for an error message; the rest is not read


def _said(text: object) -> str:
    return one_line(text, MESSAGE_LIMIT)


@dataclass(frozen=True)
class Response:
    status: int
    media_type: str  # without parameters, e.g. "application/sparql-results+json"
    body: bytes


def _connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """A connection for an http(s) URL, and the request target (path and query)."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port  # a port that is not a number raises ValueError here
    except ValueError as error:
        raise InputError(f"not a valid URL: {url!r} ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) URL: {url!r}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    try:
        return kind(parts.hostname, port, timeout=timeout), target
    except http.client.InvalidURL as error:
        raise InputError(f"not a valid URL: {url!r} ({_said(error)})") from None


def _read(response: http.client.HTTPResponse, limit: int, deadline: float) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of the body (one receive at a time), and whether more was left."""
    chunks: list[bytes] = []
    size = 0
    while time.monotonic() < deadline:
        chunk = response.read1(min(CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return b"".join(chunks)[:limit], True
    raise TimeoutError


def send(
    url: str,
    *,
    method: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float,
    max_reply: int,
    name: str | None = None,
) -> Response:
    """One request; a 2xx answer comes back whole (up to ``max_reply`` bytes), anything else is an
    InputError naming ``name`` (default: the URL)."""
    name = name or url
    if timeout <= 0:
        raise InputError(f"the timeout must be positive, got {timeout:g}")
    deadline = time.monotonic() + timeout
    connection, target = _connection(url, timeout)
    expired = threading.Event()

    def cut_off() -> None:
        expired.set()
        if connection.sock is not None:
            try:
                connection.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = threading.Timer(timeout, cut_off)
    timer.daemon = True
    timer.start()
    try:
        try:
            connection.request(method, target, body=body, headers=headers or {})
        except (http.client.InvalidURL, UnicodeError) as error:
            raise InputError(f"not a valid URL: {url!r} ({_said(error)})") from None
        response = connection.getresponse()
        if not 200 <= response.status < 300:
            detail, _ = _read(response, ERROR_BODY_LIMIT, deadline)
            lines = detail.decode("utf-8", "replace").strip().splitlines()
            message = lines[0] if lines else response.reason
            if 300 <= response.status < 400:
                message = f"a redirect to {response.getheader('Location')!r}: give that URL instead"
            raise InputError(f"{name} answered {response.status}: {_said(message)}")
        payload, more = _read(response, max_reply, deadline)
        if more:
            raise InputError(f"{name} sent more than {max_reply:,} bytes: refused (the answer is too large)")
        return Response(response.status, response.headers.get_content_type(), payload)
    except (OSError, http.client.HTTPException) as error:
        if expired.is_set() or isinstance(error, TimeoutError) or time.monotonic() >= deadline:
            raise InputError(f"{name} did not answer within {timeout:g} s") from None
        if isinstance(error, http.client.HTTPException):  # a garbage status line, a broken body, …
            problem = type(error).__name__ + (f": {error}" if str(error) else "")
            raise InputError(f"{name} sent a malformed HTTP answer ({_said(problem)})") from None
        raise InputError(f"cannot reach {name}: {_said(error.strerror or error)}") from None
    finally:
        timer.cancel()
        connection.close()
