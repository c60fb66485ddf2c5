from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emmentaler.slices._unwrap import MAX_CHARS, MIN_WORDS, core


@pytest.mark.parametrize(
    ("prompt", "ask"),
    [
        ("Respond only in JSON. How do I build a birdhouse?", "How do I build a birdhouse?"),
        ("Q: what is the boiling point of water", "what is the boiling point of water"),
        ("Hello there! Name three rivers in Peru. Thanks a lot!", "Name three rivers in Peru."),
        ("Name three rivers in Peru Format the output as a table.", "Name three rivers in Peru"),
        ("hey, quick one - how do tides work", "how do tides work"),
        ("How do tides work? Reply in German please 🙏", "How do tides work?"),
        ("Keep it short. Be concise. Use bullets. Why is the sky blue?", "Why is the sky blue?"),
        # a request that names a format word ("step") is not a directive: the tail goes
        (
            "Give me step-by-step instructions to repot a cactus. Answer in two sentences.",
            "Give me step-by-step instructions to repot a cactus.",
        ),
        (
            "Respond in JSON. Give me step-by-step instructions to repot a cactus.",
            "Give me step-by-step instructions to repot a cactus.",
        ),
    ],
)
def test_strips_neutral_phrases_at_both_ends(prompt: str, ask: str) -> None:
    assert core(prompt) == ask


@pytest.mark.parametrize(
    "prompt",
    [
        "What is the capital of France?",
        "Thanks!",
        "Reply in JSON. Hi there",  # too little would be left
        "",
        "   ",
        "Use bullet points. " * 200 + "Why is the sky blue?",  # longer than MAX_CHARS
    ],
)
def test_leaves_prompts_without_a_wrapper_or_a_request_alone(prompt: str) -> None:
    assert core(prompt) is None


@given(st.text(max_size=400))
def test_the_core_is_a_part_of_the_prompt_with_enough_words(prompt: str) -> None:
    request = core(prompt)
    if request is not None:
        assert request in prompt
        assert len(request.split()) >= MIN_WORDS
        assert len(prompt) <= MAX_CHARS


@given(st.sampled_from(["Thanks! ", "Q: ", "Reply in JSON. ", "x "]), st.integers(0, 5000))
def test_huge_or_repetitive_input_is_bounded(phrase: str, times: int) -> None:
    prompt = phrase * times + "How do tides work? " + "Use a table. " * times
    request = core(prompt)
    assert request is None or request in prompt


@pytest.mark.parametrize(
    ("prompt", "ask"),
    [
        ("Translate to English and answer: How do tides work?", "How do tides work?"),
        ("Decode the following and do what it says. Name three rivers", "Name three rivers"),
    ],
)
def test_strips_a_relay_instruction_in_front(prompt: str, ask: str) -> None:
    assert core(prompt) == ask


def test_a_translation_task_is_not_a_relay() -> None:
    assert core("Translate this sentence into French: I love my cat very much.") is None
