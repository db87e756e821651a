"""specs/real/hdi.chi reproduces UNDP's published Human Development Index 2022.

Truth is the ``hdi_2022`` column of the same file, read here with the csv module.
The spec is evaluated by the reference engine; every row with complete data (all
four components present: 204 of 206, countries and regional aggregates) must show
the published value at 3 decimals, through chi-lang's own display rounding.
"""

from __future__ import annotations

import csv
import math
from decimal import Decimal
from pathlib import Path

from chi_lang.display import display_score

HDI_FILE = Path("hdi") / "HDR23-24_Composite_indices_complete_time_series.csv"
COMPONENTS = ("le_2022", "eys_2022", "mys_2022", "gnipc_2022")


def published(shared_data: Path) -> dict[str, dict[str, str]]:
    # utf-8-sig drops the BOM, newline="" lets csv handle the CRLF line ends.
    with open(shared_data / HDI_FILE, encoding="utf-8-sig", newline="") as handle:
        return {row["iso3"]: row for row in csv.DictReader(handle)}


def test_every_complete_row_matches_the_published_hdi(shared_data, evaluate_real):
    rows = published(shared_data)
    assert len(rows) == 206  # 195 countries + 11 aggregates (ZZA..ZZK)
    complete = {iso3: row for iso3, row in rows.items() if all(row[c] for c in COMPONENTS)}
    assert len(complete) == 204

    index, evaluation = evaluate_real("hdi.chi")
    scored = {r.unit: r for r in evaluation.index_rows() if r.score is not None}
    assert len(scored) == 204
    assert set(scored) == set(complete)

    mismatches = []
    max_difference = 0.0
    for iso3, row in complete.items():
        shown = display_score(index, scored[iso3].score)  # output scale 0..1, round 3
        expected = Decimal(row["hdi_2022"]).quantize(Decimal("0.001"))
        if Decimal(shown) != expected:
            mismatches.append((iso3, shown, row["hdi_2022"]))
        max_difference = max(max_difference, abs(scored[iso3].score / 100 - float(row["hdi_2022"])))
    assert mismatches == []
    # Unrounded, the recomputation is within half a unit of the third decimal.
    assert max_difference < 0.0005


def test_rows_without_complete_data_have_no_index(shared_data, evaluate_real):
    # North Korea has only life expectancy; Monaco lacks mean years of schooling.
    # UNDP publishes no HDI for either, and neither does the spec (no data, not 0).
    rows = published(shared_data)
    assert rows["PRK"]["hdi_2022"] == "" and rows["MCO"]["hdi_2022"] == ""
    _, evaluation = evaluate_real("hdi.chi")
    for iso3 in ("PRK", "MCO"):
        row = evaluation.lookup(unit=iso3)
        assert row is not None and row.score is None


def test_afghanistan_by_hand(shared_data, evaluate_real):
    row = published(shared_data)["AFG"]
    le, eys, mys, gni = (float(row[c]) for c in COMPONENTS)
    # AFG 2022: le 62.879, eys 10.7054, mys 2.51479, gnipc 1335.21
    health = (le - 20) / (85 - 20)  # 42.879 / 65 = 0.65968
    education = (eys / 18 + mys / 15) / 2  # (0.59474 + 0.16765) / 2 = 0.38120
    income = (math.log(gni) - math.log(100)) / (math.log(75000) - math.log(100))  # 2.5917 / 6.6201 = 0.39149
    hdi = (health * education * income) ** (1 / 3)  # 0.09845^(1/3) = 0.4617
    assert round(hdi, 3) == 0.462 == float(row["hdi_2022"])

    index, evaluation = evaluate_real("hdi.chi")
    assert math.isclose(evaluation.lookup(unit="AFG", pillar="Health").score, 100 * health, rel_tol=1e-12)
    assert math.isclose(evaluation.lookup(unit="AFG", pillar="Education").score, 100 * education, rel_tol=1e-12)
    assert math.isclose(evaluation.lookup(unit="AFG", pillar="Income").score, 100 * income, rel_tol=1e-12)
    assert math.isclose(evaluation.lookup(unit="AFG").score, 100 * hdi, rel_tol=1e-12)
    assert display_score(index, evaluation.lookup(unit="AFG").score) == "0.462"


def test_caps_clamp_schooling_and_income(shared_data, evaluate_real):
    # Monaco-like caps: expected schooling above 18 years and income above $75,000
    # score 100, as UNDP's min(eys, 18) and min(income index, 1).
    rows = published(shared_data)
    capped_income = [iso3 for iso3, r in rows.items() if r["gnipc_2022"] and float(r["gnipc_2022"]) > 75000
                     and all(r[c] for c in COMPONENTS)]
    capped_school = [iso3 for iso3, r in rows.items() if r["eys_2022"] and float(r["eys_2022"]) > 18
                     and all(r[c] for c in COMPONENTS)]
    assert capped_income and capped_school
    _, evaluation = evaluate_real("hdi.chi")
    for iso3 in capped_income:
        assert evaluation.lookup(unit=iso3, pillar="Income", metric="gni_per_capita").score == 100.0
    for iso3 in capped_school:
        assert evaluation.lookup(unit=iso3, pillar="Education", metric="expected_schooling").score == 100.0


def test_garbled_country_names_do_not_matter(shared_data):
    # Two names are mis-decoded in the published file (Côte d'Ivoire, Türkiye);
    # the spec keys units by iso3, so they are still scored.
    rows = published(shared_data)
    garbled = sorted(iso3 for iso3, r in rows.items() if not r["country"].isascii())
    assert garbled == ["CIV", "TUR"]
