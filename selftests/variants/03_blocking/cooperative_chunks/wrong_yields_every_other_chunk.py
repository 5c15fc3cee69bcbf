"""expect: handed control back only"""


async def checksum(data, chunk_size=65536):
    crc = 0
    for number, start in enumerate(range(0, len(data), chunk_size)):
        crc = zlib.crc32(data[start:start + chunk_size], crc)
        if number % 2:
            await asyncio.sleep(0)
    return crc
