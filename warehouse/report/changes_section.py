"""The report's changes section: enterprises new, updated, merged and removed since the last
publication, with the first names of each."""

from __future__ import annotations

from html import escape

from esq.numbers import count
from warehouse.report.figures import CHANGE_KINDS, Figures

CHANGE_WORDS = {
    "new": "published for the first time",
    "updated": "with fields that changed",
    "merged": "merged into another enterprise",
    "removed": "no longer in any source",
}


def changes_section(f: Figures) -> str:
    """A tile per kind of change, then the first names of each kind."""
    if not f.changes:
        return (
            '<section id="changes"><h2>Changes since the last publication</h2>'
            '<p class="muted">No changes table in this publication.</p></section>'
        )
    tiles = "".join(
        f'<div class="tile change {k}"><div class="figure" data-change="{k}">'
        f"{count(f.changes.get(k, 0))}</div><div class=label>{k}: {CHANGE_WORDS[k]}</div></div>"
        for k in CHANGE_KINDS
    )
    lists = []
    for kind in CHANGE_KINDS:
        names = f.changed.get(kind, [])
        if not names:
            continue
        more = f.changes.get(kind, 0) - len(names)
        items = "".join(
            f"<li>{escape(n)}"
            + (f' <span class="muted">({escape(d)})</span>' if d else "")
            + "</li>"
            for n, d in names
        )
        tail = (
            f"<li class=muted>… and {count(more)} more (table <code>changes</code>)</li>"
            if more > 0
            else ""
        )
        lists.append(f"<div><h3>{kind.capitalize()}</h3><ul>{items}{tail}</ul></div>")
    return "\n".join(
        [
            '<section id="changes"><h2>Changes since the last publication</h2>',
            f'<div class="tiles">{tiles}</div>',
            f'<div class="cols4">{"".join(lists)}</div>',
            "</section>",
        ]
    )
