#!/usr/bin/env python3
"""Build District Desk for release: frozen bundle, smoke test, platform package, checksums.

Steps, in order (each prints its time):

1. Read the version from ``app/__init__.py`` (the one place it is written).
2. Compile the translations (``scripts/build_translations.py``).
3. Build a PyInstaller one-folder bundle from ``packaging/district-desk.spec``.
4. Smoke-test the frozen app: ``--version``, then ``self-test`` on a temporary data
   directory (store, keyring round trip, migrations, blobs); any failed check stops the build.
5. Build the platform package: a ``.deb`` on Linux (with the guides rendered to HTML), the
   NSIS installer on Windows.
6. List the artifacts with sizes and SHA-256 (also written to ``SHA256SUMS``).

The build is reproducible: two builds of one commit give the same ``.deb``, byte for byte.
Every timestamp that reaches an artifact is ``SOURCE_DATE_EPOCH`` (the time of the last
commit unless set), PyInstaller runs with a fixed ``PYTHONHASHSEED``, and the package's
members are sorted, owned by root and have normalised modes and times.

Run ``python build_installer.py --help`` for the options. The Windows build is described
step by step in ``docs/admin-guide.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SPEC = ROOT / "packaging" / "district-desk.spec"
NSIS_SCRIPT = ROOT / "packaging" / "windows" / "district-desk.nsi"
DEBIAN_TEMPLATES = ROOT / "packaging" / "linux"
DOCS = ROOT / "docs"
# The guides shipped in the package, rendered to HTML (README.Debian points at them).
GUIDES = ("admin-guide.md", "user-guide*.md")
PACKAGE = "district-desk"
INSTALL_PREFIX = "/opt/district-desk"
ENV_SIGN = "DISTRICT_DESK_SIGN_COMMAND"
# dpkg-deb options; measured on the 180 MB bundle on 2 cores: gzip -6 23 s / 75 MB,
# xz -6 290 s / 56 MB, zstd 2.4 s / 73 MB, none 0.7 s.
DEB_COMPRESSION = {
    "gzip": ["-Zgzip", "-z6"],
    "xz": ["-Zxz", "-z6"],
    "zstd": ["-Zzstd"],
    "none": ["-Znone"],
}
WINDOWS = sys.platform == "win32"
LINUX = sys.platform.startswith("linux")


class BuildError(Exception):
    """A build step failed; the message says which and why."""


@dataclass
class BuildOptions:
    """What to build and where (from the command line)."""

    output: Path
    work: Path
    version_override: str | None = None
    skip_smoke: bool = False
    skip_package: bool = False
    clean: bool = False
    deb_compression: str = "gzip"
    smoke_keyring: str = "file"
    extra_migrations: list[Path] = field(default_factory=list)
    reuse_bundle: Path | None = None


@dataclass
class Artifact:
    """One file the build produced."""

    path: Path
    size: int
    sha256: str


@dataclass
class BuildReport:
    """Everything the build measured, written to ``build-report.json``."""

    version: str
    steps: dict[str, float] = field(default_factory=dict)
    smoke: dict[str, float] = field(default_factory=dict)
    bundle_bytes: int = 0
    artifacts: list[Artifact] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "steps_s": self.steps,
                "smoke_s": self.smoke,
                "bundle_bytes": self.bundle_bytes,
                "artifacts": [
                    {"file": a.path.name, "bytes": a.size, "sha256": a.sha256}
                    for a in self.artifacts
                ],
            },
            indent=2,
        )


@contextmanager
def step(report: BuildReport, number: int, total: int, title: str) -> Iterator[None]:
    """Print a step's title and its duration; record the duration in the report."""
    print(f"[{number}/{total}] {title} ...", flush=True)
    started = time.perf_counter()
    yield
    took = time.perf_counter() - started
    report.steps[title] = round(took, 2)
    print(f"[{number}/{total}] {title}: done in {took:.1f} s", flush=True)


def run(
    cmd: Sequence[str | os.PathLike[str]],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command; raise BuildError with its output when it fails."""
    args = [str(c) for c in cmd]
    proc = subprocess.run(args, capture_output=True, text=True, check=False, cwd=cwd, env=env)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-40:])
        raise BuildError(f"{shlex.join(args)} failed with exit code {proc.returncode}:\n{tail}")
    return proc


def source_date_epoch() -> int:
    """The build's one timestamp: ``SOURCE_DATE_EPOCH`` if set, else the last commit's time.

    See https://reproducible-builds.org/specs/source-date-epoch/.
    """
    configured = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if configured:
        if not configured.isdigit():
            raise BuildError(f"SOURCE_DATE_EPOCH must be a number of seconds: {configured!r}")
        return int(configured)
    proc = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 or not proc.stdout.strip().isdigit():
        raise BuildError(
            "no git commit to date the build from: set SOURCE_DATE_EPOCH "
            "(seconds since 1970) to build from an exported tree"
        )
    return int(proc.stdout.strip())


def reproducible_env(epoch: int) -> dict[str, str]:
    """The environment of the tools whose output is shipped (PyInstaller, dpkg-deb)."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(epoch)
    # Sets and dicts keyed by strings iterate in hash order; PyInstaller writes some of them.
    env["PYTHONHASHSEED"] = "0"
    env["TZ"] = "UTC"
    env["LC_ALL"] = "C.UTF-8"
    return env


# -- 1. version --------------------------------------------------------------------------


def read_version() -> str:
    """The version written in ``app/__init__.py`` (read as text: importing is not needed)."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if not m:
        raise BuildError("app/__init__.py has no __version__ = '...' line")
    return m.group(1)


def check_version(version: str) -> str:
    """Accept PEP 440 style release versions only (the package formats need them)."""
    if not re.fullmatch(r"\d+\.\d+\.\d+(?:(?:a|b|rc|\.dev|\.post)\d+)?", version):
        raise BuildError(f"version {version!r} is not like 1.2.3, 1.2.3rc1 or 1.2.3.post1")
    return version


def debian_version(version: str) -> str:
    """PEP 440 to Debian ordering: pre-releases sort before the release (``~``)."""
    m = re.fullmatch(r"(\d+\.\d+\.\d+)(?:(a|b|rc|\.dev|\.post)(\d+))?", version)
    if not m:
        raise BuildError(f"cannot map version {version!r} to a Debian version")
    base, kind, num = m.groups()
    if kind is None:
        return base
    if kind == ".post":
        return f"{base}+post{num}"
    return f"{base}~{kind.lstrip('.')}{num}"


def windows_version_quad(version: str) -> str:
    """``1.2.3`` -> ``1.2.3.0`` (Windows version resources need four numbers)."""
    m = re.match(r"(\d+)\.(\d+)\.(\d+)(?:\.post(\d+))?", version)
    if not m:
        raise BuildError(f"cannot map version {version!r} to a Windows version")
    return ".".join(g or "0" for g in m.groups())


# -- 2. translations ---------------------------------------------------------------------


def compile_translations() -> None:
    run([sys.executable, ROOT / "scripts" / "build_translations.py"], cwd=ROOT)


# -- 3. frozen bundle --------------------------------------------------------------------


def write_build_info(work: Path, version: str, epoch: int) -> Path:
    """build-info.json, shipped in the bundle; the runtime hook reports its version.

    ``built`` is the source date (``SOURCE_DATE_EPOCH``), not the clock, so that two builds
    of one commit are identical.
    """
    path = work / "build-info.json"
    path.write_text(
        json.dumps(
            {
                "version": version,
                "built": dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
            }
        ),
        encoding="utf-8",
    )
    return path


def write_version_resource(work: Path, version: str) -> Path:
    """The Windows version resource (file properties > Details) for both executables."""
    quad = tuple(int(x) for x in windows_version_quad(version).split("."))
    path = work / "version_info.txt"
    path.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={quad}, prodvers={quad}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'District Desk'),
      StringStruct('FileDescription', 'District Desk'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('ProductName', 'District Desk'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
""",
        encoding="utf-8",
    )
    return path


def build_bundle(opts: BuildOptions, version: str, epoch: int) -> Path:
    """Run PyInstaller on the checked-in spec; return the one-folder bundle."""
    opts.work.mkdir(parents=True, exist_ok=True)
    dist = opts.output / "bundle"
    cmd: list[str | Path] = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        dist,
        "--workpath",
        opts.work / "pyinstaller",
    ]
    if opts.clean:
        cmd.append("--clean")
    cmd += [
        SPEC,
        "--",
        "--build-info",
        write_build_info(opts.work, version, epoch),
        "--version-file",
        write_version_resource(opts.work, version),
    ]
    for migration in opts.extra_migrations:
        cmd += ["--extra-migration", migration.resolve()]
    run(cmd, cwd=ROOT, env=reproducible_env(epoch))
    bundle = dist / PACKAGE
    if not executable(bundle).is_file():
        raise BuildError(f"PyInstaller produced no {executable(bundle)}")
    # PyInstaller links some Qt libraries into _internal/ even when the spec dropped them
    # as unused (packaging/district-desk.spec, _reachable); such links point nowhere.
    for link in [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]:
        link.unlink()
    drop_outside_records(bundle / "_internal")
    return bundle


def drop_outside_records(internal: Path) -> None:
    """Drop the lines of ``*.dist-info/RECORD`` that name files outside site-packages.

    Such lines name the launcher scripts pip wrote into the build venv's ``bin/``, and
    their hashes cover the venv's path in the script's first line: a build from another
    checkout folder would otherwise differ in these files, and the bundle ships no such
    script anyway.
    """
    for record in sorted(internal.glob("*.dist-info/RECORD")):
        lines = record.read_bytes().splitlines(keepends=True)  # pip writes CRLF: keep it
        kept = [line for line in lines if not line.startswith(b"../")]
        if kept != lines:
            record.write_bytes(b"".join(kept))


def reuse_bundle(opts: BuildOptions, version: str, source: Path, epoch: int) -> Path:
    """Copy an already built bundle and stamp it, instead of running PyInstaller again.

    For upgrade tests: a PyInstaller run that differs only by ``--version-override`` and
    ``--extra-migration`` produces the same executable and libraries, and differs only in
    ``build-info.json``, the added migration script and the timestamps inside
    ``base_library.zip`` (checked with ``diff -r`` on two full builds), so a stamped copy is
    what a second build would produce, in seconds instead of minutes.
    """
    if not executable(source).is_file():
        raise BuildError(f"{source} is not a District Desk bundle")
    bundle = opts.output / "bundle" / PACKAGE
    if bundle.exists():
        shutil.rmtree(bundle)
    bundle.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copytree(source, bundle, symlinks=True, copy_function=os.link)
    except OSError:
        shutil.rmtree(bundle, ignore_errors=True)
        shutil.copytree(source, bundle, symlinks=True)
    internal = bundle / "_internal"
    info = internal / "build-info.json"
    info.unlink()  # a hard link to the source bundle's file: replace, never write through
    shutil.copyfile(write_build_info(opts.work, version, epoch), info)
    for migration in opts.extra_migrations:
        shutil.copyfile(
            migration, internal / "app" / "store" / "migrations" / "versions" / migration.name
        )
    return bundle


def executable(bundle: Path) -> Path:
    """The command-line executable inside a bundle (``district-desk[.exe]``)."""
    return bundle / (f"{PACKAGE}.exe" if WINDOWS else PACKAGE)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


# -- 4. smoke test -----------------------------------------------------------------------


def smoke_env(data_dir: Path, keyring_mode: str) -> dict[str, str]:
    """Environment for running the frozen app headless against a throwaway data dir.

    ``file``: a development key file (build machines rarely have an unlocked keyring);
    ``os``: the real OS keyring, which must then work.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISTRICT_DESK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["DISTRICT_DESK_SITE_CONFIG"] = str(data_dir / "site.toml")
    if keyring_mode == "file":
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        (data_dir / "site.toml").write_text(
            "[district_desk]\nallow_dev_key_file = true\n", encoding="utf-8"
        )
    else:
        env.pop("PYTHON_KEYRING_BACKEND", None)
        (data_dir / "site.toml").write_text("[district_desk]\n", encoding="utf-8")
    return env


def timed(
    cmd: Sequence[str | Path], env: dict[str, str], timeout: float = 120
) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    proc = subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    return proc, time.perf_counter() - started


def smoke_test(bundle: Path, version: str, keyring_mode: str) -> dict[str, float]:
    """Run the frozen app headless: version, self-test, and the GUI start if it can quit.

    Raises:
        BuildError: naming the first check that failed.
    """
    exe = executable(bundle)
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="dd-smoke-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        env = smoke_env(data, keyring_mode)
        proc, times["version_s"] = timed([exe, "--version"], env)
        if proc.returncode != 0 or proc.stdout.strip() != f"District Desk {version}":
            raise BuildError(
                f"--version printed {proc.stdout.strip()!r} (exit "
                f"{proc.returncode}), expected 'District Desk {version}'\n"
                f"{proc.stderr[-2000:]}"
            )
        proc, times["self_test_s"] = timed([exe, "--data-dir", data, "self-test"], env)
        try:
            report = json.loads(proc.stdout)
        except ValueError as exc:
            raise BuildError(
                f"self-test printed no JSON (exit {proc.returncode}):\n"
                f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
            ) from exc
        failed = [c for c in report.get("checks", []) if not c.get("ok")]
        if proc.returncode != 0 or not report.get("ok") or failed:
            raise BuildError("frozen self-test failed: " + json.dumps(failed or report))
        proc, times["self_test_warm_s"] = timed([exe, "--data-dir", data, "self-test"], env)
        if proc.returncode != 0:
            raise BuildError(f"second self-test failed: {proc.stdout[-2000:]}")
        if gui_can_exit_after_start():
            env["DISTRICT_DESK_EXIT_AFTER_START"] = "1"
            proc, times["gui_start_s"] = timed([exe, "--data-dir", data], env)
            if proc.returncode != 0:
                raise BuildError(
                    f"GUI start failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
                )
    return {k: round(v, 3) for k, v in times.items()}


def gui_can_exit_after_start() -> bool:
    """True when the interface honours DISTRICT_DESK_EXIT_AFTER_START (ui/startup_probe.py)."""
    return (ROOT / "ui" / "startup_probe.py").is_file()


# -- 5a. Debian package ------------------------------------------------------------------


def _render(template: Path, values: dict[str, str]) -> str:
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("@" + key + "@", value)
    leftover = re.findall(r"@[A-Z_]+@", text)
    if leftover:
        raise BuildError(f"{template.name}: no value for {', '.join(sorted(set(leftover)))}")
    return text


def _elf_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    yield path


def _package_of(library: str, resolved: str | None) -> str:
    """The Debian package that ships a system library (dpkg -S), or a soname guess."""
    for query in ([resolved] if resolved else []) + [f"*/{library}"]:
        proc = subprocess.run(["dpkg", "-S", query], capture_output=True, text=True, check=False)
        if proc.returncode == 0 and ":" in proc.stdout:
            return proc.stdout.split(":", 1)[0].split(",")[0].strip()
    # Debian names a library package after its soname: libxcb-icccm.so.4 -> libxcb-icccm4.
    m = re.fullmatch(r"(lib[\w+.-]+?)\.so\.(\d+)(?:\..*)?", library)
    if not m:
        raise BuildError(f"cannot tell which package provides {library}")
    stem, major = m.groups()
    return f"{stem}{'-' if stem[-1].isdigit() else ''}{major}".lower().replace("_", "-")


DLOPENED_PACKAGES = ("libxcb-cursor0",)


def debian_depends(bundle: Path) -> str:
    """Depends: the system libraries the bundle links against but does not carry."""
    from PyInstaller.depend import bindepend

    shipped = {p.name for p in bundle.rglob("*")}
    needed: dict[str, str | None] = {}
    for elf in _elf_files(bundle):
        for name, resolved in bindepend.get_imports(str(elf)):
            base = Path(name).name
            if base not in shipped:
                needed.setdefault(base, resolved)
    packages = {_package_of(name, resolved) for name, resolved in needed.items()}
    # Loaded with dlopen at run time, so no ELF header names it: Qt's xcb platform plugin
    # refuses to start without libxcb-cursor (Qt 6.5 and newer).
    packages |= set(DLOPENED_PACKAGES)
    glibc = platform.libc_ver()[1] or "2.31"
    packages.discard("libc6")
    return ", ".join([f"libc6 (>= {glibc})", *sorted(packages)])


def _reused_depends(opts: BuildOptions) -> str | None:
    """With --reuse-bundle, the libraries are the same: take Depends from its .deb."""
    if opts.reuse_bundle is None:
        return None
    debs = sorted(opts.reuse_bundle.parent.parent.glob(f"{PACKAGE}_*.deb"))
    if len(debs) != 1:
        return None
    return run(["dpkg-deb", "-f", debs[0], "Depends"]).stdout.strip() or None


def render_guides(target: Path) -> list[Path]:
    """The guides as standalone HTML pages in ``target``, with the pictures they show.

    Rendered with markdown-it-py (CommonMark plus tables); links between guides point to
    the rendered pages.
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    sources = sorted({path for pattern in GUIDES for path in DOCS.glob(pattern)})
    if not any(path.name == "admin-guide.md" for path in sources):
        raise BuildError(f"{DOCS / 'admin-guide.md'} is missing")
    names = {path.name for path in sources}
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for name in names:
            text = text.replace(f"({name})", f"({name[:-3]}.html)")
            text = text.replace(f"({name}#", f"({name[:-3]}.html#")
        for picture in sorted(set(re.findall(r"\]\((screenshots/[^)\s]+)\)", text))):
            if (DOCS / picture).is_file():
                (target / picture).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(DOCS / picture, target / picture)
                written.append(target / picture)
        title = next(
            (line.lstrip("#").strip() for line in text.splitlines() if line.startswith("# ")),
            source.stem,
        )
        page = (
            '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n"
            "<style>body{max-width:60em;margin:2em auto;padding:0 1em;font-family:sans-serif;"
            "line-height:1.45}table{border-collapse:collapse}td,th{border:1px solid #aaa;"
            "padding:.2em .5em}code,pre{background:#f4f4f4}img{max-width:100%}</style>\n"
            "</head>\n<body>\n" + md.render(text) + "</body>\n</html>\n"
        )
        out = target / f"{source.stem}.html"
        out.write_text(page, encoding="utf-8")
        written.append(out)
    return written


def normalise_tree(root: Path, epoch: int) -> None:
    """Modes 0755 (folders, executables) or 0644, every time ``epoch``, links untouched."""
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_symlink():
            os.utime(path, (epoch, epoch), follow_symlinks=False)
            continue
        mode = path.stat().st_mode
        path.chmod(0o755 if path.is_dir() or mode & 0o100 else 0o644)
        os.utime(path, (epoch, epoch))
    os.utime(root, (epoch, epoch))


def build_deb(bundle: Path, version: str, opts: BuildOptions, epoch: int) -> Path:
    """A .deb installing the bundle to /opt/district-desk with a command and a menu entry.

    Reproducible: dpkg-deb sorts the members and, given ``SOURCE_DATE_EPOCH``, dates the ar
    header with it; owners are root (``--root-owner-group``) and every mode and time is
    normalised here first.
    """
    deb_version = debian_version(version)
    stage = opts.work / "deb-root"
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / INSTALL_PREFIX.lstrip("/")
    opt.parent.mkdir(parents=True)
    # Hard links: the bundle is ~150 MB and the stage is thrown away afterwards. (Modes and
    # times normalised below are therefore the bundle's too: harmless, and the same.)
    try:
        shutil.copytree(bundle, opt, symlinks=True, copy_function=os.link)
    except OSError:
        shutil.rmtree(opt, ignore_errors=True)
        shutil.copytree(bundle, opt, symlinks=True)
    render_guides(stage / "usr" / "share" / "doc" / PACKAGE)
    files = {
        "usr/bin/district-desk": ("district-desk.sh", 0o755),
        "usr/share/applications/district-desk.desktop": ("district-desk.desktop", 0o644),
        "usr/share/icons/hicolor/scalable/apps/district-desk.svg": ("district-desk.svg", 0o644),
        f"usr/share/doc/{PACKAGE}/README.Debian": ("README.Debian", 0o644),
    }
    values = {"VERSION": deb_version, "PREFIX": INSTALL_PREFIX, "PACKAGE": PACKAGE}
    for dest, (template, mode) in files.items():
        target = stage / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        src = DEBIAN_TEMPLATES / template
        if template.endswith(".svg"):
            shutil.copyfile(src, target)
        else:
            target.write_text(_render(src, values), encoding="utf-8")
        target.chmod(mode)
    control = stage / "DEBIAN"
    control.mkdir()
    installed_kb = (folder_size(stage) + 1023) // 1024
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    depends = _reused_depends(opts) or debian_depends(bundle)
    values |= {"ARCH": arch, "INSTALLED_SIZE": str(installed_kb), "DEPENDS": depends}
    (control / "control").write_text(
        _render(DEBIAN_TEMPLATES / "control", values), encoding="utf-8"
    )
    for script in ("postinst", "prerm", "postrm"):
        target = control / script
        target.write_text(_render(DEBIAN_TEMPLATES / script, values), encoding="utf-8")
        target.chmod(0o755)
    # dpkg-deb refuses group/world-writable control files; the bundle must be readable.
    normalise_tree(stage, epoch)
    opts.output.mkdir(parents=True, exist_ok=True)
    deb = opts.output / f"{PACKAGE}_{deb_version}_{arch}.deb"
    run(
        [
            "dpkg-deb",
            "--root-owner-group",
            *DEB_COMPRESSION[opts.deb_compression],
            "--build",
            stage,
            deb,
        ],
        env=reproducible_env(epoch),
    )
    shutil.rmtree(stage)
    return deb


# -- 5b. Windows installer ---------------------------------------------------------------


def sign_command() -> str | None:
    """The Authenticode signing command from the environment, ``{file}`` marks the file."""
    cmd = os.environ.get(ENV_SIGN, "").strip()
    if cmd and "{file}" not in cmd:
        raise BuildError(f"{ENV_SIGN} must contain {{file}} where the file name goes")
    return cmd or None


def sign(path: Path) -> None:
    """Sign one file when a signing command is configured (optional)."""
    cmd = sign_command()
    if not cmd:
        return
    if WINDOWS:
        # A Windows command line is one string; the program splits it itself.
        proc = subprocess.run(
            cmd.replace("{file}", f'"{path}"'), capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            raise BuildError(f"signing {path.name} failed: {(proc.stdout + proc.stderr)[-2000:]}")
    else:
        run([arg.replace("{file}", str(path)) for arg in shlex.split(cmd)])


def makensis() -> str:
    found = shutil.which("makensis")
    if not found and WINDOWS:
        default = Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)"))
        candidate = default / "NSIS" / "makensis.exe"
        found = str(candidate) if candidate.is_file() else None
    if not found:
        raise BuildError(
            "makensis not found (Debian: apt install nsis; Windows: install "
            "NSIS 3 and add it to PATH)"
        )
    return found


def compile_nsis(
    source_dir: Path, version: str, outfile: Path, sign_cmd: str | None = None
) -> Path:
    """Compile packaging/windows/district-desk.nsi against ``source_dir``.

    On Windows ``source_dir`` is the bundle and the result is the installer. On Linux this
    validates the script with Debian's makensis against a staged folder (the result is
    not a usable installer and is thrown away by the caller). ``sign_cmd`` (``{file}``
    marks the file) signs the installer and its uninstaller through ``!finalize``.
    """
    outfile.parent.mkdir(parents=True, exist_ok=True)
    defines = [
        f"-DVERSION={version}",
        f"-DVERSION_QUAD={windows_version_quad(version)}",
        f"-DSOURCE_DIR={source_dir}",
        f"-DOUTFILE={outfile}",
    ]
    if sign_cmd:
        defines.append("-DSIGN_COMMAND=" + sign_cmd.replace("{file}", '"%1"'))
    run([makensis(), "-V2", "-WX", *defines, NSIS_SCRIPT], cwd=NSIS_SCRIPT.parent)
    if not outfile.is_file():
        raise BuildError(f"makensis did not write {outfile}")
    return outfile


def stage_windows_layout(folder: Path) -> Path:
    """Placeholder files shaped like a Windows bundle, to compile the NSIS script on Linux."""
    for name in (
        f"{PACKAGE}.exe",
        "DistrictDesk.exe",
        "_internal/python311.dll",
        "_internal/app/store/migrations/env.py",
        "_internal/build-info.json",
    ):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"placeholder for makensis validation\n")
    return folder


# -- 6. artifacts ------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def list_artifacts(paths: list[Path], output: Path) -> list[Artifact]:
    """Sizes and SHA-256 of the artifacts; also written to ``SHA256SUMS``."""
    artifacts = [Artifact(p, p.stat().st_size, sha256_of(p)) for p in paths]
    (output / "SHA256SUMS").write_text(
        "".join(f"{a.sha256}  {a.path.name}\n" for a in artifacts), encoding="utf-8"
    )
    return artifacts


# -- main --------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> BuildOptions:
    parser = argparse.ArgumentParser(
        prog="build_installer.py",
        description="Build the District Desk bundle, smoke-test it and build the installer "
        "for this platform (.deb on Linux, NSIS .exe on Windows).",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "dist",
        help="where the bundle and packages go (default: dist/)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=None,
        help="PyInstaller work folder (default: build/ next to this script; "
        "kept between runs so rebuilds are faster)",
    )
    parser.add_argument(
        "--version-override",
        metavar="X.Y.Z",
        help="stamp another version (upgrade tests); releases never use it",
    )
    parser.add_argument(
        "--extra-migration",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="ship an additional migration script, as a newer release would (upgrade tests only)",
    )
    parser.add_argument(
        "--reuse-bundle",
        type=Path,
        metavar="DIR",
        help="stamp and package a copy of an already built bundle instead of "
        "running PyInstaller (upgrade tests only)",
    )
    parser.add_argument(
        "--skip-smoke",
        action="store_true",
        help="do not run the frozen self-test (not for releases)",
    )
    parser.add_argument(
        "--skip-package",
        action="store_true",
        help="build and test the bundle only, no .deb / installer",
    )
    parser.add_argument(
        "--clean", action="store_true", help="start PyInstaller from scratch (use for releases)"
    )
    parser.add_argument(
        "--deb-compression",
        choices=sorted(DEB_COMPRESSION),
        default="gzip",
        help="dpkg-deb compression: gzip (default; every dpkg reads it), xz "
        "(smallest, minutes slower), zstd (fast; dpkg >= 1.21.18 only), "
        "none",
    )
    parser.add_argument(
        "--smoke-keyring",
        choices=["file", "os"],
        default="file",
        help="smoke test with a development key file (default) or the real "
        "OS keyring, which must then be unlocked",
    )
    a = parser.parse_args(argv)
    return BuildOptions(
        output=a.output.resolve(),
        work=(a.work or ROOT / "build").resolve(),
        version_override=a.version_override,
        skip_smoke=a.skip_smoke,
        skip_package=a.skip_package,
        clean=a.clean,
        deb_compression=a.deb_compression,
        smoke_keyring=a.smoke_keyring,
        extra_migrations=list(a.extra_migration),
        reuse_bundle=a.reuse_bundle.resolve() if a.reuse_bundle else None,
    )


def build(opts: BuildOptions) -> BuildReport:
    """Run every step; raise BuildError at the first failure."""
    version = check_version(opts.version_override or read_version())
    epoch = source_date_epoch()
    report = BuildReport(version)
    total = 6
    print(f"District Desk {version}: building on {platform.platform(terse=True)}")
    print(f"    source date {dt.datetime.fromtimestamp(epoch, dt.UTC):%Y-%m-%d %H:%M:%S} UTC")
    with step(report, 1, total, "version"):
        print(f"    version {version}" + (" (override)" if opts.version_override else ""))
    with step(report, 2, total, "translations"):
        compile_translations()
    with step(report, 3, total, "bundle"):
        opts.work.mkdir(parents=True, exist_ok=True)
        if opts.reuse_bundle:
            bundle = reuse_bundle(opts, version, opts.reuse_bundle, epoch)
        else:
            bundle = build_bundle(opts, version, epoch)
        report.bundle_bytes = folder_size(bundle)
        print(f"    {bundle} ({report.bundle_bytes / 1e6:.1f} MB)")
        if WINDOWS:
            for exe in bundle.glob("*.exe"):
                sign(exe)
    with step(report, 4, total, "smoke test"):
        if opts.skip_smoke:
            print("    skipped (--skip-smoke)")
        else:
            report.smoke = smoke_test(bundle, version, opts.smoke_keyring)
            print("    " + ", ".join(f"{k} {v:.2f}" for k, v in report.smoke.items()))
    produced: list[Path] = []
    with step(report, 5, total, "package"):
        if opts.skip_package:
            print("    skipped (--skip-package)")
        elif LINUX:
            produced.append(build_deb(bundle, version, opts, epoch))
        elif WINDOWS:
            setup = compile_nsis(
                bundle, version, opts.output / f"DistrictDesk-Setup-{version}.exe", sign_command()
            )
            produced.append(setup)
        else:
            print(f"    no package format for {sys.platform}; the bundle is the artifact")
    with step(report, 6, total, "artifacts"):
        opts.output.mkdir(parents=True, exist_ok=True)
        report.artifacts = list_artifacts(produced, opts.output)
        for a in report.artifacts:
            print(f"    {a.path.name}  {a.size / 1e6:.1f} MB  sha256 {a.sha256}")
        print(f"    bundle folder {bundle}  {report.bundle_bytes / 1e6:.1f} MB")
        (opts.output / "build-report.json").write_text(report.to_json(), encoding="utf-8")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    try:
        build(opts)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
