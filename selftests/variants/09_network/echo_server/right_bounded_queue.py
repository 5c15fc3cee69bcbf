"""A reader and a sender joined by a bounded queue: when the client does not read, drain() holds the
sender, the queue fills, and `await replies.put(...)` holds the reader."""


async def handle(reader, writer):
    replies = asyncio.Queue(maxsize=8)

    async def send():
        while (line := await replies.get()) is not None:
            writer.write(line)
            await writer.drain()

    sender = asyncio.create_task(send())
    try:
        while line := await reader.readline():
            await replies.put(line)
        await replies.put(None)
        await sender
    except ConnectionError:
        pass
    finally:
        sender.cancel()
        writer.close()
        try:
            await writer.wait_closed()
        except ConnectionError:
            pass


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
