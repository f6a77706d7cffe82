#!/usr/bin/env python3
"""Re-fetch the query page's vendored front-end files from the npm registry and check their checksums.

kg/web/vendor/VENDOR.json names each package (pinned version and the registry's tarball integrity) and
each file taken from it (its path in the tarball, where it is vendored, its sha256). This script runs
`npm pack NAME@VERSION` into a temporary folder, checks the tarball against the recorded integrity,
and compares every listed file with the recorded sha256 and with the vendored copy.

    python scripts/fetch-web-assets.py           # check: exit 1 if anything differs
    python scripts/fetch-web-assets.py --write   # also (re)write the vendored copies

Files that come from elsewhere (a LICENSE the npm package does not carry) have no "tarball_path";
they are only checked against their recorded sha256.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent.parent / "kg" / "web" / "vendor"
MANIFEST = VENDOR_DIR / "VENDOR.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def integrity(data: bytes) -> str:
    """The npm registry's `dist.integrity` form: sha512-<base64>."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def npm_pack(spec: str, into: Path) -> Path:
    """Download one package tarball with the ordinary npm client (no install, no scripts)."""
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--ignore-scripts", "--pack-destination", str(into)],
        check=True,
        capture_output=True,
        text=True,
    )
    return into / json.loads(out.stdout)[0]["filename"]


def check_package(package: dict, work: Path, write: bool) -> list[str]:
    spec = f"{package['name']}@{package['version']}"
    problems = []
    tarball = npm_pack(spec, work)
    data = tarball.read_bytes()
    if integrity(data) != package["integrity"]:
        return [f"{spec}: tarball integrity {integrity(data)} is not the recorded {package['integrity']}"]
    with tarfile.open(tarball) as archive:
        for entry in package["files"]:
            vendored = VENDOR_DIR / entry["vendored"]
            if "tarball_path" in entry:
                member = archive.extractfile(entry["tarball_path"])
                if member is None:
                    problems.append(f"{spec}: {entry['tarball_path']} is not a file in the tarball")
                    continue
                fetched = member.read()
                if sha256(fetched) != entry["sha256"]:
                    problems.append(f"{spec}: {entry['tarball_path']} sha256 {sha256(fetched)} != recorded")
                    continue
                if write:
                    vendored.parent.mkdir(parents=True, exist_ok=True)
                    vendored.write_bytes(fetched)
            if not vendored.is_file():
                problems.append(f"{spec}: vendored file missing: {vendored}")
            elif sha256(vendored.read_bytes()) != entry["sha256"]:
                problems.append(f"{spec}: vendored {vendored} differs from the recorded sha256")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="(re)write the vendored copies from npm")
    args = parser.parse_args(argv)
    if shutil.which("npm") is None:
        print("fetch-web-assets: npm is not installed", file=sys.stderr)
        return 2
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ipkg-web-assets-") as tmp:
        for package in manifest["packages"]:
            try:
                problems += check_package(package, Path(tmp), args.write)
            except subprocess.CalledProcessError as error:
                problems.append(f"{package['name']}: npm pack failed: {' '.join(error.stderr.split())[:300]}")
    for problem in problems:
        print(f"fetch-web-assets: {problem}", file=sys.stderr)
    if not problems:
        count = sum(len(p["files"]) for p in manifest["packages"])
        print(f"fetch-web-assets: {count} files of {len(manifest['packages'])} packages match VENDOR.json")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
