"""The shape of the asyncio docs' stream echo server, reading lines: write, drain, and at the end close
and wait_closed, with no try/finally (a client's reset ends the handler with the connection already gone)."""


async def handle_echo(reader, writer):
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def start_echo_server(host="127.0.0.1", port=0):
    return await asyncio.start_server(handle_echo, host, port)


async def echo_once(host, port, message):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"{message}\n".encode())
    await writer.drain()
    data = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return data.decode().removesuffix("\n")
