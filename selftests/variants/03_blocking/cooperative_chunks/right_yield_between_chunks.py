async def checksum(data: bytes, chunk_size: int = 65536) -> int:
    pieces = [data[i:i + chunk_size] for i in range(0, len(data), chunk_size)]
    crc = 0
    for number, piece in enumerate(pieces):
        if number:
            await asyncio.sleep(0)  # between chunks only
        crc = zlib.crc32(piece, crc)
    return crc
