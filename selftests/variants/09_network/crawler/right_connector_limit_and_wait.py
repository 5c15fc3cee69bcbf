async def crawl(start_url, depth, out_dir, limit=5):
    # The connection pool is the limit (TCPConnector(limit=...)); asyncio.wait waits for a whole level.
    origin = urlsplit(start_url)
    same_place = lambda url: (urlsplit(url).hostname, urlsplit(url).port) == (origin.hostname, origin.port)  # noqa: E731
    depth_of = {start_url: 0}
    fetched = set()
    loop = asyncio.get_running_loop()

    async def visit(session, url):
        async with session.get(url) as response:
            response.raise_for_status()
            text = await response.text(encoding="utf-8")
        await loop.run_in_executor(None, (out_dir / file_name(url)).write_text, text, "utf-8")
        return url, text

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=limit)) as session:
        level = [start_url]
        while level:
            tasks = [asyncio.create_task(visit(session, url)) for url in level]
            await asyncio.wait(tasks)
            level = []
            for task in tasks:
                if isinstance(task.exception(), aiohttp.ClientError):
                    continue
                url, text = task.result()
                fetched.add(url)
                hops = depth_of[url] + 1
                if hops > depth:
                    continue
                for link in extract_links(text, url):
                    if link not in depth_of and same_place(link):
                        depth_of[link] = hops
                        level.append(link)
    return fetched
