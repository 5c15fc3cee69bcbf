"""expect: reads on while its replies cannot be sent

A reader and a sender joined by an unbounded queue: the sender awaits drain(), but the reader never
waits for it, so the queue grows while the client does not read."""


async def handle(reader, writer):
    replies = asyncio.Queue()

    async def send():
        while (line := await replies.get()) is not None:
            writer.write(line)
            await writer.drain()

    sender = asyncio.create_task(send())
    try:
        while line := await reader.readline():
            replies.put_nowait(line)
        replies.put_nowait(None)
        await sender
    except ConnectionError:
        pass
    finally:
        sender.cancel()
        writer.close()


async def start_echo_server(host="127.0.0.1", port=0):
    return await asyncio.start_server(handle, host, port)


async def echo_once(host, port, message):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(message.encode() + b"\n")
        await writer.drain()
        return (await reader.readline()).decode().removesuffix("\n")
    finally:
        writer.close()
        await writer.wait_closed()
