"""How much a neutral wrapper around a prompt changes the stack's decision (dev split).

Screens dev prompts as they are and wrapped by the held-out phrases of ``synth_wrappers.py``
(format, length, language, courtesy; never used in training), with a policy's whole stack, and
prints the block and flag rates with Wilson 95 % intervals:

- ``jbb_behaviors`` harmful behaviours and their benign twins;
- ordinary benign prompts (``oasst_prompts`` benign rows and ``ultrachat_eval``);
- ``coconot_contrast``.

Each text gets one wrapper drawn with a fixed seed, so two heads or policies see the same
wrapped texts. ``--wrappers FILE`` draws from a JSONL file of ``prefix``/``suffix`` pairs
instead (``probes/wrappers.jsonl``: written blind by a helper session, never used to train or
tune). Nothing is fitted here. Usage:

    XDG_DATA_HOME=/tmp/xdg-empty OPENBLAS_NUM_THREADS=1 .venv/bin/python \\
        scripts/models/report_wrappers.py [--policy PATH] [--wrappers FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from emmentaler.core import Action, Text
from emmentaler.eval.metrics import wilson
from emmentaler.policy import Policy
from emmentaler.stack import Stack

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth_wrappers import HELD_OUT  # noqa: E402

DATA = (HERE.parents[1] / ".." / "shared" / "data").resolve()
SEED = 0


def read(name: str) -> list[dict[str, object]]:
    """Rows of one dev file."""
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def groups() -> dict[str, list[str]]:
    """The dev prompt groups this report screens."""
    jbb = read("jbb_behaviors/prompts.jsonl")
    oasst = [r for r in read("oasst_prompts/prompts.jsonl") if r["label"] == "benign"]
    return {
        "jbb harmful": [str(r["text"]) for r in jbb if r["label"] == "harmful"],
        "jbb twins (benign)": [str(r["text"]) for r in jbb if r["label"] == "benign"],
        "ordinary benign": [str(r["text"]) for r in oasst + read("ultrachat_eval/prompts.jsonl")],
        "coconot (benign)": [str(r["text"]) for r in read("coconot_contrast/prompts.jsonl")],
    }


def rates(policy: Policy, stack: Stack, texts: list[str]) -> tuple[int, int, int]:
    """``(n, blocked, flagged or blocked)`` of ``texts`` under ``policy`` (its built ``stack``)."""
    actions = [policy.decide(s).action for s in stack.screen_many([Text(t) for t in texts])]
    blocked = sum(a is Action.BLOCK for a in actions)
    return len(texts), blocked, sum(a is not Action.ALLOW for a in actions)


def wrap(text: str, pairs: list[tuple[str, str]], rng: random.Random) -> str:
    """``text`` with one (prefix, suffix) pair drawn from ``pairs``."""
    prefix, suffix = rng.choice(pairs)
    return " ".join(part for part in (prefix, text, suffix) if part)


def cell(k: int, n: int) -> str:
    """``k/n = p % [lo, hi]``."""
    lo, hi = wilson(k, n)
    return f"{k}/{n} = {100 * k / n:5.1f} % [{100 * lo:.1f}, {100 * hi:.1f}]"


def main() -> None:
    """Print block and flag|block rates per group, plain and wrapped."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--policy", type=Path, default=None, help="policy TOML (default: shipped)")
    parser.add_argument("--wrappers", type=Path, default=None, help="JSONL of prefix/suffix")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"no data folder at {DATA}")
    policy = Policy.load(args.policy)
    pairs = list(HELD_OUT)
    if args.wrappers is not None:
        with args.wrappers.open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        pairs = [(str(r.get("prefix", "")), str(r.get("suffix", ""))) for r in rows]
    rng = random.Random(SEED)
    stack = policy.build_stack()
    print(f"{'group':<34} {'blocked':<32} flagged or blocked")
    for name, texts in groups().items():
        wrapped = [wrap(t, pairs, rng) for t in texts]
        for label, batch in ((name, texts), (name + ", wrapped", wrapped)):
            n, blocked, flagged = rates(policy, stack, batch)
            print(f"{label:<34} {cell(blocked, n):<32} {cell(flagged, n)}", flush=True)


if __name__ == "__main__":
    main()
