"""expect: overlap by one byte"""


async def checksum(data, chunk_size=65536):
    crc = 0
    for start in range(0, len(data), chunk_size):
        crc = zlib.crc32(data[start:start + chunk_size + 1], crc)
        await asyncio.sleep(0)
    return crc
