from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from emmentaler.cli import main

BLOCK_ALL = "[[rules]]\nname='tiny'\nuse='limits'\nparams={max_chars=3}\n"


@pytest.fixture
def block_all(tmp_path: Path) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(BLOCK_ALL)
    return path


def test_screen_allows_and_exits_zero() -> None:
    result = CliRunner().invoke(
        main, ["screen", "What is the capital of France?", "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    assert row["action"] == "allow" and "limits" in row["rules"]


def test_screen_blocked_exits_three(block_all: Path) -> None:
    result = CliRunner().invoke(main, ["screen", "too long", "--policy", str(block_all), "--json"])
    assert result.exit_code == 3
    assert json.loads(result.output)["reasons"] == ["tiny"]


def test_screen_reads_stdin() -> None:
    result = CliRunner().invoke(main, ["screen", "-", "--json"], input="hello from stdin")
    assert result.exit_code == 0 and json.loads(result.output)["action"] == "allow"


def test_screen_rejects_non_utf8_stdin_with_exit_two() -> None:
    result = CliRunner().invoke(main, ["screen", "-"], input=b"\xff\xfe bad")
    assert result.exit_code == 2
    assert "<stdin>: not UTF-8" in result.output


def test_screen_empty_text_is_allowed_and_says_so() -> None:
    result = CliRunner().invoke(main, ["screen", ""])
    assert result.exit_code == 0 and "empty" in result.output


def test_screen_table_shows_every_rule() -> None:
    result = CliRunner().invoke(main, ["screen", "hello"])
    assert result.exit_code == 0 and "limits" in result.output and "decision" in result.output


def test_screen_conversation_stage_takes_json_turns() -> None:
    turns = json.dumps(
        [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    )
    result = CliRunner().invoke(main, ["screen", turns, "--stage", "conversation", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["stage"] == "conversation"


def test_screen_bad_conversation_names_the_field() -> None:
    result = CliRunner().invoke(
        main, ["screen", '[{"role": "robot", "content": "x"}]', "--stage", "conversation"]
    )
    assert result.exit_code == 2 and "turns[0].role" in result.output


def test_bad_policy_exits_two_naming_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[[rules]]\nname='a'\nuse='limits'\nthreshold=7\n")
    result = CliRunner().invoke(main, ["screen", "x", "--policy", str(path)])
    assert result.exit_code == 2
    assert "bad.toml: rules[0].threshold" in result.output
