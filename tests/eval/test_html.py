from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from emmentaler.eval import build_report, evaluate, load_examples
from emmentaler.eval.html import PLOT_IDS, TABLE_ID, render_html
from emmentaler.eval.sweep import ScoreMatrix, tune
from emmentaler.policy import Policy

from .fakes import THREE_RULES

FIXTURES = Path(__file__).resolve().parents[1] / "data"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page(tmp_path: Path, fake_slices: None) -> Path:
    files = [FIXTURES / f"eval_{n}.jsonl" for n in ("prompts", "responses", "conversations")]
    results = evaluate(Policy.from_toml(THREE_RULES), load_examples(files).examples, workers=1)
    report, leaks = build_report(
        results, tuned=tune(ScoreMatrix(results.records, results.policy), 0.2)
    )
    # a hostile text must stay text: it is data in the table, never markup or script
    leaks.append(
        {**leaks[0], "id": "evil", "text": "</script><script>console.error('xss')</script><b>x</b>"}
    )
    path = tmp_path / "report.html"
    path.write_text(render_html(report, leaks), encoding="utf-8")
    return path


def test_the_page_is_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "@import" not in html
    assert not re.search(r"url\((?!#)", html)  # only in-page references such as url(#clip)
    for plot_id in (*PLOT_IDS, TABLE_ID):
        assert f'id="{plot_id}"' in html


def chromium(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    args = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *extra, page.as_uri()]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_the_report_renders_in_headless_chromium_with_every_plot_and_no_console_error(
    page: Path, tmp_path: Path
) -> None:
    done = chromium(page, tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom")
    dom = done.stdout
    for plot_id in PLOT_IDS:
        assert re.search(rf'<svg id="{plot_id}"[^>]*>.*?</svg>', dom, re.S), plot_id
    body = re.search(rf'<table id="{TABLE_ID}">.*?<tbody>(.*?)</tbody>', dom, re.S)
    data = re.search(
        r'<script type="application/json" id="leak-data">(.*?)</script>', page.read_text(), re.S
    )
    assert data is not None
    rows = json.loads(data.group(1))
    assert (
        body is not None and body.group(1).count("<tr>") == len(rows) >= 3
    )  # the script filled the table
    assert "&lt;/script&gt;&lt;script&gt;" in body.group(1)  # the hostile text stayed text
    console = [
        line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line
    ]
    assert console == []


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_the_report_screenshots(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    chromium(page, tmp_path, "--window-size=1280,2200", f"--screenshot={shot}")
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # not a blank page
