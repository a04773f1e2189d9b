"""The `esq` command: help on every argument, --version, plain errors with the fix, common
options before or after the subcommand, `esq sql` cell widths, the run summary's tables."""

from __future__ import annotations

import argparse
import re

import pytest

from assets.check_lines import CheckLine, describe
from assets.summary import RunSummary, SourceLine
from assets.summary_tables import render_text, summary_tables
from esq.numbers import count, money, plural, share
from pipelines.cli import build_parser, main


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_argument_has_help():
    parser = build_parser()
    missing = [
        f"{name} {a.dest}"
        for name, sub in {"esq": parser, **_subparsers(parser)}.items()
        for a in sub._actions
        if not isinstance(a, argparse._SubParsersAction) and not a.help
    ]
    assert missing == []


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.startswith("esq ")


@pytest.mark.parametrize(
    "argv",
    [
        ["--catalog", "CAT", "--home", "H", "status"],
        ["status", "--catalog", "CAT", "--home", "H"],
        ["--home", "H", "status", "--catalog", "CAT"],
    ],
)
def test_common_options_before_or_after_the_subcommand(argv):
    args = build_parser().parse_args(argv)
    assert (args.command, args.catalog, args.home) == ("status", "CAT", "H")


def test_an_unknown_source_is_one_sentence_with_the_valid_ids(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ESQ_HOME", str(tmp_path))
    assert main(["run", "--source", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("esq: no source 'nope' in the catalog")
    assert "Valid ids (enabled):" in err and "pes-mauricie-repertoire" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 6
    assert not (tmp_path / "dagster").exists()  # refused before anything ran


def test_a_missing_catalog_file_is_said_plainly(tmp_path, capsys):
    assert main(["status", "--catalog", str(tmp_path / "missing.yaml")]) == 2
    assert "no catalog file at" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "counted", "money_text", "share_text"),
    [
        (1090747.8, "1,090,748", "$1,090,747.80", "109,074,780.0%"),
        (0.025, "0", "$0.03", "2.5%"),
        (0.0001, "0", "$0.00", "<0.1%"),
        (None, "", "", ""),
        (-12, "-12", "-$12.00", "-1,200.0%"),
    ],
)
def test_one_number_format(value, counted, money_text, share_text):
    assert (count(value), money(value), share(value)) == (counted, money_text, share_text)


def test_plurals_agree():
    assert plural(1, "enterprise record pair") == "1 enterprise record pair"
    assert plural(1204, "pair") == "1,204 pairs"


@pytest.mark.parametrize(
    ("meta", "said"),
    [
        ({"error": "source x: no landing entry\n yet"}, "source x: no landing entry yet"),
        (
            {"drops": {"pes-x": "1000 -> 122 rows (more than 2% fewer)"}},
            "pes-x: 1000 -> 122 rows (more than 2% fewer)",
        ),
        (
            {"rows_parsed": 8, "rows_quarantined": 1, "quarantine_by_rule": {"parse_error": 1}},
            "rows parsed 8; rows quarantined 1; quarantine by rule parse_error: 1",
        ),
        ({"failure_cases": "x", "error": ""}, ""),
    ],
)
def test_check_details_are_sentences_not_dicts(meta, said):
    assert describe(meta) == said


def test_the_run_summary_is_tables_without_markdown():
    summary = RunSummary(
        succeeded=True,
        published=True,
        published_to="/h/published",
        sources=[
            SourceLine("mamh", 1277, None, None, False, "reference table (municipalities)", None),
            SourceLine("hub", 9, 1, 2, True, "HTTP 503", "2026-06-01T00:00:00Z"),
        ],
        checks=[
            CheckLine("raw/hub", "freshness", "passed", ""),
            CheckLine("staging/hub", "staging_quality", "WARN", "rows quarantined 1"),
        ],
        enterprises=[("listed", 5), ("both", 2)],
        contracts={"contracts": 3, "undated": 1, "spend": 1000.5, "linked": 1, "linked_spend": 10},
        changes={"new": 2, "updated": 0, "merged": 0, "removed": 1},
    )
    text = render_text(summary_tables(summary))
    assert "|" not in text and "**" not in text and "{" not in text
    lines = text.splitlines()
    hub = next(line for line in lines if line.startswith("hub "))
    assert "yes" in hub and "HTTP 503" in hub
    assert "never fetched" in next(line for line in lines if line.startswith("mamh "))
    assert "Checks: 1 passed, 1 to look at" in text
    assert any(line.startswith("enterprises ") and line.endswith(" 7") for line in lines)
    assert "$1,000.50" in text and "Run succeeded; published to /h/published." in text
    order = [text.index(t) for t in ("Sources", "Checks", "Totals", "Changes")]
    assert order == sorted(order)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("flags", "longest"),
    [([], 40), (["--max-width", "12"], 12), (["--no-truncate"], None)],
)
def test_sql_cell_width(sample_run, monkeypatch, capsys, flags, longest):
    monkeypatch.setenv("ESQ_HOME", str(sample_run.home))
    query = "SELECT repeat('x', 60) AS long_text, 1234567 AS n"
    assert main(["sql", query, *flags]) == 0
    out = capsys.readouterr().out
    cell = next(line for line in out.splitlines() if line.startswith("x")).split()[0]
    assert len(cell) == (longest or 60) and cell.endswith("…" if longest else "x")
    assert "1,234,567" in out and "1 row" in out


def test_progress_in_a_log_is_plain_timestamped_lines():
    import io

    from rich.console import Console

    from esq.progress import Progress
    from pipelines.console import RunDisplay

    buffer = io.StringIO()
    with RunDisplay(Console(file=buffer, width=200, color_system=None)) as display:
        display.on_plan(3)
        ticks = iter(range(100))
        work = Progress("resolve entities", "listings", total=40, clock=lambda: next(ticks))
        work.advance(40)
        work.finish("12 enterprises")
    lines = buffer.getvalue().splitlines()
    assert re.fullmatch(r"\d\d:\d\d:\d\d running 3 steps", lines[0])
    assert re.fullmatch(
        r"\d\d:\d\d:\d\d resolve entities: 40 listings of 40 listings \(100%\), \d+ listings/s"
        r" — 12 enterprises",
        lines[-1],
    )
    assert "\x1b" not in buffer.getvalue()  # no escape codes in a log
