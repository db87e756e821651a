"""The scorecards in a real headless Chromium (Debian's ``chromium``), over CDP.

They skip only when /usr/bin/chromium is missing and CHI_REQUIRE_BROWSER is unset;
CI sets it, so there a missing browser fails instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from chi_lang.display import display_score
from chi_lang.render.browser import CHROMIUM, Browser
from chi_lang.render.html import render_html
from chi_lang.render.viewmodel import Options

from .conftest import ROOT, evaluated

REQUIRED = bool(os.environ.get("CHI_REQUIRE_BROWSER"))

# name → (spec, options, needs the shared real data)
PAGES = {
    "example": (ROOT / "specs" / "community-health.chi", Options(spec_file="community-health.chi"), False),
    "regions": (Path(__file__).parent / "cases" / "regions" / "spec.chi", Options(top=0), False),
    "regions-west-q2": (Path(__file__).parent / "cases" / "regions" / "spec.chi",
                        Options(period="2025-Q2", unit="West"), False),
    "long-pillars": (Path(__file__).parent / "cases" / "long_pillars" / "spec.chi", Options(), False),
    "hdi": (ROOT / "specs" / "real" / "hdi.chi", Options(), True),
    "github-community": (ROOT / "specs" / "real" / "github-community.chi", Options(), True),
}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if REQUIRED:
            pytest.fail(f"CHI_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium, or set CHI_CHROMIUM)")
    with Browser() as running:
        yield running


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Render lazily: name → (file, evaluated case, options)."""
    folder = tmp_path_factory.mktemp("scorecards")
    cache: dict[str, tuple[Path, object, Options]] = {}

    def get(name: str):
        if name not in cache:
            spec, options, real = PAGES[name]
            if real and (not spec.exists() or not (ROOT.parent / "shared" / "data").is_dir()):
                pytest.skip(f"{spec.name} or the shared real data is absent")
            case = evaluated(spec)
            path = folder / f"{name}.html"
            path.write_text(render_html(case.index, case.evaluation, options), encoding="utf-8")
            cache[name] = (path, case, options)
        return cache[name]

    return get


def open_page(browser, path: Path, width: int = 1280, height: int = 900, mobile: bool = False, scheme: str = "light"):
    page = browser.new_page(width, height)
    if mobile:
        page.viewport(width, height, mobile=True)
    page.color_scheme(scheme)
    page.open(path.as_uri())
    return page


ALL = list(PAGES)


@pytest.mark.parametrize("name", ALL)
def test_opens_clean_with_no_network(browser, pages, name):
    path, _, _ = pages(name)
    page = open_page(browser, path)
    try:
        assert page.log.console_errors == []
        assert page.log.exceptions == []
        assert page.log.dialogs == []
        # the file itself is the only request: no fonts, images, scripts or styles
        assert page.log.requests == [path.as_uri()]
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, link, video, audio').length") == 0
    finally:
        browser.close_page(page)


@pytest.mark.parametrize("name", ALL)
def test_numbers_shown_equal_the_engine(browser, pages, name):
    path, case, options = pages(name)
    page = open_page(browser, path)
    try:
        shown = page.evaluate("""Array.from(document.querySelectorAll('[data-chi]')).map(e => ({
            kind: e.dataset.chi, unit: e.dataset.unit, pillar: e.dataset.pillar || null, text: e.textContent}))""")
    finally:
        browser.close_page(page)
    evaluation, index = case.evaluation, case.index
    period = options.period or evaluation.periods()[-1]
    indices = [s for s in shown if s["kind"] == "index"]
    pillars = [s for s in shown if s["kind"] == "pillar"]
    assert indices, "no index score on the page"
    assert len(pillars) == len(indices) * len(index.pillars)
    for item in shown:
        unit = item["unit"] or None
        row = evaluation.lookup(period, unit, item["pillar"])
        assert row is not None, item
        assert item["text"] == display_score(index, row.score), item


@pytest.mark.parametrize("name", ALL)
def test_fits_a_phone_without_horizontal_scroll(browser, pages, name):
    path, _, _ = pages(name)
    page = open_page(browser, path, 375, 812, mobile=True)
    try:
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert inner == 375 and width <= inner, (width, inner)
        assert page.log.console_errors == []
    finally:
        browser.close_page(page)


@pytest.mark.parametrize("name", ["example", "regions", "hdi"])
def test_prints_to_a4_pdf(browser, pages, name):
    path, _, _ = pages(name)
    page = open_page(browser, path)
    try:
        pdf = page.pdf()
    finally:
        browser.close_page(page)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    # A4 is 595.3 × 841.9 points: @page { size: A4 } wins over the default Letter (612 × 792)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes), boxes[:3]
    assert len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf)) == len(boxes) >= 1


def test_hostile_names_come_out_as_text_and_nothing_runs(browser, pages):
    path, case, _ = pages("regions")
    page = open_page(browser, path)
    try:
        facts = page.evaluate("""({
            imgs: document.querySelectorAll('img').length,
            bolds: document.querySelectorAll('main b, header b').length,
            scripts: Array.from(document.scripts).map(s => s.type),
            title: document.querySelector('h1').textContent,
            owner: Array.from(document.querySelectorAll('.facts dd')).map(d => d.textContent),
            units: Array.from(document.querySelectorAll('.unit-title')).map(h => h.firstChild.textContent.trim()),
            pillars: Array.from(document.querySelectorAll('table.ranking thead th')).map(t => t.textContent),
            data: JSON.parse(document.getElementById('chi-scorecard-data').textContent),
            comments: (() => { const w = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT); let n = 0; while (w.nextNode()) n++; return n; })(),
        })""")
    finally:
        browser.close_page(page)
    assert page.log.dialogs == [] and page.log.exceptions == [] and page.log.console_errors == []
    assert facts["imgs"] == 0 and facts["bolds"] == 0 and facts["comments"] == 0
    assert facts["scripts"] == ["application/json"]
    assert facts["title"] == 'Regional <Health> & "Co"'
    assert "ops & <b>team</b>" in facts["owner"]
    assert "<img src=x onerror=alert(1)>" in facts["units"] and 'Tom & "Jerry"' in facts["units"]
    assert "Reach </script><!--" in facts["pillars"] and 'Tom & "Jerry"' in facts["pillars"]
    assert facts["data"]["index"]["name"] == 'Regional <Health> & "Co"'
    assert "<img src=x onerror=alert(1)>" in facts["data"]["units"]


CONTRAST = r"""
(() => {
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const background = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let bg = [255, 255, 255, 1]; if (layers.length && layers[layers.length - 1][3] >= 1) bg = layers.pop();
    while (layers.length) bg = over(layers.pop(), bg); return bg; };
  const failures = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || el.closest('.sr-only, title, desc, script, style')) continue;
    const rect = el.getBoundingClientRect(); if (rect.width < 2 || rect.height < 2) continue;
    const isSvg = el instanceof SVGElement;
    const fg = parse(isSvg ? style.fill : style.color); if (!fg) continue;
    const bg = background(isSvg ? el.closest('svg').parentElement : el);
    const text = over(fg, bg);
    const [a, b] = [lum(text), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const need = large ? 3 : 4.5;
    if (ratio < need) failures.push(`${ratio.toFixed(2)} < ${need}: <${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}"> ${el.textContent.trim().slice(0, 40)}`);
  }
  return failures;
})()
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["example", "regions-west-q2", "hdi"])
def test_text_contrast_meets_wcag_aa(browser, pages, name, scheme):
    path, _, _ = pages(name)
    page = open_page(browser, path, scheme=scheme)
    try:
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        failures = page.evaluate(CONTRAST)
    finally:
        browser.close_page(page)
    # the scheme really changed the page
    assert (background == "rgb(13, 17, 23)") == (scheme == "dark"), background
    assert failures == [], "\n".join(failures[:20])


def test_missing_data_note_is_visible(browser, pages):
    path, _, _ = pages("regions-west-q2")
    page = open_page(browser, path)
    try:
        notes = page.evaluate("""Array.from(document.querySelectorAll('.notes li')).filter(
            li => li.getBoundingClientRect().height > 0).map(li => li.textContent)""")
        missing = page.evaluate("Array.from(document.querySelectorAll('tr.missing th .mname')).map(e => e.textContent)")
    finally:
        browser.close_page(page)
    assert any("No data for rating in 2025-Q2" in note and "shared out" in note for note in notes), notes
    assert missing == ["rating"]


def test_heading_levels_do_not_skip(browser, pages):
    for name in ("example", "regions"):
        path, _, _ = pages(name)
        page = open_page(browser, path)
        try:
            levels = page.evaluate("Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1])")
        finally:
            browser.close_page(page)
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


@pytest.mark.parametrize("name", ["example", "regions", "hdi"])
def test_print_layout_fits_the_a4_width(browser, pages, name):
    """With print styles at A4's text width (210 mm − 2 × 11 mm = 188 mm ≈ 710 CSS px),
    nothing sticks out: Chromium would cut it off at the page edge."""
    path, _, _ = pages(name)
    page = browser.new_page(710, 1000)
    try:
        page.send("Emulation.setEmulatedMedia", {"media": "print"})
        page.open(path.as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        browser.close_page(page)
    assert width <= 711, width


def test_long_pillar_names_wrap_in_the_ranking_header_on_a_phone(browser, pages, tmp_path):
    """A tester's page: pillar names of 50 characters made the ranking table twice as
    wide as its numbers at 375 px.  The header now wraps; the table is exactly as wide
    as with one-letter pillar names."""
    path, case, _ = pages("long-pillars")
    html = path.read_text(encoding="utf-8")
    short = tmp_path / "short.html"
    for i, pillar in enumerate(case.index.pillars):  # the ranking's column headers
        html, count = re.subn(f'(<th scope="col" class="num[^"]*">){re.escape(pillar.name)}</th>', rf"\1P{i}</th>", html)
        assert count == 1
    short.write_text(html, encoding="utf-8")
    measure = """[document.documentElement.scrollWidth, window.innerWidth,
        document.querySelector('table.ranking').getBoundingClientRect().width,
        Array.from(document.querySelectorAll('table.ranking thead th')).every(t => t.scrollWidth <= t.clientWidth)]"""
    widths = []
    for file in (path, short):
        page = open_page(browser, file, 375, 812, mobile=True)
        try:
            page_width, inner, table, headers_fit = page.evaluate(measure)
        finally:
            browser.close_page(page)
        assert page_width <= inner == 375 and headers_fit
        widths.append(table)
    assert widths[0] <= widths[1] + 1, widths
