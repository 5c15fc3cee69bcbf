"""expect: the last, shorter chunk was left out"""


async def checksum(data, chunk_size=65536):
    crc = 0
    for number in range(len(data) // chunk_size):
        crc = zlib.crc32(data[number * chunk_size:(number + 1) * chunk_size], crc)
        await asyncio.sleep(0)
    return crc
