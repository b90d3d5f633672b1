"""The Pareto chart of a track as inline SVG built on the server (readable without JS)."""

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from challenge.models import Track
from challenge.ranking import Row, format_metric, format_size, pareto_front

W, H = 640, 380
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 20, 48


def _ticks_log(lo: float, hi: float) -> list[float]:
    """1-2-5 ticks per decade; every integer mantissa when the axis spans less than that."""
    for mantissas in ((1, 2, 5), tuple(range(1, 10))):
        ticks = [
            m * 10**exp
            for exp in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
            for m in mantissas
            if lo <= m * 10**exp <= hi
        ]
        if len(ticks) >= 4:
            break
    return ticks


def _ticks_linear(lo: float, hi: float, n: int = 5) -> list[float]:
    step = (hi - lo) / n
    return [lo + i * step for i in range(n + 1)]


def pareto_svg(*, track: Track, rows: list[Row]) -> SafeString:
    """Metric against size (log scale) of every scored submission.

    The frontier (no other submission is both smaller and better) is drawn as a line, the size
    limit as a vertical line and the metric threshold as a horizontal one.
    """
    challenge = track.challenge
    unit, label = challenge.unit_bytes, challenge.unit_label
    limit = track.size_limit_bytes
    threshold = float(track.metric_threshold)
    title = f"{track.name}: {track.metric_name} against model size"
    sizes = [r.size for r in rows if r.size > 0] + [limit, track.size_cap_bytes]
    metrics = [r.metric for r in rows] + [threshold]
    x_lo, x_hi = min(sizes) / 1.5, max(sizes) * 1.5
    y_lo, y_hi = min(metrics), max(metrics)
    pad = (y_hi - y_lo) * 0.1 or 1.0
    y_lo, y_hi = y_lo - pad, y_hi + pad

    def x(size: float) -> float:
        size = max(size, x_lo)
        frac = (math.log10(size) - math.log10(x_lo)) / (math.log10(x_hi) - math.log10(x_lo))
        return LEFT + frac * (W - LEFT - RIGHT)

    def y(metric: float) -> float:
        return TOP + (1 - (metric - y_lo) / (y_hi - y_lo)) * (H - TOP - BOTTOM)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" class="pareto" '
        f'role="img" aria-labelledby="pareto-title-{track.pk} pareto-desc-{track.pk}">',
        f'<title id="pareto-title-{track.pk}">{escape(title)}</title>',
        f'<desc id="pareto-desc-{track.pk}">{len(rows)} scored submissions. Size axis is '
        f"logarithmic ({escape(label)}). Size limit {escape(format_size(limit, unit, label))}, "
        f"{escape(track.metric_name)} threshold {escape(format_metric(threshold))}.</desc>",
        f'<line class="axis" x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}"/>',
    ]
    for v in _ticks_log(x_lo, x_hi):
        parts.append(
            f'<text class="tick" x="{x(v):.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">'
            f"{escape(format_size(int(v), unit, '').strip())}</text>"
        )
    for v in _ticks_linear(y_lo, y_hi):
        parts.append(
            f'<text class="tick" x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">'
            f"{escape(format_metric(round(v, 1)))}</text>"
        )
    parts += [
        f'<text class="axis-label" x="{(LEFT + W - RIGHT) / 2}" y="{H - 8}" '
        f'text-anchor="middle">Model size ({escape(label)}, log scale)</text>',
        f'<text class="axis-label" x="14" y="{(TOP + H - BOTTOM) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 14 {(TOP + H - BOTTOM) / 2})">{escape(track.metric_name)}</text>',
        f'<line class="cap" x1="{x(limit):.1f}" y1="{TOP}" x2="{x(limit):.1f}" '
        f'y2="{H - BOTTOM}"><title>Size limit {escape(format_size(limit, unit, label))}'
        "</title></line>",
        f'<line class="target" x1="{LEFT}" y1="{y(threshold):.1f}" x2="{W - RIGHT}" '
        f'y2="{y(threshold):.1f}"><title>Threshold {escape(format_metric(threshold))}'
        "</title></line>",
    ]
    front = pareto_front(
        [(r.size, r.metric) for r in rows], higher_is_better=track.higher_is_better
    )
    frontier = sorted((rows[i] for i in front), key=lambda r: r.size)
    if len(frontier) > 1:
        points = " ".join(f"{x(r.size):.1f},{y(r.metric):.1f}" for r in frontier)
        parts.append(f'<polyline class="frontier" points="{points}"/>')
    for i, r in enumerate(rows):
        cls = "point frontier-point" if i in front else "point"
        tip = f"{r.team_name}: {format_metric(r.metric)}, {format_size(r.size, unit, label)}"
        parts.append(
            f'<circle class="{cls}" cx="{x(r.size):.1f}" cy="{y(r.metric):.1f}" r="4">'
            f"<title>{escape(tip)}</title></circle>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped
