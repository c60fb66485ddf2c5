"""Jailbreak templates × requests: sandboxed Jinja2 expansion and reproducible sampling.

A template file holds rows ``{"id", "name"?, "template"}`` where ``template`` is Jinja2 text
with a ``{{ prompt }}`` placeholder. A fill file holds prompt rows (``text``, ``label``).
Each product keeps the request's label; its source reads ``<template file>×<fill file>``.

Templates are untrusted: they render in :class:`jinja2.sandbox.SandboxedEnvironment`
(attribute escapes such as ``''.__class__.__mro__`` fail with a security error), other
placeholders render as empty strings, and the rendered text is capped in size.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from ..errors import InputError
from .dataset import Loaded, Problem, load_examples, read_rows

MAX_RENDERED_CHARS = 200_000
"""Longest rendered product; a template that renders more is a bad template."""

_ENV = SandboxedEnvironment(
    autoescape=False, undefined=jinja2.Undefined, keep_trailing_newline=True
)


@dataclass(frozen=True, slots=True)
class Template:
    """One parsed jailbreak template."""

    id: str
    name: str
    source: str
    file: str
    line: int

    def render(self, prompt: str) -> str:
        """Render with ``prompt``; undefined placeholders are empty.

        Raises:
            InputError: the template fails to render (sandbox violation, error, too long).
        """
        try:
            compiled = _ENV.from_string(self.source)
            parts: list[str] = []
            size = 0
            for part in compiled.generate(prompt=prompt):
                size += len(part)
                if size > MAX_RENDERED_CHARS:
                    raise InputError(
                        f"{self.where}: rendered text exceeds {MAX_RENDERED_CHARS} chars"
                    )
                parts.append(part)
        except InputError:
            raise
        except Exception as exc:
            raise InputError(f"{self.where}: template {self.id!r} fails to render: {exc}") from exc
        return "".join(parts)

    @property
    def where(self) -> str:
        """``file:line`` of the template row."""
        return f"{self.file}:{self.line}"


def load_templates(path: str | Path, *, skip_bad: bool = False) -> tuple[list[Template], Loaded]:
    """Read and check a template file.

    Returns the templates and the bookkeeping (rows read, problems).

    Raises:
        InputError: unreadable or empty file, a missing field, a Jinja2 syntax error or a
            template without ``{{ prompt }}`` (message names ``file:line``), unless ``skip_bad``.
    """
    path = Path(path)

    def parse(row: Mapping[str, Any], line: int) -> Template:
        return _template(row, str(path), line)

    return read_rows(path, parse, skip_bad=skip_bad, empty="empty file: no templates")


def _template(row: Mapping[str, Any], file: str, line: int) -> Template:
    where = f"{file}:{line}"
    source = row.get("template")
    if not isinstance(source, str):
        raise InputError(f"{where}: missing field 'template' (Jinja2 text with {{{{ prompt }}}})")
    if row.get("id") is None:
        raise InputError(f"{where}: missing field 'id'")
    try:
        parsed = _ENV.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(
            f"{where}: template syntax error (template line {exc.lineno}): {exc.message}"
        ) from exc
    if "prompt" not in meta.find_undeclared_variables(parsed):
        raise InputError(f"{where}: template has no {{{{ prompt }}}} placeholder")
    template_id = str(row["id"])
    return Template(template_id, str(row.get("name") or template_id), source, file, line)


def expand(
    template_path: str | Path,
    fill_path: str | Path,
    *,
    pairs: int | None = None,
    seed: int = 0,
    skip_bad: bool = False,
) -> Loaded:
    """Render (template, request) products.

    Args:
        template_path: the template file.
        fill_path: prompt rows whose ``text`` fills ``{{ prompt }}``.
        pairs: sample this many distinct pairs (all pairs when None or larger than the product).
        seed: the sampling seed: the same inputs, ``pairs`` and ``seed`` give the same products.
        skip_bad: count bad rows and failed renders instead of raising.

    Raises:
        InputError: as :func:`load_templates` and :func:`load_examples`, or a render failure
            (naming the template's ``file:line`` and the request's id).

    Examples:
        >>> loaded = expand("t.jsonl", "f.jsonl", pairs=100, seed=1)  # doctest: +SKIP
    """
    templates, book = load_templates(template_path, skip_bad=skip_bad)
    fills = load_examples(fill_path, skip_bad=skip_bad)
    book.read += fills.read
    book.problems.extend(fills.problems)
    for example in fills.examples:
        if example.kind != "prompt":
            raise InputError(
                f"{example.file}:{example.line}: a fill row must be a prompt row ('text')"
            )
    chosen = choose_pairs(len(templates), len(fills.examples), pairs, seed)
    source = f"{Path(template_path).name}×{Path(fill_path).name}"
    for t_index, f_index in chosen:
        template, fill = templates[t_index], fills.examples[f_index]
        try:
            text = template.render(fill.text)
        except InputError as exc:
            if not skip_bad:
                raise InputError(f"{exc} (request {fill.id})") from exc
            message = str(exc).removeprefix(f"{template.where}: ")
            book.problems.append(
                Problem(template.file, template.line, f"{message} (request {fill.id})")
            )
            continue
        book.examples.append(
            replace(
                fill,
                id=f"{template.id}×{fill.id}",
                text=text,
                source=source,
                template=template.name,
                file=template.file,
                line=template.line,
            )
        )
    return book


def choose_pairs(
    n_templates: int, n_fills: int, pairs: int | None, seed: int
) -> list[tuple[int, int]]:
    """Indices of the (template, fill) pairs to render, reproducible for a given seed.

    All pairs in order when ``pairs`` is None or covers the whole product; otherwise a
    uniform sample without replacement, in sampled order.
    """
    total = n_templates * n_fills
    if pairs is None or pairs >= total:
        return [(t, f) for t in range(n_templates) for f in range(n_fills)]
    if pairs < 0:
        raise InputError(f"--pairs must be >= 0, got {pairs}")
    picks = random.Random(seed).sample(range(total), pairs)
    return [divmod(pick, n_fills) for pick in picks]
