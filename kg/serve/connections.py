"""Connections: who may talk to the endpoint, for how long, and how many at once.

- A request's headers and body must arrive within ``--request-timeout`` seconds, whole (a client
  trickling a byte at a time is cut off, not kept alive by each byte).
- At most ``--max-connections`` connections are served at once; one more gets a fast 503 from the
  accepting thread itself, and the listen backlog holds bursts (``request_queue_size``).
- The Host header must name this server (DNS rebinding): the bound address, ``localhost`` when bound to
  loopback or to all interfaces, any IP address when bound to all interfaces, or a name given with
  ``--public-host``.
- A client that hangs up is one log line, never a traceback.
"""

from __future__ import annotations

import io
import ipaddress
import socket
import sys
import threading
import time
from collections.abc import Sequence
from http.server import ThreadingHTTPServer
from socketserver import BaseRequestHandler

LISTEN_BACKLOG = 512
BUSY = b"too many open connections; try again later (kg serve --max-connections sets the limit)\n"


class DeadlineReader(io.RawIOBase):
    """A socket reader that gives every read only the time left until one deadline."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.deadline = float("inf")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request did not arrive in time")
        self.sock.settimeout(remaining)
        return self.sock.recv_into(buffer)


def _split_host(header: str) -> tuple[str, int | None]:
    host, port = header.strip().lower(), None
    if host.startswith("["):
        inside, _, rest = host[1:].partition("]")
        host, port_text = inside, rest.removeprefix(":")
    elif host.count(":") == 1:
        host, _, port_text = host.partition(":")
    else:
        port_text = ""
    if port_text:
        port = int(port_text) if port_text.isdigit() else -1
    return host.rstrip("."), port


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class HostRule:
    """Which Host headers name this server."""

    def __init__(self, bound_host: str, port: int, public_hosts: Sequence[str]) -> None:
        self.port = port
        self.any_ip = bound_host in ("", "0.0.0.0", "::")
        self.names = {bound_host.lower()}
        if self.any_ip or bound_host in ("127.0.0.1", "::1") or bound_host.lower() == "localhost":
            self.names |= {"localhost", "127.0.0.1", "::1"}  # a page on another name cannot send these
        self.public: list[tuple[str, int | None]] = [_split_host(name) for name in public_hosts]

    def allows(self, header: str | None) -> bool:
        if not header:
            return False
        host, port = _split_host(header)
        if (host, port) in self.public or (host, None) in self.public:
            return True
        if (port if port is not None else 80) != self.port:
            return False
        return host in self.names or (self.any_ip and _is_ip(host))


class Server(ThreadingHTTPServer):
    """ThreadingHTTPServer with a connection cap, a deep listen backlog and quiet hang-ups."""

    request_queue_size = LISTEN_BACKLOG
    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseRequestHandler],
        max_connections: int,
    ) -> None:
        self.max_connections = max_connections
        self._active = 0
        self._count_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        with self._count_lock:
            full = self._active >= self.max_connections
            if not full:
                self._active += 1
        if full:
            self._refuse(request)
        else:
            super().process_request(request, client_address)  # type: ignore[arg-type]

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)  # type: ignore[arg-type]
        finally:
            with self._count_lock:
                self._active -= 1

    def _refuse(self, request: socket.socket) -> None:
        """503 without a thread: written without blocking, whatever the client sent is drained, closed."""
        head = (
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(BUSY)}\r\nRetry-After: 5\r\nConnection: close\r\n\r\n"
        )
        try:
            request.setblocking(False)
            request.send(head.encode() + BUSY)
            request.shutdown(socket.SHUT_WR)
            request.recv(1 << 16)  # so that closing does not reset the connection under the answer
        except OSError:
            pass
        self.shutdown_request(request)

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            print(f"kg serve: {client_address}: client went away ({error})", file=sys.stderr, flush=True)
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]
