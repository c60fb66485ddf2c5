"""Dangerous-sounding words in harmless senses, with harmful counterparts (``synth_homonym_data``).

The intent head refuses "how do I kill a zombie process" or "plant the bomb in a shooter game"
because the public harmful sets own those words and the benign sets rarely use them.
``INTENT_HOMONYM=on`` in ``heads_data.intent_extras`` adds written groups that use such a word
harmlessly (label 0) beside one request that uses it to hurt someone (label 1), each group under
its topic key (one cross-validation group), so the head has to read the sense, not the word.
"""

from __future__ import annotations

import random

from synth_homonym_data import ROWS


def generate(rng: random.Random, *sizes: int) -> list[tuple[str, int, str, str]]:
    """``(text, label, "", topic key)`` for every written row (the sizes are not used)."""
    del rng, sizes  # written rows: nothing is drawn
    return sorted((text, label, "", key) for key, label, text in ROWS)
