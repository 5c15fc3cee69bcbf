"""expect: no back-pressure

A protocol that writes every line back but never stops reading while its replies cannot be sent."""


class _EchoProtocol(asyncio.Protocol):

    def connection_made(self, transport):
        self.transport = transport
        self.pending = b""

    def data_received(self, data):
        self.pending += data
        lines, newline, self.pending = self.pending.rpartition(b"\n")
        if newline:
            self.transport.write(lines + newline)

    def eof_received(self):
        self.transport.close()  # the client is done: close our side too


async def start_echo_server(host="127.0.0.1", port=0):
    return await asyncio.get_running_loop().create_server(_EchoProtocol, host, port)


async def echo_once(host, port, message):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write((message + "\n").encode())
        await writer.drain()
        return (await reader.readline()).decode().rstrip("\n")
    finally:
        writer.close()
        await writer.wait_closed()
