"""`kata export`: a student assignment repository that works on its own and gives nothing away.

(The platforms' exports, which add a bundle or a workflow to this repository, have their own tests:
test_classroom50, test_gradescope, test_workflows.)"""
from __future__ import annotations

import hashlib
import json
import shutil
import tomllib

import pytest

from grader import catalog as catalog_module
from grader.engine import trust
from selftests.assignment import classroom, commit
from selftests.conftest import ROOT, run_kata

TOPIC = "01_coroutines"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    dest = tmp_path_factory.mktemp("export") / "assignment"
    run = run_kata("export", str(dest), "--topics", TOPIC)
    assert run.returncode == 0, run.stdout + run.stderr
    return dest


def test_export_holds_the_assignment_and_no_solutions(exported):
    catalog = catalog_module.load(exported)
    source = catalog_module.load(ROOT)
    expected = [e.name for e in source.exercises if e.topic == TOPIC]
    assert [e.name for e in catalog.exercises] == expected
    assert set(catalog.topics) == {TOPIC} and set(catalog.learned) <= {TOPIC}
    for exercise in catalog.exercises:
        stub = exported / "exercises" / exercise.relative_path
        assert stub.read_bytes() == (ROOT / "exercises" / exercise.relative_path).read_bytes()
        assert stub.read_bytes() != (ROOT / "solutions" / exercise.relative_path).read_bytes()
        assert (exported / exercise.test_path).read_bytes() == (ROOT / exercise.test_path).read_bytes()
    for absent in ("solutions", "selftests", "benchmarks", ".ci", "CONTRIBUTING.md", ".github"):
        assert not (exported / absent).exists(), absent
    assert not list(exported.rglob("right_*.py")) and not list(exported.rglob("wrong_*.py"))
    assert not list(exported.rglob("__pycache__"))
    for present in ("grader/cli.py", "grader/harness/plugin.py", "pyproject.toml", "README.md", ".gitignore",
                    ".vscode/settings.json", ".kata/manifest.json"):
        assert (exported / present).is_file(), present
    assert not list((exported / "tests").glob("0[2-9]_*")), "only the selected topic's suites"


def test_manifest_lists_every_protected_file_with_its_hashes(exported):
    files = json.loads((exported / ".kata/manifest.json").read_text())["files"]
    assert set(files) == set(trust.protected_files(exported))
    assert {"kata.toml", "pyproject.toml", "grader/engine/runner.py"} <= set(files)
    assert any(name.startswith("tests/") for name in files)
    assert not any(name.startswith("exercises/") for name in files), "the student's files are not protected"
    for name, entry in files.items():
        data = (exported / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["git"] == hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def test_readme_is_filled_in(exported):
    readme = (exported / "README.md").read_text()
    catalog = catalog_module.load(exported)
    assert all(f"`{e.name}`" in readme for e in catalog.exercises)
    assert f"out of {sum(e.points for e in catalog.exercises)} points" in readme
    assert "kata watch" in readme and "kata grade" in readme
    assert "solutions" not in readme.lower() and "GitHub Classroom" not in readme


def test_kata_check_works_inside_the_export(exported, tmp_path):
    copy = tmp_path / "student"
    shutil.copytree(exported, copy)
    stubs = run_kata("check", "greet", cwd=copy)
    assert stubs.returncode == 1 and "greet must be a coroutine function" in stubs.stdout, stubs.stdout + stubs.stderr
    names = [e.name for e in catalog_module.load(copy).exercises]
    solved = run_kata("check", *names, "--dir", str(ROOT / "solutions"), cwd=copy)
    assert solved.returncode == 0, solved.stdout + solved.stderr
    commit(copy)
    payload, run = classroom(copy, "greet", "await_chain", "--dir", str(ROOT / "solutions"))
    assert payload["status"] == "pass" and sum(t["score"] for t in payload["tests"]) == payload["max_score"] == 10
    assert run.returncode == 0


def test_export_refuses_a_non_empty_folder_and_unknown_topics(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    run = run_kata("export", str(tmp_path / "full"))
    assert run.returncode == 2 and "not empty" in run.stderr
    run = run_kata("export", str(tmp_path / "new"), "--topics", "99_nothing")
    assert run.returncode == 2 and "no topic" in run.stderr and not (tmp_path / "new").exists()


def test_catalog_subset_keeps_the_comments(exported):
    text = (exported / "kata.toml").read_text()
    assert text.startswith("# The catalog of the asyncio kata")
    assert tomllib.loads(text)["topics"] == {TOPIC: catalog_module.load(ROOT).topics[TOPIC]}


@pytest.mark.parametrize("args, phrase", [
    (("--for", "classroom50"), "--classroom ''"),
    (("--for", "classroom50", "--classroom", "CS Fall", "--assignment", "kata"), "lowercase letters"),
    (("--for", "classroom50", "--classroom", "cs", "--assignment", "a_b"), "--assignment 'a_b'"),
    (("--classroom", "cs"), "belong to --for classroom50"),
    (("--for", "repo", "--python", "3.12"), "--python belongs to"),
    (("--for", "classroom50", "--classroom", "cs", "--assignment", "kata", "--python", "3.9"), "3.11, 3.12"),
    (("--for", "github-actions"), "needs --template"),
    (("--for", "gitlab", "--template", "class/kata"), "needs --ref"),
    (("--template", "class/kata", "--ref", "v1"), "belong to --for github-actions"),
])
def test_export_refuses_options_that_do_not_fit(tmp_path, args, phrase):
    run = run_kata("export", str(tmp_path / "out"), "--exercises", "greet", *args)
    assert run.returncode == 2 and phrase in run.stderr, run.stderr
    assert not (tmp_path / "out").exists(), "nothing is written when the options are wrong"


def test_a_public_bundle_refuses_links_and_solutions(tmp_path):
    from grader.errors import ExportError
    from grader.teacher import platforms

    catalog = catalog_module.load(ROOT)
    for name, make in (("link", lambda target: target.symlink_to(ROOT / "kata.toml")),
                       ("copy.py", lambda target: shutil.copy(ROOT / "solutions/01_coroutines/greet.py", target)),
                       ("right_greet.py", lambda target: target.write_text("x = 1\n"))):
        folder = tmp_path / name.replace(".", "_")
        folder.mkdir()
        (folder / "fine.py").write_text("x = 1\n")
        platforms.check_public(folder, catalog)
        make(folder / name)
        with pytest.raises(ExportError):
            platforms.check_public(folder, catalog)
