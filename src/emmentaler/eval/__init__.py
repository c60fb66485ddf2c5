"""The evaluation harness: every rule's holes, how far they line up, leaks and false refusals.

``load_examples`` reads labelled JSONL, ``evaluate`` screens it and keeps every score,
``build_report`` turns stored results into the report; see ``docs/eval.md``.
"""

from __future__ import annotations

from .dataset import Example, Loaded, Problem, load_examples
from .report import SCHEMA, build_report
from .run import Record, Results, evaluate
from .storage import read_scores

__all__ = [
    "SCHEMA",
    "Example",
    "Loaded",
    "Problem",
    "Record",
    "Results",
    "build_report",
    "evaluate",
    "load_examples",
    "read_scores",
]
