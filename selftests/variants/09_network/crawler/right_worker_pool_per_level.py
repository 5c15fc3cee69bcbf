async def crawl(start_url, depth, out_dir, limit=5):
    # Each level goes through a queue served by `limit` workers: never more than `limit` requests at once,
    # and the next level starts once the workers have drained this one.
    host = urlsplit(start_url).netloc
    seen = {start_url}
    fetched = set()

    async with aiohttp.ClientSession() as session:
        async def fetch(url):
            try:
                async with session.get(url) as response:
                    if response.status >= 400:
                        return []
                    text = await response.text()
            except aiohttp.ClientError:
                return []
            await asyncio.to_thread((out_dir / file_name(url)).write_bytes, text.encode("utf-8"))
            fetched.add(url)
            return extract_links(text, url)

        level = [start_url]
        for hops in range(depth + 1):
            queue = asyncio.Queue()
            for url in level:
                queue.put_nowait(url)
            found = []

            async def worker():
                while not queue.empty():
                    found.extend(await fetch(queue.get_nowait()))

            await asyncio.gather(*(worker() for _ in range(min(limit, len(level)))))
            if hops == depth:
                break
            level = []
            for link in found:
                if link not in seen and urlsplit(link).netloc == host:
                    seen.add(link)
                    level.append(link)
    return fetched
