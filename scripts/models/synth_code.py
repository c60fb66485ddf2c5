"""Everyday programming and IT requests as benign intent rows (``synth_code_data``).

The intent head learned "write code that accesses / captures / sends X" from harmful code
requests (CyberSecEval's interpreter prompts) and textbook exercises (MBPP, HumanEval), and
little from the way people actually ask for code: "sample code to call the X API in python"
or "algorithms I could publish as a Rust crate" scored 0.8-0.9. ``INTENT_CODE=on`` in
``heads_data.intent_extras`` adds these written requests (label 0), each under its topic key
(one cross-validation group).
"""

from __future__ import annotations

import random

from synth_code_data import REQUESTS


def generate(rng: random.Random, *sizes: int) -> list[tuple[str, int, str, str]]:
    """``(text, 0, "", topic key)`` for every request (the sizes are not used)."""
    del rng, sizes  # written requests: nothing is drawn
    return sorted((text, 0, "", key) for key, text in REQUESTS)
