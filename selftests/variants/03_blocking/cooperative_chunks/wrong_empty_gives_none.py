"""expect: checksum(b'') returned None"""


async def checksum(data, chunk_size=65536):
    crc = None
    for start in range(0, len(data), chunk_size):
        crc = zlib.crc32(data[start:start + chunk_size], crc or 0)
        await asyncio.sleep(0)
    return crc
