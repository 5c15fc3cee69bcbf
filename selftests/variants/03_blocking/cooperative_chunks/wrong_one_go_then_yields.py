"""expect: checksum computed the crc of 10500 bytes in one go

The whole crc at once, then as many turns handed back as there are chunks: the right count, but
nothing runs while it computes.
"""


async def checksum(data, chunk_size=65536):
    crc = zlib.crc32(data)
    for _ in range(0, len(data), chunk_size):
        await asyncio.sleep(0)
    return crc
