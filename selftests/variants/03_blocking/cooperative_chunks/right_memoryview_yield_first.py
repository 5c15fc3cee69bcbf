async def checksum(data, chunk_size=65536):
    view = memoryview(data)
    crc = 0
    while view:
        await asyncio.sleep(0)
        crc = zlib.crc32(view[:chunk_size], crc)
        view = view[chunk_size:]
    return crc
