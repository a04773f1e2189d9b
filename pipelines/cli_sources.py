"""Finding and keeping sources: `esq discover` (a CKAN organisation's datasets), `esq probe`
(a catalog entry for a web directory) and `esq accept-drop` (a source's flagged row drop)."""

from __future__ import annotations

import argparse

from esq.config import Settings
from pipelines.cli_common import catalog_path, format_table
from pipelines.console import console, table


def add_discover(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    disc = sub.add_parser(
        "discover",
        parents=[common],
        help="list a CKAN organisation's candidate datasets",
        description="Ask a CKAN portal (live) for an organisation's datasets matching keywords, "
        "to find new sources for the catalog.",
    )
    disc.add_argument("org", help="CKAN organisation name, e.g. ville-de-laval")
    disc.add_argument(
        "keywords", nargs="*", help="words to look for (default: organismes, fournisseurs, …)"
    )
    disc.add_argument(
        "--portal",
        default="https://www.donneesquebec.ca/recherche",
        help="CKAN portal (default: Données Québec; Montréal: https://donnees.montreal.ca)",
    )
    disc.set_defaults(func=cmd_discover)


def cmd_discover(args: argparse.Namespace, settings: Settings) -> int:
    from esq.discover import DEFAULT_KEYWORDS, discover
    from esq.http import HttpClient, HttpPolicy

    client = HttpClient(HttpPolicy(contact=settings.contact))
    rows = discover(client, args.portal, args.org, args.keywords or DEFAULT_KEYWORDS)
    found = [
        (r.name, r.id, (r.metadata_modified or "")[:10], len(r.resources), r.title) for r in rows
    ]
    console().print(table(["dataset", "id", "modified", "resources", "title"], found, 60))
    return 0


def add_accept_drop(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    accept = sub.add_parser(
        "accept-drop",
        parents=[common],
        help="accept a source's flagged row drop (recorded), so the next run publishes",
        description="A source that lost more than its max_row_drop share and min_row_drop rows "
        "blocks the publication (row_count_drop). When the drop is real, accept it: the exact "
        "counts, who and when are recorded in ESQ_HOME/state/drops/.",
    )
    accept.add_argument("source_id", metavar="SOURCE", help="the source id named by the check")
    accept.set_defaults(func=cmd_accept_drop)


def cmd_accept_drop(args: argparse.Namespace, settings: Settings) -> int:
    from esq.catalog import load_catalog
    from esq.drops import accept_drop

    drop = accept_drop(load_catalog(catalog_path(args)), settings, args.source_id)
    console().print(
        f"accepted {drop.source_id}: {drop.before} -> {drop.after} rows; run `esq run` again"
    )
    return 0


def add_probe(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    probe = sub.add_parser(
        "probe",
        parents=[common],
        help="propose a catalog entry for a web directory page (writes nothing)",
        description="Fetch one directory page politely (robots.txt, the esq User-Agent), find "
        "its repeated items, next-page and detail links and schema.org data, and print a "
        "ready catalog entry with the first rows it would extract. The catalog is not changed.",
    )
    probe.add_argument("url", help="a directory list page, or a WordPress /wp-json/wp/v2/<type>")
    probe.add_argument("--id", default="new-directory", help="source id of the proposed entry")
    probe.set_defaults(func=cmd_probe)


def cmd_probe(args: argparse.Namespace, settings: Settings) -> int:
    """Print the catalog entry proposed for a web directory and its first rows (writes nothing)."""
    from esq.http import HttpClient, HttpPolicy
    from esq.probe import probe

    proposal = probe(HttpClient(HttpPolicy(contact=settings.contact)), args.url, args.id)
    print("# Proposed catalog entry: review it, then paste it under `sources:` yourself.")
    print(proposal.yaml(), end="")
    for note in proposal.notes:
        print(f"# {note}")
    if proposal.rows:
        names = list(dict.fromkeys(k for row in proposal.rows for k in row))
        rows = [[row.get(n) for n in names] for row in proposal.rows]
        print("\nFirst rows it would extract:")
        print(format_table(names, rows, 30))
    return 0
