"""Three at once: reference solution."""
import asyncio


async def colors(out: list[str]) -> None:
    for color in ["red", "blue", "green"]:
        await asyncio.sleep(1)
        out.append(color)


async def three_at_once(out: list[str]) -> None:
    await asyncio.gather(colors(out), colors(out), colors(out))
