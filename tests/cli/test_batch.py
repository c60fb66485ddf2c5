from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from emmentaler.cli import main

GOOD = [
    {"id": "p1", "text": "How do I bake bread?", "label": "benign"},
    {"id": "r1", "prompt": "Say hi", "response": "Hi!", "label": "safe"},
    {
        "id": "c1",
        "turns": [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "hi"}],
        "label": "benign",
    },
]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_batch_writes_one_result_per_line(tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", [json.dumps(r) for r in GOOD])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main, ["batch", str(source), "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["p1", "r1", "c1"]
    assert [r["stage"] for r in rows] == ["prompt", "response", "conversation"]
    assert all("limits" in r["rules"] and r["action"] in {"allow", "flag", "block"} for r in rows)


def test_batch_with_workers_matches_one_process(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"x{i}", "text": f"prompt number {i} " * (i % 7)}) for i in range(300)
    ]
    source = write(tmp_path / "in.jsonl", lines)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["batch", str(source), "--out", str(one)]).exit_code == 0
    assert (
        runner.invoke(main, ["batch", str(source), "--out", str(two), "--workers", "2"]).exit_code
        == 0
    )

    def strip(path: Path) -> list[dict[str, object]]:
        rows = [json.loads(line) for line in path.read_text().splitlines()]
        for row in rows:
            row.pop("ms")
        return rows

    assert strip(one) == strip(two)


def test_bad_line_stops_with_file_and_line(tmp_path: Path) -> None:
    source = write(
        tmp_path / "in.jsonl",
        [json.dumps(GOOD[0]), "{not json", json.dumps({"id": "n", "label": "benign"})],
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(source), "--out", str(out)])
    assert result.exit_code == 2
    assert "in.jsonl:2: not JSON" in result.output
    assert not out.exists()


def test_skip_bad_counts_and_keeps_every_good_result(tmp_path: Path) -> None:
    source = write(
        tmp_path / "in.jsonl",
        [
            json.dumps(GOOD[0]),
            "{not json",
            json.dumps({"id": "n", "label": "benign"}),
            "[1, 2]",
            json.dumps(GOOD[1]),
        ],
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(source), "--out", str(out), "--skip-bad"])
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["p1", "r1"]
    assert "skipped 3" in result.output
    assert "missing field 'text'" in result.output


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(json.dumps(GOOD[0]).encode() + b"\n" + b'{"text": "\xff"}\n')
    result = CliRunner().invoke(main, ["batch", str(source), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and "in.jsonl:2: not UTF-8" in result.output
