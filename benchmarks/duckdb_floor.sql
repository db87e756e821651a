-- The bench.chi raw values as one hand-written DuckDB query: a floor, not a peer.
--
-- Written for the generated files and nothing else: the columns are read with
-- their types (DuckDB parses the timestamps itself; the "Z" suffix of the ticket
-- timestamps is UTC, so the wall time is kept), blanks and "N/A" are NULL, and
-- nothing is validated.  run.py times it beside the chi-lang DuckDB engine to show
-- how far the engine's cell-by-cell checks take it from what DuckDB can do, and
-- checks its raw values against the python engine.  Paths are relative to the
-- benchmarks/ folder (run.py makes them absolute).
WITH tickets AS (
  SELECT
    strftime(opened_at, '%Y-%m') AS period,
    team AS unit,
    quantile_cont(CASE WHEN priority IN ('high', 'urgent')
                       THEN (epoch(first_reply_at) - epoch(opened_at)) / 3600.0 END, 0.5) AS first_reply,
    count(CASE WHEN status = 'resolved' THEN 1 END) / count(*) AS resolution_rate,
    quantile_cont((epoch(resolved_at) - epoch(opened_at)) / 86400.0, 0.5) AS time_to_resolve
  FROM read_csv('data/tickets.csv', header = true, auto_detect = false, nullstr = '',
                timestampformat = '%Y-%m-%dT%H:%M:%SZ',
                columns = {'ticket_id': 'VARCHAR', 'opened_at': 'TIMESTAMP', 'first_reply_at': 'TIMESTAMP',
                           'resolved_at': 'TIMESTAMP', 'status': 'VARCHAR', 'priority': 'VARCHAR',
                           'team': 'VARCHAR', 'requester': 'VARCHAR'})
  GROUP BY ALL
),
forum AS (
  SELECT
    strftime(created_at, '%Y-%m') AS period,
    team AS unit,
    count(DISTINCT author) AS active_members,
    count(CASE WHEN kind = 'question' AND replies > 0 THEN 1 END)
      / count(CASE WHEN kind = 'question' THEN 1 END) AS answered_questions,
    avg(likes) AS likes_per_post,
    count(CASE WHEN kind IN ('article', 'tutorial') THEN 1 END) AS guides,
    quantile_cont(CASE WHEN kind = 'question' THEN replies END, 0.5) AS replies_per_question,
    count(CASE WHEN is_staff THEN 1 END) / count(*) AS staff_presence
  FROM read_csv('data/forum.csv', header = true, auto_detect = false, nullstr = '',
                columns = {'post_id': 'VARCHAR', 'created_at': 'TIMESTAMP', 'kind': 'VARCHAR',
                           'author': 'VARCHAR', 'is_staff': 'BOOLEAN', 'likes': 'DOUBLE',
                           'replies': 'DOUBLE', 'accepted': 'VARCHAR', 'team': 'VARCHAR'})
  GROUP BY ALL
),
survey AS (
  SELECT
    strftime(submitted_at, '%Y-%m') AS period,
    team AS unit,
    avg(satisfaction) AS satisfaction,
    100.0 * (count(CASE WHEN nps >= 9 THEN 1 END) / count(*)
             - count(CASE WHEN nps <= 6 THEN 1 END) / count(*)) AS net_promoter,
    count(*) AS responses
  FROM read_csv('data/survey.csv', header = true, auto_detect = false, nullstr = ['', 'N/A'],
                columns = {'submitted_at': 'TIMESTAMP', 'member': 'VARCHAR', 'satisfaction': 'DOUBLE',
                           'nps': 'DOUBLE', 'team': 'VARCHAR'})
  GROUP BY ALL
)
SELECT
  period, unit,
  first_reply, resolution_rate, time_to_resolve,
  active_members, answered_questions, likes_per_post,
  guides, replies_per_question, staff_presence,
  satisfaction, net_promoter, responses
FROM tickets
FULL JOIN forum USING (period, unit)
FULL JOIN survey USING (period, unit)
ORDER BY period, unit
