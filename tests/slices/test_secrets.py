from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from emmentaler.core import Stage, Text
from emmentaler.slices.secrets import SecretsSlice, luhn_valid
from emmentaler.testing import check_slice

LAYER = SecretsSlice()


def _b64url(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


# Fake credentials built from fragments so that secret scanners do not flag this file.
SIGNATURE = "Zm9vYmFyYmF6cXV4cXV1eA"
JWT = f"{_b64url({'alg': 'HS256', 'typ': 'JWT'})}.{_b64url({'sub': '42'})}.{SIGNATURE}"
NOT_JWT = f"{_b64url({'typ': 'JWT'})}.{_b64url({'sub': '42'})}.{SIGNATURE}"
TAIL = "Q7mZp2Lk9Vx4Rt8Wn3Bc6Hy1Df5Gs0Jq"
PEM = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"

# (id, text, kind, score) -- the text holds exactly one secret of that kind.
POSITIVES = [
    ("openai-project", "key: sk-proj-" + TAIL + "_aB", "openai_key", 0.95),
    ("openai-legacy", "OPENAI_API_KEY=sk-" + TAIL + "Xy12", "openai_key", 0.9),
    ("anthropic", "ANTHROPIC_API_KEY=sk-ant-api03-" + TAIL + "-Zz", "anthropic_key", 0.95),
    ("aws-access-key", "id AKIA" + "Q3EGRQ5KZ7BWTV2N in the log", "aws_access_key", 0.9),
    (
        "aws-secret-key",
        "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY9z8Kq2Lm4A",
        "aws_secret_key",
        0.95,
    ),
    ("github-classic", "token ghp_" + TAIL + "abcd", "github_token", 0.95),
    ("github-fine-grained", "github_pat_" + "11ABCDEFG0" + TAIL, "github_token", 0.95),
    ("gitlab", "glpat-" + TAIL[:20], "gitlab_token", 0.95),
    ("slack-bot", "xoxb-" + "2048123456-" + TAIL[:16], "slack_token", 0.95),
    ("stripe-live", "sk_live_" + TAIL[:24], "stripe_key", 0.95),
    ("stripe-restricted", "rk_live_" + TAIL[:24], "stripe_key", 0.95),
    ("google", "AIza" + "Sy" + TAIL + "-_x", "google_api_key", 0.9),
    ("twilio", "SK" + "0123456789abcdef" * 2, "twilio_key", 0.8),
    ("sendgrid", "SG." + TAIL[:22] + "." + (TAIL + TAIL)[:43], "sendgrid_key", 0.95),
    ("huggingface", "hf_" + TAIL + "ab", "huggingface_token", 0.9),
    ("npm", "npm_" + TAIL + "abcd", "npm_token", 0.95),
    ("private-key", "here:\n" + PEM + "\nthanks", "private_key", 0.99),
    ("jwt", "Authorization: Bearer " + JWT, "jwt", 0.85),
    ("card-visa-spaced", "card 4539 1488 0343 6467 exp 04/29", "credit_card", 0.9),
    ("card-mastercard-plain", "pay with 5425233430109903 please", "credit_card", 0.9),
    ("card-amex-dashed", "amex 3714-496353-98431", "credit_card", 0.9),
    ("password-assignment", "db_password = 'Tr0ub4dor&3x'", "password_assignment", 0.5),
    (
        "url-credentials",
        "DATABASE_URL=postgres://app:S3cr3tPw9@db.internal:5432/app",
        "url_credentials",
        0.7,
    ),
]

NEGATIVES = [
    ("prose", "The secret to a good sourdough is patience."),
    ("card-bad-luhn", "card 4539 1488 0343 6468"),
    ("card-mixed-separators", "numbers 4539-1488 0343 6467"),
    ("order-number", "Your order 1234567890123 has shipped."),
    ("dates", "From 2024-01-15 to 2024-02-15 inclusive"),
    ("decimal-fraction", "the loss was 0.6511772622175621 after one epoch"),
    ("jwt-without-alg", "token " + NOT_JWT),
    ("password-placeholder", "password = <your password here>"),
    ("password-env", "password = os.environ['DB_PASSWORD']"),
    ("sk-too-short", "sk-abc123"),
    ("public-key", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----"),
    ("empty", ""),
]


@pytest.mark.parametrize(
    ("text", "kind", "score"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_each_kind_is_found_with_a_span(text: str, kind: str, score: float) -> None:
    finding = LAYER.score(Text(text))
    assert finding.labels.get(kind) == pytest.approx(score), finding.note
    assert kind in finding.note
    assert finding.spans
    assert all(0 <= s.start < s.end <= len(text) for s in finding.spans)


@pytest.mark.parametrize("text", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_lookalikes_are_not_secrets(text: str) -> None:
    assert LAYER.score(Text(text)).score < 0.5


def test_note_names_kinds_but_never_the_value() -> None:
    secret = "ghp_" + TAIL + "abcd"
    finding = LAYER.score(Text(f"use {secret} for CI"))
    assert "github_token" in finding.note
    assert secret not in finding.note and TAIL not in finding.note


def test_private_key_span_covers_the_whole_block() -> None:
    text = "before\n" + PEM + "\nafter"
    (span,) = LAYER.score(Text(text)).spans
    assert text[span.start : span.end] == PEM


def test_aws_secret_next_to_an_access_key_is_found_without_a_label() -> None:
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY9z8Kq2Lm4A"
    text = f"creds: AKIAQ3EGRQ5KZ7BWTV2N {secret} (rotate soon)"
    finding = LAYER.score(Text(text))
    assert finding.labels.get("aws_secret_key") == 0.95
    assert any(text[s.start : s.end] == secret for s in finding.spans)


@pytest.mark.parametrize(
    "text",
    [
        "AKIAIOSFODNN7EXAMPLE",
        "sk-" + "x" * 40,
        "card 4111 1111 1111 1111",
        "postgres://user:password@localhost/db",
    ],
    ids=["aws-docs-example", "repeated-chars", "test-card", "placeholder-url"],
)
def test_placeholders_score_low(text: str) -> None:
    assert 0.0 < LAYER.score(Text(text)).score <= 0.3


def test_allowlist_and_kinds_params() -> None:
    value = "ghp_" + TAIL + "abcd"
    allowed = SecretsSlice(SecretsSlice.Params(allowlist=(value,)))
    assert allowed.score(Text(f"token {value}")).score == 0.0
    only_cards = SecretsSlice(SecretsSlice.Params(kinds=("credit_card",)))
    assert only_cards.score(Text(f"token {value}")).score == 0.0
    assert only_cards.score(Text("card 4539 1488 0343 6467")).score == 0.9
    strict = SecretsSlice(SecretsSlice.Params(min_score=0.6))
    assert strict.score(Text("db_password = 'Tr0ub4dor&3x'")).score == 0.0


@pytest.mark.parametrize(
    "params",
    [{"kinds": ("bitcoin",)}, {"kinds": ()}, {"min_score": -0.1}, {"colour": "red"}],
    ids=["unknown-kind", "no-kind", "min-score-range", "unknown-key"],
)
def test_bad_params_are_rejected(params: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SecretsSlice.Params.model_validate(params)


def test_every_param_is_documented() -> None:
    for name, field in SecretsSlice.Params.model_fields.items():
        assert field.description, name


def test_sees_only_the_original_and_screens_responses() -> None:
    assert LAYER.sees_views is False
    assert LAYER.stages == frozenset({Stage.PROMPT, Stage.RESPONSE})
    answer = Text("Use sk_live_" + TAIL[:24], Stage.RESPONSE, prompt="How do I pay?")
    assert LAYER.score(answer).score == 0.95


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("4539148803436467", True), ("4539148803436468", False), ("79927398713", True), ("0", True)],
)
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_valid(digits) is valid


def test_honours_the_slice_contract() -> None:
    check_slice(LAYER)


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_spans_lie_inside_the_content_and_score_is_bounded(content: str) -> None:
    finding = LAYER.score(Text(content))
    assert 0.0 <= finding.score <= 1.0
    assert all(0 <= s.start <= s.end <= len(content) for s in finding.spans)


@given(st.lists(st.sampled_from([p[1] for p in POSITIVES] + ["\n", " ", "é", "4", "-"])))
@settings(max_examples=100, deadline=None)
def test_spans_stay_inside_mixed_documents(parts: list[str]) -> None:
    content = "".join(parts)
    finding = LAYER.score(Text(content))
    assert 0.0 <= finding.score <= 1.0
    assert all(0 <= s.start <= s.end <= len(content) for s in finding.spans)


@pytest.mark.parametrize(
    "content",
    [
        "7" * 1_000_000,
        "4 " * 500_000,
        ("4539 1488 0343 6467 " * 500_000)[:10_000_000],
        "eyJ" + "a" * 1_000_000,
        ("password=" * 1_100_000)[:10_000_000],
        "-----BEGIN PRIVATE KEY-----" * 40_000,
    ],
    ids=[
        "1mb-digits",
        "1mb-spaced-digits",
        "10mb-cards",
        "1mb-jwt-prefix",
        "10mb-assignments",
        "1mb-pem-headers",
    ],
)
def test_adversarial_inputs_finish(content: str) -> None:
    finding = LAYER.score(Text(content))
    assert 0.0 <= finding.score <= 1.0
