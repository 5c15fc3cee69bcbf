"""What `kata export --for TARGET` writes for each grading platform, and the teacher's instructions.

- `classroom50`: DEST/template/ (the student repository, no workflow: Classroom 50 adds its own),
  DEST/classroom50/<classroom>/autograders/<assignment>/ (autograder.py and the bundle, see
  grader.teacher.bundle) and DEST/TEACHER.md.
- `gradescope`: DEST/template/, DEST/gradescope/autograder.zip (setup.sh, run_autograder and the
  bundle) and DEST/TEACHER.md.
- `github-actions`, `gitlab`: the student repository with a grading workflow that checks out the
  assignment as shipped (--template at --ref) beside the submission.
- `repo`: the student repository alone.

The files the platforms run are in grader/teacher/platform_files/; everything a bundle holds is
public on Classroom 50, so it is checked to hold no link and no solution before it is written.
"""
from __future__ import annotations

import io
import re
import shutil
import tarfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from grader import catalog as catalog_module
from grader.catalog import Catalog, Exercise
from grader.engine import runner
from grader.errors import ExportError
from grader.teacher import bundle
from grader.teacher.export import write_repository

FILES = Path(__file__).with_name("platform_files")
TARGETS = ("repo", "classroom50", "gradescope", "github-actions", "gitlab")
GITHUB_WORKFLOW, GITLAB_CI = ".github/workflows/kata-grading.yml", ".gitlab-ci.yml"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,38}")  # Classroom 50's rule for classroom and assignment names
BUNDLE_LIMIT = 10 * 1024 * 1024  # Classroom 50 fetches at most 10 MiB of bundle
DEFAULT_PYTHON = {"classroom50": "3.14", "gradescope": "3.12"}


@dataclass(frozen=True)
class Options:
    target: str = "repo"
    classroom: str = ""
    assignment: str = ""
    python: str = ""
    template: str = ""
    ref: str = ""


def platform_file(name: str) -> str:
    return (FILES / name).read_text(encoding="utf-8")


def check_options(options: Options) -> None:
    """Refuse options that do not fit the target, before anything is written."""
    if options.target not in TARGETS:
        raise ExportError(f"--for {options.target}: one of {', '.join(TARGETS)}.")
    _check_classroom50_options(options)
    if options.python and options.target not in DEFAULT_PYTHON:
        raise ExportError("--python belongs to --for classroom50 and --for gradescope.")
    if options.python and options.python not in bundle.PYTHONS:
        raise ExportError(f"--python {options.python}: the kata supports {', '.join(bundle.PYTHONS)}.")
    _check_ci_options(options)


def _check_classroom50_options(options: Options) -> None:
    if options.target == "classroom50":
        for flag, value in (("--classroom", options.classroom), ("--assignment", options.assignment)):
            if not SLUG.fullmatch(value):
                raise ExportError(f"{flag} {value!r}: Classroom 50 names are 2 to 39 lowercase letters, digits "
                                  "and hyphens, starting with a letter or digit (e.g. --classroom cs-fall "
                                  "--assignment asyncio-kata).")
    elif options.classroom or options.assignment:
        raise ExportError("--classroom and --assignment belong to --for classroom50.")


def _check_ci_options(options: Options) -> None:
    if options.target in ("github-actions", "gitlab"):
        if not re.fullmatch(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+", options.template):
            raise ExportError(f"--for {options.target} needs --template GROUP/NAME: the repository of the "
                              "assignment as shipped, which the workflow grades with.")
        if not re.fullmatch(r"[A-Za-z0-9_./-]+", options.ref):
            raise ExportError(f"--for {options.target} needs --ref TAG: the tag (or commit) of the assignment "
                              "as shipped, so that every student is graded with the same tests.")
    elif options.template or options.ref:
        raise ExportError("--template and --ref belong to --for github-actions and --for gitlab.")


def export(catalog: Catalog, dest: Path, chosen: list[Exercise], options: Options) -> Path:
    check_options(options)
    if options.target == "classroom50":
        return _classroom50(catalog, dest, chosen, options)
    if options.target == "gradescope":
        return _gradescope(catalog, dest, chosen, options)
    if options.target == "github-actions":
        return write_repository(catalog, dest, chosen, submitting=SUBMIT_CI,
                                extra={GITHUB_WORKFLOW: _filled(platform_file("kata-grading.yml"), options)})
    if options.target == "gitlab":
        return write_repository(catalog, dest, chosen, submitting=SUBMIT_CI,
                                extra={GITLAB_CI: _filled(platform_file("gitlab-ci.yml"), options)})
    return write_repository(catalog, dest, chosen, submitting=SUBMIT_REPO)


def _filled(workflow: str, options: Options) -> str:
    for key, value in (("KATA_TEMPLATE", options.template), ("KATA_REF", options.ref)):
        workflow, count = re.subn(rf'(?m)^(\s*{key}:) ""', rf'\g<1> "{value}"', workflow)  # value: checked names
        if count != 1:
            raise ExportError(f"The grading workflow has no {key} setting to fill in.")
    return workflow


# --- Classroom 50 -------------------------------------------------------------------------------

def _classroom50(catalog: Catalog, dest: Path, chosen: list[Exercise], options: Options) -> Path:
    python = options.python or DEFAULT_PYTHON["classroom50"]
    template = write_repository(catalog, dest / "template", chosen, submitting=SUBMIT_CLASSROOM50)
    autograder = dest / "classroom50" / options.classroom / "autograders" / options.assignment
    bundle.write(autograder, template, python)
    (autograder / "autograder.py").write_text(platform_file("classroom50_autograder.py"), encoding="utf-8")
    check_public(autograder, catalog)
    size = compressed_size(autograder)
    if size > BUNDLE_LIMIT:
        raise ExportError(f"The autograder folder is {size / 2**20:.1f} MiB compressed; Classroom 50 takes at "
                          f"most {BUNDLE_LIMIT / 2**20:.0f} MiB.")
    (dest / "TEACHER.md").write_text(teacher_classroom50(template, options, python, size), encoding="utf-8")
    return dest


def compressed_size(folder: Path) -> int:
    """The size of `folder` as Classroom 50's publisher packs it (tar.gz, members <name>/...)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(folder, arcname=folder.name)
    return len(buffer.getvalue())


def check_public(folder: Path, catalog: Catalog) -> None:
    """Refuse to write a public bundle that holds a link or anything that gives a solution away."""
    solutions = {catalog.solution_file(e).read_bytes() for e in catalog.exercises if catalog.solution_file(e).is_file()}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_symlink():
            raise ExportError(f"{relative} is a link: Classroom 50 refuses bundles with links.")
        known_variant = path.suffix == ".py" and path.name.startswith(("right_", "wrong_"))
        if known_variant or "solutions" in relative.parts or "variants" in relative.parts:
            raise ExportError(f"{relative} does not belong in a public bundle.")
        if path.is_file() and path.read_bytes() in solutions:
            raise ExportError(f"{relative} is a reference solution: it does not belong in a public bundle.")


# --- Gradescope ---------------------------------------------------------------------------------

def _gradescope(catalog: Catalog, dest: Path, chosen: list[Exercise], options: Options) -> Path:
    python = options.python or DEFAULT_PYTHON["gradescope"]
    template = write_repository(catalog, dest / "template", chosen, submitting=SUBMIT_GRADESCOPE)
    staging = dest / "gradescope" / "autograder"
    bundle.write(staging, template, python)
    check_public(staging, catalog)
    archive = dest / "gradescope" / "autograder.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for name, script in (("setup.sh", "gradescope_setup.sh"), ("run_autograder", "gradescope_run_autograder")):
            info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            info.external_attr = 0o100755 << 16  # executable
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, platform_file(script))
        for path in sorted(staging.rglob("*")):
            if path.is_file():
                zipped.write(path, path.relative_to(staging).as_posix())
    shutil.rmtree(staging)
    (dest / "TEACHER.md").write_text(teacher_gradescope(template, python), encoding="utf-8")
    return dest


# --- What students and teachers read ---------------------------------------------------------------

SUBMIT_REPO = """
Your teacher tells you how to hand in your work. They grade it with `kata grade`, which runs the same
tests as `kata check`.
"""

SUBMIT_CI = """
Commit and push: every push is graded by the grading workflow of this repository, with the tests of
the assignment as shipped. The result is in the workflow run's summary (points, a row per exercise
and every diagnosis) and in its test report.
"""

SUBMIT_CLASSROOM50 = """
This assignment runs on Classroom 50. Commit your work and submit it:

- `gh student submit` (install it once with `gh extension install foundation50/gh-student`)
  snapshots your work, pushes it and has it graded;
- or `git push`: unless your teacher grades tagged submissions only, every push to the default
  branch is graded. A tag `submit/<any name>` (`git tag submit/1 && git push origin submit/1`) is
  always graded.

A minute or two later your grade is on your repository's **Releases** page, one Release per
submission (points, a row per exercise and every diagnosis), and as a status on the commit.
"""

SUBMIT_GRADESCOPE = """
Submit on Gradescope: upload this repository from GitHub, or upload your exercise files (the files
`exercises/<topic>/<name>.py`, or just the `<name>.py` files). Gradescope shows your points, a row
per exercise and every diagnosis a few minutes later.
"""


def _facts(template: Path) -> dict[str, str]:
    catalog = catalog_module.load(template)
    budget = re.search(r"(?m)^BUDGET_SECONDS = (\d+) \* 60", platform_file("classroom50_autograder.py"))
    return {"exercises": str(len(catalog.exercises)), "points": str(catalog.points),
            "budget": budget[1] if budget else "?",
            "virtual_limit": f"{runner.EXERCISE_TIMEOUT['virtual']:g}",
            "real_limit": f"{runner.EXERCISE_TIMEOUT['real']:g}"}


def teacher_classroom50(template: Path, options: Options, python: str, size: int) -> str:
    return platform_file("TEACHER-classroom50.md").format(
        classroom=options.classroom, assignment=options.assignment, python=python, size=f"{size / 2**20:.1f}",
        **_facts(template))


def teacher_gradescope(template: Path, python: str) -> str:
    return platform_file("TEACHER-gradescope.md").format(python=python, **_facts(template))
