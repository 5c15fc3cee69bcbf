"""echo_server: a line echo server on real loopback sockets, many clients at once, and its client."""
import asyncio
import contextlib
import errno
import gc
import socket
import warnings
from contextlib import asynccontextmanager

import pytest

from grader.harness import expect_async_def, expect_equal, fail

HOST = "127.0.0.1"  # every socket in this suite stays on the loopback interface
WAIT = 10.0  # real seconds to wait for something a working server does in milliseconds
CLIENTS = 50
BIG_LINE = 65536  # 64 KiB, newline included
SOCKET_BUFFER = 1 << 16  # the kernel's buffers of every socket in the back-pressure test: small, so that it
# measures what the server itself holds
STALLED = 1.5  # real seconds a client's drain() may wait before the server counts as no longer reading


HUNG = []  # start_echo_server never returned once: do not wait for it in every test


class Connections:
    """Every StreamWriter made during a test, on either side of a connection, kept alive until its end.

    Keeping them matters: since Python 3.13, asyncio drops its own reference to a server handler's
    writer when the handler returns, and StreamWriter.__del__ then closes the connection itself
    (with a ResourceWarning). A handler that forgets writer.close() would look right there and wrong
    on 3.11 and 3.12. Held here, a forgotten connection stays open on every version, as the learner
    left it."""

    def __init__(self, monkeypatch):
        self.writers = []
        init = asyncio.StreamWriter.__init__
        made = self.writers

        def recording_init(writer, *args, **kwargs):
            init(writer, *args, **kwargs)
            made.append(writer)

        monkeypatch.setattr(asyncio.StreamWriter, "__init__", recording_init)

    def open_to(self, port):
        """The writers still open whose other end is `port` (the client side of connections to it)."""
        return [w for w in self.writers if not w.transport.is_closing()
                and (w.get_extra_info("peername") or ("", None))[1] == port]

    def abort_open(self):
        """Drop every connection still open."""
        for writer in self.writers:
            if not writer.transport.is_closing():
                writer.transport.abort()

    async def shut(self, server):
        """Close the server. Since Python 3.12, Server.wait_closed() also waits for every connection to
        end, so the connections a failed test or a wrong handler left open are dropped first."""
        server.close()
        self.abort_open()
        with contextlib.suppress(TimeoutError):  # a diagnosis already raised must not be replaced
            await asyncio.wait_for(server.wait_closed(), WAIT)


@pytest.fixture(autouse=True)
def connections(monkeypatch):
    return Connections(monkeypatch)


@asynccontextmanager
async def learner_server(exercise, connections, *args, small_buffers=False):
    """start_echo_server(*args), checked; yields its port and closes it afterwards. With small_buffers, the
    connections it accepts get small kernel buffers."""
    expect_async_def(exercise.start_echo_server, "start_echo_server")
    server = None
    if not HUNG:
        try:
            server = await asyncio.wait_for(exercise.start_echo_server(*args), WAIT)
        except TimeoutError:
            HUNG.append(True)  # the other tests need not wait again
    if HUNG:
        fail(f"start_echo_server did not return within {WAIT:g} s: it should start the server and return it.",
             hint="Return the server that asyncio.start_server gives you; do not await serve_forever() in it.")
    if not isinstance(server, asyncio.AbstractServer):
        if asyncio.iscoroutine(server):
            server.close()
        fail(f"start_echo_server returned {server!r} instead of the asyncio.Server.",
             hint="return await asyncio.start_server(handle, host, port)")
    try:
        if not server.is_serving():
            fail("start_echo_server returned a server that is not accepting connections yet.",
                 hint="asyncio.start_server starts serving at once (unless start_serving=False).")
        host, port = server.sockets[0].getsockname()[:2]
        if small_buffers:
            for listening in server.sockets:
                set_small_buffers(listening)
        if host != HOST:
            fail(f"start_echo_server({', '.join(map(repr, args))}) listens on {host!r}, not on {HOST!r}: it ignored "
                 "the host.", hint="Pass host and port on to asyncio.start_server.")
        yield port
    finally:
        await connections.shut(server)


async def connect(port, **options):
    return await asyncio.wait_for(asyncio.open_connection(HOST, port, **options), WAIT)


async def close(writer):
    writer.close()
    try:
        await asyncio.wait_for(writer.wait_closed(), WAIT)
    except (ConnectionError, TimeoutError):
        pass


async def read_reply(reader, what):
    try:
        return await asyncio.wait_for(reader.readline(), WAIT)
    except ConnectionError:
        return b""  # the server closed (reset) the connection
    except TimeoutError:
        problem = f"No reply came back for {what} within {WAIT:g} s."
    except ValueError:
        problem = f"The reply to {what} was not one line: it went on past 64 KiB without a newline."
    fail(problem, hint="Reply with the line itself, newline included, then `await writer.drain()`.")


async def expect_echoes(reader, writer, lines, what):
    """Send all lines at once while reading the replies; each reply must be its line."""

    async def send():
        for line in lines:
            writer.write(line)
            await writer.drain()

    sender = asyncio.create_task(send())
    try:
        for number, line in enumerate(lines, start=1):
            reply = await read_reply(reader, f"line {number} of {len(lines)} ({what})")
            if reply == b"":
                fail(f"The server closed the connection after answering {number - 1} of {len(lines)} lines "
                     f"({what}): it should keep reading lines until the client closes.",
                     hint="Loop: `while line := await reader.readline(): ...`")
            expect_equal(reply, line, what=f"the server (its reply to line {number} of {len(lines)}, {what})",
                         mistakes=[(line.strip() + b"\n", "The server changed the line: it stripped the spaces "
                                    "around it. An echo sends back exactly what came in.")],
                         hint="Send back exactly the line that came in, newline included.")
        await sender
    finally:
        sender.cancel()
        if sender.done() and not sender.cancelled():
            sender.exception()  # retrieved: a send that failed because the server closed is not news


async def test_start_echo_server_returns_a_started_server(exercise, connections):
    async with learner_server(exercise, connections) as port:
        reader, writer = await connect(port)
        await expect_echoes(reader, writer, ["héllo, wörld ✓\n".encode()], "one line")
        await close(writer)


async def test_listens_on_the_given_host_and_port(exercise, connections):
    for _ in range(5):  # another program might grab the free port in between: try another
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            port = probe.getsockname()[1]
        try:
            async with learner_server(exercise, connections, HOST, port) as got:
                if got != port:
                    fail(f"start_echo_server({HOST!r}, {port}) listened on port {got} instead: it ignored the port.")
                reader, writer = await connect(port)
                await expect_echoes(reader, writer, [b"on the port I asked for\n"], "one line")
                await close(writer)
            return
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise


async def test_echoes_many_lines_on_one_connection(exercise, connections):
    lines = [f"line {i}: {'ünïcödé ✓ ' * (i % 7)}{'x' * i}\n".encode() for i in range(200)]
    lines[10] = b"\n"  # an empty line is a line too
    async with learner_server(exercise, connections) as port:
        reader, writer = await connect(port)
        await expect_echoes(reader, writer, lines, "200 lines sent at once on one connection")
        await close(writer)


async def test_echoes_lines_of_64_kib(exercise, connections):
    mixed = ("é✓ab" * 9362 + "z\n").encode()  # 9362 x 7 bytes + 2: exactly 64 KiB, with 3-byte characters
    lines = [mixed, b"a short one\n", b"y" * (BIG_LINE - 1) + b"\n"]
    async with learner_server(exercise, connections) as port:
        reader, writer = await connect(port, limit=2 * BIG_LINE)  # the test's own reader must not be the limit
        await expect_echoes(reader, writer, lines, "lines of 64 KiB")
        await close(writer)


async def test_serves_many_clients_at_once(exercise, connections):
    answered, everyone_in = set(), asyncio.Event()

    async def client(number):
        reader, writer = await connect(port)
        try:
            line = f"client {number} says héllo\n".encode()
            writer.write(line)
            await writer.drain()
            reply = await reader.readline()
            expect_equal(reply, line, what=f"the server (its reply to client {number})")
            answered.add(number)
            if len(answered) == CLIENTS:
                everyone_in.set()
            await everyone_in.wait()  # every client keeps its connection open until all have been answered
            await expect_echoes(reader, writer, [f"client {number}, line {i}\n".encode() for i in range(3)],
                                f"client {number}, after all {CLIENTS} got their first reply")
        finally:
            writer.close()

    async with learner_server(exercise, connections) as port:
        failure = None
        try:
            async with asyncio.timeout(WAIT):
                async with asyncio.TaskGroup() as group:
                    for number in range(CLIENTS):
                        group.create_task(client(number))
        except TimeoutError:
            failure = "timeout"
        except BaseExceptionGroup as group:
            failure = group.exceptions[0]  # the first client's diagnosis
        if isinstance(failure, BaseException):
            raise failure
        if failure == "timeout":
            evidence = f"{CLIENTS} clients connected, each sent one line and kept its connection open."
            if not answered:
                fail(f"The server answered none of {CLIENTS} clients while they kept their connections open.",
                     evidence, hint="Reply to each line as soon as it arrives, not when the client closes.")
            fail(f"The server serves one client at a time: it answered only {len(answered)} of {CLIENTS} clients "
                 "while they all kept their connections open.", evidence,
                 hint="asyncio.start_server runs your handler as a separate task for every client: let them run "
                 "side by side (no lock or shared wait around a whole connection).")


async def test_closes_its_side_when_the_client_closes(exercise, connections):
    async with learner_server(exercise, connections) as port:
        reader, writer = await connect(port)
        await expect_echoes(reader, writer, [b"goodbye soon\n"], "one line")
        writer.write_eof()  # the client is done sending: the server's readline() gets b""
        try:
            rest = await asyncio.wait_for(reader.read(), WAIT)
        except TimeoutError:
            fail("The server did not close its side of the connection after the client closed its side.",
                 f"The client's reader saw no end of stream within {WAIT:g} s.",
                 hint="When readline() returns b\"\", leave the loop and call writer.close(), then "
                 "await writer.wait_closed().")
        expect_equal(rest, b"", what="the server (what it sent after the client closed)")
        await close(writer)


async def writelines_pauses_writing():
    """Does this Python's socket transport apply flow control in writelines()? (transport class, answer)"""
    loop = asyncio.get_running_loop()
    paused = []

    class Probe(asyncio.Protocol):
        def pause_writing(self):
            paused.append(True)

    near, far = socket.socketpair()
    with far:
        transport, _ = await loop.create_connection(Probe, sock=near)
        try:
            transport.set_write_buffer_limits(high=1)
            transport.writelines([bytes(1 << 22)])  # more than the socket pair's buffers take
            return type(transport), bool(paused)
        finally:
            transport.abort()


@pytest.fixture
async def writelines_flow_control(monkeypatch):
    """Python 3.12.0 to 3.12.8 and 3.13.0 to 3.13.1 forget flow control in the socket transport's
    writelines() (CPython gh-127655, fixed as a security issue): there, drain() never waits after
    writer.writelines(). A server that awaits drain() after writelines() is right, so where this Python
    has the flaw, the test mends it as later releases did. On a mended Python this does nothing."""
    transport_class, pauses = await writelines_pauses_writing()
    if pauses:
        return
    writelines = transport_class.writelines

    def writelines_with_flow_control(transport, list_of_data):
        writelines(transport, list_of_data)
        transport._maybe_pause_protocol()

    monkeypatch.setattr(transport_class, "writelines", writelines_with_flow_control)


def set_small_buffers(sock):
    """Small kernel buffers for `sock`; a listening socket hands them on to the connections it accepts."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SOCKET_BUFFER)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SOCKET_BUFFER)


async def pushed_without_reading(port, cap):
    """How many bytes a client that never reads its replies could send to the server at `port` before the
    server stopped taking them (the client's drain() then waits in vain), up to `cap`. Whatever the server
    took beyond what the kernel's small buffers hold, it holds in its own memory."""
    loop = asyncio.get_running_loop()
    sock = socket.socket()
    set_small_buffers(sock)
    sock.setblocking(False)
    await asyncio.wait_for(loop.sock_connect(sock, (HOST, port)), WAIT)
    _, writer = await asyncio.open_connection(sock=sock)
    line = b"z" * (BIG_LINE - 1) + b"\n"
    sent = 0
    try:
        while sent < cap:
            writer.write(line)
            try:
                await asyncio.wait_for(writer.drain(), STALLED)
            except (TimeoutError, ConnectionError):
                break  # the server stopped reading (or closed the connection, which other tests diagnose)
            sent += len(line)
    finally:
        writer.transport.abort()
    return sent


async def pushed_to_a_server_with_back_pressure(connections):
    """pushed_without_reading() against a streams server of the test's own that awaits drain(): what the
    kernel's buffers and asyncio's own limits let through on this machine."""
    async def echo(reader, writer):
        try:
            while line := await reader.readline():
                writer.write(line)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(echo, HOST, 0)
    try:
        set_small_buffers(server.sockets[0])
        return await pushed_without_reading(server.sockets[0].getsockname()[1], cap=256 * BIG_LINE)
    finally:
        await connections.shut(server)


def mib(size):
    return f"{size / (1 << 20):.1f} MiB"


async def test_stops_reading_while_its_replies_cannot_be_sent(exercise, connections, writelines_flow_control):
    fair = await pushed_to_a_server_with_back_pressure(connections)
    allowed, cap = max(4 << 20, 4 * fair), max(16 << 20, 16 * fair)
    made_before = len(connections.writers)
    async with learner_server(exercise, connections, small_buffers=True) as port:
        sent = await pushed_without_reading(port, cap)
    if sent <= allowed:
        return
    evidence = (f"A client that never read its replies sent {mib(sent)} of 64 KiB lines, and the server kept taking "
                f"them{' (the test stopped there)' if sent >= cap else ''}. A server that waits until its replies "
                f"can be sent stops taking lines here after {mib(fair)}.")
    streams = len(connections.writers) > made_before + 1  # a StreamWriter of the server's own, not only the client's
    if streams:
        fail("The server reads on while its replies cannot be sent: it does not wait for writer.drain() before "
             "reading the next line, so the replies pile up in its memory.", evidence,
             hint="After writer.write(line), `await writer.drain()`: it pauses the handler until the buffer has "
             "room, so a slow client slows down only its own connection.")
    fail("The server has no back-pressure: it kept reading lines while its replies could not be sent, so they "
         "piled up in its memory.", evidence,
         hint="With streams, `await writer.drain()` after each write. With a Protocol, call "
         "transport.pause_reading() in pause_writing() and transport.resume_reading() in resume_writing().")


# --- echo_once, against a server of the test's own --------------------------------------------------

class ScriptedServer:
    """Reads one line, sends the `reply` pieces (else the line itself), then waits for the client to close."""

    def __init__(self, connections, *reply):
        self.tracked = connections
        self.reply = reply
        self.received = b""
        self.connections = 0
        self.client_closed = asyncio.Event()

    async def handle(self, reader, writer):
        self.connections += 1
        try:
            while not self.received.endswith(b"\n"):
                chunk = await reader.read(65536)
                if not chunk:
                    break
                self.received += chunk
            for piece in self.reply or [self.received]:
                writer.write(piece)
                await writer.drain()
                await asyncio.sleep(0.05)  # the reply arrives in pieces, as it may on a real network
            if await reader.read() == b"":
                self.client_closed.set()
        except ConnectionError:
            self.client_closed.set()
        finally:
            writer.close()

    @asynccontextmanager
    async def running(self):
        server = await asyncio.start_server(self.handle, HOST, 0)
        try:
            yield server.sockets[0].getsockname()[1]
        finally:
            await self.tracked.shut(server)


async def call_echo_once(exercise, port, message, server):
    expect_async_def(exercise.echo_once, "echo_once")
    try:
        return await asyncio.wait_for(exercise.echo_once(HOST, port, message), WAIT)
    except TimeoutError:
        pass
    fail(f"echo_once({HOST!r}, {port}, ...) got no reply within {WAIT:g} s.",
         f"The server received {server.received[:80]!r}{'...' if len(server.received) > 80 else ''} "
         f"over {server.connections} connection(s) and replies once it has a whole line.",
         hint="Send the message and a newline: (message + \"\\n\").encode(); then drain, and readline().")


NOT_CLOSED = "echo_once did not close its connection."
CLOSE_HINT = "writer.close() and then await writer.wait_closed(), also when something fails (try/finally)."


async def test_echo_once_sends_the_message_and_a_newline(exercise, connections):
    server = ScriptedServer(connections)
    message = "grüße, 世界 ✓"
    async with server.running() as port:
        await call_echo_once(exercise, port, message, server)
    expect_equal(server.received, (message + "\n").encode(), what="echo_once (the bytes it sent)", mistakes=[
        (message.encode(), "echo_once sent the message without a newline."),
    ], hint="Send the message UTF-8 encoded, followed by one newline.")


async def test_echo_once_returns_the_reply_without_its_newline(exercise, connections):
    message = "ping ✓"
    pieces = ["pong: " + "ünïcödé ✓ " * 700, "ünïcödé ✓ " * 700, "ünïcödé ✓ " * 600 + "\n"]  # about 30 KB
    reply = "".join(pieces).removesuffix("\n")
    server = ScriptedServer(connections, *(piece.encode() for piece in pieces))
    async with server.running() as port:
        got = await call_echo_once(exercise, port, message, server)
    if isinstance(got, str) and len(got) < len(reply) and reply.startswith(got):
        fail(f"echo_once returned only the first {len(got)} of {len(reply)} characters of the reply: a reply "
             "can arrive in pieces.", hint="Read up to the newline with `await reader.readline()`.")
    expect_equal(got, reply, what="echo_once (the server replied with a line other than the message)", mistakes=[
        (reply + "\n", "echo_once kept the newline at the end of the reply."),
        (message, "echo_once returned its own message instead of the server's reply."),
        ((reply + "\n").encode(), "echo_once returned bytes: decode the reply (UTF-8) and drop the newline."),
        (reply.encode(), "echo_once returned bytes: decode the reply (UTF-8)."),
    ])


def closed_for_the_learner(warning):
    """A ResourceWarning from a socket or transport that Python closed because it was thrown away
    still open (recognised by the object it is about, not by its text)."""
    return issubclass(warning.category, ResourceWarning) and isinstance(
        warning.source, (socket.socket, asyncio.BaseTransport))


async def test_echo_once_closes_the_connection(exercise, connections):
    server = ScriptedServer(connections)
    collecting = gc.isenabled()
    gc.disable()  # a forgotten socket must not be closed by the garbage collector meanwhile
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            async with server.running() as port:
                await call_echo_once(exercise, port, "bye", server)
                if connections.open_to(port):
                    fail(NOT_CLOSED, "Its connection was still open when echo_once returned.", hint=CLOSE_HINT)
                try:
                    await asyncio.wait_for(server.client_closed.wait(), WAIT)
                except TimeoutError:
                    pass
                if not server.client_closed.is_set():
                    fail(NOT_CLOSED, "The server saw no end of stream after its reply.", hint=CLOSE_HINT)
    finally:
        if collecting:
            gc.enable()
    unclosed = [w for w in caught if closed_for_the_learner(w)]
    if unclosed:
        fail(NOT_CLOSED, "Python closed it only when the forgotten connection was thrown away, and warned: "
             f"ResourceWarning: {unclosed[0].message}", hint=CLOSE_HINT)
