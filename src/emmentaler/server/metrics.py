"""Prometheus metrics in the text exposition format, written by hand (no client library).

Counters and histograms are updated from the event loop and from worker threads, so every
update takes one lock; rendering takes it once.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping

SECONDS_BUCKETS = (
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
)

_HELP = {
    "emmentaler_requests_total": ("counter", "Requests answered, by endpoint and HTTP status."),
    "emmentaler_decisions_total": ("counter", "Decisions, by stage and action."),
    "emmentaler_rule_decisions_total": ("counter", "Rules that caused a flag or block, by action."),
    "emmentaler_screen_calls_total": (
        "counter",
        "Screening calls, by stage and where they ran (inline on the event loop, or thread pool).",
    ),
    "emmentaler_errors_total": ("counter", "Failures, by kind (slice, upstream_timeout, ...)."),
    "emmentaler_rule_seconds": ("histogram", "Time one rule spent screening one text."),
    "emmentaler_screen_seconds": (
        "histogram",
        "Time of one screening call (all texts, all rules).",
    ),
    "emmentaler_upstream_seconds": ("histogram", "Time until the upstream answered (headers)."),
}

Labels = tuple[tuple[str, str], ...]


class _Histogram:
    __slots__ = ("buckets", "count", "total")

    def __init__(self) -> None:
        self.buckets = [0] * len(SECONDS_BUCKETS)
        self.count = 0
        self.total = 0.0

    def observe(self, value: float) -> None:
        for index, bound in enumerate(SECONDS_BUCKETS):
            if value <= bound:
                self.buckets[index] += 1
                break
        self.count += 1
        self.total += value


class Metrics:
    """The proxy's counters, gauges and histograms.

    Examples:
        >>> metrics = Metrics()
        >>> metrics.count("emmentaler_requests_total", endpoint="chat", status="200")
        >>> 'emmentaler_requests_total{endpoint="chat",status="200"} 1' in metrics.render()
        True
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counters: dict[str, dict[Labels, float]] = defaultdict(dict)
        self._histograms: dict[str, dict[Labels, _Histogram]] = defaultdict(dict)

    def count(self, name: str, amount: float = 1.0, **labels: str) -> None:
        """Add ``amount`` to a counter (or gauge, when negative)."""
        key = tuple(sorted(labels.items()))
        with self._lock:
            series = self._counters[name]
            series[key] = series.get(key, 0.0) + amount

    def observe(self, name: str, seconds: float, **labels: str) -> None:
        """Record one value of a histogram."""
        key = tuple(sorted(labels.items()))
        with self._lock:
            series = self._histograms[name]
            histogram = series.get(key)
            if histogram is None:
                histogram = series[key] = _Histogram()
            histogram.observe(seconds)

    def observe_rules(self, seconds: Mapping[str, float]) -> None:
        """Record each rule's time of one screening."""
        for rule, value in seconds.items():
            self.observe("emmentaler_rule_seconds", value, rule=rule)

    def count_decision(self, stage: str, action: str, rules: Iterable[str]) -> None:
        """Count one decision and each rule that caused it."""
        self.count("emmentaler_decisions_total", stage=stage, action=action)
        if action != "allow":
            for rule in rules:
                self.count("emmentaler_rule_decisions_total", rule=rule, action=action)

    def render(self) -> str:
        """The exposition text (``text/plain; version=0.0.4``)."""
        lines: list[str] = []
        with self._lock:
            for name, series in sorted(self._counters.items()):
                _header(lines, name)
                for labels, value in sorted(series.items()):
                    lines.append(f"{name}{_labels(labels)} {_number(value)}")
            for name, hseries in sorted(self._histograms.items()):
                _header(lines, name)
                for labels, histogram in sorted(hseries.items()):
                    cumulative = 0
                    for bound, hits in zip(SECONDS_BUCKETS, histogram.buckets, strict=True):
                        cumulative += hits
                        le = (*labels, ("le", _number(bound)))
                        lines.append(f"{name}_bucket{_labels(le)} {cumulative}")
                    lines.append(
                        f"{name}_bucket{_labels((*labels, ('le', '+Inf')))} {histogram.count}"
                    )
                    lines.append(f"{name}_sum{_labels(labels)} {_number(histogram.total)}")
                    lines.append(f"{name}_count{_labels(labels)} {histogram.count}")
        return "\n".join(lines) + "\n"


def _header(lines: list[str], name: str) -> None:
    kind, text = _HELP.get(name, ("untyped", name))
    lines.append(f"# HELP {name} {text}")
    lines.append(f"# TYPE {name} {kind}")


def _labels(labels: Labels) -> str:
    if not labels:
        return ""
    body = ",".join(f'{key}="{_escape(value)}"' for key, value in labels)
    return "{" + body + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
