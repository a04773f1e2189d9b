"""NEQs of the hard world: unique, real-looking, passing the Luhn check over their last 8 digits.

The NEQ space is split so that the world's own registrations (drawn one by one) and the
vectorised background register never collide: each takes a prefix (114, 116, 117, 118, 224,
226, 227, 336) and a six-digit number below 500 000 (world) or from 500 000 (background).
"""

from __future__ import annotations

import random

import numpy as np

from esq.register.neq import luhn_check_digit

PREFIXES = ["114", "116", "117", "118", "224", "226", "227", "336"]
SPLIT = 500_000


class NeqAllocator:
    """Hands out distinct NEQs for the world's own registrations."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()

    def new(self) -> str:
        while True:
            body = f"{self.rng.choice(PREFIXES)}{self.rng.randrange(SPLIT):06d}"
            if body not in self.taken:
                self.taken.add(body)
                return body + luhn_check_digit(body[2:])


def bad_check_digit(neq: str) -> str:
    """The same NEQ with a wrong last digit (a typo the Luhn check catches)."""
    return neq[:9] + str((int(neq[9]) + 1 + int(neq[8]) % 8) % 10)


def luhn_digits(bodies: np.ndarray) -> np.ndarray:
    """Vectorised ``luhn_check_digit`` over the last 7 digits of 9-digit bodies (int64)."""
    total = np.zeros(len(bodies), dtype=np.int64)
    rest = bodies.copy()
    for i in range(7):  # from the right: positions 0, 2, 4, 6 are doubled
        d = rest % 10
        rest //= 10
        if i % 2 == 0:
            d = np.where(d > 4, d * 2 - 9, d * 2)
        total += d
    return (10 - total % 10) % 10


def background_neqs(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct NEQs (as strings) from the background half of the space."""
    per_prefix = -(-n // len(PREFIXES))
    if per_prefix > 1_000_000 - SPLIT:
        raise ValueError(f"at most {len(PREFIXES) * (1_000_000 - SPLIT):,} background NEQs")
    numbers = SPLIT + rng.permutation(1_000_000 - SPLIT)[:per_prefix]
    prefixes = np.array([int(p) for p in PREFIXES], dtype=np.int64)
    bodies = (prefixes[None, :] * 1_000_000 + numbers[:, None]).reshape(-1)[:n]
    neqs = bodies * 10 + luhn_digits(bodies)
    return neqs.astype(str)
