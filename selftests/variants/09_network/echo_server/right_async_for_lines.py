async def _echo(reader, writer):
    # A StreamReader is an async iterator of lines.
    try:
        async for line in reader:
            writer.write(line)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def start_echo_server(host="127.0.0.1", port=0):
    server = await asyncio.start_server(_echo, host, port, start_serving=False)
    await server.start_serving()
    return server


async def echo_once(host, port, message):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(message.encode("utf-8"))
        writer.write(b"\n")
        await writer.drain()
        reply = await reader.readuntil(b"\n")
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.decode("utf-8")[:-1]
