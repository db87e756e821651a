"""Row counts as people write them ('1M', '250k', '2.5M'), shared by generate.py and run.py."""

from __future__ import annotations

import argparse


def parse_rows(text: str) -> int:
    """'1M' → 1_000_000, '250k' → 250_000, '1.5M' → 1_500_000, '5000' → 5000."""
    cleaned = text.strip().lower().replace("_", "").replace(",", "")
    factor = 1
    if cleaned.endswith("m"):
        factor, cleaned = 1_000_000, cleaned[:-1]
    elif cleaned.endswith("k"):
        factor, cleaned = 1_000, cleaned[:-1]
    try:
        value = int(round(float(cleaned) * factor))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a row count: {text!r} (try 1M, 10M, 250k)") from None
    if value < 1000:
        raise argparse.ArgumentTypeError("at least 1000 rows")
    return value


def label(rows: int) -> str:
    """The short name of a size: 10M, 250k, 1500."""
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows % 1000 == 0:
        return f"{rows // 1000}k"
    return str(rows)
