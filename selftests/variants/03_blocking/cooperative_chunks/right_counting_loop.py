"""A counting while loop, and crc32 imported by name."""
from zlib import crc32


async def checksum(data, chunk_size=65536):
    crc, start = 0, 0
    while start < len(data):
        crc = crc32(data[start:start + chunk_size], crc)
        start += chunk_size
        await asyncio.sleep(0)
    return crc
