"""An echo server and its client, with asyncio streams.

asyncio speaks TCP through *streams*: a StreamReader to read from a connection and a StreamWriter
to write to it.

- `await asyncio.start_server(handle, host, port)` starts listening and returns an `asyncio.Server`.
  For every client that connects, asyncio starts `handle(reader, writer)` as a new task, so a slow
  client never holds up the others. Port 0 means "any free port": `server.sockets[0].getsockname()`
  tells you which one you got.
- `await asyncio.open_connection(host, port)` connects as a client and gives you (reader, writer).
- `await reader.readline()` waits for the next line, newline included; at the end of the stream
  (the other side closed) it returns b"" instead.
- `writer.write(data)` only puts bytes in a buffer; `await writer.drain()` waits until the buffer
  has room again. Without drain, a client that sends a lot but reads slowly makes your buffer grow
  without limit.
- `writer.close()` then `await writer.wait_closed()` closes your side of the connection; the other
  side's reader then sees the end of the stream.

Streams carry bytes: encode text to UTF-8 before writing (`text.encode()`) and decode what you read
(`data.decode()`).

Your task:

- `start_echo_server(host, port)`: start a server on host:port and return it (started, not yet
  closed). For every line a client sends, up to 64 KiB long, it replies with the same line, newline
  included, and flushes (drain). Many clients at once, many lines per connection. When a client
  closes its side, the server closes its side of that connection too.
- `echo_once(host, port, message)`: a client that connects, sends message plus a newline, reads one
  line of reply and returns it as text without the newline, and closes the connection.

    server = await start_echo_server()
    port = server.sockets[0].getsockname()[1]
    await echo_once("127.0.0.1", port, "hello")   # "hello"

The tests run real sockets on 127.0.0.1 with dozens of clients at once, so the clock here is real.
"""
import asyncio


# TODO: start a stream server on host:port that echoes every line back, and return it.
async def start_echo_server(host: str = "127.0.0.1", port: int = 0) -> asyncio.Server:
    raise NotImplementedError("start_echo_server")


# TODO: connect, send message and a newline, return the reply line without its newline, close.
async def echo_once(host: str, port: int, message: str) -> str:
    raise NotImplementedError("echo_once")
