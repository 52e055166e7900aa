"""A hybrid logical clock (Kulkarni et al., 2014) for ordering and audit only.

No wall clock decides anything in sync (village PCs are days off); the HLC gives a
monotonic, sortable stamp per device even when the PC clock jumps back. Serialised as
``"{millis:012x}-{counter:04x}-{device}"`` so text order is time order.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_COUNTER = 0xFFFF
MAX_FUTURE_MS = 24 * 3600 * 1000  # remote stamps further ahead than this are clamped


@dataclass
class HybridClock:
    device: str
    millis: int = 0
    counter: int = 0
    offset_ms: int = 0  # server time minus PC time, learnt at sync
    wall: Callable[[], float] = time.time

    def _physical(self) -> int:
        return int(self.wall() * 1000) + self.offset_ms

    def now(self) -> str:
        """Stamp a local event."""
        physical = self._physical()
        if physical > self.millis:
            self.millis, self.counter = physical, 0
        else:
            self.counter += 1
            if self.counter > MAX_COUNTER:  # more than 65,536 events in one ms: borrow a ms
                self.millis, self.counter = self.millis + 1, 0
        return self.format()

    def observe(self, remote: str) -> None:
        """Merge a stamp received from elsewhere (clamped so one bad clock cannot drag us)."""
        remote_ms, remote_counter = parse(remote)
        remote_ms = min(remote_ms, self._physical() + MAX_FUTURE_MS)
        if remote_ms > self.millis:
            self.millis, self.counter = remote_ms, remote_counter
        elif remote_ms == self.millis:
            self.counter = max(self.counter, remote_counter)

    def format(self) -> str:
        return f"{self.millis:012x}-{self.counter:04x}-{self.device}"

    def state(self) -> str:
        return f"{self.millis}:{self.counter}"

    @classmethod
    def restore(cls, device: str, state: str | None) -> HybridClock:
        clock = cls(device)
        if state:
            millis, counter = state.split(":")
            clock.millis, clock.counter = int(millis), int(counter)
        return clock


def parse(stamp: str) -> tuple[int, int]:
    """(millis, counter) of a serialised stamp."""
    millis, counter, _device = stamp.split("-", 2)
    return int(millis, 16), int(counter, 16)
