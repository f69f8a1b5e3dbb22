"""`cvtool doctor`: is this machine ready to render? Each check says what it found and, when it
fails, the exact command that fixes it.

Checks: xelatex (path and version), the LaTeX packages the templates load, the font families
(the CJK ones must resolve to their SC face, or TC for zh-hant, see `cvtool.fonts`), the Font
Awesome faces of the header icons, pdftoppm (optional:
PNG previews) and write access to the output folder. Nothing here prints; the CLI does.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cvtool.errors import display_path
from cvtool.fonts import FontRole
from cvtool.install import apt_install
from cvtool.platforms import Platform, detect, install_commands

LATEX_PACKAGES = (
    "fontspec.sty", "xeCJK.sty", "needspace.sty", "enumitem.sty", "hyperref.sty", "xcolor.sty", "geometry.sty",
    "amsmath.sty", "unicode-math.sty",
)
_COLLECTIONS = (".ttc", ".otc")
_TIMEOUT = 20.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""  # what was found, or what is wrong
    fix: str | None = None  # the command that fixes a failure (of this check alone)
    optional: bool = False  # a failed optional check does not make the machine unhealthy
    needs: tuple[str, ...] = ()  # what to install when it fails (`platforms`), merged into one fix


@dataclass(frozen=True)
class Report:
    checks: list[Check]
    platform: Platform = field(default_factory=detect)

    @property
    def healthy(self) -> bool:
        return all(c.ok or c.optional for c in self.checks)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if not c.ok and not c.optional]

    def fixes(self, *, optional: bool = False) -> list[str]:
        """Every fix, once: one install command per installer for what the failed checks need,
        then the fixes of the rest. `optional`: those of the optional checks instead."""
        failed = [c for c in self.checks if not c.ok and c.optional == optional]
        needs = [n for c in failed for n in c.needs]
        others = [c.fix for c in failed if c.fix and not c.needs]
        return install_commands(self.platform, needs) + list(dict.fromkeys(others))


def diagnose(out_dir: Path = Path("out"), platform: Platform | None = None) -> Report:
    platform = platform or detect()
    return Report([check_xelatex(platform), *check_latex_packages(platform), *check_fonts(platform),
                   check_pdftoppm(platform), check_preloaded_format(), check_output(out_dir)], platform)


def _needing(name: str, ok: bool, detail: str, needs: tuple[str, ...], platform: Platform, *,
             optional: bool = False, extra: str = "") -> Check:
    """A check that a `needs` install fixes, with that install as its own fix."""
    fix = "; ".join(install_commands(platform, needs)) + extra if not ok else None
    return Check(name, ok, detail, fix, optional, needs if not ok else ())


def _first_line(cmd: list[str]) -> str | None:
    """The first non-empty line a `--version`-style command prints (stdout, else stderr)."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=_TIMEOUT, stdin=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    for stream in (proc.stdout, proc.stderr):
        for line in stream.splitlines():
            if line.strip():
                return line.strip()
    return None


def check_xelatex(platform: Platform | None = None) -> Check:
    platform = platform or detect()
    path = shutil.which("xelatex")
    if path is None:
        return _needing("xelatex", False, "not found on PATH", ("xelatex",), platform)
    version = _first_line([path, "--version"])
    if version is None:
        return Check("xelatex", False, f"{path} does not run (`xelatex --version` failed)",
                     apt_install("--reinstall", "texlive-xetex"))
    return Check("xelatex", True, f"{path} ({version})")


def check_latex_packages(platform: Platform | None = None) -> list[Check]:
    platform = platform or detect()
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is None:
        return [_needing(sty, False, "cannot look it up: kpsewhich (part of TeX) is not on PATH", ("kpsewhich", sty),
                         platform) for sty in LATEX_PACKAGES]
    from cvtool.latex.sandbox import sandbox_env  # the environment xelatex itself runs in

    try:
        proc = subprocess.run([kpsewhich, *LATEX_PACKAGES], capture_output=True, text=True, timeout=_TIMEOUT,
                              env=sandbox_env(None), stdin=subprocess.DEVNULL, check=False)
        found = {Path(line.strip()).name: line.strip() for line in proc.stdout.splitlines() if line.strip()}
    except (OSError, subprocess.TimeoutExpired):
        found = {}
    checks = []
    for sty in LATEX_PACKAGES:
        if sty in found:
            checks.append(Check(sty, True, found[sty]))
        else:
            checks.append(_needing(sty, False, "not found by kpsewhich", (sty,), platform))
    return checks


def _locale_roles() -> list[FontRole]:
    """The families a locale file picks instead of a role's own (zh-hant: the CJK TC faces),
    each checked like the role it replaces and installed by the same package."""
    from cvtool.fonts import ROLES
    from cvtool.locales import available, locale

    by_name = {role.name: role for role in ROLES}
    seen = {family for role in ROLES for family in role.families}
    out = []
    for tag in available():
        for name, family in locale(tag).fonts.items():
            base = by_name[name]
            if family not in seen:
                seen.add(family)
                out.append(FontRole(base.name, base.command, (family,), base.package))
    return out


def check_icon_fonts() -> Check:
    """The Font Awesome faces the header icons (the modern theme's, or `icons: true`) are set in."""
    from cvtool.fonts import fonts_dir
    from cvtool.icons import FACES, FOLDER

    folder = fonts_dir().resolve() / FOLDER
    missing = [name for name in FACES.values() if not (folder / name).is_file()]
    if not missing:
        return Check("font Font Awesome", True, display_path(folder) + "/")
    return Check("font Font Awesome", False, f"{', '.join(missing)} not in {display_path(folder)}/",
                 "reinstall cvtool (its wheel ships fonts/fontawesome/), or put Font Awesome Free 6's "
                 f"{', '.join(missing)} there; without them the modern theme and `icons: true` cannot render")


def check_fonts(platform: Platform | None = None) -> list[Check]:
    from cvtool.fonts import FALLBACK_ROLES, ROLES, fonts_dir, local_fonts, system_faces

    platform = platform or detect()
    local = local_fonts(fonts_dir().resolve())
    have_fc_list = shutil.which("fc-list") is not None
    checks = []
    for role in (*ROLES, *_locale_roles(), *FALLBACK_ROLES):
        cjk = "CJK" in role.command
        family = role.families[0]
        name = f"font {family}"
        needs = ("fc-list",) * (not have_fc_list) + (f"font:{role.name}",)
        for candidate in role.families:
            where, faces = ("fonts/", local[candidate]) if "Regular" in local.get(candidate, {}) else (
                "system", system_faces(candidate))
            if "Regular" in faces:
                family = candidate
                break
        else:
            why = "not found" if have_fc_list else "cannot look it up: fc-list (fontconfig) is not on PATH"
            checks.append(_needing(name, False, why, needs, platform, optional=not role.command,
                                   extra="; or put the font files in fonts/"))
            continue
        file, index = faces["Regular"]
        detail = f"{file}" + (f" (face {index})" if Path(file).suffix.lower() in _COLLECTIONS else "")
        detail += " from fonts/" if where == "fonts/" else ""
        if cjk and index == 0 and Path(file).suffix.lower() in _COLLECTIONS:
            # Face 0 of the Noto CJK collections is the JP design; a collection must yield its SC face.
            reinstall = (apt_install("--reinstall", role.package) if platform.name == "debian"
                         else f"reinstall {family} so that fontconfig lists the {family[-2:]} face of its collection")
            checks.append(Check(f"font {family}", False, f"{detail}: face 0 of a collection, not the {family[-2:]} face",
                                reinstall + "; then: fc-cache -f"))
            continue
        checks.append(Check(f"font {family}", True, detail))
    return [*checks, check_icon_fonts()]


def check_pdftoppm(platform: Platform | None = None) -> Check:
    path = shutil.which("pdftoppm")
    if path is None:
        return _needing("pdftoppm", False, "not found on PATH (only needed for PNG previews)", ("pdftoppm",),
                        platform or detect(), optional=True)
    version = _first_line([path, "-v"]) or "version unknown"
    return Check("pdftoppm", True, f"{path} ({version})", optional=True)


def check_preloaded_format() -> Check:
    """Whether the preloaded TeX format is ready (`cvtool.latex.preload`): never a failure, since
    a render builds it, but an unwritable cache means every render runs the slow way."""
    from cvtool.latex import preload
    from cvtool.latex.templates import STYLE_FILES, TEMPLATE, templates_dir

    name = "preloaded TeX format"
    xelatex = shutil.which("xelatex")
    if xelatex is None:
        return Check(name, False, "needs xelatex", optional=True)
    folder = templates_dir()
    text = preload.template_preamble((folder / TEMPLATE).read_text(encoding="utf-8"))
    if text is None:
        return Check(name, False, f"{TEMPLATE} has no \\cvpreambleend line: every run loads all packages",
                     optional=True)
    styles = [folder / n for n in STYLE_FILES]
    found, where = preload.state(text, styles, xelatex)
    if found == "ready":
        return Check(name, True, display_path(where) if where else "ready", optional=True)
    if found == "failed":
        log = f" (log: {display_path(where)})" if where else ""
        return Check(name, False, f"the last dump failed{log}: renders load every package "
                     "(about twice as slow) until TeX or the templates change", optional=True)
    root = preload.cache_root()
    existing = next((p for p in (root, *root.parents) if p.exists()), root)
    if not (existing.is_dir() and os.access(existing, os.W_OK)):
        return Check(name, False, f"{display_path(root)} cannot be written: every render loads all packages "
                     "(about twice as slow)", "set XDG_CACHE_HOME to a writable folder", optional=True)
    return Check(name, True, "not built yet: the next render builds it (about 1 s, once)", optional=True)


def check_output(out_dir: Path) -> Check:
    name = f"output folder {display_path(out_dir)}"
    quoted = shlex.quote(str(out_dir))
    if out_dir.exists() and not out_dir.is_dir():
        return Check(name, False, "is a file, not a folder", f"mv {quoted} {quoted}.bak   (or choose another folder with --out)")
    if out_dir.is_dir():
        try:
            with tempfile.TemporaryFile(dir=out_dir, prefix=".cvtool-doctor-"):
                pass
        except OSError as exc:
            owner = hasattr(os, "getuid") and out_dir.stat().st_uid == os.getuid()
            fix = f"chmod u+w {quoted}" if owner else f"sudo chown \"$(id -un)\" {quoted}"
            return Check(name, False, f"not writable ({exc.strerror})", fix)
        return Check(name, True, "writable")
    parent = out_dir.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if parent.is_dir() and os.access(parent, os.W_OK | os.X_OK):
        return Check(name, True, "will be created")
    return Check(name, False, f"cannot be created: {parent} is not writable",
                 f"sudo mkdir -p {quoted} && sudo chown \"$(id -un)\" {quoted}")
