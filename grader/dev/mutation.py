"""Plausible asyncio mistakes, made on purpose: the mutation operators, and the mutants of one solution.

A mutant is the reference solution with one small mistake of the kind a learner makes: an `await`
left out, a cleanup outside `finally`, tasks awaited one after another, a limit off by one. If the
exercise's suite still passes, the suite has a hole (or the mistake changes nothing that can be
observed: an equivalent mutant, recorded with its reason).

Why libcst: the operators rewrite small pieces of real, commented solutions and show the result as a
diff, so the tree must give back the source exactly, comments and layout included, which the
standard library's `ast` does not (`ast.unparse` reformats everything). libcst is a maintained
concrete syntax tree with matchers, exact positions and name resolution (`asyncio.sleep` and
`from asyncio import sleep` are the same call to its QualifiedNameProvider), and it ships wheels for
every Python the kata supports. General mutation frameworks (mutmut, cosmic-ray) bring their own
arithmetic operators and test drivers; the operators here are asyncio's own and the driver is the
kata's runner, so only the tree work is borrowed.

Only the learner's code is mutated: the top-level functions and classes of the solution that the
exercise's stub does not already give, identical, as a helper.
"""
from __future__ import annotations

import ast
import difflib
import hashlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import cast

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider, QualifiedNameProvider

Replacement = cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel
Definition = cst.FunctionDef | cst.ClassDef

# Calls that start a task (the receiver of `.create_task` may be a loop or a task group).
TASK_STARTERS = {"asyncio.create_task", "asyncio.ensure_future"}
SYNC_PRIMITIVES = {"asyncio.Lock", "asyncio.Semaphore", "asyncio.BoundedSemaphore", "asyncio.Condition"}
WAIT_MODES = ("FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED")
REMOVED = "(removed)"


@dataclass(frozen=True)
class Edit:
    """One change: `target` (a node of the original tree) becomes `replacement`."""

    target: cst.CSTNode
    replacement: Replacement
    before: str = ""  # what the description shows; the target's code when empty
    after: str = ""  # likewise, the replacement's code
    imports: tuple[str, ...] = ()  # modules the mutated code needs (`import time`)


@dataclass(frozen=True)
class Operator:
    name: str
    summary: str
    find: Callable[[Context, cst.CSTNode], Iterator[Edit]]


OPERATORS: list[Operator] = []


def operator(name: str, summary: str) -> Callable:
    """Register an operator: a function that yields the edits it makes at one node."""
    def register(find: Callable[[Context, cst.CSTNode], Iterator[Edit]]) -> Callable:
        OPERATORS.append(Operator(name, summary, find))
        return find
    return register


@dataclass(frozen=True)
class Mutant:
    id: str  # "<exercise>/<operator>/<hash of the mutated function>": stable across unrelated edits
    exercise: str
    operator: str
    where: str  # "TaskSet.cancel_all, line 31"
    line: int
    before: str
    after: str
    original: str
    source: str

    @property
    def description(self) -> str:
        return f"{self.where}: {self.before} -> {self.after}"

    def diff(self, path: str) -> str:
        lines = difflib.unified_diff(self.original.splitlines(keepends=True), self.source.splitlines(keepends=True),
                                     fromfile=path, tofile=f"{path} ({self.operator})", n=2)
        return "".join(lines)


class Context:
    """What an operator may ask about the node it looks at."""

    def __init__(self, module: cst.Module, visitor: cst.MetadataDependent) -> None:
        self.module = module
        self._visitor = visitor
        self.stack: list[cst.CSTNode] = []  # enclosing definitions and except handlers, innermost last
        self.task_groups: set[str] = set()  # names bound by `async with asyncio.TaskGroup() as NAME`
        self.primitives: dict[str, cst.Call] = {}  # "self._lock" -> the asyncio.Lock() it was made with

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def names(self, node: cst.CSTNode) -> set[str]:
        """The qualified names an expression may stand for ("asyncio.sleep", "builtins.range")."""
        return {q.name for q in self._visitor.get_metadata(QualifiedNameProvider, node, set())}

    def is_call_to(self, node: cst.CSTNode, names: Collection[str]) -> bool:
        return isinstance(node, cst.Call) and bool(self.names(node.func) & set(names))

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self._visitor.get_metadata(ParentNodeProvider, node, None)

    def line(self, node: cst.CSTNode) -> int:
        return self._visitor.get_metadata(PositionProvider, node).start.line

    @property
    def function(self) -> cst.FunctionDef | None:
        """The innermost function around the node."""
        return next((n for n in reversed(self.stack) if isinstance(n, cst.FunctionDef)), None)

    @property
    def in_handler(self) -> bool:
        """Directly inside an except block (not in a function defined there)."""
        innermost = next((n for n in reversed(self.stack) if isinstance(n, (cst.ExceptHandler, cst.FunctionDef))), None)
        return isinstance(innermost, cst.ExceptHandler)


# --- Helpers for the operators ---------------------------------------------------------------------------

def single_statement(node: cst.CSTNode) -> cst.BaseSmallStatement | None:
    """The statement of a line that holds exactly one (`x = 1`, not `x = 1; y = 2`)."""
    if isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1:
        return node.body[0]
    return None


def method_call(node: cst.CSTNode, method: str) -> bool:
    return m.matches(node, m.Call(func=m.Attribute(attr=m.Name(method))))


def method_call_line(node: cst.CSTNode, method: str) -> cst.Call | None:
    """The call of a line that is nothing but `something.method(...)`, else None."""
    statement = single_statement(node)
    if isinstance(statement, cst.Expr) and method_call(statement.value, method):
        return cst.ensure_type(statement.value, cst.Call)
    return None


def removed(line: cst.SimpleStatementLine, context: Context) -> Edit:
    """Leave out a whole line (libcst writes `pass` where a block would end up empty)."""
    return Edit(line, cst.RemovalSentinel.REMOVE, before=context.code(line).strip(), after=REMOVED)


def positional(call: cst.Call) -> list[cst.Arg] | None:
    """The call's arguments when all are plain positional ones, else None."""
    if all(arg.keyword is None and not arg.star for arg in call.args):
        return list(call.args)
    return None


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((arg for arg in call.args if arg.keyword is not None and arg.keyword.value == name), None)


def without_arg(call: cst.Call, dropped: cst.Arg) -> cst.Call:
    args = [arg for arg in call.args if arg is not dropped]
    if args:  # the new last argument takes no trailing comma
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return call.with_changes(args=args)


def shifted(context: Context, expression: cst.BaseExpression, delta: int) -> cst.BaseExpression:
    """`expression + delta`, written as a learner would: `n + 1` becomes `n` or `n + 2`, not `n + 1 - 1`."""
    if isinstance(expression, cst.Integer):
        return cst.parse_expression(str(int(expression.value, 0) + delta))  # -1 is an operator and a number
    if m.matches(expression, m.BinaryOperation(operator=m.Add() | m.Subtract(), right=m.Integer())):
        assert isinstance(expression, cst.BinaryOperation) and isinstance(expression.right, cst.Integer)
        sign = 1 if isinstance(expression.operator, cst.Add) else -1
        total = sign * int(expression.right.value) + delta
        if total == 0:
            return expression.left
        return cst.parse_expression(f"{context.code(expression.left)} {'+' if total > 0 else '-'} {abs(total)}")
    atom = isinstance(expression, (cst.Name, cst.Attribute, cst.Call, cst.Subscript))
    text = context.code(expression) if atom else f"({context.code(expression)})"
    return cst.parse_expression(f"{text} {'+' if delta > 0 else '-'} {abs(delta)}")


def is_list_valued(context: Context, value: cst.BaseExpression) -> bool:
    """Whether a returned value is plainly a list: a display, a comprehension, gather's result, list(...),
    or a local name bound to one of those."""
    if isinstance(value, (cst.List, cst.ListComp)) or context.is_call_to(value, {"builtins.list"}):
        return True
    if isinstance(value, cst.Await) and context.is_call_to(value.expression, {"asyncio.gather"}):
        return True
    function = context.function
    if isinstance(value, cst.Name) and function is not None:
        list_value = m.List() | m.ListComp() | m.BinaryOperation(left=m.List()) | m.Call(func=m.Name("list"))
        target = m.Name(value.value)
        return bool(m.findall(function.body, m.Assign(targets=[m.AssignTarget(target=target)], value=list_value))
                    or m.findall(function.body, m.AnnAssign(target=target, value=list_value)))
    return False


def task_starter(context: Context, node: cst.CSTNode) -> bool:
    """`asyncio.create_task(...)`, `asyncio.ensure_future(...)`, `loop.create_task(...)`, `group.create_task(...)`
    (not `self.create_task(...)`: a class of the learner's own, such as a loop written in the exercise)."""
    return context.is_call_to(node, TASK_STARTERS) or (
        method_call(node, "create_task") and not m.matches(node, m.Call(func=m.Attribute(value=m.Name("self")))))


def in_task_group(context: Context, call: cst.Call) -> bool:
    return m.matches(call.func, m.Attribute(value=m.Name())) and \
        cst.ensure_type(cst.ensure_type(call.func, cst.Attribute).value, cst.Name).value in context.task_groups


def await_lines(statement: cst.CSTNode) -> list[cst.SimpleStatementLine]:
    """The line itself if it only awaits something; for an `if` (without else), such lines of its body."""
    if isinstance(statement, cst.If) and statement.orelse is None and isinstance(statement.body, cst.IndentedBlock):
        return [line for inner in statement.body.body for line in await_lines(inner)]
    only = single_statement(statement)
    if isinstance(only, cst.Expr) and isinstance(only.value, cst.Await):
        return [cst.ensure_type(statement, cst.SimpleStatementLine)]
    return []


# --- The operators ---------------------------------------------------------------------------------------
# The order matters only where two operators make the same mutant: the first one names it.

@operator("drop-cancel-wait", "the wait for cancelled tasks left out: they may still run their cleanup")
def drop_cancel_wait(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if not isinstance(node, cst.IndentedBlock):
        return
    cancelled = False
    for statement in node.body:
        if cancelled:
            yield from (removed(line, context) for line in await_lines(statement))
        cancelled = cancelled or bool(m.findall(statement, m.Call(func=m.Attribute(attr=m.Name("cancel")))))


@operator("drop-await-statement", "a whole `await ...` line left out (a sleep, a drain, a wait, a close)")
def drop_await_statement(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    statement = single_statement(node)
    if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Await):
        yield removed(cst.ensure_type(node, cst.SimpleStatementLine), context)


@operator("drop-await", "`await x` -> `x`: the coroutine, task or future is never awaited")
def drop_await(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if isinstance(node, cst.Await) and not context.is_call_to(node.expression, {"asyncio.sleep"}):
        inner = node.expression
        yield Edit(node, inner.with_changes(lpar=[*node.lpar, *inner.lpar], rpar=[*inner.rpar, *node.rpar]))


@operator("sleep-blocking", "`await asyncio.sleep(t)` -> `time.sleep(t)`: the whole event loop stops")
def sleep_blocking(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if isinstance(node, cst.Await) and context.is_call_to(node.expression, {"asyncio.sleep"}):
        args = positional(cst.ensure_type(node.expression, cst.Call))
        if args and len(args) == 1:
            yield Edit(node, cst.parse_expression(f"time.sleep({context.code(args[0].value)})"), imports=("time",))


@operator("broaden-except", "`except Exception` -> `except BaseException` (or a bare `except`): catches cancellation")
def broaden_except(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    # A bare `except:` catches exactly what `except BaseException:` catches, so each handler gets one
    # mutant: the bare form where the handler binds no name (as a learner writes it), else BaseException.
    if isinstance(node, cst.ExceptHandler) and node.type is not None and \
            context.names(node.type) == {"builtins.Exception"}:
        if node.name is not None:
            yield Edit(node.type, cst.Name("BaseException"))
        else:
            bare = node.with_changes(type=None, whitespace_after_except=cst.SimpleWhitespace(""))
            yield Edit(node, bare, before=f"except {context.code(node.type)}:", after="except:")


@operator("cancel-as-exception", "`except CancelledError` -> `except Exception`: the cleanup misses cancellation")
def cancel_as_exception(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if isinstance(node, cst.ExceptHandler) and node.type is not None and \
            context.names(node.type) & {"asyncio.CancelledError", "asyncio.exceptions.CancelledError"}:
        yield Edit(node.type, cst.Name("Exception"))


@operator("drop-reraise", "a bare `raise` in an except block left out: the error (or cancellation) is swallowed")
def drop_reraise(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    statement = single_statement(node)
    if isinstance(statement, cst.Raise) and statement.exc is None and context.in_handler:
        yield removed(cst.ensure_type(node, cst.SimpleStatementLine), context)


@operator("finally-out", "a statement moved out of `finally`, after the try: skipped on an error or cancellation")
def finally_out(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if not isinstance(node, cst.Try) or node.finalbody is None:
        return
    final = list(cst.ensure_type(node.finalbody.body, cst.IndentedBlock).body)
    choices = [[statement] for statement in final] + ([final] if len(final) > 1 else [])
    for moved in choices:
        kept = [statement for statement in final if not any(statement is s for s in moved)]
        if kept:
            rest: list[cst.BaseStatement] = [node.with_changes(finalbody=node.finalbody.with_changes(
                body=node.finalbody.body.with_changes(body=kept)))]
        elif node.handlers or node.orelse:
            rest = [node.with_changes(finalbody=None)]
        else:  # try/finally with nothing left in finally: just the body
            rest = list(cst.ensure_type(node.body, cst.IndentedBlock).body)
        yield Edit(node, cst.FlattenSentinel([*rest, *moved]),
                   before=f"finally: {' '.join(' '.join(context.code(s).split()) for s in moved)}",
                   after="the same after the try")


@operator("gather-sequential", "`await asyncio.gather(a, b)` -> `[await a, await b]`: one after another")
def gather_sequential(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if not (isinstance(node, cst.Await) and context.is_call_to(node.expression, {"asyncio.gather"})):
        return
    call = cst.ensure_type(node.expression, cst.Call)
    if keyword(call, "return_exceptions") is not None:
        return
    args = positional(call)
    if args is not None:
        yield Edit(node, cst.parse_expression("[" + ", ".join(f"await {context.code(a.value)}" for a in args) + "]"))
    elif len(call.args) == 1 and call.args[0].star == "*":
        each = call.args[0].value
        if isinstance(each, (cst.GeneratorExp, cst.ListComp)) and each.for_in.asynchronous is None:
            yield Edit(node, cst.ListComp(elt=cst.Await(each.elt), for_in=each.for_in))
        else:
            yield Edit(node, cst.parse_expression(f"[await aw for aw in {context.code(each)}]"))


def _waits_for_each_task(context: Context, node: cst.CSTNode, in_group: bool) -> Iterator[Edit]:
    """Each task waited for as soon as it is started: `t = create_task(c)` gets `await asyncio.wait([t])`."""
    statement = single_statement(node)
    if statement is None:
        return
    line = context.code(node).strip()

    def made_here(call: cst.BaseExpression) -> bool:
        return task_starter(context, call) and in_task_group(context, cst.ensure_type(call, cst.Call)) == in_group

    if isinstance(statement, cst.Expr) and made_here(statement.value):
        new = f"await asyncio.wait([{context.code(statement.value)}])"
    elif m.matches(statement, m.Assign(targets=[m.AssignTarget(target=m.Name())])):
        assign = cst.ensure_type(statement, cst.Assign)
        name = context.code(assign.targets[0].target)
        value = assign.value
        if made_here(value):
            new = f"{line}\nawait asyncio.wait([{name}])"
        elif isinstance(value, cst.ListComp) and made_here(value.elt) and not value.for_in.ifs \
                and value.for_in.inner_for_in is None and value.for_in.asynchronous is None:
            new = (f"{name} = []\nfor {context.code(value.for_in.target)} in {context.code(value.for_in.iter)}:\n"
                   f"    {name}.append({context.code(value.elt)})\n    await asyncio.wait([{name}[-1]])")
        else:
            return
    else:
        return
    statements = cst.parse_module(new + "\n").body
    yield Edit(node, cst.FlattenSentinel(statements), before=line, after=" ".join(new.split()), imports=("asyncio",))


@operator("await-each-task", "each task awaited as soon as it is created: the tasks run one after another")
def await_each_task(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    yield from _waits_for_each_task(context, node, in_group=False)


@operator("taskgroup-sequential", "each task group task awaited as soon as it is created: one after another")
def taskgroup_sequential(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    yield from _waits_for_each_task(context, node, in_group=True)


@operator("coroutine-not-task", "`asyncio.create_task(c)` -> `c`: awaited later, the coroutine only starts then")
def coroutine_not_task(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if task_starter(context, node):
        call = cst.ensure_type(node, cst.Call)
        args = positional(call)
        if args and len(args) == 1 and not in_task_group(context, call):
            yield Edit(node, args[0].value)


@operator("drop-cancel", "a `task.cancel()` left out: the task runs on")
def drop_cancel(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    call = method_call_line(node, "cancel")
    if call is not None and not call.args:
        yield removed(cst.ensure_type(node, cst.SimpleStatementLine), context)


@operator("drop-shield", "`asyncio.shield(x)` -> `x`: cancelling the caller cancels x too")
def drop_shield(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if context.is_call_to(node, {"asyncio.shield"}):
        args = positional(cst.ensure_type(node, cst.Call))
        if args and len(args) == 1:
            yield Edit(node, args[0].value)


@operator("swap-wait-mode", "`asyncio.wait`'s return_when changed (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED)")
def swap_wait_mode(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    mode = next((name for name in WAIT_MODES if context.names(node) & {f"asyncio.{name}"}), None)
    if mode is not None and isinstance(node, (cst.Name, cst.Attribute)):
        for other in WAIT_MODES:
            if other != mode:
                yield Edit(node, cst.parse_expression(f"asyncio.{other}"), imports=("asyncio",))
    elif context.is_call_to(node, {"asyncio.wait"}):
        call = cst.ensure_type(node, cst.Call)
        if keyword(call, "return_when") is None:
            args = ", ".join(context.code(arg.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for arg in call.args)
            yield Edit(node, cst.parse_expression(
                f"{context.code(call.func)}({args}, return_when=asyncio.FIRST_COMPLETED)"))


@operator("range-off-by-one", "`range(n)` -> `range(n - 1)` or `range(n + 1)`")
def range_off_by_one(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if context.is_call_to(node, {"builtins.range"}):
        call = cst.ensure_type(node, cst.Call)
        args = positional(call)
        if args and len(args) <= 3:
            stop = args[0] if len(args) == 1 else args[1]
            for delta in (-1, 1):
                yield Edit(stop.value, shifted(context, stop.value, delta))


@operator("limit-off-by-one", "`asyncio.Semaphore(n)` -> `asyncio.Semaphore(n + 1)`: one too many at a time")
def limit_off_by_one(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if context.is_call_to(node, {"asyncio.Semaphore", "asyncio.BoundedSemaphore"}):
        args = cst.ensure_type(node, cst.Call).args
        if args and args[0].keyword is None and not args[0].star:
            yield Edit(args[0].value, shifted(context, args[0].value, 1))


@operator("comparison-boundary", "`<` <-> `<=`, `>` <-> `>=`: a boundary on the wrong side")
def comparison_boundary(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if isinstance(node, cst.Comparison):
        for index, target in enumerate(node.comparisons):
            new_operator = other_side(target.operator)
            if new_operator is not None:
                comparisons = list(node.comparisons)
                comparisons[index] = target.with_changes(operator=new_operator)
                yield Edit(node, node.with_changes(comparisons=comparisons))


def other_side(operator_: cst.BaseCompOp) -> cst.BaseCompOp | None:
    """`<` for `<=` and back, `>` for `>=` and back, keeping the spaces around it."""
    if not isinstance(operator_, cst.LessThan | cst.LessThanEqual | cst.GreaterThan | cst.GreaterThanEqual):
        return None
    spaces = {"whitespace_before": operator_.whitespace_before, "whitespace_after": operator_.whitespace_after}
    if isinstance(operator_, cst.LessThan):
        return cst.LessThanEqual(**spaces)
    if isinstance(operator_, cst.LessThanEqual):
        return cst.LessThan(**spaces)
    if isinstance(operator_, cst.GreaterThan):
        return cst.GreaterThanEqual(**spaces)
    return cst.GreaterThan(**spaces)


@operator("sort-results", "a returned list sorted: results in the wrong order (or an order the suite never checks)")
def sort_results(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if not isinstance(node, cst.Return) or node.value is None:
        return
    # `return results, errors` sorts one list at a time
    values = [e.value for e in node.value.elements] if isinstance(node.value, cst.Tuple) else [node.value]
    for value in values:
        if is_list_valued(context, value) and \
                not m.matches(value, m.List(elements=[]) | m.List(elements=[m.DoNotCare()])):  # sorted([x]) == [x]
            yield Edit(value, cst.parse_expression(f"sorted({context.code(value)})"))


@operator("drop-return-exceptions", "`return_exceptions=True` left out of gather: the first error escapes")
def drop_return_exceptions(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if context.is_call_to(node, {"asyncio.gather"}):
        call = cst.ensure_type(node, cst.Call)
        flag = keyword(call, "return_exceptions")
        if flag is not None and m.matches(flag.value, m.Name("True")):
            yield Edit(node, without_arg(call, flag))


@operator("lock-per-call",
          "`async with self._lock:` -> `async with asyncio.Lock():`: a new lock each time guards nothing")
def lock_per_call(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if isinstance(node, cst.With) and node.asynchronous is not None and len(node.items) == 1:
        item = node.items[0].item
        made = context.primitives.get(context.code(item))
        if made is not None and node.items[0].asname is None:
            yield Edit(item, made.deep_clone())


@operator("drop-lock", "`async with lock:` left out: the block runs unguarded")
def drop_lock(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if isinstance(node, cst.With) and node.asynchronous is not None and len(node.items) == 1 and \
            node.items[0].asname is None and context.code(node.items[0].item) in context.primitives:
        body = cst.ensure_type(node.body, cst.IndentedBlock).body
        yield Edit(node, cst.FlattenSentinel(body), before=f"async with {context.code(node.items[0].item)}:",
                   after=REMOVED)


@operator("lock-released-early", "only the first statements of an `async with lock:` block stay under the lock")
def lock_released_early(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if isinstance(node, cst.With) and node.asynchronous is not None and len(node.items) == 1 and \
            node.items[0].asname is None and context.code(node.items[0].item) in context.primitives:
        body = list(cst.ensure_type(node.body, cst.IndentedBlock).body)
        for kept in range(1, len(body)):
            shorter = node.with_changes(body=node.body.with_changes(body=body[:kept]))
            yield Edit(node, cst.FlattenSentinel([shorter, *body[kept:]]),
                       before=f"async with {context.code(node.items[0].item)}: ({len(body)} statements)",
                       after=f"the last {len(body) - kept} after the block")


@operator("drop-task-done", "a `queue.task_done()` left out: `queue.join()` waits forever")
def drop_task_done(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if method_call_line(node, "task_done") is not None:
        yield removed(cst.ensure_type(node, cst.SimpleStatementLine), context)


@operator("drop-done-callback", "a `task.add_done_callback(...)` left out: nothing happens when the task ends")
def drop_done_callback(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if method_call_line(node, "add_done_callback") is not None:
        yield removed(cst.ensure_type(node, cst.SimpleStatementLine), context)


@operator("await-after-loop", "an `await ...` line moved from a loop's body to after the loop: it happens once")
def await_after_loop(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if isinstance(node, (cst.For, cst.While)) and node.orelse is None and isinstance(node.body, cst.IndentedBlock):
        body = list(node.body.body)
        for line in body:
            if len(body) > 1 and line in await_lines(line):
                rest = [statement for statement in body if statement is not line]
                yield Edit(node, cst.FlattenSentinel([node.with_changes(body=node.body.with_changes(body=rest)), line]),
                           before=context.code(line).strip() + " (in the loop)", after="after the loop")


@operator("break-to-continue", "`break` -> `continue`: the loop goes on (reads on, waits on)")
def break_to_continue(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if isinstance(node, cst.Break):
        yield Edit(node, cst.Continue(semicolon=node.semicolon))


@operator("timeout-none",
          "a timeout left out: `wait_for(x, t)` -> `wait_for(x, None)`, `timeout(t)` -> `timeout(None)`")
def timeout_none(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if context.is_call_to(node, {"asyncio.wait_for", "asyncio.timeout", "asyncio.wait"}):
        call = cst.ensure_type(node, cst.Call)
        limit = keyword(call, "timeout")
        if limit is None and not context.is_call_to(node, {"asyncio.wait"}):
            index = 1 if context.is_call_to(node, {"asyncio.wait_for"}) else 0
            plain = positional(call)
            limit = plain[index] if plain is not None and len(plain) > index else None
        if limit is not None and not m.matches(limit.value, m.Name("None")):
            yield Edit(limit.value, cst.Name("None"))


@operator("as-completed-input-order", "`asyncio.as_completed(aws)` -> `aws`: results in input order")
def as_completed_input_order(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if context.is_call_to(node, {"asyncio.as_completed"}):
        call = cst.ensure_type(node, cst.Call)
        if call.args and call.args[0].keyword is None and not call.args[0].star:
            yield Edit(node, call.args[0].value)


@operator("to-thread-inline", "the blocking function called on the event loop instead of in a thread")
def to_thread_inline(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    awaited = isinstance(node, cst.Await)
    call = node.expression if isinstance(node, cst.Await) else node
    if context.is_call_to(call, {"asyncio.to_thread"}):
        skip = 0
    elif method_call(call, "run_in_executor"):
        skip = 1
    else:
        return
    args = list(cst.ensure_type(call, cst.Call).args)
    if len(args) <= skip or args[skip].keyword is not None or args[skip].star:
        return
    rest = [arg.with_changes(comma=cst.MaybeSentinel.DEFAULT) for arg in args[skip + 1:]]
    direct = f"{context.code(args[skip].value)}({', '.join(context.code(arg) for arg in rest)})"
    if awaited:  # `await asyncio.to_thread(f, x)` -> `f(x)`
        yield Edit(node, cst.parse_expression(direct))
    elif not isinstance(context.parent(node), cst.Await):  # (the awaited form is made at the Await)
        # Not awaited here (e.g. handed to gather): an awaitable that already holds f(x)'s result.
        yield Edit(node, cst.parse_expression(f"asyncio.sleep(0, {direct})"), imports=("asyncio",))


@operator("threads-for-processes", "`ProcessPoolExecutor` -> `ThreadPoolExecutor`: CPU work held by the GIL")
def threads_for_processes(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    pools = {"concurrent.futures.ProcessPoolExecutor", "concurrent.futures.process.ProcessPoolExecutor"}
    if context.is_call_to(node, pools):
        call = cst.ensure_type(node, cst.Call)
        yield Edit(call.func, cst.parse_expression("concurrent.futures.ThreadPoolExecutor"),
                   imports=("concurrent.futures",))


@operator("wall-clock", "`loop.time()` -> `time.monotonic()`: a clock of the time module instead of the event loop's")
def wall_clock(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if method_call(node, "time") and not cst.ensure_type(node, cst.Call).args and \
            not m.matches(node, m.Call(func=m.Attribute(value=m.Name("time") | m.Name("self")))):
        yield Edit(node, cst.parse_expression("time.monotonic()"), imports=("time",))


@operator("drop-raise-for-status", "a `response.raise_for_status()` left out: an error page counts as a success")
def drop_raise_for_status(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if method_call_line(node, "raise_for_status") is not None:
        yield removed(cst.ensure_type(node, cst.SimpleStatementLine), context)


@operator("narrow-except", "one exception type left out of `except (A, B)`: that error escapes")
def narrow_except(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if isinstance(node, cst.ExceptHandler) and isinstance(node.type, cst.Tuple) and len(node.type.elements) > 1:
        elements = node.type.elements
        for dropped in elements:
            kept = [e.value for e in elements if e is not dropped]
            narrower = kept[0] if len(kept) == 1 else cst.Tuple([cst.Element(v) for v in kept])
            yield Edit(node.type, narrower)


@operator("get-nowait-to-get", "`queue.get_nowait()` -> `await queue.get()`: waits forever on an empty queue")
def get_nowait_to_get(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    function = context.function
    if method_call(node, "get_nowait") and not cst.ensure_type(node, cst.Call).args and \
            function is not None and function.asynchronous is not None:
        receiver = cst.ensure_type(cst.ensure_type(node, cst.Call).func, cst.Attribute).value
        yield Edit(node, cst.parse_expression(f"await {context.code(receiver)}.get()"))


@operator("loop-not-closed",
          "`asyncio.run(c)` -> `asyncio.new_event_loop().run_until_complete(c)`: the loop is never closed")
def loop_not_closed(context: Context, node: cst.CSTNode) -> Iterator[Edit]:
    if context.is_call_to(node, {"asyncio.run"}):
        args = positional(cst.ensure_type(node, cst.Call))
        if args and len(args) == 1:
            yield Edit(node, cst.parse_expression(
                f"asyncio.new_event_loop().run_until_complete({context.code(args[0].value)})"), imports=("asyncio",))


# --- Finding the learner's code and making the mutants ----------------------------------------------------

@dataclass(frozen=True)
class _Found:
    operator: Operator
    edit: Edit
    scope: tuple[Definition, ...]  # the definitions around the edit, outermost first
    line: int


class _Finder(cst.CSTVisitor):
    """Walks the learner's definitions and asks every operator about every node."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider, PositionProvider, ParentNodeProvider)

    def __init__(self, module: cst.Module, learner: Collection[str]) -> None:
        super().__init__()
        self.module = module
        self.learner = set(learner)
        self.context = Context(module, self)
        self.found: list[_Found] = []

    def visit_Module(self, node: cst.Module) -> bool:
        self.context.primitives = self._primitives(node)
        return True

    def on_visit(self, node: cst.CSTNode) -> bool:
        if any(node is statement for statement in self.module.body) and not (
                isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node.name.value in self.learner):
            return False  # a given helper, an import, a constant: not the learner's code
        if not super().on_visit(node):
            return False
        for operator_ in OPERATORS:
            for edit in operator_.find(self.context, node):
                scope = tuple(n for n in self.context.stack if isinstance(n, (cst.FunctionDef, cst.ClassDef)))
                self.found.append(_Found(operator_, edit, scope, self.context.line(edit.target)))
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.ExceptHandler)):
            self.context.stack.append(node)
        self._note_task_group(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if self.context.stack and self.context.stack[-1] is original_node:
            self.context.stack.pop()
        super().on_leave(original_node)

    def _note_task_group(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.With):
            for item in node.items:
                if self.context.is_call_to(item.item, {"asyncio.TaskGroup"}) and \
                        item.asname is not None and isinstance(item.asname.name, cst.Name):
                    self.context.task_groups.add(item.asname.name.value)

    def _primitives(self, module: cst.Module) -> dict[str, cst.Call]:
        made = {}
        for assign in m.findall(module, m.Assign(targets=[m.AssignTarget()]) | m.AnnAssign()):
            assert isinstance(assign, (cst.Assign, cst.AnnAssign))
            target = assign.targets[0].target if isinstance(assign, cst.Assign) else assign.target
            if assign.value is not None and self.context.is_call_to(assign.value, SYNC_PRIMITIVES):
                made[self.context.code(target)] = cst.ensure_type(assign.value, cst.Call)
        return made


def learner_names(solution: str, stub: str) -> list[str]:
    """The solution's top-level functions and classes that the stub does not give, identical."""
    def definitions(source: str) -> dict[str, str]:
        return {node.name: ast.dump(node) for node in ast.parse(source).body
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    given = definitions(stub)
    return [name for name, tree in definitions(solution).items() if given.get(name) != tree]


def generate(source: str, *, exercise: str, learner: Collection[str]) -> list[Mutant]:
    """Every mutant of `source` that compiles and differs from it, one per distinct mutated source."""
    module = cst.parse_module(source)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    finder = _Finder(module, learner)
    wrapper.visit(finder)
    original_tree = ast.dump(ast.parse(source))
    seen = {source}
    taken: set[str] = set()
    mutants = []
    for found in finder.found:
        operator_, edit, scope = found.operator, found.edit, found.scope
        top = scope[0]  # replacing inside the learner's definition only is much cheaper than in the module
        body = [replaced(top, edit) if statement is top else statement for statement in module.body]
        mutated = with_imports(module.with_changes(body=body), edit.imports)
        code = mutated.code
        if code in seen:
            continue  # another operator made this very mutant already
        seen.add(code)
        try:
            tree = ast.parse(code)
            compile(tree, "<mutant>", "exec")  # `await` outside async def, `break` outside a loop, ...
        except SyntaxError:
            continue
        if ast.dump(tree) == original_tree:
            continue  # only the layout changed
        mutant_id = f"{exercise}/{operator_.name}/{_fingerprint(operator_.name, scope, edit)}"
        if mutant_id in taken:
            continue  # the same mutant as one made already, but for layout
        taken.add(mutant_id)
        mutants.append(Mutant(
            id=mutant_id,
            exercise=exercise, operator=operator_.name,
            where=f"{'.'.join(node.name.value for node in scope)}, line {found.line}", line=found.line,
            before=_one_line(edit.before or module.code_for_node(edit.target)),
            after=_one_line(edit.after or _code_of(edit.replacement)),
            original=source, source=code,
        ))
    return sorted(mutants, key=lambda mutant: mutant.line)


def _fingerprint(operator_name: str, scope: tuple[Definition, ...], edit: Edit) -> str:
    """A short hash of the mutated innermost definition, so ids survive edits anywhere else.

    Only the definition's shape counts (see `shape`), so comments and layout do not change ids either.
    """
    names = ".".join(node.name.value for node in scope)
    return hashlib.sha256(f"{operator_name}\n{names}\n{shape(replaced(scope[-1], edit))}".encode()).hexdigest()[:8]


# Layout: whitespace, comments, parentheses and commas (a trailing comma is layout too).
LAYOUT = (cst.BaseParenthesizableWhitespace, cst.TrailingWhitespace, cst.EmptyLine, cst.Comment, cst.Newline,
          cst.LeftParen, cst.RightParen, cst.Comma)


def shape(tree: cst.CSTNode) -> str:
    """The tree without its layout: the kind of each node and the names, numbers and strings in it.

    libcst's own tree, unlike `ast.dump` (whose output changed in Python 3.13), is the same on every
    Python the kata supports, so an id is the same on all of them.
    """
    parts: list[str] = []

    class Walk(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, LAYOUT):
                return False
            value = getattr(node, "value", None)
            parts.append(f"({type(node).__name__}={value}" if isinstance(value, str) else f"({type(node).__name__}")
            return True

        def on_leave(self, original_node: cst.CSTNode) -> None:
            if not isinstance(original_node, LAYOUT):
                parts.append(")")  # where each node ends: a statement inside a block is not one after it

    tree.visit(Walk())
    return " ".join(parts)


def replaced(tree: cst.CSTNode, edit: Edit) -> cst.CSTNode:
    """`tree` with the edit made (libcst's deep_replace takes the removal and flatten sentinels too)."""
    return tree.deep_replace(edit.target, cast(cst.CSTNode, edit.replacement))


def with_imports(module: cst.Module, names: Collection[str]) -> cst.Module:
    """`module` with `import NAME` for each name it does not import yet (after its last import)."""
    if not names:
        return module
    imported = {cst.Module(body=[]).code_for_node(alias.name)
                for alias in m.findall(module, m.ImportAlias(asname=None))
                if isinstance(alias, cst.ImportAlias)}
    body = list(module.body)
    for name in names:
        if name in imported:
            continue
        at = max((index + 1 for index, statement in enumerate(body) if m.matches(
            statement, m.SimpleStatementLine(body=[m.Import() | m.ImportFrom()]))), default=0)
        body.insert(at, cst.parse_statement(f"import {name}"))
    return module.with_changes(body=body)


def _code_of(replacement: Replacement) -> str:
    if isinstance(replacement, cst.RemovalSentinel):
        return REMOVED
    if isinstance(replacement, cst.FlattenSentinel):
        return " ".join(cst.Module(body=[]).code_for_node(node) for node in replacement.nodes)
    return cst.Module(body=[]).code_for_node(replacement)


def _one_line(code: str, limit: int = 90) -> str:
    text = " ".join(code.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
