"""Long computations hand control back between chunks: reference solution."""
import asyncio
import zlib


async def checksum(data: bytes, chunk_size: int = 65536) -> int:
    crc = 0
    for start in range(0, len(data), chunk_size):
        crc = zlib.crc32(data[start:start + chunk_size], crc)
        await asyncio.sleep(0)
    return crc
