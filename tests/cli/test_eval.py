from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from emmentaler.cli import main
from emmentaler.policy import Policy
from tests.eval.fakes import THREE_RULES, fake_slices

FIXTURES = Path(__file__).resolve().parents[1] / "data"
DATA = [str(FIXTURES / f"eval_{n}.jsonl") for n in ("prompts", "responses", "conversations")]
OUTPUTS = {"report.json", "report.md", "report.html", "leaks.jsonl", "scores.jsonl"}
pytestmark = pytest.mark.usefixtures("fake_slices")
__all__ = ["fake_slices"]


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "three.toml"
    path.write_text(THREE_RULES, encoding="utf-8")
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(main, ["eval", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_eval_writes_every_output_with_the_documented_keys(
    tmp_path: Path, policy_file: Path
) -> None:
    out = tmp_path / "out"
    printed = run(*DATA, "--policy", str(policy_file), "--out", str(out), "--workers", "1")
    assert {p.name for p in out.iterdir()} == OUTPUTS
    assert "leak rate" in printed
    report = json.loads((out / "report.json").read_text())
    assert report["schema"] == "emmentaler.eval.report/1"
    assert report["examples"] == {
        "attack": 7,
        "benign": 6,
        "borderline": 1,
        "by_kind": {"prompt": 8, "response": 3, "conversation": 3},
        "texts_screened": 17,
    }
    stack = report["stack"]
    for key in (
        "leak_rate",
        "leak_ci95",
        "leaks",
        "false_refusal_rate",
        "false_refusal_ci95",
        "borderline_refusal_rate",
        "borderline_refusal_ci95",
        "independent_leak_rate",
    ):
        assert key in stack
    assert set(stack["latency_ms"]) == {"p50", "p95", "p99"}
    for rule in report["rules"].values():
        assert {
            "hole_rate",
            "false_positive_rate",
            "borderline_positive_rate",
            "latency_ms",
        } <= set(rule)
        assert {"leak_rate", "false_refusal_rate"} <= set(rule["leave_one_out"])
    assert set(report["alignment"]) == {"bombs", "harm", "override"}
    assert {"source", "label", "n", "blocked", "block_rate", "ci95"} <= set(report["by_source"][0])
    assert report["inputs"]["rows_read"] == 14 and report["inputs"]["rows_skipped"] == 0
    leaks = [json.loads(line) for line in (out / "leaks.jsonl").read_text().splitlines()]
    assert {row["outcome"] for row in leaks} <= {"leak", "false_refusal", "borderline_refusal"}
    assert len([r for r in leaks if r["outcome"] == "leak"]) == stack["leaks"]
    assert "# emmentaler eval report" in (out / "report.md").read_text()


def test_no_html_writes_no_page_and_points_at_the_markdown(
    tmp_path: Path, policy_file: Path
) -> None:
    out = tmp_path / "out"
    args = (*DATA, "--policy", str(policy_file), "--out", str(out), "--workers", "1", "--no-html")
    result = CliRunner().invoke(main, ["eval", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == OUTPUTS - {"report.html"}
    assert "report.md" in result.output and "report.html" not in result.output


def test_from_scores_reproduces_the_same_report_without_running_slices(
    tmp_path: Path, policy_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    run(*DATA, "--policy", str(policy_file), "--out", str(first), "--workers", "1", "-q")
    monkeypatch.setattr("emmentaler.policy.Policy.build_stack", _no_slices)
    run("--from-scores", str(first), "--out", str(second), "-q")
    for name in ("report.json", "leaks.jsonl", "report.md", "scores.jsonl", "report.html"):
        assert (first / name).read_text() == (second / name).read_text(), name


def _no_slices(self: Policy) -> None:
    raise AssertionError("--from-scores must not build the stack")


def test_from_scores_with_another_policy_re_decides(tmp_path: Path, policy_file: Path) -> None:
    first = tmp_path / "first"
    run(*DATA, "--policy", str(policy_file), "--out", str(first), "--workers", "1", "-q")
    strict = tmp_path / "strict.toml"
    strict.write_text(THREE_RULES.replace("threshold = 0.6", "threshold = 0.99"), encoding="utf-8")
    run("--from-scores", str(first), "--policy", str(strict), "--out", str(tmp_path / "re"), "-q")
    before = json.loads((first / "report.json").read_text())["rules"]["harm"]["hole_rate"]
    after = json.loads((tmp_path / "re" / "report.json").read_text())["rules"]["harm"]["hole_rate"]
    assert after == 1.0 and before < 1.0


def test_templates_and_fill_add_products_and_a_template_breakdown(
    tmp_path: Path, policy_file: Path
) -> None:
    out = tmp_path / "out"
    run(
        DATA[0],
        "--policy",
        str(policy_file),
        "--out",
        str(out),
        "--workers",
        "1",
        "-q",
        "--templates",
        str(FIXTURES / "eval_templates.jsonl"),
        "--fill",
        str(FIXTURES / "eval_fill.jsonl"),
        "--pairs",
        "4",
        "--seed",
        "3",
    )
    report = json.loads((out / "report.json").read_text())
    assert report["inputs"]["examples_used"] == 8 + 4
    assert any(
        row["source"] == "eval_templates.jsonl×eval_fill.jsonl" for row in report["by_source"]
    )
    assert {row["template"] for row in report["by_template"]} >= {"no-rules persona"}


def test_tune_frr_writes_a_policy_that_reads_back_and_warns(
    tmp_path: Path, policy_file: Path
) -> None:
    out = tmp_path / "out"
    run(
        *DATA,
        "--policy",
        str(policy_file),
        "--out",
        str(out),
        "--workers",
        "1",
        "-q",
        "--tune-frr",
        "0.2",
    )
    tuned = Policy.from_path(out / "tuned-policy.toml")
    assert [r.name for r in tuned.rules] == ["bombs", "harm", "override"]
    report = json.loads((out / "report.json").read_text())
    assert report["tuned"]["after"]["false_refusal_rate"] <= 0.2
    assert "optimistic" in report["tuned"]["warning"]
    assert "optimistic" in (out / "tuned-policy.toml").read_text()


def test_bad_input_stops_with_file_and_line_unless_skip_bad(
    tmp_path: Path, policy_file: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "fine", "label": "benign"}\n{"text": "x", "label": "weird"}\n', encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["eval", str(bad), "--policy", str(policy_file), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert f"{bad}:2: unknown label 'weird'" in result.output
    assert not (tmp_path / "o").exists()
    run(
        str(bad),
        "--policy",
        str(policy_file),
        "--out",
        str(tmp_path / "o"),
        "--skip-bad",
        "--workers",
        "1",
        "-q",
    )
    inputs = json.loads((tmp_path / "o" / "report.json").read_text())["inputs"]
    assert (inputs["rows_read"], inputs["examples_used"], inputs["rows_skipped"]) == (2, 1, 1)
    assert "unknown label" in inputs["problems"][0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give at least one DATA file"),
        (
            ["--templates", str(FIXTURES / "eval_templates.jsonl")],
            "--templates and --fill go together",
        ),
        ([DATA[0], "--pairs", "3"], "--pairs samples"),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["eval", *args])
    assert result.exit_code == 2 and message in result.output


def test_interrupted_run_leaves_no_report(
    tmp_path: Path, policy_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("emmentaler.eval.html.render_html", interrupted)
    result = CliRunner().invoke(
        main,
        [
            "eval",
            *DATA,
            "--policy",
            str(policy_file),
            "--out",
            str(tmp_path / "o"),
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 1  # click: Aborted!
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_a_write_failure_midway_keeps_the_previous_report(tmp_path: Path) -> None:
    from emmentaler.eval.report import write_outputs

    out = tmp_path / "o"
    write_outputs(out, {"a.txt": lambda h: h.write("old a"), "b.txt": lambda h: h.write("old b")})

    def fail(handle: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_outputs(out, {"a.txt": lambda h: h.write("new a"), "b.txt": fail})
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]
    assert (out / "a.txt").read_text() == "old a"


def test_from_scores_refuses_a_policy_with_rules_that_were_not_run(
    tmp_path: Path, policy_file: Path
) -> None:
    first = tmp_path / "first"
    run(*DATA, "--policy", str(policy_file), "--out", str(first), "--workers", "1", "-q")
    other = tmp_path / "other.toml"
    other.write_text('[[rules]]\nname = "new-rule"\nuse = "limits"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--from-scores", str(first), "--policy", str(other)])
    assert result.exit_code == 2 and "no stored scores for rule(s) new-rule" in result.output
