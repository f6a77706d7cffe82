"""The query page's files: vendored exactly as VENDOR.json records them, and nothing loaded from elsewhere."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import kg

WEB = Path(kg.__file__).parent / "web"
VENDOR = WEB / "vendor"


def test_every_vendored_file_matches_its_recorded_checksum() -> None:
    manifest = json.loads((VENDOR / "VENDOR.json").read_text(encoding="utf-8"))
    recorded = set()
    for package in manifest["packages"]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"]), package  # pinned, not a range
        assert package["integrity"].startswith("sha512-") and package["license"]
        assert any(Path(f["vendored"]).name.startswith("LICENSE") for f in package["files"]), package["name"]
        for entry in package["files"]:
            data = (VENDOR / entry["vendored"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["vendored"]
            recorded.add(entry["vendored"])
        folder = VENDOR / Path(package["files"][0]["vendored"]).parent
        version = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        assert (version["name"], version["version"]) == (package["name"], package["version"])
    on_disk = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()}
    assert on_disk - recorded == {"VENDOR.json", "README.md"}  # nothing vendored without a record


def test_our_page_files_name_no_other_host() -> None:
    """The page and its style sheet load only this server's files (what the scripts fetch is checked in
    Chromium, where every request off the loopback is refused)."""
    for name in ("index.html", "style.css"):
        text = (WEB / name).read_text(encoding="utf-8")
        for url in re.findall(r"(?:src|href)=\"([^\"]+)\"|url\(([^)]*)\)", text):
            assert "".join(url).strip("'\"").startswith("/"), (name, url)
    page = (WEB / "index.html").read_text(encoding="utf-8")
    assert "<style" not in page and " style=" not in page  # CSP default-src 'self': no inline styles
    assert all(tag.strip().startswith("<script src=") for tag in re.findall(r"<script[^>]*>", page))
