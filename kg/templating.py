"""The one Jinja2 environment of the HTML pages (kg/templates/)."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def templates() -> jinja2.Environment:
    """The page templates, HTML-escaping every value unless it is marked safe."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kg", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
