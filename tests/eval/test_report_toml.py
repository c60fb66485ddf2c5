from __future__ import annotations

from emmentaler.eval.report import policy_to_toml
from emmentaler.policy import Policy

RICH = Policy.model_validate(
    {
        "on_error": "flag",
        "block_when_flags": 3,
        "rules": [
            {"name": "size", "use": "limits", "params": {"max_chars": 500}},
            {
                "name": 'odd "name" ü',
                "use": "limits",
                "threshold": 0.25,
                "action": "flag",
                "stages": ["prompt", "conversation"],
                "labels": {"weapons": {"threshold": 0.4}, "self-harm": {"action": "block"}},
                "only_if": {"rule": "size", "between": [0.0, 0.5]},
                "params": {"max_tokens": 1000, "max_repeat_share": 0.5},
            },
        ],
    }
)


def test_a_policy_written_as_toml_reads_back_equal() -> None:
    text = policy_to_toml(RICH, "line one\nline two")
    assert text.startswith("# line one\n# line two\n")
    assert Policy.from_toml(text) == RICH
