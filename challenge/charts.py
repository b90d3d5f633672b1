"""The Pareto chart of a track as inline SVG built on the server (readable without JS).

Bounded whatever the number of submissions: the frontier, each team's counted submission and
at most ``SAMPLE`` of the others are drawn. The viewBox scales with the page; text sizes are
in viewBox units and large enough to read at phone width.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from challenge.models import Track
from challenge.ranking import Row, format_metric, format_size_auto, pareto_front

W, H = 480, 340
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 30, 50
CHAR_W = 7.5  # width of one tick character in viewBox units (13 px font), for overlap checks
SAMPLE = 200


@dataclass(frozen=True)
class BaselinePoint:
    name: str
    metric: float
    size: int


def _spaced(ticks: list[tuple[float, str]], pos, gap: float = 8.0) -> list[tuple[float, str]]:
    """Drop ticks whose label would overlap the last one kept (labels centred on the tick)."""
    kept: list[tuple[float, str]] = []
    for v, text in ticks:
        if kept:
            last_v, last_text = kept[-1]
            room = (len(last_text) + len(text)) * CHAR_W / 2 + gap
            if abs(pos(v) - pos(last_v)) < room:
                continue
        kept.append((v, text))
    return kept


def ticks_log(lo: float, hi: float) -> list[float]:
    """1-2-5 ticks per decade; every integer mantissa when the axis spans less than that."""
    ticks: list[float] = []
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


def ticks_linear(lo: float, hi: float, n: int = 5) -> tuple[list[float], int]:
    """Round ticks (steps of 1, 2 or 5 times a power of ten) and the decimals they need."""
    raw = (hi - lo) / n
    exp = math.floor(math.log10(raw))
    step = next(m * 10**exp for m in (1, 2, 5, 10) if m * 10**exp >= raw)
    first = math.ceil(lo / step) * step
    count = int((hi - first) / step + 1e-9) + 1
    return [first + i * step for i in range(count)], max(0, -math.floor(math.log10(step)))


def chart_points(rows: list[Row], *, counted_ids: set[int], higher_is_better: bool):
    """(frontier rows by size, counted rows, sampled others): what the chart draws."""
    front = pareto_front([(r.size, r.metric) for r in rows], higher_is_better=higher_is_better)
    frontier = sorted((rows[i] for i in front), key=lambda r: (r.size, r.submission_id))
    shown = {r.submission_id for r in frontier}
    counted = [r for r in rows if r.submission_id in counted_ids and r.submission_id not in shown]
    shown |= {r.submission_id for r in counted}
    rest = sorted((r for r in rows if r.submission_id not in shown), key=lambda r: r.submission_id)
    stride = max(1, math.ceil(len(rest) / SAMPLE))
    return frontier, counted, rest[::stride][:SAMPLE]


def pareto_svg(
    *,
    track: Track,
    rows: list[Row],
    counted_ids: set[int] | None = None,
    baselines: list[BaselinePoint] = (),
) -> SafeString:
    """Metric against size (log scale): frontier line, counted submissions, a sample of the
    others, baselines, and the size cap and metric target as labelled dashed lines."""
    binary = track.challenge.unit_bytes == 2**20
    limit = track.size_limit_bytes
    threshold = float(track.metric_threshold)
    counted_ids = counted_ids if counted_ids is not None else {r.submission_id for r in rows}
    frontier, counted, sample = chart_points(
        rows, counted_ids=counted_ids, higher_is_better=track.higher_is_better
    )
    drawn = frontier + counted + sample
    title = f"{track.name}: {track.metric_name} against model size"
    sizes = [r.size for r in drawn if r.size > 0] + [b.size for b in baselines if b.size > 0]
    sizes += [limit, track.size_cap_bytes]
    metrics = [r.metric for r in drawn] + [b.metric for b in baselines] + [threshold]
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

    limit_text = format_size_auto(limit, binary=binary)
    shown = len(drawn)
    pk = track.pk
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" class="pareto" '
        f'role="img" aria-labelledby="pareto-title-{pk} pareto-desc-{pk}">',
        f'<title id="pareto-title-{pk}">{escape(title)}</title>',
        f'<desc id="pareto-desc-{pk}">{len(rows)} scored submissions, {shown} drawn: the '
        f"{len(frontier)} on the frontier, each team's counted one and a sample of the rest. "
        f"Size axis is logarithmic. Size cap {escape(limit_text)}, "
        f"{escape(track.metric_name)} target {escape(format_metric(threshold))}.</desc>",
        f'<line class="axis" x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}"/>',
    ]
    x_ticks = _spaced([(v, format_size_auto(v, binary=binary)) for v in ticks_log(x_lo, x_hi)], x)
    for v, text in x_ticks:
        parts.append(
            f'<text class="tick" x="{x(v):.1f}" y="{H - BOTTOM + 17}" text-anchor="middle">'
            f"{escape(text)}</text>"
        )
    values, decimals = ticks_linear(y_lo, y_hi)
    for v in values:
        parts.append(
            f'<text class="tick" x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">'
            f"{v:.{decimals}f}</text>"
        )
    cap_x, target_y = x(limit), y(threshold)
    anchor = "end" if cap_x > W / 2 else "start"
    shift = -4 if anchor == "end" else 4
    parts += [
        f'<text class="axis-label" x="{(LEFT + W - RIGHT) / 2}" y="{H - 10}" '
        f'text-anchor="middle">Model size (log scale)</text>',
        f'<text class="axis-label" x="14" y="{(TOP + H - BOTTOM) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 14 {(TOP + H - BOTTOM) / 2})">{escape(track.metric_name)}</text>',
        f'<line class="cap" x1="{cap_x:.1f}" y1="{TOP}" x2="{cap_x:.1f}" y2="{H - BOTTOM}"/>',
        f'<text class="cap-label" x="{cap_x + shift:.1f}" y="{TOP - 8}" '
        f'text-anchor="{anchor}">Size cap {escape(limit_text)}</text>',
        f'<line class="target" x1="{LEFT}" y1="{target_y:.1f}" x2="{W - RIGHT}" '
        f'y2="{target_y:.1f}"/>',
        f'<text class="target-label" x="{W - RIGHT - 2}" y="{target_y - 5:.1f}" '
        f'text-anchor="end">Target {escape(format_metric(threshold))}</text>',
    ]
    if len(frontier) > 1:
        points = " ".join(f"{x(r.size):.1f},{y(r.metric):.1f}" for r in frontier)
        parts.append(f'<polyline class="frontier" points="{points}"/>')

    def tip(r: Row) -> str:
        size = format_size_auto(r.size, binary=binary)
        return escape(f"{r.team_name}: {format_metric(r.metric)}, {size}")

    # Only the frontier carries tooltips: the others are many, and the tables list them.
    parts.append('<g class="point sampled">')
    parts += [f'<circle cx="{x(r.size):.1f}" cy="{y(r.metric):.1f}" r="2.5"/>' for r in sample]
    parts.append('</g><g class="point counted">')
    parts += [f'<circle cx="{x(r.size):.1f}" cy="{y(r.metric):.1f}" r="3.5"/>' for r in counted]
    parts.append('</g><g class="point frontier-point">')
    parts += [
        f'<circle cx="{x(r.size):.1f}" cy="{y(r.metric):.1f}" r="4.5"><title>{tip(r)}</title>'
        "</circle>"
        for r in frontier
    ]
    parts.append('</g><g class="baseline">')
    for b in baselines:
        cx, cy = x(b.size), y(b.metric)
        label = f"Baseline {b.name}: {format_metric(b.metric)}, "
        label += format_size_auto(b.size, binary=binary)
        parts.append(
            f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8">'
            f"<title>{escape(label)}</title></rect>"
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped
