"""`kata grade`: a class of submissions, good, broken and hostile, into the exact gradebook expected.

The thirty-student run with its timing is `python benchmarks/grader.py grade`; this one grades six
students on two exercises, then grades them again in two shards and merges the shards.
"""
from __future__ import annotations

import pytest

from grader import catalog as catalog_module
from selftests.assignment import export
from selftests.conftest import run_kata
from selftests.submissions import make_class

PLAN = {
    "ada": ("folder", {"greet": "solution", "say_after": "solution"}),
    "bob": ("zip-prefixed", {"greet": "solution", "say_after": "stub"}),
    "cy": ("nested", {"greet": "syntax", "say_after": "exit_import"}),
    "dee": ("zip-hostile", {"greet": "forge", "say_after": "notice"}),
    "eli": ("zip", {"greet": "symlink", "say_after": "huge"}),
    "fay": ("corrupt", {"greet": "solution", "say_after": "solution"}),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grade")
    kata = export(base / "kata", "greet", "say_after")
    catalog = catalog_module.load(kata)
    expected = make_class(base / "class", catalog, PLAN)
    run = run_kata("grade", str(base / "class"), "--out", str(base / "grades.csv"), "--feedback",
                   str(base / "feedback"), cwd=kata, env={"PYTHONSAFEPATH": "1"})
    return base, kata, expected, run


def test_gradebook_is_exactly_the_expected_one(graded):
    base, _, expected, run = graded
    assert run.returncode == 0, run.stdout + run.stderr
    assert (base / "grades.csv").read_text() == expected
    assert expected.splitlines()[1:] == [
        "ada,5,10,15,100.0,complete",
        "bob,5,0,5,33.3,incomplete",
        "cy,0,0,0,0.0,incomplete",
        "dee,0,0,0,0.0,incomplete",
        "eli,0,0,0,0.0,incomplete",
        "fay,0,0,0,0.0,unreadable",
    ]


def test_hostile_archives_write_nothing_outside(graded):
    base, *_ = graded
    assert not list(base.rglob("escaped*.py")) and not list(base.parent.glob("escaped*.py"))


def test_summary_table_and_feedback_per_student(graded):
    base, _, _, run = graded
    assert "ada" in run.stdout and "15/15" in run.stdout and "6 submissions graded" in run.stdout
    feedback = {path.stem: path.read_text() for path in (base / "feedback").glob("*.md")}
    assert set(feedback) == set(PLAN)
    assert "15 / 15 points (100.0 %)" in feedback["ada"]
    assert "syntax error" in feedback["cy"] and "without reporting its results" in feedback["cy"]
    assert "symbolic link" in feedback["eli"] and "larger than 256 KiB" in feedback["eli"]
    assert "could not be read" in feedback["fay"]
    assert "kata-" not in "".join(feedback.values()), "no private folder names: re-runs read the same"


def test_shards_merge_into_the_same_gradebook(graded):
    base, kata, expected, _ = graded
    parts = []
    for shard in ("1/2", "2/2"):
        part = base / f"part{shard[0]}.csv"
        run = run_kata("grade", str(base / "class"), "--out", str(part), "--shard", shard, "--jobs", "2",
                       cwd=kata, env={"PYTHONSAFEPATH": "1"})
        assert run.returncode == 0, run.stderr
        parts.append(part)
    assert [len(p.read_text().splitlines()) for p in parts] == [4, 4], "three students each, with the header"
    merged = run_kata("grade", "--merge", *map(str, parts), "--out", str(base / "merged.csv"), cwd=kata)
    assert merged.returncode == 0, merged.stderr
    assert (base / "merged.csv").read_text() == expected, "the same bytes: re-runs and shards agree"


@pytest.mark.parametrize("args, phrase", [
    (["--shard", "3/2"], "--shard"),
    (["--merge", "missing.csv"], "missing.csv"),
])
def test_grade_usage_errors(graded, args, phrase):
    base, kata, _, _ = graded
    run = run_kata("grade", *([] if args[0] == "--merge" else [str(base / "class")]), *args,
                   "--out", str(base / "x.csv"), cwd=kata)
    assert run.returncode == 2 and phrase in run.stderr and "Traceback" not in run.stderr
