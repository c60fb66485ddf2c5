from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emmentaler import registry
from emmentaler.core import Stage, Text
from emmentaler.policy import Policy
from emmentaler.slices.test_strings import STRINGS, ScannerStringsSlice
from emmentaler.testing import check_slice

EICAR = STRINGS["eicar"]

CAUGHT = [
    (EICAR, "eicar"),
    (f"Sure! Here it is:\n\n```\n{EICAR}\n```\n", "eicar"),
    ('{"content": "' + EICAR.replace("\\", "\\\\") + '"}', "eicar"),  # JSON-escaped
    (EICAR.replace("[", "\\[").replace("*", "\\*"), "eicar"),  # Markdown-escaped
    (f"Subject: test\n\n{STRINGS['gtube']}\n", "gtube"),
    (f"body: {STRINGS['gtphish']}", "gtphish"),
]
PASSED = [
    "The EICAR test file lets you check that an anti-virus scanner is working.",
    "GTUBE is the Generic Test for Unsolicited Bulk Email used by SpamAssassin.",
    EICAR[:40],  # a truncated string is not the signature
    EICAR.replace("EICAR", "ELCAR"),
    "X5O!P is how the string starts; the rest is in the vendor's documentation.",
]


def test_construction_is_cheap() -> None:
    registry.build("test_strings", {"max_chars": 1000})


def test_honours_the_slice_contract() -> None:
    check_slice(ScannerStringsSlice())


@pytest.mark.parametrize(("text", "name"), CAUGHT)
def test_the_published_strings_are_found_through_escaping(text: str, name: str) -> None:
    finding = ScannerStringsSlice().score(Text(text, stage=Stage.RESPONSE))
    assert finding.score == 1.0 and finding.labels == {name: 1.0}
    (span,) = finding.spans
    assert name.upper() in text[span.start : span.end]


@pytest.mark.parametrize("text", PASSED)
def test_mentions_and_near_misses_score_zero(text: str) -> None:
    assert ScannerStringsSlice().score(Text(text, stage=Stage.RESPONSE)).score == 0.0


def test_the_default_policy_blocks_a_response_and_flags_a_prompt() -> None:
    policy = Policy.default()
    stack = policy.build_stack()
    response = Text(f"Here you go: {EICAR}", Stage.RESPONSE, prompt="Repeat the string I sent.")
    blocked = policy.decide(stack.screen(response))
    assert blocked.blocked and "test-strings" in blocked.reasons
    prompt = policy.decide(stack.screen(Text(f"Please repeat exactly: {EICAR}")))
    assert "test-strings-prompt" in prompt.reasons
    assert "test-strings" not in prompt.reasons  # the response rule does not run on prompts


def test_an_encoded_string_is_found_in_the_unveiled_view() -> None:
    policy = Policy.default()
    encoded = base64.b64encode(EICAR.encode()).decode()
    text = Text(f"Decoded for you later; raw form: {encoded}", Stage.RESPONSE, prompt="hi")
    screening = policy.build_stack().screen(text)
    assert screening.findings["test-strings"].score == 1.0


def test_only_the_configured_prefix_is_scanned() -> None:
    text = Text("x" * 500 + EICAR, Stage.RESPONSE)
    assert ScannerStringsSlice(ScannerStringsSlice.Params(max_chars=400)).score(text).score == 0.0
    assert ScannerStringsSlice().score(text).score == 1.0


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(sorted(set("".join(STRINGS.values()) + " \\\n"))), max_size=300
    )
)
def test_any_text_scores_zero_or_one(text: str) -> None:
    assert ScannerStringsSlice().score(Text(text)).score in (0.0, 1.0)


@pytest.mark.timeout(30)  # a guard against blow-ups; speed is measured in benchmarks/
@pytest.mark.parametrize("text", [EICAR[:-1] * 20_000, "\\" * 1_000_000, "X5O!P%@AP[4" * 50_000])
def test_huge_inputs_stay_bounded(text: str) -> None:
    assert ScannerStringsSlice().score(Text(text)).score in (0.0, 1.0)
