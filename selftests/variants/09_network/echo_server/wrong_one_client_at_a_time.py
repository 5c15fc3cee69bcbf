"""expect: serves one client at a time"""


async def start_echo_server(host="127.0.0.1", port=0):
    one_at_a_time = asyncio.Lock()

    async def handle(reader, writer):
        async with one_at_a_time:  # "to keep the replies from getting mixed up"
            while line := await reader.readline():
                writer.write(line)
                await writer.drain()
            writer.close()
            await writer.wait_closed()

    return await asyncio.start_server(handle, host, port)


async def echo_once(host, port, message):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(message.encode() + b"\n")
    await writer.drain()
    reply = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return reply.decode().rstrip("\n")
