"""A schematic map of southern Québec as inline SVG: no tiles, no download, no script.

The outline and the St. Lawrence are a few dozen hand-placed points (accurate to a few tens of
kilometres, enough to place a region), and each administrative region has a representative
point in its populated part. Enterprises a source places exactly are drawn at their
coordinates; the others are counted in their region's circle.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from esq.numbers import count

#: Map frame: longitude and latitude bounds (the far north is cut; Nord-du-Québec is marked).
WEST, EAST, SOUTH, NORTH = -79.8, -60.5, 44.9, 51.2
WIDTH = 760
SCALE = WIDTH / ((EAST - WEST) * math.cos(math.radians(48.5)))
HEIGHT = round((NORTH - SOUTH) * SCALE)

#: Québec's land, schematic (lon, lat), clockwise from the Ontario border on the St. Lawrence.
OUTLINE = [
    (-74.5, 45.0),
    (-74.4, 45.6),
    (-75.7, 45.5),
    (-76.9, 45.9),
    (-77.7, 46.3),
    (-78.9, 46.6),
    (-79.5, 47.4),
    (-79.5, 51.5),
    (-78.9, 52.5),
    (-78.7, 53.5),
    (-66.8, 53.5),
    (-67.0, 52.9),
    (-66.2, 52.2),
    (-64.2, 51.7),
    (-63.7, 52.0),
    (-57.1, 52.0),
    (-57.1, 51.4),
    (-60.0, 50.25),
    (-64.0, 50.3),
    (-66.4, 50.2),
    (-64.2, 48.9),
    (-64.5, 48.3),
    (-65.7, 48.0),
    (-66.7, 47.95),
    (-68.0, 47.9),
    (-69.2, 47.45),
    (-70.0, 46.6),
    (-70.3, 45.9),
    (-71.0, 45.3),
    (-71.5, 45.0),
]
#: The river and estuary: north shore going east, then south shore coming back.
RIVER = [
    (-74.4, 45.25),
    (-73.6, 45.65),
    (-72.5, 46.42),
    (-71.2, 46.88),
    (-70.5, 47.35),
    (-69.7, 48.1),
    (-68.5, 49.1),
    (-67.2, 49.35),
    (-66.4, 50.2),
    (-64.2, 48.9),
    (-66.4, 49.15),
    (-68.5, 48.45),
    (-69.6, 47.8),
    (-70.2, 47.2),
    (-71.2, 46.74),
    (-72.5, 46.2),
    (-73.6, 45.4),
    (-74.4, 45.1),
]
#: Administrative regions: (lon, lat) of a point in the populated part, and where its label goes
#: (right, left, above or below the circle, plus a nudge in pixels) so neighbours do not overlap.
REGIONS: dict[str, tuple[float, float, str, int]] = {
    "01": (-68.6, 48.0, "right", 0),
    "02": (-71.6, 48.6, "right", 0),
    "03": (-71.4, 47.2, "right", -2),
    "04": (-72.9, 47.0, "left", 0),
    "05": (-71.9, 45.4, "right", 2),
    "06": (-73.65, 45.5, "left", 7),
    "07": (-76.3, 46.0, "left", 0),
    "08": (-78.5, 48.2, "right", 0),
    "09": (-67.5, 50.1, "right", 0),
    "10": (-75.0, 50.3, "right", 0),
    "11": (-65.6, 48.65, "above", 0),
    "12": (-70.6, 46.45, "right", 2),
    "13": (-73.75, 45.6, "left", -5),
    "14": (-73.6, 46.3, "below", 0),
    "15": (-74.8, 46.5, "above", 0),
    "16": (-73.1, 45.3, "below", 0),
    "17": (-72.2, 46.05, "right", 3),
}
MAX_RADIUS = 28.0
MIN_RADIUS = 3.0


def project(lon: float, lat: float) -> tuple[float, float]:
    """SVG coordinates of a point (an equirectangular projection centred on 48.5° N)."""
    x = (lon - WEST) * math.cos(math.radians(48.5)) * SCALE
    return round(x, 1), round((NORTH - lat) * SCALE, 1)


def _path(points: Sequence[tuple[float, float]]) -> str:
    xy = [project(lon, lat) for lon, lat in points]
    return "M" + " L".join(f"{x},{y}" for x, y in xy) + " Z"


def region_map(
    regions: Sequence[tuple[str | None, str, int]],
    points: Sequence[tuple[float, float, str]],
) -> str:
    """The map: a circle per region (area in proportion to its enterprises), a dot per
    enterprise with coordinates."""
    top = max((n for code, _, n in regions if code in REGIONS), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="enterprise-map" class="map" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        'aria-label="Map of social economy enterprises per administrative region">',
        "<title>Social economy enterprises per administrative region</title>",
        f'<rect class="sea" x="0" y="0" width="{WIDTH}" height="{HEIGHT}"/>',
        f'<path class="land" d="{_path(OUTLINE)}"/>',
        f'<path class="river" d="{_path(RIVER)}"/>',
        f'<text class="note" x="{project(-77.0, 51.0)[0]}" y="14">↑ Nord-du-Québec continues '
        "north; circles at each region's populated part</text>",
    ]
    for code, name, n in sorted(regions, key=lambda r: -r[2]):  # small circles drawn on top
        if code not in REGIONS or not n:
            continue
        lon, lat, _, _ = REGIONS[code]
        x, y = project(lon, lat)
        r = round(max(MIN_RADIUS, MAX_RADIUS * math.sqrt(n / top)), 1)
        parts.append(
            f'<circle class="region" cx="{x}" cy="{y}" r="{r}" data-region="{code}" '
            f'data-value="{n}"><title>{escape(name)}: {count(n)} enterprises</title></circle>'
        )
    for code, name, n in regions:
        if code not in REGIONS or not n:
            continue
        lon, lat, side, nudge = REGIONS[code]
        x, y = project(lon, lat)
        r = max(MIN_RADIUS, MAX_RADIUS * math.sqrt(n / top))
        tx, ty, anchor = {
            "right": (x + r + 4, y + 4 + nudge, "start"),
            "left": (x - r - 4, y + 4 + nudge, "end"),
            "above": (x + nudge, y - r - 5, "middle"),
            "below": (x + nudge, y + r + 12, "middle"),
        }[side]
        parts.append(
            f'<text class="label" x="{round(tx, 1)}" y="{round(ty, 1)}" text-anchor="{anchor}">'
            f'{escape(name.replace("--", "–"))} <tspan class="n">{count(n)}</tspan></text>'
        )
    for lat, lon, name in points:
        if not (WEST <= lon <= EAST and SOUTH <= lat <= NORTH):
            continue
        x, y = project(lon, lat)
        parts.append(
            f'<circle class="point" cx="{x}" cy="{y}" r="2.6" data-point="1">'
            f"<title>{escape(name)}</title></circle>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
