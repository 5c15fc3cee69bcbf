"""expect: echo_once did not close its connection"""


async def handle(reader, writer):
    try:
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
    finally:
        writer.close()


async def start_echo_server(host="127.0.0.1", port=0):
    return await asyncio.start_server(handle, host, port)



async def echo_once(host, port, message):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(message.encode() + b"\n")
    await writer.drain()
    reply = await reader.readline()
    return reply.decode().rstrip("\n")
