"""The mutation tool (grader.dev.mutants): its operators, its ids, its equivalents file, its report."""
from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from grader.catalog import load
from grader.dev import mutants as command
from grader.dev import mutation
from grader.dev.mutation import Edit, Mutant, Operator, generate, learner_names
from grader.errors import KataError
from selftests.conftest import mini_kata

USAGE_ERROR = 2


def mutants_of(source: str, operator: str | None = None) -> list[Mutant]:
    """The mutants of a snippet whose every definition is the learner's."""
    source = textwrap.dedent(source)
    made = generate(source, exercise="snippet", learner=learner_names(source, ""))
    return [m for m in made if operator is None or m.operator == operator]


def change(mutant: Mutant) -> str:
    """The changed lines of a mutant, stripped: "-old | +new"."""
    lines = mutant.diff("x.py").splitlines()[2:]
    return " | ".join(line[0] + line[1:].strip() for line in lines
                      if line[:1] in "+-" and line[1:].strip())


# Each operator on a small snippet: the changes it must make there, exactly.
CASES = [
    ("drop-await", """
        async def f():
            x = await g()
            return x
     """, ["-x = await g() | +x = g()"]),
    ("drop-await-statement", """
        async def f(writer):
            writer.write(b"x")
            await writer.drain()
     """, ["-await writer.drain()"]),
    ("drop-await-statement", """
        async def f():
            if ready:
                await asyncio.sleep(1)
     """, ["-await asyncio.sleep(1) | +pass"]),
    ("sleep-blocking", """
        import asyncio

        async def f():
            await asyncio.sleep(0.5)
     """, ["+import time | -await asyncio.sleep(0.5) | +time.sleep(0.5)"]),
    ("sleep-blocking", """
        from asyncio import sleep

        async def f():
            await sleep(1)
     """, ["+import time | -await sleep(1) | +time.sleep(1)"]),
    ("broaden-except", """
        async def f():
            try:
                return True, await g()
            except Exception as error:
                return False, error
     """, ["-except Exception as error: | +except BaseException as error:"]),
    ("broaden-except", """
        async def f():
            try:
                await g()
            except Exception:
                pass
     """, ["-except Exception: | +except:"]),
    ("cancel-as-exception", """
        import asyncio

        async def f(log):
            try:
                await g()
            except asyncio.CancelledError:
                log.append("cleanup")
                raise
     """, ["-except asyncio.CancelledError: | +except Exception:"]),
    ("drop-reraise", """
        async def f(log):
            try:
                await g()
            except BaseException:
                log.append("cleanup")
                raise
            raise ValueError
     """, ["-raise"]),
    ("finally-out", """
        async def f(writer):
            try:
                await g()
            finally:
                writer.close()
     """, ["-try: | -await g() | -finally: | -writer.close() | +await g() | +writer.close()"]),
    ("finally-out", """
        async def f(tasks):
            try:
                await g()
            except ValueError:
                pass
            finally:
                cancel(tasks)
                await wait(tasks)
     """, ["-cancel(tasks) | +cancel(tasks)", "-await wait(tasks) | +await wait(tasks)",
          "-finally: | -cancel(tasks) | -await wait(tasks) | +cancel(tasks) | +await wait(tasks)"]),
    ("gather-sequential", """
        import asyncio

        async def f(xs):
            a, b = await asyncio.gather(g(1), g(2))
            return await asyncio.gather(*(g(x) for x in xs))
     """, ["-a, b = await asyncio.gather(g(1), g(2)) | +a, b = [await g(1), await g(2)]",
          "-return await asyncio.gather(*(g(x) for x in xs)) | +return [await g(x) for x in xs]"]),
    ("await-each-task", """
        import asyncio

        async def f(xs):
            first = asyncio.create_task(g(0))
            tasks = [asyncio.create_task(g(x)) for x in xs]
     """, ["+await asyncio.wait([first])",
          ("-tasks = [asyncio.create_task(g(x)) for x in xs] | +tasks = [] | +for x in xs: "
           "| +tasks.append(asyncio.create_task(g(x))) | +await asyncio.wait([tasks[-1]])")]),
    ("taskgroup-sequential", """
        import asyncio

        async def f(xs):
            async with asyncio.TaskGroup() as group:
                for x in xs:
                    group.create_task(g(x))
     """, ["-group.create_task(g(x)) | +await asyncio.wait([group.create_task(g(x))])"]),
    ("coroutine-not-task", """
        import asyncio

        async def f():
            task = asyncio.create_task(g())
            await task
     """, ["-task = asyncio.create_task(g()) | +task = g()"]),
    ("drop-cancel", """
        async def f(tasks):
            for task in tasks:
                task.cancel()
     """, ["-task.cancel() | +pass"]),
    ("drop-cancel-wait", """
        import asyncio

        async def f(task, others):
            task.cancel()
            await asyncio.wait([task])
            if others:
                await asyncio.gather(*others, return_exceptions=True)
     """, ["-await asyncio.wait([task])",
          "-await asyncio.gather(*others, return_exceptions=True) | +pass"]),
    ("drop-shield", """
        import asyncio

        async def f():
            return await asyncio.shield(g())
     """, ["-return await asyncio.shield(g()) | +return await g()"]),
    ("swap-wait-mode", """
        import asyncio

        async def f(tasks):
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            await asyncio.wait(tasks)
     """, [("-await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED) "
           "| +await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)"),
          ("-await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED) "
           "| +await asyncio.wait(tasks, return_when=asyncio.ALL_COMPLETED)"),
          "-await asyncio.wait(tasks) | +await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)"]),
    ("range-off-by-one", """
        def f(n):
            for i in range(n):
                pass
            for i in range(1, n + 1):
                pass
     """, ["-for i in range(n): | +for i in range(n - 1):", "-for i in range(n): | +for i in range(n + 1):",
          "-for i in range(1, n + 1): | +for i in range(1, n):",
          "-for i in range(1, n + 1): | +for i in range(1, n + 2):"]),
    ("limit-off-by-one", """
        import asyncio

        async def f(limit):
            return asyncio.Semaphore(limit), asyncio.Semaphore(3)
     """, ["-return asyncio.Semaphore(limit), asyncio.Semaphore(3) "
           "| +return asyncio.Semaphore(limit + 1), asyncio.Semaphore(3)",
           "-return asyncio.Semaphore(limit), asyncio.Semaphore(3) "
           "| +return asyncio.Semaphore(limit), asyncio.Semaphore(4)"]),
    ("comparison-boundary", """
        def f(a, b):
            return a < b or a >= b
     """, ["-return a < b or a >= b | +return a <= b or a >= b", "-return a < b or a >= b | +return a < b or a > b"]),
    ("sort-results", """
        import asyncio

        async def f(xs):
            items = []
            if xs:
                return await asyncio.gather(*xs)
            if not items:
                return items, [x for x in xs]
            return [items[0]]
     """, ["-return await asyncio.gather(*xs) | +return sorted(await asyncio.gather(*xs))",
          "-return items, [x for x in xs] | +return sorted(items), [x for x in xs]",
          "-return items, [x for x in xs] | +return items, sorted([x for x in xs])"]),
    ("drop-return-exceptions", """
        import asyncio

        async def f(tasks):
            await asyncio.gather(*tasks, return_exceptions=True)
     """, ["-await asyncio.gather(*tasks, return_exceptions=True) | +await asyncio.gather(*tasks)"]),
    ("lock-per-call", """
        import asyncio

        class Account:
            def __init__(self):
                self._lock = asyncio.Lock()

            async def deposit(self):
                async with self._lock:
                    await g()
     """, ["-async with self._lock: | +async with asyncio.Lock():"]),
    ("drop-lock", """
        import asyncio

        async def f(makers):
            semaphore = asyncio.Semaphore(2)

            async def run(make):
                async with semaphore:
                    return await make()
     """, ["-async with semaphore: | -return await make() | +return await make()"]),
    ("lock-released-early", """
        import asyncio

        class Account:
            def __init__(self):
                self._lock = asyncio.Lock()

            async def deposit(self, amount):
                async with self._lock:
                    balance = self.balance
                    self.balance = balance + amount
     """, ["-self.balance = balance + amount | +self.balance = balance + amount"]),
    ("drop-task-done", """
        async def f(queue):
            item = await queue.get()
            queue.task_done()
     """, ["-queue.task_done()"]),
    ("drop-done-callback", """
        import asyncio

        def f(tasks, coro):
            task = asyncio.create_task(coro)
            tasks.add(task)
            task.add_done_callback(tasks.discard)
     """, ["-task.add_done_callback(tasks.discard)"]),
    ("await-after-loop", """
        import asyncio

        async def f(chunks):
            for chunk in chunks:
                use(chunk)
                await asyncio.sleep(0)
     """, ["-await asyncio.sleep(0) | +await asyncio.sleep(0)"]),
    ("break-to-continue", """
        async def f(queue):
            while True:
                item = await queue.get()
                if item is None:
                    break
     """, ["-break | +continue"]),
    ("timeout-none", """
        import asyncio

        async def f(source, seconds):
            async with asyncio.timeout(seconds):
                return await asyncio.wait_for(g(), timeout=seconds)
     """, ["-async with asyncio.timeout(seconds): | +async with asyncio.timeout(None):",
          "-return await asyncio.wait_for(g(), timeout=seconds) | +return await asyncio.wait_for(g(), timeout=None)"]),
    ("as-completed-input-order", """
        import asyncio

        async def f(aws):
            return [await aw for aw in asyncio.as_completed(aws)]
     """, ["-return [await aw for aw in asyncio.as_completed(aws)] | +return [await aw for aw in aws]"]),
    ("to-thread-inline", """
        import asyncio

        async def f(paths):
            first = await asyncio.to_thread(read, paths[0], mode="rb")
            return await asyncio.gather(*(asyncio.to_thread(read, p) for p in paths))
     """, ['-first = await asyncio.to_thread(read, paths[0], mode="rb") | +first = read(paths[0], mode="rb")',
          ("-return await asyncio.gather(*(asyncio.to_thread(read, p) for p in paths)) "
           "| +return await asyncio.gather(*(asyncio.sleep(0, read(p)) for p in paths))")]),
    ("threads-for-processes", """
        from concurrent.futures import ProcessPoolExecutor

        def f():
            return ProcessPoolExecutor()
     """, ["+import concurrent.futures | -return ProcessPoolExecutor() "
           "| +return concurrent.futures.ThreadPoolExecutor()"]),
    ("wall-clock", """
        import asyncio

        async def f():
            return asyncio.get_running_loop().time()
     """, ["+import time | -return asyncio.get_running_loop().time() | +return time.monotonic()"]),
    ("drop-raise-for-status", """
        async def f(session, url):
            async with session.get(url) as response:
                response.raise_for_status()
                return await response.json()
     """, ["-response.raise_for_status()"]),
    ("narrow-except", """
        async def f():
            try:
                await g()
            except (ValueError, TimeoutError):
                pass
     """, ["-except (ValueError, TimeoutError): | +except TimeoutError:",
          "-except (ValueError, TimeoutError): | +except ValueError:"]),
    ("get-nowait-to-get", """
        async def f(queue):
            return queue.get_nowait()
     """, ["-return queue.get_nowait() | +return await queue.get()"]),
    ("loop-not-closed", """
        import asyncio

        def run_sync(coro_fn):
            return asyncio.run(coro_fn())
     """, ["-return asyncio.run(coro_fn()) | +return asyncio.new_event_loop().run_until_complete(coro_fn())"]),
]


@pytest.mark.parametrize("operator, source, expected", CASES, ids=[case[0] for case in CASES])
def test_an_operator_makes_the_mutants_it_claims(operator, source, expected):
    made = mutants_of(source, operator)
    assert sorted(change(m) for m in made) == sorted(expected)
    for mutant in made:
        compile(mutant.source, mutant.id, "exec")
        assert "\n" not in mutant.description and " -> " in mutant.description


def test_every_operator_is_tried_on_a_snippet():
    assert {op.name for op in mutation.OPERATORS} == {case[0] for case in CASES}


def test_only_the_learner_names_are_mutated():
    helper = "import asyncio\n\nasync def helper():\n    await asyncio.sleep(1)\n"
    solution = helper + "\n\nasync def learner():\n    await helper()\n"
    stub = helper + "\n\nasync def learner():\n    raise NotImplementedError\n"
    assert learner_names(solution, stub) == ["learner"]
    made = generate(solution, exercise="x", learner=learner_names(solution, stub))
    assert {m.where.split(",")[0] for m in made} == {"learner"}
    assert all("asyncio.sleep(1)" in m.source for m in made)


def test_mutants_that_do_not_compile_or_change_nothing_are_discarded(monkeypatch):
    def fake(context, node):
        if isinstance(node, cst.Return) and node.value is not None:
            value = node.value
            yield Edit(value, cst.Await(cst.Name("y")))  # `await` in a plain def: a SyntaxError
            yield Edit(value, value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]))  # `(x)`: the same
            yield Edit(value, cst.Name("z"))  # a real change
    monkeypatch.setattr(mutation, "OPERATORS", [Operator("fake", "for the test", fake)])
    made = generate("def f(x):\n    return x\n", exercise="e", learner=["f"])
    assert [change(m) for m in made] == ["-return x | +return z"]


def test_mutant_ids_survive_unrelated_edits():
    source = textwrap.dedent("""
        import asyncio

        async def one(xs):
            return await asyncio.gather(*xs)

        async def two(task):
            task.cancel()
            await asyncio.wait([task])
    """)
    edited = textwrap.dedent('''
        """A docstring that shifts every line."""
        import asyncio


        async def added():
            await asyncio.sleep(1)

        async def one(xs):
            # a comment, and other layout
            return await asyncio.gather(*xs )

        async def two(task):
            print("changed")
            task.cancel()
            await asyncio.wait([task])
    ''')
    before = {m.id for m in generate(source, exercise="e", learner=["one", "two"])}
    after = {m.id for m in generate(edited, exercise="e", learner=["one", "two"])}
    ids_of_one = {m.id for m in generate(source, exercise="e", learner=["one"])}
    assert ids_of_one and ids_of_one <= after  # `one` changed only in comments and layout: same ids
    assert not (before - ids_of_one) & after  # `two` itself changed: new ids for its mutants
    assert len(before) == len(generate(source, exercise="e", learner=["one", "two"]))  # unique


def test_the_real_solutions_have_distinct_mutants_and_every_recorded_equivalent_is_one_of_them():
    catalog = load(command_root())
    made = {exercise.name: command.mutants_of(catalog, exercise) for exercise in catalog.exercises}
    for name, mutants in made.items():
        assert len({m.id for m in mutants}) == len(mutants), name
        assert all(m.id.startswith(f"{name}/") for m in mutants)
    assert sum(map(len, made.values())) > 150
    for name, entries in command.load_equivalents(catalog).items():
        assert name in made, f"{command.EQUIVALENTS_FILE}: no exercise {name}"
        stale = set(entries) - {m.id for m in made[name]}
        assert not stale, f"{command.EQUIVALENTS_FILE}: no such mutants any more: {sorted(stale)}"


def command_root() -> Path:
    return Path(__file__).resolve().parent.parent


# --- The command, on a small kata ------------------------------------------------------------------------

WEAK_SUITE = '''"""A suite that never runs fruit: every mutant survives it."""


def test_fruit_is_there(exercise):
    assert callable(exercise.fruit)
'''


@pytest.fixture
def small_kata(tmp_path, monkeypatch) -> Path:
    root = mini_kata(tmp_path / "kata", ["await_chain", "greet"])
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    parser = __import__("argparse").ArgumentParser()
    command.add_arguments(parser)
    try:
        code = command.run(parser.parse_args(list(args)), out=out)
    except KataError as error:  # what `kata dev mutants` prints and exits with
        print(error, file=sys.stderr)
        code = error.exit_code
    return code, out.getvalue()


def record(root: Path, entries: dict[str, str]) -> None:
    path = root / command.EQUIVALENTS_FILE
    path.parent.mkdir(exist_ok=True)
    path.write_text("[await_chain]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in entries.items()), encoding="utf-8")


def row(report: str, name: str) -> list[int]:
    line = next(line for line in report.splitlines() if line.startswith(f"{name} "))
    return [int(n) for n in line.split()[1:]]


def test_a_weak_suite_leaves_survivors_and_the_equivalents_file_is_honoured(small_kata):
    (small_kata / "tests" / "01_coroutines" / "test_await_chain.py").write_text(WEAK_SUITE, encoding="utf-8")
    code, listing = run("--list", "await_chain")
    ids = [line.split()[0] for line in listing.splitlines()]
    assert code == 0 and len(ids) == 2 and all(i.startswith("await_chain/drop-await/") for i in ids)

    record(small_kata, {ids[0]: "the test only needs one survivor", "await_chain/drop-await/00000000": "gone"})
    code, report = run("await_chain", "--jobs", "2")
    assert code == 1, report
    assert row(report, "await_chain") == [2, 0, 1, 1]  # mutants, killed, equivalent, surviving
    assert f"{ids[1]}  (drop-await)" in report and "-    return await fetch_melon(water)" in report
    assert f"{ids[0]}  (drop-await)" not in report
    assert "await_chain/drop-await/00000000: no such mutant any more" in report
    assert "Wall time:" in report

    record(small_kata, {ids[0]: "one", ids[1]: "two"})
    code, report = run("await_chain")
    assert code == 0 and row(report, "await_chain") == [2, 0, 2, 0], report


def test_the_real_suite_kills_every_mutant_and_a_wrong_equivalent_is_reported(small_kata):
    code, listing = run("--list", "await_chain")
    first = listing.split()[0]
    record(small_kata, {first: "wrongly thought equivalent"})
    code, report = run("await_chain", "greet")
    assert row(report, "await_chain") == [2, 2, 0, 0] and row(report, "greet") == [0, 0, 0, 0], report
    assert f"{first}: recorded as equivalent, but the suite kills it now" in report
    assert code == 1


def test_show_list_and_usage_errors(small_kata, capsys):
    code, listing = run("--list")
    first = listing.splitlines()[0].split()[0]
    code, shown = run("--show", first)
    assert code == 0 and shown.startswith(first) and "+++ solutions/01_coroutines/await_chain.py" in shown
    assert run("--show", "await_chain/drop-await/00000000")[0] == USAGE_ERROR
    assert run("no_such_exercise")[0] == USAGE_ERROR
    assert run("--jobs", "0")[0] == USAGE_ERROR
    assert "no_such_exercise" in capsys.readouterr().err


def test_changed_since_selects_the_exercises_a_change_touches(small_kata):
    for git in (["init", "-q"], ["add", "."], ["-c", "user.name=k", "-c", "user.email=k@example.invalid",
                                                "commit", "-qm", "all"]):
        subprocess.run(["git", *git], cwd=small_kata, check=True, capture_output=True)
    assert run("--list", "--changed-since", "HEAD") == (0, "")
    suite = small_kata / "tests" / "01_coroutines" / "test_await_chain.py"
    suite.write_text(suite.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, listing = run("--list", "--changed-since", "HEAD")
    assert code == 0 and {line.split("/")[0] for line in listing.splitlines()} == {"await_chain"}
    assert run("--list", "--changed-since", "no-such-ref")[0] == USAGE_ERROR


def test_a_sample_is_the_same_for_the_same_seed():
    source = CASES[0][1] + "".join(case[1] for case in CASES[10:20])
    pool = {"x": mutants_of(source)}
    assert len(pool["x"]) > 10
    first = [m.id for m in command.pick(pool, 5, "seed")]
    assert first == [m.id for m in command.pick(pool, 5, "seed")] and len(set(first)) == 5
    assert {m.id for m in command.pick(pool, 5, "other")} != set(first)
