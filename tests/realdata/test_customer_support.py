"""customer-support-twitter/twcs_first5000.csv: Twitter dates and a bare CR.

Two quirks of this file.  Dates read like ``Tue Oct 31 22:10:47 +0000 2017`` and
need ``date_format``.  Tweet 3399 (line 2589) holds two bare carriage returns in
an unquoted text field: the csv module ends a record at a lone CR as at LF, so the
row is cut in two.  chi-lang must not guess a repair (broken data must not move a
score): it reports CHI407 at that line, naming the bare CR, without a traceback.

No spec under specs/real/ reads this file, since every spec there must evaluate;
the specs live in the tests, and the readable part of the file (before line 2589)
is copied to a temporary folder to check the values.
"""

from __future__ import annotations

import csv
import itertools
import math
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from typer.testing import CliRunner

from chi_lang.cli import app
from chi_lang.diagnostics import DiagnosticBag
from chi_lang.evaluate import evaluate
from chi_lang.pipeline import load_text

TWCS = Path("customer-support-twitter") / "twcs_first5000.csv"
TWITTER_DATE = "%a %b %d %H:%M:%S %z %Y"

SPEC = """
index "Customer support on Twitter" {
  period day
  source tw = "DATA" { date created_at  date_format "%a %b %d %H:%M:%S %z %Y" }
  pillar "Demand" {
    metric inbound_tweets from tw where inbound count target 1000 unit "tweets"
  }
  pillar "Service" {
    metric brand_replies from tw where not inbound count target 1000 unit "tweets"
    metric answered from tw where inbound share(where response_tweet_id is not missing) target 90%
  }
}
"""


def spec_for(data: Path) -> str:
    return SPEC.replace("DATA", data.as_posix())


def test_dates_and_values_before_the_bare_cr(shared_data, tmp_path):
    # Lines 1-2588: the header and every tweet before tweet 3399 (quoted newlines
    # make that 2,484 tweets).  Written to a temporary file, never into the repo.
    head = tmp_path / "twcs_head.csv"
    with open(shared_data / TWCS, encoding="utf-8", newline="") as source:
        head.write_text("".join(itertools.islice(source, 2588)), encoding="utf-8", newline="")
    with open(head, encoding="utf-8", newline="") as handle:
        tweets = list(csv.DictReader(handle))
    assert len(tweets) == 2484 and tweets[-1]["tweet_id"] == "3398"

    def day(row) -> str:
        return datetime.strptime(row["created_at"], TWITTER_DATE).astimezone(timezone.utc).strftime("%Y-%m-%d")

    counts = Counter((day(r), r["inbound"]) for r in tweets)
    answered = Counter(day(r) for r in tweets if r["inbound"] == "True" and r["response_tweet_id"])

    spec = tmp_path / "twcs.chi"
    spec.write_text(spec_for(head), encoding="utf-8")
    loaded = load_text(spec.read_text(encoding="utf-8"), str(spec))
    assert not loaded.bag.has_errors
    bag = DiagnosticBag()
    evaluation = evaluate(loaded.index, bag)
    assert evaluation is not None, [d.message for d in bag.items]

    # 2017-10-31, the day the sample was taken: 948 customer tweets, 842 brand replies.
    assert (counts[("2017-10-31", "True")], counts[("2017-10-31", "False")]) == (948, 842)
    for date in ("2017-10-31", "2017-11-26", "2011-08-29"):
        inbound = counts[(date, "True")]
        replies = counts[(date, "False")]
        assert evaluation.lookup(date, None, "Demand", "inbound_tweets").raw_value == inbound
        assert evaluation.lookup(date, None, "Service", "brand_replies").raw_value == replies
        share = evaluation.lookup(date, None, "Service", "answered")
        assert math.isclose(share.raw_value, answered[date] / inbound)
    periods = {r.period for r in evaluation.rows}
    assert periods == {day(r) for r in tweets}


def test_bare_cr_in_an_unquoted_field_is_a_clear_diagnostic(shared_data, tmp_path):
    raw = (shared_data / TWCS).read_bytes()
    start = raw.index(b"\n2484,3399,") + 1
    assert raw[:start].count(b"\n") + 1 == 2589
    assert b"@AskPayPal \r\rI just love" in raw[start:start + 200]  # the two bare CRs

    spec = tmp_path / "twcs.chi"
    spec.write_text(spec_for((shared_data / TWCS).resolve()), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--engine", "python", str(spec)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output
    assert "error[CHI407]" in output
    assert "line has 6 fields, the header has 8" in output
    assert "bare carriage return" in output
    assert "twcs_first5000.csv:2589:1" in output


def test_bare_cr_synthetic(tmp_path):
    # The same defect in three lines, independent of the shared data.
    data = tmp_path / "bare_cr.csv"
    data.write_bytes(b"id,text,score\n1,fine,3\n2,cut \r here,4\n3,ok,5\n")
    spec = tmp_path / "s.chi"
    spec.write_text('pillar "P" { metric score from "bare_cr.csv" scale 0..10 }\n', encoding="utf-8")
    loaded = load_text(spec.read_text(encoding="utf-8"), str(spec))
    bag = DiagnosticBag()
    assert evaluate(loaded.index, bag) is None
    (diagnostic,) = bag.errors()
    assert diagnostic.code == "CHI407"
    assert diagnostic.span.line == 3
    assert "bare carriage return" in diagnostic.message

    # A record cut by a plain wrong field count says nothing about CRs.
    data.write_bytes(b"id,text,score\n1,fine,3\n2,two,fields,4\n")
    bag = DiagnosticBag()
    assert evaluate(loaded.index, bag) is None
    (diagnostic,) = bag.errors()
    assert diagnostic.code == "CHI407" and "carriage return" not in diagnostic.message
    assert diagnostic.span.line == 3

    # CR-only line ends (old Mac files) are line ends, not a defect: values read fine.
    data.write_bytes(b"id,text,score\r1,fine,3\r2,ok,5\r")
    bag = DiagnosticBag()
    evaluation = evaluate(loaded.index, bag)
    assert evaluation is not None
    assert evaluation.lookup(None, None, "P", "score").raw_value == 4.0
