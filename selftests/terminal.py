"""A real terminal for tests and benchmarks: a tmux pane that gets keys and shows its screen."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

TMUX = shutil.which("tmux")


class Terminal:
    """A tmux pane running one command, on a tmux server of its own."""

    def __init__(self, cwd: Path, command: str, width: int = 100, height: int = 40) -> None:
        assert TMUX, "tmux is needed for this test (apt-get install tmux)"
        self.socket = f"kata-test-{uuid.uuid4().hex[:8]}"
        # COLUMNS and LINES (pytest's, say) would pin rich to that size instead of the pane's.
        env_prefix = f"cd {cwd} && unset COLUMNS LINES && PATH={Path(sys.executable).parent}:$PATH "
        self._tmux("new-session", "-d", "-s", "kata", "-x", str(width), "-y", str(height),
                   f"{env_prefix}{command}; echo EXITED rc=$?; sleep 600")

    def _tmux(self, *args: str) -> str:
        return subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True,
                              check=True, timeout=30).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "kata")

    def press(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "kata", *keys)

    def resize(self, width: int, height: int) -> None:
        self._tmux("resize-window", "-t", "kata", "-x", str(width), "-y", str(height))

    def wait_for(self, text: str, timeout: float = 60.0) -> float:
        """Seconds until `text` is on the screen; fails showing the screen if it never comes."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if text in self.screen():
                return time.monotonic() - started
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared on the screen within {timeout:g} s. "
                             f"The screen:\n{self.screen()}")

    def stable_screen(self, containing: str, *, settle: float = 0.6, timeout: float = 90.0) -> str:
        """The screen once it shows `containing` and has not changed for `settle` seconds: what a learner
        would read. Waiting for stillness, not for a fixed time, keeps tests right on a loaded machine."""
        started = time.monotonic()
        last, since = "", time.monotonic()
        while time.monotonic() - started < timeout:
            screen = self.screen()
            if screen != last:
                last, since = screen, time.monotonic()
            elif containing in screen and time.monotonic() - since >= settle:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"the screen never settled showing {containing!r} within {timeout:g} s. "
                             f"The screen:\n{self.screen()}")

    def first_screen_with(self, text: str, timeout: float = 60.0) -> str:
        """The first screen captured that shows `text` (for a screen that lasts only a moment)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            screen = self.screen()
            if text in screen:
                return screen
        raise AssertionError(f"{text!r} never appeared on the screen within {timeout:g} s. "
                             f"The screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True, timeout=30)
