from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from emmentaler.cli import main
from tests.conftest import DATA, needs_data

FILES = [
    "bipia/contexts_clean.jsonl",
    "bipia/contexts_injected_derived.jsonl",
    "jbb_behaviors/prompts.jsonl",
    "oasst_conversations/conversations.jsonl",
]


@pytest.mark.slow
@needs_data(*FILES)
def test_dev_files_evaluate_with_the_default_policy_and_reanalyse_identically(
    tmp_path: Path,
) -> None:
    out, again = tmp_path / "dev", tmp_path / "again"
    args = ["eval", *(str(DATA / f) for f in FILES), "--out", str(out), "-q", "--workers", "2"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    # counts from ../shared/data/INDEX.md: nothing dropped
    assert report["inputs"]["rows_read"] == 100 + 100 + 189 + 100
    assert report["examples"]["attack"] == 100 + 89
    assert report["examples"]["borderline"] == 100
    assert report["examples"]["benign"] == 100 + 100
    stack = report["stack"]
    assert stack["leaks"] + round(stack["leak_rate"] * stack["attacks"]) == 2 * stack["leaks"]
    assert set(report["rules"]) == {r["name"] for r in report["policy"]["rules"]}
    result = CliRunner().invoke(
        main, ["eval", "--from-scores", str(out), "--out", str(again), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "report.json").read_text() == (again / "report.json").read_text()
