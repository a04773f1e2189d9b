"""Write docs/data-dictionary.md from the table and view definitions (`--check`: compare only)."""

from __future__ import annotations

import sys
from pathlib import Path

from warehouse.dictionary import render_dictionary

TARGET = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"


def main(argv: list[str]) -> int:
    text = render_dictionary()
    if "--check" in argv:
        current = TARGET.read_text("utf-8") if TARGET.is_file() else ""
        if current != text:
            print(f"{TARGET} is out of date: run python scripts/make_data_dictionary.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
