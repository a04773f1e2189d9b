"""The run report's stylesheet (inline in the page; system fonts, no web font)."""

CSS = """
:root { --ink: #1d2733; --muted: #5f6b78; --line: #e3e7ec; --blue: #1f6f8b;
  --orange: #d9731a; --land: #f4f2ec; --sea: #e4e7eb; --river: #a9c8dc; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 72rem; color: var(--ink); }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 .6rem; padding-bottom: .3rem;
  border-bottom: 2px solid var(--ink); }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.muted { color: var(--muted); } code { font-size: .9em; }
.tiles { display: flex; gap: .8rem; flex-wrap: wrap; margin: 1rem 0; }
.tile { flex: 1 1 12rem; background: #f6f8fa; border-radius: 6px; padding: .7rem .9rem;
  border-left: 4px solid var(--blue); }
.tile .figure { font-size: 1.7rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.tile .label { color: var(--muted); font-size: .85rem; }
.tile.change.new { border-color: #2f8f5b; } .tile.change.updated { border-color: var(--blue); }
.tile.change.merged { border-color: var(--orange); } .tile.change.removed { border-color: #b23b3b; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9rem; }
th { text-align: left; font-weight: 600; border-bottom: 2px solid var(--line);
  padding: .3rem .5rem; }
td { padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td .muted { font-size: .8rem; }
.cols { display: grid; grid-template-columns: 3fr 2fr; gap: 2.5rem; }
td:has(.hbar) { white-space: nowrap; }
.cols4 { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; }
.cols4 ul { padding-left: 1.1rem; margin: 0; font-size: .9rem; }
.mapwrap svg { width: 100%; height: auto; border-radius: 6px; display: block; }
.map .sea { fill: var(--sea); } .map .land { fill: var(--land); stroke: #c9c4b5; }
.map .river { fill: var(--river); }
.map .region { fill: var(--blue); fill-opacity: .55; stroke: #fff; stroke-width: 1.2; }
.map .point { fill: var(--orange); stroke: #fff; stroke-width: .8; }
.map .label { font-size: 11px; fill: var(--ink); paint-order: stroke; stroke: var(--land);
  stroke-width: 3px; } .map .label .n { font-weight: 700; }
.map .note { font-size: 11px; fill: var(--muted); }
.legend { font-size: .85rem; color: var(--muted); margin: .3rem 0 0; }
.key { display: inline-block; width: .8rem; height: .8rem; border-radius: 50%;
  vertical-align: -1px; } .key.region { background: var(--blue); opacity: .6; }
.key.point { background: var(--orange); }
.hbar { display: inline-block; width: 6rem; height: .7rem; background: #eef1f4;
  border-radius: 2px; vertical-align: middle; margin-right: .4rem; }
.hbar .fill { display: block; height: 100%; background: var(--blue); border-radius: 2px; }
.hval { font-variant-numeric: tabular-nums; font-size: .85rem; }
details { border-bottom: 1px solid var(--line); padding: .25rem 0; font-size: .9rem; }
summary { cursor: pointer; }
ul.mrcs { list-style: none; padding: .2rem 0 .4rem 1rem; margin: 0; }
ul.mrcs li { display: flex; justify-content: space-between; max-width: 20rem; }
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr));
  gap: .6rem 1rem; margin: .6rem 0 1rem; }
.panel { background: #fafbfc; border-radius: 6px; width: 100%; height: auto; }
.panel .value { font-size: 9px; fill: var(--orange); font-weight: 600; }
.panel .city { font-weight: 650; font-size: 13px; fill: var(--ink); }
.panel .sub, .panel .axis { font-size: 10px; fill: var(--muted); }
.panel .grid { stroke: var(--line); }
.panel .bar { fill: var(--orange); } .panel .bar.undated { fill: #9aa5b1; }
.panel .tick { fill: #b7c0ca; } .panel .tick.undated { fill: #7d8793; }
.status.stale { color: #b23b3b; font-weight: 600; }
ul.licences { font-size: .85rem; color: var(--muted); padding-left: 1.1rem; }
footer { margin-top: 3rem; font-size: .8rem; }
@media (max-width: 800px) { .cols { grid-template-columns: 1fr; } }
"""
