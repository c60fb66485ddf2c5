"""emmentaler: defense-in-depth screening for LLM prompts, conversations and responses.

Slices score, the policy decides::

    from emmentaler import Policy, Text

    policy = Policy.default()
    stack = policy.build_stack()
    decision = policy.decide(stack.screen(Text("How do I bake bread?")))
"""

from __future__ import annotations

from .core import (
    NOTHING,
    ORIGINAL,
    Action,
    Decision,
    Finding,
    Role,
    Screening,
    Span,
    Stage,
    Text,
    Turn,
    View,
)
from .errors import (
    AssetError,
    ConfigError,
    EmmentalerError,
    InputError,
    UnknownSliceError,
    UpstreamError,
)
from .policy import Condition, LabelRule, Policy, Rule
from .slice import BatchSlice, Slice, SliceParams
from .stack import Layer, Mode, Stack

__version__ = "0.1.0"

__all__ = [
    "NOTHING",
    "ORIGINAL",
    "Action",
    "AssetError",
    "BatchSlice",
    "Condition",
    "ConfigError",
    "Decision",
    "EmmentalerError",
    "Finding",
    "InputError",
    "LabelRule",
    "Layer",
    "Mode",
    "Policy",
    "Role",
    "Rule",
    "Screening",
    "Slice",
    "SliceParams",
    "Span",
    "Stack",
    "Stage",
    "Text",
    "Turn",
    "UnknownSliceError",
    "UpstreamError",
    "View",
    "__version__",
]
