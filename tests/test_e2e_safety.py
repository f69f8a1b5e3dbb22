"""Hostile text, broken TeX, missing tools: real xelatex, and proof that the protections hold."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from pdftools import MINIMAL, build_text, link_uris, text_of, wrap_tool
from pypdf import PdfReader

from cvtool.errors import CvError
from cvtool.fonts import font_setup, system_faces
from cvtool.latex.engine import compile_tex
from cvtool.latex.render import Rendered

pytestmark = pytest.mark.tex

SPECIALS = r"& % $ # _ { } ~ ^ \ "


def hostile_cv(marker: Path) -> str:
    evil = f"\\\\immediate\\\\write18{{touch {marker}}}"
    return f"""\
person:
  name: {{en: "Ann {SPECIALS.replace(chr(92), chr(92) * 2)} O'Neil", zh: 安}}
  emails: [ann@example.org]
  homepage: "https://example.org/a%20b#frag%20~x{{y}}\\\\z"
  affiliation:
    - "\\\\input{{/etc/passwd}} and {evil}"
    - "$\\\\widetilde{{O}}(d\\\\sqrt{{T}})$ -- ``quoted'' \\\\end{{document}} {{unbalanced"
sections:
  education:
    - school: "Ecole \\\\catcode`\\\\@=11 Zoë Øresund Łódź 東京 서울 𠀋"
      degree: "B.Sc. 100% \\\\def\\\\x{{y}}"
      start: 2020
      end: present
  experience:
    - organization: "Lab_with_underscores & ampersands"
      date: 2021-01
      description: "**bold \\\\textbf{{x}}** and *it* and [link](https://example.org/p?q=1&r=2#s) and a
        very_long_unbreakable_token_{"x" * 80}"
"""


def test_hostile_text_prints_literally_and_executes_nothing(tmp_path):
    marker = tmp_path / "pwned"
    results = build_text(hostile_cv(marker), tmp_path, updated="2026-11", build_dir=tmp_path / "b")
    assert not marker.exists(), "\\write18 must never run"
    for log in (tmp_path / "b").glob("*.log"):
        assert "Overfull \\hbox" not in log.read_text(errors="replace"), "long tokens must break"
    en = next(r for r in results if r.target.lang == "en")
    text = " ".join(text_of(en.path).split())
    assert "root:" not in text, "/etc/passwd must never be read"
    assert "√" in text and r"\widetilde" not in text, "whitelisted $…$ math is typeset (cvtool.texmath)"
    for literal in (r"\input{/etc/passwd}", r"\immediate\write18{touch",
                    r"\end{document} {unbalanced", "O'Neil", "100%", r"\def\x{y}", "Zoë Øresund Łódź",
                    "Lab_with_underscores & ampersands", "-- ``quoted''", r"\catcode`\@=11",
                    r"Ann & % $ # _ { } ~ ^ \ O'Neil", "東京 서울 𠀋"):  # spaces between CJK kept
        assert literal in text, literal


def test_urls_with_specials_stay_one_working_link(tmp_path):
    results = build_text(hostile_cv(tmp_path / "m"), tmp_path, langs=("en",))
    uris = link_uris(results[0].path)
    home = [u for u in uris if u.startswith("https://example.org/a")]
    assert home == ["https://example.org/a%20b#frag%20%7Ex%7By%7D%5Cz"]
    assert "https://example.org/p?q=1&r=2#s" in uris


def test_a_tex_error_names_the_tex_line_and_the_cv_field(tmp_path):
    tex = "\\documentclass{article}\n\\begin{document}\nhello \\undefinedmacro{} Ann\n\\end{document}\n"
    rendered = Rendered(tex=tex, provenance=[("Ann", ("person", "name"))])
    with pytest.raises(CvError) as err:
        compile_tex(rendered, "job", build_dir=tmp_path / "b")
    message = err.value.format()
    assert "job.tex:3" in message
    assert "Undefined control sequence" in message
    assert "person.name" in message
    assert (tmp_path / "b" / "job.log").exists()


def _fake_tool_dir(tmp_path: Path, script: str | None) -> str:
    """A PATH with the font tools and, if given, a fake `xelatex` running `script`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("fc-list", "fc-scan"):
        os.symlink(shutil.which(tool), bin_dir / tool)
    if script is not None:
        fake = bin_dir / "xelatex"
        fake.write_text("#!/bin/sh\n" + script + "\n")
        fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return str(bin_dir)


def test_failed_render_leaves_the_previous_pdf_untouched(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "cv-en-full.pdf"
    previous.write_bytes(b"%PDF-1.5 the last good one")
    monkeypatch.setenv("PATH", _fake_tool_dir(tmp_path, "echo '! Emergency stop.' > cv-en-full.log; exit 1"))
    with pytest.raises(CvError):
        build_text(MINIMAL, tmp_path, langs=("en",))
    assert previous.read_bytes() == b"%PDF-1.5 the last good one"
    assert sorted(p.name for p in out.iterdir()) == ["cv-en-full.pdf"]


def test_a_hanging_xelatex_is_stopped_by_the_timeout(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _fake_tool_dir(tmp_path, "exec /bin/sleep 30"))
    with pytest.raises(CvError) as err:
        build_text(MINIMAL, tmp_path, langs=("en",), timeout=1)
    assert "did not finish within 1 s" in err.value.format()


def test_missing_xelatex_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _fake_tool_dir(tmp_path, None))
    with pytest.raises(CvError) as err:
        build_text(MINIMAL, tmp_path, langs=("en",))
    message = err.value.format()
    assert "xelatex was not found" in message
    assert "apt-get install texlive-xetex" in message


def test_missing_cjk_font_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr("cvtool.fonts.system_faces", lambda family: {} if "CJK" in family else {"Regular": ("/x/a.ttf", 0)})
    with pytest.raises(CvError) as err:
        font_setup(tmp_path)
    assert "Noto Serif CJK SC" in err.value.format()
    assert "apt-get install fonts-noto-cjk" in err.value.format()


def _glyph_stream(tmp_path: Path, name: str, cjk_spec: str) -> bytes:
    tex = (
        "\\documentclass{article}\\usepackage{fontspec}\\usepackage{xeCJK}\n"
        f"{cjk_spec}\n\\begin{{document}}\\pagestyle{{empty}}骨直角令\\end{{document}}\n"
    )
    compiled = compile_tex(Rendered(tex=tex), name)
    try:
        return b"".join(p.get_contents().get_data() for p in PdfReader(str(compiled.pdf)).pages)
    finally:
        compiled.cleanup()


def test_chinese_uses_the_sc_face_of_the_collection_not_face_0(tmp_path):
    """骨 直 角 令 have different glyphs in the JP face (index 0) and the SC face."""
    setup = font_setup()
    cjk_line = next(line for line in setup.splitlines() if line.startswith("\\setCJKmainfont"))
    sc_index = system_faces("Noto Serif CJK SC")["Regular"][1]
    assert sc_index != 0 and f"FontIndex={sc_index}" in cjk_line
    face0 = cjk_line.replace(f"FontIndex={sc_index}", "FontIndex=0")
    assert _glyph_stream(tmp_path, "sc", cjk_line) != _glyph_stream(tmp_path, "jp", face0)


def _no_font_has(*codes: int) -> None:
    for code in codes:
        if subprocess.run(["fc-list", f":charset={code:x}"], capture_output=True, text=True).stdout.strip():
            pytest.skip(f"a font on this machine has U+{code:04X}")


def test_a_character_no_font_has_is_refused_naming_it_and_its_field(tmp_path):
    # (an Egyptian hieroglyph used to fail here; it now prints from Noto Sans Egyptian Hieroglyphs)
    _no_font_has(0x1FAA9)
    text = MINIMAL.replace("Example University", "Example University \U0001FAA9")  # Unicode 14 emoji
    with pytest.raises(CvError) as err:
        build_text(text, tmp_path, langs=("en",))
    message = err.value.format()
    assert "U+1FAA9 MIRROR BALL" in message and "/usr/share" not in message
    assert re.search(r"cv\.yaml:6:\d+: error: sections\.education\[0\]\.school\.en", message), message
    assert not (tmp_path / "out" / "cv-en-full.pdf").exists()


def test_cli_render_exit_codes_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("person:\n  name: [1, 2]\n", encoding="utf-8")
    cvtool = Path(shutil.which("cvtool") or Path(__file__).resolve().parents[1] / ".venv/bin/cvtool")
    proc = subprocess.run([str(cvtool), "render", str(bad), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "bad.yaml:2:9: error: person.name" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not (tmp_path / "o").exists()


def test_several_missing_characters_in_one_field_are_one_message(tmp_path):
    _no_font_has(0x1FAA9, 0x1FAAA)
    text = MINIMAL.replace("Example University", "Example \U0001FAA9 University \U0001FAAA")
    with pytest.raises(CvError) as err:
        build_text(text, tmp_path, langs=("en",))
    assert len(err.value.diagnostics) == 1
    assert "U+1FAA9" in err.value.format() and "U+1FAAA" in err.value.format()


def test_a_build_dir_that_is_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    with pytest.raises(CvError) as err:
        build_text(MINIMAL, tmp_path, langs=("en",), build_dir=blocker)
    assert "afile is a file, not a folder" in err.value.format()


def test_a_font_whose_name_is_not_utf8_does_not_break_the_font_lookup(tmp_path, monkeypatch):
    """fc-list lists every font on the machine; one badly named file must not stop cvtool."""
    from cvtool import fonts

    folder = wrap_tool(tmp_path, "fc-list", after=r"printf 'Caf\351\tRegular\t0\t/x/caf\351.ttf\n'")
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    fonts.forget()
    try:
        setup = font_setup(tmp_path / "no-fonts-here")
    finally:
        fonts.forget()
    assert "NotoSerif" in setup and "\\setCJKmainfont" in setup
