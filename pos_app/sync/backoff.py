"""When to try again: exponential back-off with full jitter, honouring Retry-After.

Pure (the random source is passed in) so it is tested exactly, like Picard's
rate control. Full jitter spreads a whole market's POS PCs out after an outage
instead of having them all retry in the same second.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    base_s: float = 1.0
    cap_s: float = 60.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_delay(self, retry_after_s: float | None = None) -> float:
        """Seconds to wait after one more failure."""
        ceiling = min(self.cap_s, self.base_s * 2**self.failures)
        self.failures += 1
        delay = self.rng.uniform(0, ceiling)
        if retry_after_s is not None:
            delay = max(delay, retry_after_s)
        return delay

    def reset(self) -> None:
        self.failures = 0
