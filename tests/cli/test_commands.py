from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from emmentaler.cli import main


def test_slices_lists_built_ins_with_params() -> None:
    result = CliRunner().invoke(main, ["slices", "--params"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "limits" in result.output and "max_chars" in result.output


def test_policy_show_and_check_default() -> None:
    runner = CliRunner()
    shown = runner.invoke(main, ["policy", "show"], catch_exceptions=False)
    assert shown.exit_code == 0 and "limits" in shown.output
    checked = runner.invoke(main, ["policy", "check"], catch_exceptions=False)
    assert checked.exit_code == 0 and checked.output.startswith("ok:")
    toml = runner.invoke(main, ["policy", "show", "--toml"], catch_exceptions=False)
    assert "[[rules]]" in toml.output


def test_policy_check_reports_unknown_slice(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[[rules]]\nname='x'\nuse='regx'\n")
    result = CliRunner().invoke(main, ["policy", "check", str(path)])
    assert result.exit_code == 2
    assert "p.toml: rules[0].use: unknown slice 'regx'" in result.output


def test_demo_prints_a_table_of_decisions() -> None:
    result = CliRunner().invoke(main, ["demo"], catch_exceptions=False)
    assert result.exit_code == 0
    for word in ("decision", "ALLOW", "sourdough"):
        assert word in result.output


def test_unknown_command_is_a_usage_error() -> None:
    assert CliRunner().invoke(main, ["nope"]).exit_code == 2
