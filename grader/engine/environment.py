"""The environment of the processes that check exercises: the kata decides it, not whoever runs `kata`.

A learner's shell, an editor, CI or a pytest run that calls `kata` can all set variables that change
how pytest or the interpreter start. Inherited by a check's child process, they turn a sound check
into a usage error (`PYTEST_ADDOPTS="-n 2"`), a false failure (`PYTHONWARNINGS=error`,
`PYTHONASYNCIODEBUG=1`), a silently weaker check (`PYTHONOPTIMIZE` drops asserts) or a hang
(`PYTHONINSPECT`). So every child starts from the caller's environment minus the variables below,
plus the kata's own settings. The learner's code still sees an ordinary environment: HOME, PATH,
LANG, TMPDIR, proxies and everything else not listed here are passed on as they are.

The warm parent (grader.engine.zygote) is started with the same environment as a spawned child, so
nothing the caller set can reach a forked child through it either.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

# Removed: every variable whose name starts with one of these, and why.
REMOVED_PREFIXES: dict[str, str] = {
    "PYTEST_": "pytest's own settings: PYTEST_ADDOPTS adds options (-n, --cov, -W error, ...), PYTEST_PLUGINS "
               "loads plugins, PYTEST_DEBUG traces every hook, PYTEST_CURRENT_TEST and PYTEST_XDIST_* are set "
               "by a pytest that runs kata, PYTEST_THEME colours the output. The kata chooses its children's "
               "options and plugins itself.",
    "PYTHON": "the interpreter's start-up: PYTHONPATH (other packages ahead of the standard library), "
              "PYTHONSTARTUP, PYTHONINSPECT (waits for input at the end), PYTHONOPTIMIZE (drops asserts), "
              "PYTHONWARNINGS (warnings as errors), PYTHONDEVMODE and PYTHONASYNCIODEBUG (asyncio debug mode "
              "reports slow callbacks), PYTHONBREAKPOINT, PYTHONHASHSEED, PYTHONTRACEMALLOC, "
              "PYTHONFAULTHANDLER, PYTHONMALLOC, PYTHONUNBUFFERED, PYTHONIOENCODING, PYTHONUTF8, PYTHON_GIL, "
              "PYTHON_CPU_COUNT and any that later versions add; except those in KEPT.",
    "COVERAGE_": "COVERAGE_PROCESS_START starts coverage in every Python process: slower checks, and "
                 ".coverage files written beside the learner's.",
    "COV_CORE_": "pytest-cov's way of starting coverage in subprocesses.",
    "KATA_": "the grader's own settings (KATA_DIR, KATA_RUNNER, KATA_PRISTINE, ...): a child gets only those "
             "set for it.",
}
REMOVED_NAMES: dict[str, str] = {
    "PY_COLORS": "colours pytest's output, which is quoted in messages: they must be plain text.",
    "FORCE_COLOR": "the same, for pytest 8 and later.",
}
# Kept although they match a prefix above: without them the interpreter may not find its own
# standard library or the packages the grader runs with. They already shaped the grader's own start.
KEPT = frozenset({"PYTHONHOME", "PYTHONUSERBASE", "PYTHONNOUSERSITE", "PYTHONPLATLIBDIR", "PYTHONEXECUTABLE"})

# Graded runs also hide what would let learner code speak for the CI step: the files through which
# a GitHub Actions step sets outputs, environment and summaries, and the tokens of the run; and the
# shell's idea of the caller's folder (often the kata graded from), which a graded check never needs.
HIDDEN_FROM_GRADED = frozenset({
    "PWD", "OLDPWD",
    "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STATE", "GITHUB_STEP_SUMMARY", "GITHUB_TOKEN",
    "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_RUNTIME_URL", "ACTIONS_RESULTS_URL", "ACTIONS_CACHE_URL",
})

# The kata's own settings, in every child: no bytecode files written into the learner's folders, and
# only the pytest plugins the kata names (grader.engine.runner.PYTEST_PLUGINS).
KATA_SETTINGS = {"PYTHONDONTWRITEBYTECODE": "1", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def removed(name: str) -> bool:
    """Whether a variable of the caller's environment is kept from the children."""
    if name in KEPT:
        return False
    return name in REMOVED_NAMES or name.startswith(tuple(REMOVED_PREFIXES))


def base(*, graded: bool, caller: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment every child of a run shares (and the warm parent starts with)."""
    caller = os.environ if caller is None else caller
    hidden = HIDDEN_FROM_GRADED if graded else frozenset()
    env = {name: value for name, value in caller.items() if not removed(name) and name not in hidden}
    env.update(KATA_SETTINGS)
    grader_path = _grader_on_pythonpath(caller.get("PYTHONPATH", ""))
    if grader_path:
        env["PYTHONPATH"] = grader_path
    if graded:
        # The learner's folder (the child's working folder) is never on sys.path.
        env["PYTHONSAFEPATH"] = "1"
    return env


def for_check(base_env: Mapping[str, str], kata_dir: Path, **fds: int) -> dict[str, str]:
    """One check's environment: the run's, the kata dir, and the descriptors handed to the child."""
    return {**base_env, "KATA_DIR": str(kata_dir), **{name: str(fd) for name, fd in fds.items()}}


def _grader_on_pythonpath(pythonpath: str) -> str:
    """The PYTHONPATH entry the running grader was imported from, if any: the child must import the
    same grader. The caller's other entries are dropped."""
    home = Path(__file__).resolve().parents[2]  # the folder holding this grader/ package
    for entry in filter(None, pythonpath.split(os.pathsep)):
        try:
            if Path(entry).resolve() == home:
                return entry
        except OSError:
            continue
    return ""
