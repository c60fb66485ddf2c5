"""Implicit harmful requests and their benign twins as intent rows (``synth_implicit_data``).

The harm of these requests lives in the situation (a target, a victim, a timing, a wish not
to be caught), not in benchmark words; each has a twin on the same topic that is harmless.
``INTENT_IMPLICIT=on`` in ``heads_data.intent_extras`` adds them to the intent head's rows,
each pair under its own topic key (one cross-validation group).
"""

from __future__ import annotations

import random

from synth_implicit_data import PAIRS


def generate(rng: random.Random, *sizes: int) -> list[tuple[str, int, str, str]]:
    """``(text, label, category, topic key)`` for every pair (the sizes are not used)."""
    del rng, sizes  # written pairs: nothing is drawn
    rows = [(harmful, 1, category, key) for key, category, harmful, _ in PAIRS]
    rows += [(twin, 0, "", key) for key, _, _, twin in PAIRS]
    return sorted(rows)
