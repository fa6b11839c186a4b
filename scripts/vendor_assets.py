"""Install the web pages' front-end libraries from npm and copy them into the package.

    python scripts/vendor_assets.py            # npm ci, then copy
    python scripts/vendor_assets.py --no-install   # copy from an existing node_modules/

The versions are pinned in package.json / package-lock.json at the repository root. The files
land in claimgraph/server/static/vendor/ (git-ignored, never committed) with their licences and a
MANIFEST.json naming each file's package, version and SHA-256; the pages check for the manifest.
Nothing is ever loaded from a CDN.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"
VENDOR = REPO / "claimgraph" / "server" / "static" / "vendor"

# (package, file inside the package, name in vendor/)
FILES = [
    ("@zazuko/yasgui", "build/yasgui.min.js", "yasgui.min.js"),
    ("@zazuko/yasgui", "build/yasgui.min.css", "yasgui.min.css"),
    ("cytoscape", "dist/cytoscape.min.js", "cytoscape.min.js"),
    ("cytoscape-svg", "cytoscape-svg.js", "cytoscape-svg.js"),
    ("d3", "dist/d3.min.js", "d3.min.js"),
    ("topojson-client", "dist/topojson-client.min.js", "topojson-client.min.js"),
    ("world-atlas", "countries-50m.json", "countries-50m.json"),
    ("world-atlas", "countries-110m.json", "countries-110m.json"),
]
LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "license")


def _copy(source: Path, target: Path) -> None:
    if target.suffix == ".js":
        # Drop source-map comments: the maps are not shipped, and browsers would ask for them.
        lines = source.read_text("utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith("//# sourceMappingURL=")]
        target.write_text("".join(kept), "utf-8")
    else:
        shutil.copyfile(source, target)


def vendor(node_modules: Path = NODE_MODULES, out: Path = VENDOR) -> dict:
    """Copy the files listed in FILES; return the manifest written to ``out/MANIFEST.json``."""
    missing = [f"{pkg}/{path}" for pkg, path, _ in FILES if not (node_modules / pkg / path).is_file()]
    if missing:
        raise SystemExit("vendor_assets: missing in node_modules (run npm ci): " + ", ".join(missing))
    if out.exists():
        shutil.rmtree(out)
    (out / "licenses").mkdir(parents=True)
    manifest: dict = {"files": {}}
    for pkg, path, name in FILES:
        meta = json.loads((node_modules / pkg / "package.json").read_text("utf-8"))
        _copy(node_modules / pkg / path, out / name)
        digest = hashlib.sha256((out / name).read_bytes()).hexdigest()
        manifest["files"][name] = {"package": pkg, "version": meta["version"], "source": path,
                                   "sha256": digest, "license": meta.get("license")}
        for licence in LICENCE_NAMES:
            if (node_modules / pkg / licence).is_file():
                shutil.copyfile(node_modules / pkg / licence,
                                out / "licenses" / f"{pkg.replace('/', '__')}.txt")
                break
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-install", action="store_true",
                        help="do not run npm ci; copy from the existing node_modules/")
    args = parser.parse_args(argv)
    if not args.no_install:
        npm = shutil.which("npm")
        if npm is None:
            print("vendor_assets: npm is not installed", file=sys.stderr)
            return 1
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=REPO,
                       check=True)
    manifest = vendor()
    print(f"vendor_assets: {len(manifest['files'])} files in {VENDOR.relative_to(REPO)}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
