"""Helpers for the self-tests of the platforms' graded runs: Classroom 50's runner as its sources
describe it, a validator of its published result contract, and hostile exercise files.

Nothing here comes from the kata's own code: the contract is checked against the published schema
(classroom50/result/v1: its properties, required keys and types) and the runner's own validation
(classroom and assignment equal the run's, score <= max-score per test and in total).
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

from selftests.assignment import GIT

# classroom50/result/v1: every property the schema allows (additionalProperties: false) and those it requires.
RESULT_PROPERTIES = {"schema", "classroom", "assignment", "assignment_type", "owner", "submission", "commit",
                     "release", "review", "datetime", "graded_at", "score", "max-score", "tests", "submitted_by"}
RESULT_REQUIRED = RESULT_PROPERTIES - {"graded_at", "submitted_by"}
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ")

CLASSROOM, ASSIGNMENT = "cs-fall", "asyncio-kata"
FAKE_TOKEN = "ghs_FAKEtoken0123456789abcdefFAKE"


def strict_json(text: str):
    def refuse(constant: str):
        raise AssertionError(f"{constant} in JSON")

    return json.loads(text, parse_constant=refuse)


def is_int(value) -> bool:
    return type(value) is int and value >= 0


def contract_problems(document, *, classroom: str = CLASSROOM, assignment: str = ASSIGNMENT) -> list[str]:
    """What breaks classroom50/result/v1 as the runner validates it, [] when nothing does."""
    if not isinstance(document, dict):
        return ["not an object"]
    problems = [f"extra key {k}" for k in sorted(set(document) - RESULT_PROPERTIES)]
    problems += [f"missing key {k}" for k in sorted(RESULT_REQUIRED - set(document))]
    expected = {"schema": "classroom50/result/v1", "classroom": classroom, "assignment": assignment}
    problems += [key for key, value in expected.items() if document.get(key) != value]
    problems += _field_problems(document)
    tests = document.get("tests")
    if not isinstance(tests, list) or not tests:
        return [*problems, "tests must be a non-empty list"]
    problems += [problem for row in tests for problem in _row_problems(row)]
    if not problems and (document["score"] != sum(r["score"] for r in tests)
                         or document["max-score"] != sum(r["max-score"] for r in tests)):
        problems.append("totals are not the sums of the rows")
    return problems


def _field_problems(document: dict) -> list[str]:
    problems = [key for key in ("owner", "commit", "release", "review")
                if not isinstance(document.get(key), str) or not document[key]]
    if document.get("assignment_type") not in ("individual", "group"):
        problems.append("assignment_type")
    if not str(document.get("submission", "")).startswith("submit/"):
        problems.append("submission")
    if not DATETIME.fullmatch(str(document.get("datetime", ""))):
        problems.append("datetime")
    score, top = document.get("score"), document.get("max-score")
    if not (is_int(score) and is_int(top) and score <= top):
        problems.append("score/max-score")
    return problems


def _row_problems(row) -> list[str]:
    if not isinstance(row, dict) or not isinstance(row.get("test-name"), str) or not row["test-name"]:
        return [f"test-name of {row!r}"]
    if type(row.get("passed")) is not bool:
        return [f"passed of {row['test-name']}"]
    if not (is_int(row.get("score")) and is_int(row.get("max-score")) and row["score"] <= row["max-score"]):
        return [f"score of {row['test-name']}"]
    return []


def publish_like_pages(autograder: Path) -> bytes:
    """The bundle as Classroom 50's publisher packs it: `tar -czf S.tar.gz -C <autograders> S`."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(autograder, arcname=autograder.name)
    return buffer.getvalue()


def extract_like_runner(bundle: bytes, runner_temp: Path) -> Path:
    """Extracted as the runner does: into $RUNNER_TEMP/classroom50-runtime, refusing links."""
    runtime = runner_temp / "classroom50-runtime"
    runtime.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as archive:
        assert not [m.name for m in archive.getmembers() if m.issym() or m.islnk() or m.isdev()], "links in bundle"
        if sys.version_info >= (3, 12):
            archive.extractall(runtime, filter="data")
        else:
            archive.extractall(runtime)
    return runtime / ASSIGNMENT


def git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def student_checkout(template: Path, target: Path, exercises: dict[str, str], *, extra: dict[str, str] | None = None
                     ) -> Path:
    """A student's repository as Classroom 50 makes it: the template commit, the accept commit
    (.classroom50.yaml and the autograde shim), then one work commit with `exercises` (name -> code)
    and any `extra` files (relative path -> text)."""
    subprocess.run(["cp", "-R", str(template), str(target)], check=True)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "Initial commit")
    (target / ".classroom50.yaml").write_text(f"classroom: {CLASSROOM}\nassignment: {ASSIGNMENT}\n")
    (target / ".github/workflows").mkdir(parents=True)
    (target / ".github/workflows/autograde.yaml").write_text("on: push\njobs: {}\n")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "Accept assignment")
    for name, code in exercises.items():
        [path] = (target / "exercises").glob(f"*/{name}.py")
        path.write_text(code)
    for relative, text in (extra or {}).items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(text)
    git(target, "add", "-A")
    git(target, "commit", "-qm", "Submit", "--allow-empty")
    return target


@dataclass
class Graded:
    returncode: int
    log: str
    result: dict | None
    body: str | None
    outputs: str
    summary_file: str
    seconds: float

    @property
    def scores(self) -> dict[str, int]:
        return {row["test-name"]: row["score"] for row in self.result["tests"]}

    @property
    def statuses(self) -> dict[str, str]:
        return {row["test-name"]: row["status"] for row in self.result["tests"]}

    def output(self, key: str) -> str:
        values = [line.split("=", 1)[1] for line in self.outputs.splitlines() if line.startswith(f"{key}=")]
        assert len(values) == 1, self.outputs
        return values[0]


def run_like_runner(bundle_dir: Path, checkout: Path, runner_temp: Path, *, venv: Path | None = None,
                    timeout: float = 900) -> Graded:
    """`python autograder.py` in the checkout, with the runner's environment, then what it left."""
    import time

    for name in ("result.json", "release-body.md"):  # the runner deletes what a student committed
        (checkout / name).unlink(missing_ok=True)
    output, summary = runner_temp / "github_output", runner_temp / "step_summary"
    output.write_text("")
    summary.write_text("")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "KATA_"))}
    env.update(
        CLASSROOM=CLASSROOM, ASSIGNMENT=ASSIGNMENT, SUBMISSION_TAG="submit/2026-12-04T10-00-00Z-abc1234",
        COMMIT_URL="https://github.com/org/repo/commit/abc1234", RELEASE_URL="https://github.com/org/repo/releases/tag/x",
        REVIEW_URL="https://github.com/org/repo/compare/a...b", USERNAME="alice", OWNER="alice",
        ASSIGNMENT_TYPE="individual", MODE="individual", PAGES_BASE_URL="https://org.github.io/classroom50",
        CLASSROOM50_BUNDLE_DIR=str(bundle_dir), RUNNER_TEMP=str(runner_temp), GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=str(checkout), GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_REPOSITORY="org/repo", GITHUB_SHA="abc1234", GITHUB_TOKEN=FAKE_TOKEN,
        ACTIONS_RUNTIME_TOKEN=FAKE_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN=FAKE_TOKEN, SECRET="capabilitysecret",
    )
    if venv is not None:
        env["KATA_AUTOGRADER_VENV"] = str(venv)
    started = time.monotonic()
    run = subprocess.run([sys.executable, str(bundle_dir / "autograder.py")], cwd=checkout, env=env,
                         capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    result_file, body_file = checkout / "result.json", checkout / "release-body.md"
    return Graded(run.returncode, run.stdout + run.stderr,
                  strict_json(result_file.read_text()) if result_file.is_file() else None,
                  body_file.read_text() if body_file.is_file() else None,
                  output.read_text(), summary.read_text(), seconds)


ALLOWED_OWN_COMMANDS = re.compile(r"::(stop-commands::[0-9a-f]{32}|[0-9a-f]{32}::|error title=asyncio kata::.*)")


def unstopped_commands(log: str) -> list[str]:
    """Lines of a log that GitHub Actions would run as workflow commands, other than the grader's own."""
    found, stopped_by = [], None
    for line in log.splitlines():
        if stopped_by:
            if line == f"::{stopped_by}::":
                stopped_by = None
            continue
        if line.startswith("::stop-commands::"):
            stopped_by = line.removeprefix("::stop-commands::")
            continue
        if line.lstrip().startswith("::") and not ALLOWED_OWN_COMMANDS.fullmatch(line):
            found.append(line)
    return found


# --- Hostile exercise files -----------------------------------------------------------------------

ENDLESS = "async def fruit() -> str:\n    while True:\n        pass\n"
EXITS = "import os\nos._exit(0)\n"
NOISY = '''
import sys
NOISE = ("<script>alert(1)</script> **bold** [link](http://evil.example) @octocat ```\\n"
         "::error::forged annotation\\n::set-output name=status::success\\n"
         "::notice title=Autograding complete::Points 445/445\\n")
for _ in range(12000):  # about 2 MB
    sys.stdout.write(NOISE)
    sys.stderr.write(NOISE)
raise RuntimeError("<img src=x onerror=alert(1)> | cell | `tick` </details> ::error::x "
                   "<details><summary>owned</summary>")
'''
# Tries everything a grading job offers: its outputs and secrets, the checkout, and outliving the grader.
SNOOPER = '''
import json, os, pathlib, time
leak = {k: v for k, v in os.environ.items() if "TOKEN" in k or k.startswith("GITHUB_") or k == "SECRET"}
for key in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV"):
    if os.environ.get(key):
        with open(os.environ[key], "a") as sink:
            sink.write("status=success\\nsummary=forged\\n")
FORGED = json.dumps({"schema": "classroom50/result/v1", "score": 445, "max-score": 445, "tests": []})
places = [pathlib.Path(os.environ.get("GITHUB_WORKSPACE", ".")), pathlib.Path.cwd()]
if os.fork() == 0:  # a daemon in a session of its own, outside the grader's process groups
    os.setsid()
    if os.fork() == 0:
        for _ in range(600):
            for where in places:
                try:
                    (where / "result.json").write_text(FORGED)
                    (where / "release-body.md").write_text("# 445 / 445")
                except OSError:
                    pass
            time.sleep(0.1)
    os._exit(0)
raise RuntimeError("environment: " + json.dumps(leak))
'''
