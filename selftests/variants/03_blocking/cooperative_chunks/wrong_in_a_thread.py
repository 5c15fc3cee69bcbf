"""expect: computed the crc in another thread"""


async def checksum(data, chunk_size=65536):
    return await asyncio.to_thread(zlib.crc32, data)
