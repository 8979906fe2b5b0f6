"""A progress line on stderr for long runs: records checked, findings, rate. Only on a terminal.

Drawn after the first second (short runs stay silent), redrawn at most a few times a second, and erased at
the end so the terminal keeps only the report. The input is a stream, so there is no percentage.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from validator.engine import RecordResult

DELAY = 1.0  # seconds before the first draw
INTERVAL = 0.2  # seconds between draws


class Progress:
    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.next_draw = self.started + DELAY
        self.records = 0
        self.findings = 0
        self.drawn = False

    def add(self, result: RecordResult) -> None:
        self.records += not result.crawl_level  # a crawl-level result is about a page already counted
        self.findings += len(result.findings)
        now = self.clock()
        if now >= self.next_draw:
            self.draw(now)

    def add_passed(self, count: int) -> None:
        self.records += count
        now = self.clock()
        if now >= self.next_draw:
            self.draw(now)

    def draw(self, now: float) -> None:
        rate = self.records / max(now - self.started, 1e-9)
        self.stream.write(
            f"\r\x1b[Kpav: {self.records:,} records checked, {self.findings:,} findings ({rate:,.0f} records/s)"
        )
        self.stream.flush()
        self.drawn = True
        self.next_draw = now + INTERVAL

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False
