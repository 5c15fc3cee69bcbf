"""expect: times for 11 chunks"""


async def checksum(data, chunk_size=65536):
    return await asyncio.to_thread(zlib.crc32, data)
