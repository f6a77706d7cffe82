"""Everything an operator can set on `kg serve`, with the defaults the README's endpoint section lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_PORT = 7878
WRITE_DEADLINE = 60.0  # seconds a client has to take its whole answer (a slow reader holds a worker)


@dataclass(frozen=True)
class Settings:
    build: Path
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    timeout: float = 30.0  # seconds one query may run
    workers: int = 4  # query worker processes: at most this many queries run at once
    memory_mb: int = 1024  # address space of each worker (RLIMIT_AS), store copy included
    max_rows: int = 100_000  # rows (or triples) of one answer; more are cut off with a notice
    max_connections: int = 256  # open client connections; beyond them a fast 503
    request_timeout: float = 10.0  # seconds for a request's headers and body to arrive, whole
    cors: bool = False
    public_hosts: tuple[str, ...] = ()  # Host names besides the bound address (a proxy's name)
    allow_service: tuple[str, ...] = ()  # IRI prefixes SERVICE may call
    quiet: bool = False
