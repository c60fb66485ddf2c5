from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from emmentaler.core import Stage, Text
from emmentaler.slices.pii import PiiSlice, iban_valid
from emmentaler.testing import check_slice

LAYER = PiiSlice()

# (id, text, kind, score, the exact evidence expected as a span) -- invented people and numbers.
POSITIVES = [
    ("email", "Write to marta.keller@mailbox.org today", "email", 0.7, "marta.keller@mailbox.org"),
    (
        "email-subdomain",
        "cc: ops+alerts@eu.mail.acme-corp.io",
        "email",
        0.7,
        "ops+alerts@eu.mail.acme-corp.io",
    ),
    ("phone-e164-uk", "Call +44 20 7946 0958 after six", "phone", 0.6, "+44 20 7946 0958"),
    ("phone-e164-compact", "whatsapp:+4915123456789", "phone", 0.6, "+4915123456789"),
    ("phone-e164-us", "tel (+1 415-555-0132)", "phone", 0.6, "+1 415-555-0132"),
    ("phone-nanp-parens", "Office: (415) 555-0132", "phone", 0.6, "(415) 555-0132"),
    ("phone-nanp-dots", "cell 415.555.0199", "phone", 0.6, "415.555.0199"),
    ("phone-national-uk", "ring 020 7946 0958", "phone", 0.5, "020 7946 0958"),
    ("phone-national-fr", "portable 06 12 34 56 78", "phone", 0.5, "06 12 34 56 78"),
    (
        "iban-de-spaced",
        "IBAN DE89 3704 0044 0532 0130 00 EUR",
        "iban",
        0.85,
        "DE89 3704 0044 0532 0130 00",
    ),
    ("iban-gb-compact", "pay GB82WEST12345698765432.", "iban", 0.85, "GB82WEST12345698765432"),
    ("ssn-dashed", "SSN 536-22-1941 on file", "us_ssn", 0.85, "536-22-1941"),
    (
        "ssn-labelled",
        "my social security number is 536221941",
        "us_ssn",
        0.8,
        "social security number is 536221941",
    ),
    ("uk-nino", "NI number AB 12 34 56 C", "uk_nino", 0.8, "AB 12 34 56 C"),
    ("es-dni", "DNI 12345678Z", "es_dni", 0.7, "12345678Z"),
    ("es-nie", "NIE X1234567L", "es_dni", 0.7, "X1234567L"),
]

NEGATIVES = [
    ("example-email", "Send it to someone@example.com for the demo."),
    ("version", "Upgrade to version 2.10.3 or 1.2.3.4-beta."),
    ("date-iso", "The meeting is on 2024-01-15 at 10:30."),
    ("date-slashes", "Born 05/12/1990."),
    ("plain-number", "The population was 8336817 in 2019."),
    ("big-number", "Revenue grew to 1,234,567,890 dollars."),
    ("math-plus", "x+10 20 30 40 = y"),
    ("isbn", "ISBN 978-3-16-148410-0"),
    ("repeated-digits", "call 555-555-5555"),
    ("invalid-ssn-area", "id 666-12-3456 and 900-12-3456 and 000-12-3456"),
    ("known-fake-ssn", "the famous wallet card 078-05-1120"),
    ("bad-iban-checksum", "IBAN DE89 3704 0044 0532 0130 01"),
    ("bad-nino-prefix", "GB 12 34 56 A"),
    ("bad-dni-letter", "DNI 12345678A"),
    ("private-ip", "ssh to 192.168.1.20 or 10.0.0.5"),
    ("empty", ""),
]


@pytest.mark.parametrize(
    ("text", "kind", "score", "evidence"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_each_kind_is_found_with_its_span(
    text: str, kind: str, score: float, evidence: str
) -> None:
    finding = LAYER.score(Text(text))
    assert finding.labels.get(kind) == pytest.approx(score), finding.note
    assert kind in finding.note
    assert evidence in [text[s.start : s.end] for s in finding.spans]


@pytest.mark.parametrize("text", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_lookalikes_stay_below_flag_level(text: str) -> None:
    assert LAYER.score(Text(text)).score < 0.5, LAYER.score(Text(text)).note


def test_public_ip_is_reported_at_low_score() -> None:
    finding = LAYER.score(Text("The attacker came from 8.8.4.4 last night"))
    assert finding.labels == {"ip_address": 0.3}


def test_iban_digits_are_not_also_reported_as_a_phone() -> None:
    finding = LAYER.score(Text("IBAN DE89 3704 0044 0532 0130 00"))
    assert set(finding.labels) == {"iban"}


def test_several_kinds_are_all_labelled() -> None:
    finding = LAYER.score(Text("Jane, jane@mailbox.org, +44 20 7946 0958, SSN 536-22-1941"))
    assert set(finding.labels) == {"email", "phone", "us_ssn"}
    assert finding.score == 0.85


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("DE89370400440532013000", True),
        ("GB82WEST12345698765432", True),
        ("DE89370400440532013001", False),
    ],
)
def test_iban_checksum(iban: str, valid: bool) -> None:
    assert iban_valid(iban) is valid


def test_allowlist_kinds_and_min_score_params() -> None:
    text = "Support: help@mailbox.org, server 8.8.8.8"
    allowed = PiiSlice(PiiSlice.Params(allowlist=("HELP@mailbox.org",)))
    assert "email" not in allowed.score(Text(text)).labels
    only_ip = PiiSlice(PiiSlice.Params(kinds=("ip_address",)))
    assert set(only_ip.score(Text(text)).labels) == {"ip_address"}
    strict = PiiSlice(PiiSlice.Params(min_score=0.5))
    assert set(strict.score(Text(text)).labels) == {"email"}


@pytest.mark.parametrize(
    "params",
    [{"kinds": ("passport",)}, {"kinds": ()}, {"min_score": 2}, {"allow": ()}],
    ids=["unknown-kind", "no-kind", "min-score-range", "unknown-key"],
)
def test_bad_params_are_rejected(params: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        PiiSlice.Params.model_validate(params)


def test_every_param_is_documented() -> None:
    for name, field in PiiSlice.Params.model_fields.items():
        assert field.description, name


def test_sees_only_the_original_and_screens_responses() -> None:
    assert LAYER.sees_views is False
    assert Stage.RESPONSE in LAYER.stages
    answer = Text("Her number is (415) 555-0132.", Stage.RESPONSE, prompt="Who is she?")
    assert LAYER.score(answer).labels == {"phone": 0.6}


def test_honours_the_slice_contract() -> None:
    check_slice(LAYER)


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_spans_lie_inside_the_content_and_score_is_bounded(content: str) -> None:
    finding = LAYER.score(Text(content))
    assert 0.0 <= finding.score <= 1.0
    assert all(0 <= s.start <= s.end <= len(content) for s in finding.spans)


@given(
    st.lists(
        st.sampled_from(
            [p[1] for p in POSITIVES] + [n[1] for n in NEGATIVES] + [" ", "+", "0", "@"]
        )
    )
)
@settings(max_examples=100, deadline=None)
def test_spans_stay_inside_mixed_documents(parts: list[str]) -> None:
    content = "".join(parts)
    finding = LAYER.score(Text(content))
    assert 0.0 <= finding.score <= 1.0
    assert all(0 <= s.start <= s.end <= len(content) for s in finding.spans)


@pytest.mark.parametrize(
    "content",
    [
        "a" * 1_000_000,
        "@" * 1_000_000,
        "a@b." * 250_000,
        ("jane@mailbox.org " * 600_000)[:10_000_000],
        "+1 " * 333_000,
        "0 " * 500_000,
        "DE89 " * 200_000,
        ("1.2.3.4 " * 1_300_000)[:10_000_000],
    ],
    ids=[
        "1mb-line",
        "1mb-at",
        "1mb-email-starts",
        "10mb-emails",
        "1mb-plus",
        "1mb-zeros",
        "1mb-iban-starts",
        "10mb-ips",
    ],
)
def test_adversarial_inputs_finish(content: str) -> None:
    finding = LAYER.score(Text(content))
    assert 0.0 <= finding.score <= 1.0
