"""Grades an asyncio kata submission for Classroom 50 (written by `kata export --for classroom50`).

Classroom 50's runner extracts this folder (the assignment's bundle) and runs `python autograder.py`
with the student's checkout as the working directory, on the runner's Python, before anything is
installed. So this script uses the standard library only. It:

1. makes a private virtual environment and installs the kata and its dependencies into it from
   the wheels beside it, offline, each checked against its pinned SHA-256 (requirements.txt): the
   student's grader/ is never installed, imported or run;
2. runs the graded check, `kata check --format classroom50 --pristine kata/`, in the checkout, with
   the job's outputs, summaries and tokens removed from its environment, and a deadline: whatever
   the student's code does, this script ends within BUDGET_SECONDS, installs included, and every
   exercise the grading did not reach is reported as not graded, with the reason;
3. ends every process the grading left behind, checks the result against Classroom 50's published
   contract, then writes ./result.json, ./release-body.md and `status=` / `summary=` to $GITHUB_OUTPUT.

It exits 0 whenever grading ran (pass or fail is in result.json), and non-zero only when it could not
grade at all (the install failed, the grader crashed or produced no valid result, or no exercise
could be checked): then the runner publishes no Release and the teacher sees an error to re-run.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
KATA, WHEELS, REQUIREMENTS, SETTINGS = HERE / "kata", HERE / "wheels", HERE / "requirements.txt", HERE / "bundle.json"
RESULT_FILE, BODY_FILE = "result.json", "release-body.md"

# Classroom 50 stops the whole grade job after 15 minutes: checkout, Python set-up, this script and
# the publishing of the Release. This script keeps to 12 of them, whatever the student's code does.
BUDGET_SECONDS = 12 * 60
GRADER_ERROR_EXIT = 3  # `kata check`: some exercise could not be checked (grader.results)
INSTALL_SECONDS = 240  # the virtual environment and the offline install (about 15 s in practice)
GRACE_SECONDS = 45  # after the grading's own deadline, before the grader is stopped from outside
RESERVE_SECONDS = 30  # checking and writing the result at the end

SCHEMA = "classroom50/result/v1"
TOP_LEVEL_KEYS = {"schema", "classroom", "assignment", "assignment_type", "owner", "submission", "commit",
                  "release", "review", "datetime", "graded_at", "score", "max-score", "tests", "submitted_by"}
SUMMARY_CHARS = 140
# What the graded check must never see: how a step sets outputs, environment and summaries, the
# run's tokens and secrets, and anything that changes how Python starts.
HIDDEN_EXACT = {"GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STATE", "GITHUB_STEP_SUMMARY", "SECRET",
                "VIRTUAL_ENV", "KATA_AUTOGRADER_VENV"}
HIDDEN_PARTS = ("TOKEN", "SECRET", "PASSWORD", "CREDENTIAL")
HIDDEN_PREFIXES = ("ACTIONS_", "PYTHON", "PIP_")


class CannotGrade(Exception):
    """Grading could not run at all; the message says why and what to do."""


def log(message: str) -> None:
    print(f"kata-autograder: {message}", flush=True)


def main() -> int:
    started = time.monotonic()
    end_by = started + BUDGET_SECONDS
    adopt_orphans()
    for name in (RESULT_FILE, BODY_FILE):  # a student's committed files are never taken for ours
        Path(name).unlink(missing_ok=True)
    try:
        check_python()
        with tempfile.TemporaryDirectory(prefix="kata-autograder-", dir=os.environ.get("RUNNER_TEMP") or None) as work:
            python = grader_python(Path(work), end_by)
            log(f"ready after {time.monotonic() - started:.1f} s")
            out = grade(python, Path(work), end_by)
            end_leftovers()  # before the result is written: nothing the student started may touch it
            publish(out)
    except CannotGrade as problem:
        print(f"::error title=asyncio kata::{one_line(str(problem))}", file=sys.stderr, flush=True)
        return 1
    finally:
        end_leftovers()
    log(f"done in {time.monotonic() - started:.1f} s")
    return 0


# --- The grader's own environment ---------------------------------------------------------------

def check_python() -> None:
    try:
        wanted = json.loads(SETTINGS.read_text(encoding="utf-8"))["python"]
    except (OSError, ValueError, KeyError) as error:
        raise CannotGrade(f"{SETTINGS.name} is missing or damaged ({error}): export the assignment again.") from None
    have = f"{sys.version_info.major}.{sys.version_info.minor}"
    if have != wanted:
        raise CannotGrade(f"This assignment's wheels are for Python {wanted}, the runner has Python {have}. "
                          f"Set the assignment's runtime to {{\"python\": \"{wanted}\"}}, or export the "
                          f"assignment again with `kata export ... --python {have}`.")


def grader_python(work: Path, end_by: float) -> Path:
    """The interpreter of a private environment holding the kata as shipped and its pinned dependencies."""
    reused = os.environ.get("KATA_AUTOGRADER_VENV")  # set by the kata's own tests, never by Classroom 50
    if reused:
        log(f"using the prepared environment {reused}")
        return venv_python(Path(reused))
    return install(work / "venv", end_by)


def install(venv: Path, end_by: float) -> Path:
    limit = min(INSTALL_SECONDS, end_by - time.monotonic())
    started = time.monotonic()
    # This Python's own pip can install into the new environment (pip >= 22.3: --python), which
    # spares bootstrapping a second pip into it.
    outside = runner_pip_can_target()
    run_step([sys.executable, "-m", "venv", *(["--without-pip"] if outside else []), str(venv)], limit,
             "creating the virtual environment")
    python = venv_python(venv)
    pip = [sys.executable, "-m", "pip", "--python", str(python)] if outside else [str(python), "-m", "pip"]
    run_step([*pip, "install", "--no-index", "--find-links", str(WHEELS), "--require-hashes", "--no-deps",
              "--no-cache-dir", "--disable-pip-version-check", "--quiet", "-r", str(REQUIREMENTS)],
             limit - (time.monotonic() - started), "installing the kata")
    log(f"installed the kata in {time.monotonic() - started:.1f} s")
    return python


def runner_pip_can_target() -> bool:
    try:
        import pip
    except ImportError:
        return False
    version = tuple(int(part) for part in pip.__version__.split(".")[:2] if part.isdigit())
    return version >= (22, 3)


def venv_python(venv: Path) -> Path:
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.is_file():
        raise CannotGrade(f"{venv} holds no Python interpreter.")
    return python


def run_step(command: list[str], limit: float, what: str) -> None:
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=max(limit, 1), env=clean_environment(), check=False)
    except subprocess.TimeoutExpired:
        raise CannotGrade(f"{what} took longer than {limit:.0f} s.") from None
    except OSError as error:
        raise CannotGrade(f"{what} failed: {error}") from None
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise CannotGrade(f"{what} failed (exit {done.returncode}): {' / '.join(tail)}")


def clean_environment() -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if name not in HIDDEN_EXACT and not name.startswith(HIDDEN_PREFIXES)
           and not any(part in name.upper() for part in HIDDEN_PARTS)}
    env.update(PYTHONNOUSERSITE="1", PYTHONDONTWRITEBYTECODE="1", PYTHONSAFEPATH="1", NO_COLOR="1")
    return env


# --- The graded check ---------------------------------------------------------------------------

def grade(python: Path, work: Path, end_by: float) -> Path:
    """Run the graded check in the checkout; the folder holding its result."""
    out, scratch = work / "out", work / "tmp"
    scratch.mkdir()
    seconds = end_by - time.monotonic() - GRACE_SECONDS - RESERVE_SECONDS
    if seconds < 30:
        raise CannotGrade("No time is left to grade in.")
    command = [str(python), "-I", "-m", "grader", "check", "--format", "classroom50", "--pristine", str(KATA),
               "--out", str(out), "--time-limit", f"{seconds:.0f}"]
    env = {**clean_environment(), "TMPDIR": str(scratch)}
    log(f"grading, at most {seconds:.0f} s")
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        code = process.wait(timeout=seconds + GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        raise CannotGrade(f"The grader did not finish within {seconds + GRACE_SECONDS:.0f} s.") from None
    finally:
        stop_group(process.pid)
        process.wait()
    if code == GRADER_ERROR_EXIT:
        raise CannotGrade("The grader could not check some exercises (a grader error, not the student's code); "
                          "see the log above, then run the grading again.")
    if code not in (0, 1):
        raise CannotGrade(f"The grader could not run (exit {code}); see the log above.")
    return out


# --- The result ---------------------------------------------------------------------------------

def publish(out: Path) -> None:
    document = read_result(out / RESULT_FILE)
    problems = contract_problems(document)
    if problems:
        raise CannotGrade("The grader's result breaks Classroom 50's contract: " + "; ".join(problems))
    if all(row.get("status") == "not graded" for row in document["tests"]):
        raise CannotGrade("No exercise could be graded; see the log above.")
    outputs = read_outputs(out / "github-output.txt")
    body = (out / BODY_FILE).read_text(encoding="utf-8")
    write_atomically(Path(RESULT_FILE), json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    write_atomically(Path(BODY_FILE), body)
    github_output = os.environ.get("GITHUB_OUTPUT")
    if github_output:
        with open(github_output, "a", encoding="utf-8") as sink:
            sink.write(f"status={outputs['status']}\nsummary={outputs['summary']}\n")
    log(f"{outputs['status']}: {outputs['summary']}")


def read_result(path: Path) -> dict:
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not a number JSON allows")

    try:
        document = json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)
    except (OSError, ValueError) as error:
        raise CannotGrade(f"The grader wrote no readable {RESULT_FILE}: {error}") from None
    if not isinstance(document, dict):
        raise CannotGrade(f"The grader's {RESULT_FILE} is not a JSON object.")
    return document


def is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def contract_problems(document: dict) -> list[str]:
    """What in `document` breaks classroom50/result/v1 for this assignment and this kata."""
    problems = [f"unknown top-level key {key!r}" for key in sorted(set(document) - TOP_LEVEL_KEYS)]
    if document.get("schema") != SCHEMA:
        problems.append(f"schema is {document.get('schema')!r}")
    problems += identity_problems(document)
    if not is_count(document.get("score")) or not is_count(document.get("max-score")):
        problems.append("score and max-score must be non-negative integers")
    elif document["score"] > document["max-score"]:
        problems.append("score is above max-score")
    tests = document.get("tests")
    names = [e["name"] for e in tomllib.loads((KATA / "kata.toml").read_text(encoding="utf-8"))["exercise"]]
    if not isinstance(tests, list) or [t.get("test-name") if isinstance(t, dict) else None for t in tests] != names:
        return [*problems, "tests must be one row per exercise, in the catalog's order"]
    problems += [f"row {row['test-name']!r} has no valid passed/score/max-score" for row in tests if not valid_row(row)]
    if is_count(document.get("score")) and document["score"] != sum(t.get("score", 0) for t in tests):
        problems.append("score is not the sum of the rows")
    return problems


def identity_problems(document: dict) -> list[str]:
    problems = [f"{key} must be a non-empty string"
                for key in ("classroom", "assignment", "submission", "commit", "release", "review", "datetime")
                if not isinstance(document.get(key), str) or not document[key]]
    for key in ("classroom", "assignment"):
        said = os.environ.get(key.upper())
        if said and document.get(key) != said:
            problems.append(f"{key} is {document.get(key)!r}, the runner says {said!r}")
    return problems


def valid_row(row: dict) -> bool:
    return (isinstance(row.get("passed"), bool) and is_count(row.get("score")) and is_count(row.get("max-score"))
            and row["score"] <= row["max-score"])


def read_outputs(path: Path) -> dict[str, str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CannotGrade(f"The grader wrote no status: {error}") from None
    outputs = dict(line.split("=", 1) for line in lines if "=" in line)
    if outputs.get("status") not in ("success", "failure") or not 0 < len(outputs.get("summary", "")) <= SUMMARY_CHARS:
        raise CannotGrade("The grader's status or summary is not what Classroom 50 accepts.")
    return outputs


def write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def one_line(text: str) -> str:
    return " ".join(text.split())[:1000]


# --- Processes the grading leaves behind -----------------------------------------------------------

def adopt_orphans() -> None:
    """Become the parent of any process the grading orphans (Linux), so that none outlives this script."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
        except (OSError, AttributeError):
            pass


def stop_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def end_leftovers() -> None:
    """Kill every process descended from this one (a student's daemon included), and reap them."""
    for _ in range(10):
        leftovers = descendants(os.getpid())
        for pid in leftovers:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        reap()
        if not leftovers:
            return
        time.sleep(0.1)


def descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def prepare_only(target: Path) -> int:
    """`python autograder.py --prepare DIR`: only make the environment (e.g. once, for many gradings)."""
    try:
        check_python()
        install(target, time.monotonic() + INSTALL_SECONDS)
    except CannotGrade as problem:
        print(f"kata-autograder: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--prepare"] and len(sys.argv) == 3:
        sys.exit(prepare_only(Path(sys.argv[2])))
    sys.exit(main())
