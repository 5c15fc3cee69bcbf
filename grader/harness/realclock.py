"""Helpers for real-clock suites (threads and processes): counting instead of timing.

(A pool's brief start-up and shut-down pass the blocking-call detector, see loading.py, and a
blocking wait for a pool's results is explained by diagnosis.explain.)

- `expect_loop_free(beat, ...)`: a Heartbeat check scaled to how long the call ran, so a loaded
  machine never fails a correct solution.
"""
from __future__ import annotations

from grader.harness.diagnosis import fail, seconds
from grader.harness.probes import Heartbeat


def expect_loop_free(beat: Heartbeat, *, what: str, ran_for: float, share: float = 0.5,
                     headline: str | None = None, hint: str | None = None) -> None:
    """The loop kept ticking while `what` ran for `ran_for` seconds: no gap between heartbeat
    ticks took more than `share` of that time.

    A loop blocked for the whole call shows one gap as long as the call, however loaded the
    machine; a free loop shows gaps near the tick interval, even when start-up or shut-down
    pauses it briefly.
    """
    allowed = max(share * ran_for, 5 * beat.interval)
    if beat.longest_gap <= allowed:
        return
    fail(
        headline or f"The event loop froze while {what} ran: no other task could run for "
        f"{seconds(beat.longest_gap)}.",
        f"{what} ran for {seconds(ran_for)} of real time. A heartbeat task meant to tick every "
        f"{seconds(beat.interval)} ticked {len(beat.ticks)} times; its longest gap was "
        f"{seconds(beat.longest_gap)} (allowed: {seconds(allowed)}).",
        hint=hint or "While the work runs elsewhere, the loop must stay free: await the result "
        "(asyncio.to_thread, loop.run_in_executor) instead of waiting for it with .result(), "
        "pool.map or time.sleep.",
    )
