"""Which Host headers name the endpoint (kg/serve/connections.py): the DNS-rebinding check."""

from __future__ import annotations

from kg.serve.connections import HostRule


def test_host_names() -> None:
    everywhere = HostRule("0.0.0.0", 7878, [])
    assert all(everywhere.allows(h) for h in ("localhost:7878", "10.1.2.3:7878", "[::1]:7878"))
    assert not any(everywhere.allows(h) for h in ("evil.example:7878", "localhost", "10.1.2.3:80", None))
    loopback = HostRule("127.0.0.1", 7878, ["sparql.example.org", "proxy.lab:8443"])
    assert all(loopback.allows(h) for h in ("127.0.0.1:7878", "localhost:7878", "sparql.example.org:443"))
    assert loopback.allows("proxy.lab:8443") and not loopback.allows("proxy.lab:8080")
    assert not loopback.allows("10.1.2.3:7878")  # bound to loopback only: another address is a rebinding
