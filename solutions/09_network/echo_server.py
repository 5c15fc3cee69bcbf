"""An echo server and its client, with asyncio streams: reference solution."""
import asyncio


async def handle_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
    except ConnectionError:
        pass  # the client went away abruptly
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except ConnectionError:
            pass


async def start_echo_server(host: str = "127.0.0.1", port: int = 0) -> asyncio.Server:
    return await asyncio.start_server(handle_client, host, port)


async def echo_once(host: str, port: int, message: str) -> str:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(message.encode() + b"\n")
        await writer.drain()
        reply = await reader.readline()
        return reply.decode().removesuffix("\n")
    finally:
        writer.close()
        await writer.wait_closed()
