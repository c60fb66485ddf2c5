"""Cheap lexical signals used next to the embedding heads (RE2 patterns, linear time)."""

from __future__ import annotations

import numpy as np
import re2

REFUSAL_HEAD_CHARS = 400
"""Refusals open the response: only its head is searched."""

_REFUSAL = re2.compile(
    r"(?i)(^|[\s\"'(])("
    r"i(?:'m| am) sorry|i apologi[sz]e|sorry, (?:but )?i|i (?:can(?:'|no)t|cannot|won'?t|will not|"
    r"am (?:not able|unable)|must (?:decline|refuse)|do not|don'?t) (?:help|assist|provide|"
    r"fulfil+|comply|create|write|generate|support|do|engage|give|share|offer|produce|"
    r"answer|be able)|i'?m (?:not able|unable) to|as an ai|as a language model|"
    r"i'?m just an ai|it is not (?:appropriate|ethical)|it'?s not (?:appropriate|ethical)|"
    r"against my (?:guidelines|programming|policy)|"
    r"i (?:cannot|can'?t) (?:and will not|in good conscience)"
    r")"
)
_COMPLIANCE = re2.compile(r"(?i)(sure, here|here is|here are|here's|step 1|first, you|1\. )")


def refusal_score(response: str) -> float:
    """1.0 for a plain refusal, 0.5 for a refusal followed by compliance markers, else 0.0."""
    head = _encodable(response[:2000])
    if not _REFUSAL.search(head[:REFUSAL_HEAD_CHARS]):
        return 0.0
    return 0.5 if _COMPLIANCE.search(head) else 1.0


def _encodable(text: str) -> str:
    """``text`` with lone surrogates replaced (RE2 needs valid UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


_OPENER = re2.compile(r"(?i)^\W*(?:sure|certainly|absolutely|of course)[,!.]? ?(?:here|i)")
_STEPS = re2.compile(r"(?i)step 1|(?:^|\n)\s*1\.\s")
_PUSHBACK = re2.compile(
    r"(?i)\b(?:however|important to note|instead|it is illegal|it'?s illegal|unethical|"
    r"no (?:scientific|credible) evidence|misinformation|conspiracy theor)"
)
RESPONSE_FEATURES = ("refusal", "compliance_opener", "steps", "pushback")


def response_features(response: str) -> np.ndarray:
    """Lexical features of a response, in the order of :data:`RESPONSE_FEATURES`."""
    head = _encodable(response[:2000])
    return np.array(
        [
            refusal_score(response),
            float(_OPENER.search(head[:300]) is not None),
            float(_STEPS.search(head[:600]) is not None),
            float(_PUSHBACK.search(head[:600]) is not None),
        ],
        dtype=np.float32,
    )
