"""A memoryview that shrinks by one chunk each round, the running crc carried on."""


async def checksum(data, chunk_size=65536):
    view = memoryview(data)
    crc = 0
    while view:
        chunk, view = view[:chunk_size], view[chunk_size:]
        crc = zlib.crc32(chunk, crc)
        await asyncio.sleep(0)
    return crc
