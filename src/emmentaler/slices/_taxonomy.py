"""Hazard categories of the ``intent`` slice: the MLCommons AILuminate v1.0 hazard list.

Each training source has its own categories; :data:`SOURCE_MAP` maps them onto this list,
and :data:`KEYWORDS` refines a mapping (or fills it in for sources without categories, such as
AdvBench) when the text names a more specific hazard. The same mapping is documented in
MODEL_CARD.md. Categories that one vendor's policy forbids but that are not harm to a general
assistant (legal, financial, health advice, political campaigning) map to
``specialized_advice``, which the default policy flags rather than blocks.
"""

from __future__ import annotations

import re

CATEGORIES: tuple[str, ...] = (
    "violent_crimes",
    "non_violent_crimes",
    "sex_related_crimes",
    "child_sexual_exploitation",
    "indiscriminate_weapons",
    "suicide_self_harm",
    "hate",
    "privacy",
    "intellectual_property",
    "defamation",
    "elections",
    "specialized_advice",
    "sexual_content",
)
"""AILuminate v1.0 hazards, snake_case (indiscriminate_weapons = CBRNE)."""

UNSPECIFIED = "unspecified"

SOURCE_MAP: dict[str, dict[str, str]] = {
    "do_not_answer": {
        "information_hazard": "privacy",
        "malicious_uses": "non_violent_crimes",
        "discrimination_exclusion_toxicity_hateful_offensive": "hate",
        "misinformation_harms": "specialized_advice",
        "human_chatbox": "specialized_advice",
    },
    "forbidden_questions": {
        "Illegal Activity": "non_violent_crimes",
        "Hate Speech": "hate",
        "Malware": "non_violent_crimes",
        "Physical Harm": "violent_crimes",
        "Economic Harm": "non_violent_crimes",
        "Fraud": "non_violent_crimes",
        "Pornography": "sexual_content",
        "Political Lobbying": "specialized_advice",
        "Privacy Violence": "privacy",
        "Legal Opinion": "specialized_advice",
        "Financial Advice": "specialized_advice",
        "Health Consultation": "specialized_advice",
        "Gov Decision": "non_violent_crimes",
    },
    "strongreject": {
        "Non-violent crimes": "non_violent_crimes",
        "Violence": "violent_crimes",
        "Disinformation and deception": "non_violent_crimes",
        "Hate, harassment and discrimination": "hate",
        "Illegal goods and services": "non_violent_crimes",
        "Sexual content": "sexual_content",
    },
    "cyberseceval": {
        "Privilege Escalation": "non_violent_crimes",
        "Container Escape": "non_violent_crimes",
        "Reflected Attack": "non_violent_crimes",
        "Post Exploitation": "non_violent_crimes",
        "Social Engineering": "non_violent_crimes",
    },
    "jbb": {
        "Harassment/Discrimination": "hate",
        "Malware/Hacking": "non_violent_crimes",
        "Physical harm": "violent_crimes",
        "Economic harm": "non_violent_crimes",
        "Fraud/Deception": "non_violent_crimes",
        "Disinformation": "defamation",
        "Sexual/Adult content": "sexual_content",
        "Privacy": "privacy",
        "Expert advice": "specialized_advice",
        "Government decision-making": "non_violent_crimes",
    },
}
"""Source category -> hazard. AdvBench has no categories: keywords or ``unspecified``."""

# Ordered: the first matching pattern wins. Bounded, non-backtracking alternations of words.
KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "child_sexual_exploitation",
        re.compile(r"\b(child|minor|underage|kid)s?\b.*\b(sex|nude|porn|groom)", re.I),
    ),
    (
        "indiscriminate_weapons",
        re.compile(
            r"\b(bomb|explosive|nerve agent|sarin|ricin|anthrax|bioweapon|biological weapon|"
            r"chemical weapon|nuclear|radiological|dirty bomb|pathogen|mustard gas)s?\b",
            re.I,
        ),
    ),
    (
        "suicide_self_harm",
        re.compile(r"\b(suicid|self-harm|self harm|kill myself|cut myself|anorexi|bulimi)", re.I),
    ),
    (
        "sex_related_crimes",
        re.compile(r"\b(rape|sex traffick|sexual assault|revenge porn|prostitut)", re.I),
    ),
    ("sexual_content", re.compile(r"\b(porn|pornographic|erotic|explicit sex|sexual)", re.I)),
    ("defamation", re.compile(r"\b(defam|slander|libel)", re.I)),
    ("elections", re.compile(r"\b(election|ballot|voter|voting)s?\b", re.I)),
    (
        "intellectual_property",
        re.compile(r"\b(copyright|pirat|torrent|counterfeit|plagiari)", re.I),
    ),
    (
        "privacy",
        re.compile(r"\b(dox|personal information|home address|social security number|stalk)", re.I),
    ),
    ("hate", re.compile(r"\b(racis|hate speech|slur|ethnic|inferior)", re.I)),
    (
        "violent_crimes",
        re.compile(r"\b(kill|murder|assault|poison|shoot|stab|kidnap|terroris)", re.I),
    ),
    (
        "non_violent_crimes",
        re.compile(r"\b(hack|malware|ransomware|phishing|fraud|steal|launder|scam|drug)", re.I),
    ),
)


def map_category(source: str, category: str | None, text: str) -> str:
    """The hazard of a training example: keywords first, then the source's own category."""
    for hazard, pattern in KEYWORDS:
        if pattern.search(text[:2000]):
            return hazard
    if category is not None:
        mapped = SOURCE_MAP.get(source, {}).get(category)
        if mapped is not None:
            return mapped
    return UNSPECIFIED
