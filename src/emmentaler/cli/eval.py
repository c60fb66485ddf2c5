"""``emmentaler eval``: every rule's holes, how far they line up, leaks and false refusals."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import EmmentalerError, InputError
from ..policy import Policy
from ._common import fail

if TYPE_CHECKING:
    from ..eval.run import Results


@click.command(name="eval")
@click.argument("data", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Policy TOML (default: the shipped default policy).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output directory [default: eval-out, or the --from-scores directory].",
)
@click.option(
    "--templates",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Jinja2 templates JSONL (rows: id, name?, template with {{ prompt }}).",
)
@click.option(
    "--fill",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Prompt rows whose text fills {{ prompt }} in --templates.",
)
@click.option(
    "--pairs",
    type=click.IntRange(min=0),
    default=None,
    help="Sample this many (template, request) pairs.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for --pairs sampling.")
@click.option(
    "--tune-frr",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Find thresholds with the fewest leaks at false refusal rate <= this (on this data).",
)
@click.option(
    "--tuned-policy",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where --tune-frr writes its policy [default: OUT/tuned-policy.toml].",
)
@click.option(
    "--from-scores",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Re-analyse DIR/scores.jsonl instead of running the stack (with --policy: re-decide).",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Worker processes."
)
@click.option(
    "--skip-bad", is_flag=True, help="Count and skip bad rows instead of stopping at the first."
)
@click.option("--no-html", is_flag=True, help="Do not write report.html.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def eval_command(
    data: tuple[Path, ...],
    policy_path: Path | None,
    out_dir: Path | None,
    templates: Path | None,
    fill: Path | None,
    pairs: int | None,
    seed: int,
    tune_frr: float | None,
    tuned_policy: Path | None,
    from_scores: Path | None,
    workers: int,
    skip_bad: bool,
    no_html: bool,
    quiet: bool,
) -> None:
    """Evaluate a policy on labelled JSONL files and write a report to --out.

    DATA files may mix prompt rows (text, label), response rows (prompt, response, label)
    and conversation rows (turns, label). Outputs: report.json, report.md, report.html,
    leaks.jsonl and scores.jsonl (re-analyse with --from-scores, no slice re-run).

    Exit codes: 0 done; 2 bad input, policy or usage (a message naming file and line).
    """
    try:
        _run(
            data,
            policy_path,
            out_dir,
            templates,
            fill,
            pairs,
            seed,
            tune_frr,
            tuned_policy,
            from_scores,
            workers,
            skip_bad,
            no_html,
            quiet,
        )
    except EmmentalerError as exc:
        fail(str(exc))


def _run(
    data: tuple[Path, ...],
    policy_path: Path | None,
    out_dir: Path | None,
    templates: Path | None,
    fill: Path | None,
    pairs: int | None,
    seed: int,
    tune_frr: float | None,
    tuned_policy: Path | None,
    from_scores: Path | None,
    workers: int,
    skip_bad: bool,
    no_html: bool,
    quiet: bool,
) -> None:
    from ..eval import html, report, storage, sweep

    files = [str(p) for p in data]
    if from_scores is not None:
        if data or templates or fill:
            raise click.UsageError(
                "--from-scores re-analyses stored scores: give no DATA, --templates or --fill"
            )
        results = storage.read_scores(from_scores)
        if policy_path is not None:
            results.policy = _compatible(Policy.from_path(policy_path), results.policy, from_scores)
            results.policy_source = str(policy_path)
        out = out_dir or from_scores
    else:
        if (templates is None) != (fill is None):
            raise click.UsageError("--templates and --fill go together")
        if pairs is not None and templates is None:
            raise click.UsageError("--pairs samples --templates × --fill pairs: give those too")
        if not data and templates is None:
            raise click.UsageError("give at least one DATA file (or --templates with --fill)")
        results = _screen(data, policy_path, templates, fill, pairs, seed, workers, skip_bad, quiet)
        results.policy_source = str(policy_path) if policy_path else "default"
        if templates is not None and fill is not None:
            files.append(f"{templates}×{fill}")
        results.files = files
        out = out_dir or Path("eval-out")
    tuned = None
    if tune_frr is not None:
        tuned = sweep.tune(sweep.ScoreMatrix(results.records, results.policy), tune_frr)
    built, leaks = report.build_report(results, tuned=tuned)
    page = None if no_html else html.render_html(built, leaks)
    writers = report.output_writers(results, built, leaks, page)
    if tuned is not None:
        target = tuned_policy or out / "tuned-policy.toml"
        header = (
            f"Tuned by `emmentaler eval --tune-frr {tune_frr}` on: {', '.join(results.files)}.\n"
            "Tuned on this data: its numbers on the same data are optimistic; report on other data."
        )
        text = report.policy_to_toml(tuned.policy, header)
        Policy.from_toml(text)  # refuse to write a policy that does not read back
        report.write_outputs(target.parent, {target.name: lambda h: h.write(text)})
    report.write_outputs(out, writers)
    if not quiet:
        _summary(built, out, html_written=page is not None)


def _screen(
    data: tuple[Path, ...],
    policy_path: Path | None,
    templates: Path | None,
    fill: Path | None,
    pairs: int | None,
    seed: int,
    workers: int,
    skip_bad: bool,
    quiet: bool,
) -> Results:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from ..eval.dataset import load_examples
    from ..eval.run import evaluate
    from ..eval.templates import expand

    policy = Policy.load(policy_path)
    loaded = load_examples(list(data), skip_bad=skip_bad)
    if templates is not None and fill is not None:
        loaded.extend(expand(templates, fill, pairs=pairs, seed=seed, skip_bad=skip_bad))
    if not loaded.examples:
        raise InputError(
            "no usable examples: " + ("; ".join(map(str, loaded.problems[:5])) or "no rows")
        )
    columns = (TextColumn("screening"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=True, disable=quiet) as bar:
        task = bar.add_task("screening", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        results = evaluate(policy, loaded.examples, workers=workers, progress=progress)
    results.read = loaded.read
    results.problems = loaded.problems
    return results


def _compatible(policy: Policy, stored: Policy, directory: Path) -> Policy:
    missing = [r.name for r in policy.rules if r.name not in {s.name for s in stored.rules}]
    if missing:
        raise InputError(
            f"{directory}: no stored scores for rule(s) {', '.join(missing)}; "
            "re-run the stack to add them"
        )
    return policy


def _summary(built: dict[str, object], out: Path, *, html_written: bool = True) -> None:
    from rich.console import Console

    stack: Any = built["stack"]
    console = Console(stderr=True)
    console.print(
        f"leak rate {stack['leak_rate']:.2%} ({stack['leaks']}/{stack['attacks']}), "
        f"independent {stack['independent_leak_rate']:.2%}, "
        f"false refusal rate {stack['false_refusal_rate']:.2%} "
        f"({stack['false_refusals']}/{stack['benign']}), "
        f"borderline refusal rate {stack['borderline_refusal_rate']:.2%} "
        f"({stack['borderline_refusals']}/{stack['borderline']})"
    )
    tuned: Any = built.get("tuned")
    if tuned is not None:
        state = "" if tuned["feasible"] else " (bound NOT met even with every threshold at 1.0)"
        console.print(
            f"tuned for false refusal rate <= {tuned['max_false_refusal_rate']:.2%}{state}: "
            f"leak rate {tuned['before']['leak_rate']:.2%} -> {tuned['after']['leak_rate']:.2%}, "
            f"false refusal rate {tuned['before']['false_refusal_rate']:.2%} -> "
            f"{tuned['after']['false_refusal_rate']:.2%} (optimistic: measured on the tuning data)"
        )
    report_file = "report.html" if html_written else "report.md"
    console.print(f"report: {out / report_file}", highlight=False)
