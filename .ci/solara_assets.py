"""Fill Solara's CDN cache from the npm registry, so the dashboard works offline.

Solara's pages load their front-end files from a public CDN (jsDelivr) at run
time, through the server, which first looks in its cache folder
``<sys.prefix>/share/solara/cdn/<package>@<version>/<path>``. Where the CDN
cannot be reached (CI here) the page stays empty. This script fetches each
package below with ``npm pack`` (which honours the machine's npm registry and
proxy settings) and unpacks it into that folder. It is idempotent: a package
already unpacked is left alone. Run it with the Python that runs the dashboard
(``.venv/bin/python .ci/solara_assets.py``); online users do not need it.

If the server log says "Could not load URL: .../npm/<package>@<version>/...",
add that package here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

#: Packages Solara 1.64 and Mesa 3.5's SolaraViz ask for, as they name them in URLs.
PACKAGES = [
    "@widgetti/solara-vuetify-app@10.1.1",
    "@widgetti/vue-grid-layout@2.3.13-alpha.2",
    "requirejs@2.3.6",
    "font-awesome@4.5.0",
    "vega@5",
    "vega-lite@5",
    "vega-embed@6",
]
#: Solara's files that name the versions of its own front-end packages.
PINNED_IN = ["server/templates/solara.html.j2", "widgets/vue/gridlayout.vue"]
DONE = ".ddsim-complete"


def packages() -> list[str]:
    """PACKAGES, with the versions the installed Solara names where it names
    them (so an upgraded Solara gets the files it asks for)."""
    import solara

    root = Path(solara.__file__).parent
    text = "".join((root / f).read_text() for f in PINNED_IN if (root / f).exists())
    pinned = dict(re.findall(r"/(@widgetti/[\w-]+|requirejs)@([\w.-]+)/", text))
    out = []
    for spec in PACKAGES:
        name = spec.rsplit("@", 1)[0]
        out.append(f"{name}@{pinned[name]}" if name in pinned else spec)
    return out


def cache_folder() -> Path:
    """Where this Python's Solara server looks for cached CDN files."""
    from solara.server.settings import assets

    return Path(assets.proxy_cache_dir)


def fetch(spec: str, cache: Path) -> bool:
    """Unpack ``spec`` into ``cache/spec``; return False if it was there already."""
    target = cache / spec
    if (target / DONE).exists():
        return False
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            ["npm", "pack", spec, "--pack-destination", tmp, "--silent"],
            check=True,
            capture_output=True,
            text=True,
        )
        tarball = Path(tmp) / out.stdout.strip().splitlines()[-1]
        staging = Path(tmp) / "unpacked"
        with tarfile.open(tarball) as tar:
            tar.extractall(staging, filter="data")
        package = staging / "package"
        main = main_file(package)
        if main is not None:
            # A bare URL (".../npm/vega@5") is cached as "vega@5/__main.js": the
            # file the CDN serves for it, the package's browser build.
            shutil.copyfile(main, package / "__main.js")
        (package / DONE).write_text(out.stdout)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():  # a half-finished earlier attempt
            shutil.rmtree(target)
        shutil.move(package, target)
    return True


def main_file(package: Path) -> Path | None:
    """The file jsDelivr serves for a bare package URL, if the package has one."""
    meta = json.loads((package / "package.json").read_text())
    for key in ("jsdelivr", "unpkg", "browser", "main"):
        if isinstance(meta.get(key), str) and (package / meta[key]).is_file():
            return package / meta[key]
    return None


def main() -> int:
    if shutil.which("npm") is None:
        print("solara_assets: npm is needed (apt-get install npm)", file=sys.stderr)
        return 1
    cache = cache_folder()
    for spec in packages():
        try:
            added = fetch(spec, cache)
        except subprocess.CalledProcessError as exc:
            print(f"solara_assets: npm pack {spec} failed: {exc.stderr.strip()}", file=sys.stderr)
            return 1
        print(f"solara_assets: {spec} {'added' if added else 'already there'}", file=sys.stderr)
    print(f"solara_assets: cache folder {cache}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
