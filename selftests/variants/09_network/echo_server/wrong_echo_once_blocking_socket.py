"""expect: A blocking call froze the event loop"""
import socket


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
    with socket.create_connection((host, port)) as sock:
        sock.sendall(message.encode() + b"\n")
        reply = b""
        while not reply.endswith(b"\n"):
            reply += sock.recv(65536)
    return reply.decode().rstrip("\n")
