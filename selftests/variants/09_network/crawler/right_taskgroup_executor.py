def _save(path, text):
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)


async def crawl(start_url, depth, out_dir, limit=5):
    origin = URL_ORIGIN(start_url)
    gate = asyncio.Semaphore(limit)
    loop = asyncio.get_running_loop()
    done = set()
    seen = {start_url}
    frontier = [start_url]

    async with aiohttp.ClientSession(raise_for_status=True) as session:
        async def one(url):
            try:
                async with gate:
                    response = await session.get(url)
                    async with response:
                        text = await response.text()
            except aiohttp.ClientError:
                return []
            await loop.run_in_executor(None, _save, out_dir / file_name(url), text)
            done.add(url)
            return extract_links(text, url)

        for hops in range(depth + 1):
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(one(url)) for url in frontier]
            if hops == depth:
                break
            frontier = []
            for task in tasks:
                for link in task.result():
                    if link not in seen and URL_ORIGIN(link) == origin:
                        seen.add(link)
                        frontier.append(link)
    return done


def URL_ORIGIN(url):
    import yarl
    parsed = yarl.URL(url)
    return parsed.host, parsed.port
