"""expect: handed control back only once"""


async def checksum(data, chunk_size=65536):
    crc = 0
    for start in range(0, len(data), 65536):
        crc = zlib.crc32(data[start:start + 65536], crc)
        await asyncio.sleep(0)
    return crc
