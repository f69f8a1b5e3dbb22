"""The HTML export in a real browser (Debian's chromium, headless; `make test` installs it): the
page in each language paints (a screenshot that is not blank, light and dark), and at phone width
nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

from cvtool.exports import export_cv
from cvtool.load import load
from cvtool.validate import validate

REPO = Path(__file__).resolve().parent.parent
EVERY_KIND = REPO / "tests" / "corpus" / "exports" / "every-kind.yaml"
PHONE = (375, 812)
DESKTOP = (1100, 1400)
# A page showing FRAME in a phone-wide frame: once it loads, the title says how wide its content is
# and how wide its viewport (headless chromium's own window is never narrower than 500px).
PROBE = """<!DOCTYPE html><html><head><title>pending</title></head><body style="margin:0">
<iframe id="f" src="FRAME" style="width:WIDTHpx;height:HEIGHTpx;border:0"></iframe>
<script>document.getElementById("f").addEventListener("load", function () {
  var w = this.contentWindow; document.title = w.document.documentElement.scrollWidth + "/" + w.innerWidth;
});</script></body></html>"""


def browser() -> str:
    found = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if found is None:
        pytest.fail("no chromium: `make test` installs it (scripts/ensure-browser.sh)")
    return found


def chromium(tmp: Path, size: tuple[int, int], *args: str) -> subprocess.CompletedProcess[str]:
    command = [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={tmp / 'profile'}", f"--window-size={size[0]},{size[1]}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for name, source in (("cv", REPO / "cv.yaml"), ("every-kind", EVERY_KIND)):
        cv = validate(load(source)).cv
        for lang in ("en", "zh"):
            key = lang if name == "cv" else f"{name}-{lang}"
            out[key] = folder / f"{name}-{lang}.html"
            out[key].write_text(export_cv(cv, "html", lang, dt.date(2025, 11, 1)), encoding="utf-8")
    return out


def painted(png: Path) -> float:
    """The share of pixels that differ clearly from the page background (the corner pixel)."""
    image = Image.open(png).convert("L")
    background = image.getpixel((0, 0))
    histogram = image.histogram()
    ink = sum(n for level, n in enumerate(histogram) if abs(level - background) > 40)
    return ink / (image.width * image.height)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_paints_in_both_languages_and_schemes(pages, tmp_path, lang, scheme):
    png = tmp_path / f"{lang}-{scheme}.png"
    flags = ["--blink-settings=preferredColorScheme=0"] if scheme == "dark" else []  # 0 = dark in Blink
    chromium(tmp_path, DESKTOP, *flags, f"--screenshot={png}", pages[lang].as_uri())
    image = Image.open(png)
    assert image.size == DESKTOP
    assert 0.02 < painted(png) < 0.5, "a blank (or solid) page"
    brightness = ImageStat.Stat(image.convert("L")).mean[0]
    assert (brightness > 180) if scheme == "light" else (brightness < 90), brightness


def widths(tmp: Path, page: Path) -> tuple[int, int]:
    """(content width, viewport width) of `page` shown in a phone-wide frame."""
    probe = tmp / f"probe-{page.stem}.html"
    frame = PROBE.replace("FRAME", page.as_uri()).replace("WIDTH", str(PHONE[0])).replace("HEIGHT", str(PHONE[1]))
    probe.write_text(frame, encoding="utf-8")
    dom = chromium(tmp, PHONE, "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                   probe.as_uri()).stdout
    title = dom.split("<title>", 1)[1].split("</title>", 1)[0]
    width, viewport = (int(x) for x in title.split("/"))
    return width, viewport


@pytest.mark.parametrize("lang", ["en", "zh", "every-kind-en", "every-kind-zh"])
def test_no_horizontal_scroll_at_phone_width(pages, tmp_path, lang):
    width, viewport = widths(tmp_path, pages[lang])
    assert viewport == PHONE[0]
    assert width <= viewport, f"the page is {width}px wide on a {viewport}px phone"
    png = tmp_path / f"phone-{lang}.png"
    chromium(tmp_path, PHONE, f"--screenshot={png}", pages[lang].as_uri())
    assert painted(png) > 0.02


def test_probe_sees_a_page_wider_than_the_phone(tmp_path):
    """The scroll probe itself: a page with a 600px-wide box does report a width over the phone's."""
    wide = tmp_path / "wide.html"
    wide.write_text("<!DOCTYPE html><html><head><meta name=viewport content='width=device-width'></head>"
                    "<body><div style='width:600px'>wide</div></body></html>", encoding="utf-8")
    width, viewport = widths(tmp_path, wide)
    assert viewport == PHONE[0] and width > viewport


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_prints_with_the_print_stylesheet(pages, tmp_path, lang):
    """Printed (chromium's print to PDF, A4): every section title is in the PDF's text, and the print
    stylesheet spells out each paper's link after it (a printed link cannot be clicked)."""
    pdf = tmp_path / f"cv-{lang}.pdf"
    chromium(tmp_path, DESKTOP, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", pages[lang].as_uri())
    reader = PdfReader(str(pdf))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    assert 2 <= len(reader.pages) <= 8
    squashed = unicodedata.normalize("NFKC", "".join(text.split()))  # chromium's PDF maps some CJK to Kangxi radicals
    for title in (("Education", "Publications", "Awards") if lang == "en" else ("教育背景", "论文成果", "获奖情况")):
        assert title in squashed
    assert "<https://arxiv.org/abs/2501.18092>" in squashed
