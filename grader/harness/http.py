"""HTTP suites: a fake web site with latency (aioresponses), and a guard that keeps tests on loopback.

    with FakeSite({"http://site.test/": (200, "<html>...</html>", 1.0),
                   "http://site.test/gone": (404, {"error": "gone"}, 0.5),
                   "http://site.test/down": (200, aiohttp.ClientConnectionError("down"), 2.0)}) as site:
        result, elapsed = await timed(exercise.fetch_all([...]))
    site.count("http://site.test/"), site.max_in_flight, site.sessions_used, site.timeline()

A page is (status, body, latency) or a `Page`. The latency is an `asyncio.sleep`, so on the virtual
clock every request takes exactly that much loop time. A body that is an exception (instance or class)
is raised by the request after the latency; a body that is not str or bytes is sent as JSON. A URL the site does not
know raises `aiohttp.ClientConnectionError` (and is recorded). Every request is recorded with its loop
start and end, the ClientSession it went through and its response (a `TrackedResponse`, which knows
whether it was released). While the site is open, `LoopbackGuard()` refuses every real connection and
DNS look-up, and leaving the block fails the test loudly if the code under test tried one.

aioresponses replaces `ClientSession._request`, so `ClientTimeout` is not enforced here: code under test
that needs a time limit uses `asyncio.timeout`. The connector's connection limits (`TCPConnector(limit=...,
limit_per_host=...)`) are emulated: a request waits for a free "connection" before it starts, and gives it
back when its response is released (or its body read), as with a real connection pool.
"""
from __future__ import annotations

import asyncio
import contextvars
import errno
import http
import inspect
import ipaddress
import json
import re
import socket
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import aiohttp
from aioresponses import CallbackResult, aioresponses

from grader.harness.diagnosis import fail
from grader.harness.probes import Recorder, Run

MAX_TIMELINE_LINES = 40
# aioresponses feeds each body at once into a reader with no real connection behind it. Past the reader's
# high-water mark (2 x 64 KiB) aiohttp 3.14 pauses that connection, and fails: keep pages below it.
MAX_BODY_BYTES = 2 * 2**16


# --- Responses that know whether they were released ----------------------------------------------

# Bridge between aiohttp >= 3.14 and aioresponses 0.7.9. aiohttp 3.14 made `stream_writer` (the writer
# that sent the request) a required argument of ClientResponse.__init__; aioresponses 0.7.9 does not pass
# it, so every mocked response would fail with a TypeError. The fake site builds its responses through
# TrackedResponse, which supplies a writer that sent nothing (aiohttp only reads its output_size) where
# aiohttp asks for one and aioresponses left it out. It switches itself off on its own: with an aiohttp
# that does not take the argument, or an aioresponses that passes it. Then it can go.
RESPONSE_NEEDS_STREAM_WRITER = "stream_writer" in inspect.signature(aiohttp.ClientResponse.__init__).parameters


class _RequestAlreadySent:
    """Stands in for the request's stream writer: the fake site sends no bytes."""
    output_size = 0


class TrackedResponse(aiohttp.ClientResponse):
    """A ClientResponse that records whether the code released it.

    Reading the whole body counts too: real aiohttp hands the connection back once the body is read.
    """

    kata_released = False
    kata_on_release: Any = None  # gives the emulated connection back to its pool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if RESPONSE_NEEDS_STREAM_WRITER and "stream_writer" not in kwargs:
            kwargs["stream_writer"] = _RequestAlreadySent()
        super().__init__(*args, **kwargs)

    def _kata_mark_released(self) -> None:
        self.kata_released = True
        if self.kata_on_release is not None:
            on_release, self.kata_on_release = self.kata_on_release, None
            on_release()

    def release(self) -> Any:
        self._kata_mark_released()
        return super().release()

    def close(self) -> None:
        self._kata_mark_released()
        super().close()

    async def read(self) -> bytes:
        body = await super().read()
        self._kata_mark_released()
        return body


# --- The fake site ------------------------------------------------------------------------------

@dataclass
class Page:
    status: int = 200
    body: Any = ""  # str or bytes as they are, an exception to raise, anything else as JSON
    latency: float = 0.0
    content_type: str | None = None  # default: JSON for JSON bodies, else the site's


@dataclass(eq=False)
class Request(Run):
    """One request the site served, recorded as a Run (start, end, outcome: the status or what went wrong)."""
    method: str = ""
    url: str = ""
    session: Any = None
    response: TrackedResponse | None = None

    def describe(self, session_number: int | None = None) -> str:
        via = f" (session {session_number})" if session_number is not None else ""
        return self._line(f"{self.method} {self.url}") + via


_serving: contextvars.ContextVar[Page | None] = contextvars.ContextVar("kata_fake_site_page", default=None)


class _Responses(aioresponses):
    """aioresponses that also hands each request to the site for recording and latency."""

    def __init__(self, site: FakeSite) -> None:
        super().__init__()
        self.site = site

    async def _request_mock(self, orig_self: aiohttp.ClientSession, method: str, url: Any, *args: Any,
                            **kwargs: Any) -> aiohttp.ClientResponse:
        return await self.site._serve(orig_self, method, url, super()._request_mock, args, kwargs)


class FakeSite(Recorder[Request]):
    """A fake web site for aiohttp: url -> (status, body, latency). Use as `with FakeSite(...) as site:`.

    Its `runs` are the requests (also `requests`); `in_flight` and `max_in_flight` count them."""

    def __init__(self, pages: Mapping[str, Page | tuple], *, content_type: str = "text/html; charset=utf-8",
                 guard: bool = True) -> None:
        super().__init__()
        self.pages: dict[str, Page] = {url: p if isinstance(p, Page) else Page(*p) for url, p in pages.items()}
        for url, page in self.pages.items():
            if not _is_error(page.body) and len(_encoded(page.body)[0]) > MAX_BODY_BYTES:
                raise ValueError(f"the body of {url} is over {MAX_BODY_BYTES} bytes, more than a fake page can hold")
        self.content_type = content_type
        self.requests: list[Request] = self.runs
        self.sessions_created: list[aiohttp.ClientSession] = []
        self.guard = LoopbackGuard() if guard else None
        self._semaphores: dict[int, tuple[Any, dict]] = {}
        self._mock = _Responses(self)
        self._undo_session_patch = ExitStack()

    # -- the context manager
    def __enter__(self) -> FakeSite:
        original_init = aiohttp.ClientSession.__init__
        created = self.sessions_created

        def init(session: aiohttp.ClientSession, *args: Any, **kwargs: Any) -> None:
            created.append(session)
            original_init(session, *args, **kwargs)

        self._undo_session_patch.enter_context(mock.patch.object(aiohttp.ClientSession, "__init__", init))
        self._mock.start()
        self._mock.get(re.compile(r".*"), callback=self._callback, repeat=True)
        if self.guard:
            self.guard.__enter__()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self._mock.stop()
            self._undo_session_patch.close()
        finally:
            if self.guard:
                self.guard.__exit__(exc_type, exc, tb)  # may fail the test: only once all is undone

    # -- serving
    def _pools(self, session: Any, url: str) -> list[asyncio.Semaphore]:
        """The emulated connection pool of the session's connector (aioresponses bypasses the real one),
        so that `TCPConnector(limit=..., limit_per_host=...)` limits requests as it would on a network."""
        connector = getattr(session, "connector", None)
        pools = []
        for key, limit in ((("all",), getattr(connector, "limit", 0)),
                           (("host", _origin(url)), getattr(connector, "limit_per_host", 0))):
            if isinstance(limit, int) and limit > 0:
                known = self._semaphores.setdefault(id(session), (session, {}))[1]
                pools.append(known.setdefault(key, asyncio.Semaphore(limit)))
        return pools

    async def _serve(self, session: aiohttp.ClientSession, method: str, url: Any,
                     respond: Callable[..., Awaitable[aiohttp.ClientResponse]], args: tuple,
                     kwargs: dict[str, Any]) -> aiohttp.ClientResponse:
        """One request: wait for a free emulated connection, record the request, answer it after the page's
        latency, and hold the connection until the code releases the response (as a real pool would)."""
        connection = _Connection()
        await connection.take(self._pools(session, str(url)))
        verb = str(method).upper()
        record = Request(f"{verb} {url}", method=verb, url=str(url), session=session)
        self.requests.append(record)
        page = self.pages.get(record.url)
        token = _serving.set(page)
        try:
            with self.recording(record):
                response = await _answer(record, page, lambda: respond(session, method, url, *args, **kwargs))
        except BaseException:
            connection.give_back()
            raise
        finally:
            _serving.reset(token)
        if isinstance(response, TrackedResponse):
            record.response = response
        connection.give_back_on_release(response)
        return response

    def _callback(self, url: Any, **kwargs: Any) -> CallbackResult:
        page = _serving.get()
        if page is None:  # only reachable for methods the site does not serve
            raise aiohttp.ClientConnectionError(f"Cannot connect to {url}")
        if _is_error(page.body):
            raise page.body
        body, json_type = _encoded(page.body)
        content_type = page.content_type or json_type
        try:
            reason = http.HTTPStatus(page.status).phrase
        except ValueError:
            reason = "Status"
        return CallbackResult(status=page.status, body=body, content_type=content_type or self.content_type,
                              reason=reason, response_class=TrackedResponse)

    # -- what happened
    def count(self, url: str) -> int:
        return sum(1 for r in self.requests if r.url == url)

    @property
    def urls(self) -> list[str]:
        """The URLs requested, in the order the requests started."""
        return [r.url for r in self.requests]

    def twice(self) -> list[str]:
        """URLs requested more than once."""
        return sorted({u for u in self.urls if self.count(u) > 1})

    @property
    def sessions_used(self) -> list[Any]:
        """The distinct ClientSessions requests went through, in order of first use."""
        used: list[Any] = []
        for request in self.requests:
            if not any(request.session is s for s in used):
                used.append(request.session)
        return used

    def session_number(self, session: Any) -> int:
        for number, known in enumerate(self.sessions_used, 1):
            if known is session:
                return number
        return 0

    def timeline(self, title: str = "Requests (loop seconds):") -> str:
        if not self.requests:
            return "No request was made."
        several = len(self.sessions_used) > 1
        lines = [r.describe(self.session_number(r.session) if several else None) for r in self.requests]
        if len(lines) > MAX_TIMELINE_LINES:
            lines = [*lines[:MAX_TIMELINE_LINES], f"  ... and {len(lines) - MAX_TIMELINE_LINES} more requests"]
        return title + "\n" + "\n".join(lines)


async def _answer(record: Request, page: Page | None,
                  respond: Callable[[], Awaitable[aiohttp.ClientResponse]]) -> aiohttp.ClientResponse:
    """The response after the page's latency (a URL the site does not know is refused), and how the request
    ended in its record: the status, "cancelled" or what it raised."""
    try:
        if page is None:
            raise aiohttp.ClientConnectionError(f"Cannot connect to {record.url}: no such page on the test site")
        if page.latency:
            await asyncio.sleep(page.latency)
        response = await respond()
    except asyncio.CancelledError:
        record.outcome = "cancelled"
        raise
    except BaseException as error:
        record.outcome = f"raised {type(error).__name__}" + (" (no such page)" if page is None else "")
        raise
    record.outcome = str(response.status)
    return response


class _Connection:
    """The emulated pool slots one request holds, from before it starts until its response is released."""

    def __init__(self) -> None:
        self.held: list[asyncio.Semaphore] = []

    async def take(self, pools: list[asyncio.Semaphore]) -> None:
        try:
            for pool in pools:
                await pool.acquire()
                self.held.append(pool)
        except BaseException:
            self.give_back()
            raise

    def give_back(self) -> None:
        while self.held:
            self.held.pop().release()

    def give_back_on_release(self, response: aiohttp.ClientResponse) -> None:
        """Real aiohttp keeps the connection until the code releases the response or reads its body."""
        if isinstance(response, TrackedResponse) and not response.kata_released:
            response.kata_on_release = self.give_back
        else:
            self.give_back()


# --- Nothing leaves the machine -----------------------------------------------------------------

class LoopbackGuard:
    """Refuses (and records) every socket connection and DNS look-up except to `allowed`.

    `allowed` holds (ip, port) pairs, e.g. a test server on ("127.0.0.1", port). Unix sockets are
    always allowed. Code under test often swallows connection errors (a crawler skips failing pages),
    so the guard does not rely on its error surfacing: leaving the block fails the test when anything
    was attempted. Use as `with LoopbackGuard({("127.0.0.1", port)}) as guard:`.
    """

    def __init__(self, allowed: Iterable[tuple[str, int]] = ()) -> None:
        self.allowed = {(host, int(port)) for host, port in allowed}
        self.attempts: list[str] = []
        self._undo = ExitStack()

    def _refuse_address(self, family: int, address: Any) -> None:
        if family not in (socket.AF_INET, socket.AF_INET6):
            return
        host, port = address[0], int(address[1])
        if (host, port) not in self.allowed:
            self.attempts.append(f"a connection to {host}:{port}")
            raise ConnectionRefusedError(errno.ECONNREFUSED, f"the tests allow no connection to {host}:{port}")

    def __enter__(self) -> LoopbackGuard:
        guard = self
        connect, connect_ex, sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
        getaddrinfo = socket.getaddrinfo

        def guarded_connect(sock: socket.socket, address: Any) -> None:
            guard._refuse_address(sock.family, address)
            return connect(sock, address)

        def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
            guard._refuse_address(sock.family, address)
            return connect_ex(sock, address)

        def guarded_sendto(sock: socket.socket, data: Any, *args: Any) -> int:
            if args:
                guard._refuse_address(sock.family, args[-1])
            return sendto(sock, data, *args)

        def guarded_getaddrinfo(host: str | bytes | None, port: Any, *args: Any, **kwargs: Any) -> Any:
            name = host.decode() if isinstance(host, bytes) else host
            if name is not None and not _is_ip(name) and name not in {h for h, _ in guard.allowed}:
                guard.attempts.append(f"a DNS look-up of {name!r}")
                raise socket.gaierror(socket.EAI_NONAME, f"the tests allow no DNS look-up of {name!r}")
            return getaddrinfo(host, port, *args, **kwargs)

        self._undo = ExitStack()
        for owner, name, guarded in ((socket.socket, "connect", guarded_connect),
                                     (socket.socket, "connect_ex", guarded_connect_ex),
                                     (socket.socket, "sendto", guarded_sendto),
                                     (socket, "getaddrinfo", guarded_getaddrinfo)):
            self._undo.enter_context(mock.patch.object(owner, name, guarded))
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._undo.close()
        if self.attempts and exc_type is None:
            self.check("The code")

    def check(self, who: str, *, hint: str | None = None) -> None:
        """Fail if anything tried to leave the machine (or reach a server other than the allowed one)."""
        if self.attempts:
            shown = sorted(set(self.attempts))
            fail(
                f"{who} tried to reach another host over the network: {shown[0]}.",
                "Refused by the tests: " + "; ".join(shown[:10]) + (" ..." if len(shown) > 10 else ""),
                hint=hint or "The tests serve every page themselves: make requests only with aiohttp, "
                "to the URLs you were given.",
            )


def _is_error(body: Any) -> bool:
    return isinstance(body, BaseException) or (isinstance(body, type) and issubclass(body, BaseException))


def _encoded(body: Any) -> tuple[str | bytes, str | None]:
    """The body as sent, and the content type it implies (JSON for anything not str or bytes)."""
    if isinstance(body, (str, bytes)):
        return body, None
    return json.dumps(body), "application/json"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.split("%")[0])
    except ValueError:
        return False
    return True
