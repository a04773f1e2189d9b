"""How dense are register namesakes, in the real data and in the hard worlds? (issue: supplier ties)

Same measures on the same population: a region's active social economy registrations (the real
REQ-derived Mauricie extract; a world's register filtered the same way, `namesake_frames`), with
esq's own name keys — `normalise_name` (the key the linker compares, family words removed), the
key with its family (the registered name less case, accents, punctuation and legal suffix: what
the law forbids two co-ops or non-profits to share) and `core_key` (sorted words less stopwords).

    python -m evaluation.hardworld.namesake_density [WORLD …] [--real DIR] [--json F] [--province]

Prints one table row per population: registrations, share with a namesake and group sizes per key,
the share of namesake groups within one town, hub listing names by how many registrations share
their key, SEAO supplier rows with a published NEQ and how many tie (≥ 2 registrations).
``--province``: a world's social economy supplier rows tying among all Québec's registrations.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from esq.entities.compat import core_key
from esq.normalise.names import normalise_name
from evaluation.hardworld import namesake_frames as frames

KEYS = ("exact", "key", "core")


def name_keys(names: pd.Series) -> pd.DataFrame:
    """Per name: ``exact`` (family + key), ``key`` (the linker's key), ``core`` (core_key)."""
    parts = [normalise_name(n) for n in names]
    key = [p.key if p else None for p in parts]
    return pd.DataFrame(
        {
            "exact": [f"{p.family or ''}|{p.key}" if p else None for p in parts],
            "key": key,
            "core": [core_key(k) for k in key],
        },
        index=names.index,
    )


def namesakes(register: pd.DataFrame, level: str) -> dict[str, float]:
    """Share of registrations sharing the ``level`` key with another, and the groups' shapes."""
    keyed = register.join(name_keys(register["name"])).dropna(subset=[level])
    sizes = keyed.groupby(level)["neq"].transform("size")
    towns = keyed.groupby(level)["town"].transform("nunique")
    town_mates = keyed.groupby([level, "town"])["neq"].transform("size")
    shared = sizes >= 2
    groups = keyed[shared].groupby(level).agg(size=("neq", "size"), towns=("town", "nunique"))
    return {
        "registrations": len(keyed),
        "with_namesake": round(float(shared.mean()), 4),
        "groups": len(groups),
        "group_2": int((groups["size"] == 2).sum()),
        "group_3": int((groups["size"] == 3).sum()),
        "group_4plus": int((groups["size"] >= 4).sum()),
        "largest": int(groups["size"].max()) if len(groups) else 0,
        "mean_group_seen": round(float(sizes[shared].mean()), 2) if shared.any() else 0.0,
        "groups_one_town": round(float((groups["towns"] == 1).mean()), 4) if len(groups) else 0.0,
        "with_namesake_same_town": round(float((town_mates >= 2).mean()), 4),
        "with_namesake_other_town": round(float(((sizes >= 2) & (towns >= 2)).mean()), 4),
    }


def ties(names: pd.Series, register: pd.DataFrame, level: str = "key") -> dict[str, float]:
    """Per name, how many registrations share its key: shares of 0, 1, ≥ 2 (a tie); median tie."""
    counts = name_keys(register["name"])[level].value_counts()
    hits = name_keys(names)[level].map(counts).fillna(0).astype(int)
    tied = hits[hits >= 2]
    return {
        "names": len(hits),
        "none": round(float((hits == 0).mean()), 4),
        "one": round(float((hits == 1).mean()), 4),
        "tie": round(float((hits >= 2).mean()), 4),
        "median_tie": float(tied.median()) if len(tied) else 0.0,
    }


def measure(register: pd.DataFrame, listings: pd.DataFrame, seao: pd.DataFrame) -> dict:
    """Every measure of one population (see the module docstring)."""
    return {
        "register": {level: namesakes(register, level) for level in KEYS},
        "forms": register["form"].value_counts().to_dict(),
        "towns": int(register["town"].nunique()),
        "listings": {level: ties(listings["name"], register, level) for level in ("key", "core")},
        "seao_rows": len(seao),
        "seao_neq_share": round(float(seao["neq"].notna().mean()), 4) if len(seao) else 0.0,
        "seao_names": ties(seao["name"].drop_duplicates(), register),
    }


def real(root: Path = frames.REAL) -> dict:
    return measure(frames.real_register(root), frames.real_listings(root), frames.real_seao(root))


def world(path: Path) -> dict:
    return measure(
        frames.world_register(path), frames.world_listings(path), frames.world_seao(path)
    )


def province(path: Path) -> dict[str, float]:
    """Ties of a world's social economy supplier rows against its active social economy
    registrations of all Québec (the tie the linker meets; the real data hold one region only,
    so this has no real counterpart)."""
    register = frames.world_register(path, region=None)
    return {"registrations": len(register), **ties(frames.world_se_suppliers(path), register)}


def table(results: dict[str, dict]) -> str:
    """A Markdown table, one row per population."""
    head = (
        "| population | active SE regs (towns) | with namesake: exact / key / core | groups ≥2 "
        "(2/3/4+, max), key | groups in one town, key | hub names: 0 / 1 / ≥2 regs, key "
        "| SEAO rows with NEQ | SEAO names tying, key |"
    )
    lines = [head, "|" + "---|" * 8]
    for label, r in results.items():
        reg, k = r["register"], r["register"]["key"]
        hub = r["listings"]["key"]
        lines.append(
            f"| {label} | {k['registrations']} ({r['towns']}) | "
            + " / ".join(f"{reg[lv]['with_namesake']:.1%}" for lv in KEYS)
            + f" | {k['groups']} ({k['group_2']}/{k['group_3']}/{k['group_4plus']}, {k['largest']})"
            + f" | {k['groups_one_town']:.0%} | {hub['none']:.0%} / {hub['one']:.0%} / "
            + f"{hub['tie']:.0%} (n {hub['names']}) | {r['seao_neq_share']:.0%} of {r['seao_rows']}"
            + f" | {r['seao_names']['tie']:.1%} of {r['seao_names']['names']} |"
        )
    return "\n".join(lines)


def _label(path: Path, paths: list[Path]) -> str:
    """The world's folder name, or its whole path when two worlds share it (v3 against v5)."""
    same = sum(p.name == path.name for p in paths) > 1
    return str(path) if same else path.name


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("worlds", nargs="*", type=Path, help="hard world folders")
    parser.add_argument("--real", type=Path, default=frames.REAL, help="../shared/data/real")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument(
        "--province", action="store_true", help="also social economy supplier rows' ties, Québec"
    )
    args = parser.parse_args(argv)
    results = {}
    if (args.real / "req-extract-mauricie" / "Entreprise_LatLong.csv").exists():
        results["real Mauricie"] = real(args.real)
    else:
        print(f"no real extract under {args.real}: real row skipped")
    labels = {path: _label(path, args.worlds) for path in args.worlds}
    for path in args.worlds:
        results[labels[path]] = world(path)
    print(table(results))
    if args.province:
        print("\n| world | active SE regs, Québec | SE supplier rows | tie (≥ 2) | median tie |")
        print("|---|---|---|---|---|")
        for path in args.worlds:
            p = results[labels[path]]["province"] = province(path)
            print(
                f"| {labels[path]} | {p['registrations']} | {p['names']} | {p['tie']:.1%} "
                f"| {p['median_tie']:g} |"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
