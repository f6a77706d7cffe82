"""The one HTTP client of the command line (`kg query --endpoint`, `kg push`): a request, its answer, and
every failure turned into one readable line."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from kg.errors import InputError


@dataclass(frozen=True)
class Response:
    status: int
    media_type: str  # without parameters, e.g. "application/sparql-results+json"
    body: bytes


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def send(
    url: str,
    *,
    method: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float,
    name: str | None = None,
) -> Response:
    """Send one request; an error status or an unreachable server is an InputError naming ``name``."""
    name = name or url
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Response(response.status, response.headers.get_content_type(), response.read())
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip().splitlines()
        message = detail[0][:300] if detail else error.reason
        raise InputError(f"{name} answered {error.code}: {message}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise InputError(f"cannot reach {name}: {_one_line(reason)}") from None
