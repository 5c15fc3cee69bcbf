import contextlib
async def start_echo_server(host="127.0.0.1", port=0):
    async def echo(reader, writer):
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                line = await reader.readuntil(b"\n")
                writer.writelines([line[:-1], b"\n"])
                await writer.drain()
        writer.close()

    return await asyncio.start_server(echo, host=host, port=port, limit=1 << 17)


async def echo_once(host, port, message):
    reader, writer = await asyncio.open_connection(host, port)
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(writer.wait_closed)
        stack.callback(writer.close)
        writer.write(f"{message}\n".encode("utf-8"))
        await writer.drain()
        data = await reader.readuntil(b"\n")
    return data[:-1].decode("utf-8")
