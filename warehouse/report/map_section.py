"""The report's map section: enterprises per region on the schematic map, coverage per region
against the ISQ's count, and the MRCs of each region."""

from __future__ import annotations

from html import escape

from esq.numbers import count, plural, share
from warehouse.report.figures import Figures
from warehouse.report.geo import region_map
from warehouse.report.markup import bar, html_table


def map_section(f: Figures) -> str:
    """The map, the coverage per region and the MRCs of each region."""
    reference, year = f.reference
    placed = [r for r in f.regions if r[0]]
    top = max((n for _, _, n in placed), default=0)
    rows = [
        (
            name.replace("--", "–"),
            n,
            bar(n, top, "regions", name, share(n / f.enterprises if f.enterprises else 0)),
            share(n / reference, 2),
        )
        for code, name, n in f.regions
    ]
    mrcs = []
    biggest = sorted(n for _, _, n in placed)[-2:]  # the two largest regions open
    for code, name, n in placed:
        inside = [(m, k) for c, m, k in f.mrcs if c == code]
        items = "".join(
            f"<li><span>{escape(m)}</span><span class=n>{count(k)}</span></li>" for m, k in inside
        )
        mrcs.append(
            f"<details{' open' if n in biggest else ''}><summary>{escape(name.replace('--', '–'))} "
            f"<span class=muted>({plural(len(inside), 'MRC')}, {count(n)})</span></summary>"
            f'<ul class="mrcs">{items}</ul></details>'
        )
    exact = len(f.points)
    return "\n".join(
        [
            '<section id="map"><h2>Where the enterprises are</h2>',
            '<div class="mapwrap">',
            region_map(f.regions, f.points),
            '<p class="legend"><span class="key region"></span> enterprises per administrative '
            "region (circle area) &nbsp; "
            f'<span class="key point"></span> {plural(exact, "enterprise")} placed exactly by a '
            "source. Schematic outline, no map tiles.</p></div>",
            '<div class="cols"><div>',
            "<h3>Coverage per region</h3>",
            f'<p class="muted">The ISQ counts {count(reference)} social economy enterprises in '
            f"Québec ({year}); it publishes no per-region count here, so each region is shown as "
            "its share of our enterprises and of the province's count.</p>",
            html_table(
                "coverage-regions",
                ["region", "enterprises", "share of ours", "of the province's count"],
                rows,
                numeric=(1, 3),
            ),
            '</div><div id="mrc-view"><h3>Per MRC</h3>',
            *mrcs,
            "</div></div></section>",
        ]
    )
