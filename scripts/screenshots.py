"""Screenshots of the example scorecards, at desktop and phone width.

    pip install -e '.[test]'          # websockets, for the DevTools protocol
    python scripts/screenshots.py      # writes docs/img/*.png

Renders each spec with the reference engine, opens the page in Debian's headless
Chromium (/usr/bin/chromium, or CHI_CHROMIUM) and saves PNGs.  The real-data specs
(specs/real/) are included when ../shared/data is present.  --full captures whole
pages instead of the first screenful.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chi_lang.evaluate import evaluate  # noqa: E402
from chi_lang.pipeline import load_spec  # noqa: E402
from chi_lang.render.browser import Browser  # noqa: E402
from chi_lang.render.html import render_html  # noqa: E402
from chi_lang.render.viewmodel import Options  # noqa: E402

# name, spec, which shots: (suffix, width, height of the first screenful, colour scheme)
DESKTOP, PHONE, DARK = ("desktop", 1280, 1440, "light"), ("phone", 390, 1900, "light"), ("dark", 1280, 1440, "dark")
SHOTS = [
    ("scorecard", ROOT / "specs" / "community-health.chi", (DESKTOP, PHONE, DARK)),
    ("hdi", ROOT / "specs" / "real" / "hdi.chi", (DESKTOP, PHONE)),
    ("github-community", ROOT / "specs" / "real" / "github-community.chi", (DESKTOP, PHONE)),
]


def render(spec: Path, folder: Path) -> Path | None:
    loaded = load_spec(str(spec))
    if loaded.index is None or loaded.bag.has_errors:
        print(f"skipped {spec.relative_to(ROOT)}: it does not check clean", file=sys.stderr)
        return None
    evaluation = evaluate(loaded.index, loaded.bag)
    if evaluation is None:
        print(f"skipped {spec.relative_to(ROOT)}: its data did not evaluate", file=sys.stderr)
        return None
    page = folder / f"{spec.stem}.html"
    page.write_text(render_html(loaded.index, evaluation, Options(spec_file=spec.name)), encoding="utf-8")
    return page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"), help="folder for the PNGs (default docs/img)")
    parser.add_argument("--full", action="store_true", help="capture whole pages, not the first screenful")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shared = (ROOT.parent / "shared" / "data").is_dir()
    with tempfile.TemporaryDirectory() as folder, Browser() as browser:
        for name, spec, shots in SHOTS:
            if not spec.exists() or ("real" in spec.parts and not shared):
                print(f"skipped {name}: {spec.relative_to(ROOT)} or the shared data is absent", file=sys.stderr)
                continue
            page_file = render(spec, Path(folder))
            if page_file is None:
                continue
            for suffix, width, height, scheme in shots:
                page = browser.new_page(width, 900)
                if suffix == "phone":
                    page.viewport(width, 900, mobile=True, scale=1)
                page.color_scheme(scheme)
                page.open(page_file.as_uri())
                full_height = page.evaluate("document.documentElement.scrollHeight")
                clip = (0, 0, width, full_height if args.full else min(height, full_height))
                target = out / f"{name}-{suffix}.png"
                target.write_bytes(page.screenshot(clip=clip))
                browser.close_page(page)
                print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
