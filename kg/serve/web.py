"""The query page's files and the pack listing it reads (`/`, `/web/NAME`, `/api/queries`)."""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path

from kg.serve.negotiation import Answer

# The page and its assets come from this server only (no inline script or style, no eval; data: images,
# which cannot run anything, for icons); nothing frames it, no form posts elsewhere, no <base> moves links.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
WEB_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}


def web_file(name: str) -> bytes | None:
    """A bundled page asset by plain file name (no paths, so no traversal)."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    resource = importlib.resources.files("kg") / "web" / name
    return resource.read_bytes() if resource.is_file() else None


def static(name: str) -> Answer:
    """A page asset with its media type, or 404."""
    data = web_file(name)
    if data is None:
        return Answer(404, "text/plain", f"not found: {name}\n".encode())
    return Answer(200, WEB_TYPES.get(Path(name).suffix, "application/octet-stream"), data)


def pack_listing() -> bytes:
    """The query pack as the page lists it (names, summaries, parameters, text), made once at start-up."""
    from kg.pack.loading import load_pack

    return json.dumps([q.as_json() for q in load_pack().values()], ensure_ascii=False).encode()
