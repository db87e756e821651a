/*
 * chi-lang 0.1.0 · spec "Names: St. Mary's * / -- "quoted"" (spec.chi) · dialect sqlite
 * Returns the long table of `chi-lang eval --format csv`: one row per period, unit, level,
 * pillar and metric, in that order, with raw value, score (0-100, unrounded), weight,
 * effective weight, contribution, coverage and status.
 * Reads these tables (dates as UTC timestamps; see docs/sql.md):
 * "select" (source select): "order date" TEXT, "team name" TEXT, "order" REAL, "weird ""col""" TEXT
 */
WITH select_scan /* source select (select.csv): 5 metrics in one pass */ AS (
  SELECT
    cell_period,
    cell_unit,
    COUNT(*) AS rows_read,
    MIN(order_date_date) AS first_date,
    MAX(order_date_date) AS last_date,
    AVG(order_num) AS m1_1, /* Pillar * / with -- a line comment and 'quotes' / metric "one": mean */
    COUNT(CASE WHEN weird_col_text = 'St. Mary''s' THEN 1 END) AS m2_1, /* Pillar * / with -- a line comment and 'quotes' / group: count */
    COUNT(CASE WHEN INSTR(weird_col_val, '\') > 0 THEN 1 END) AS m3_1, /* Pillar * / with -- a line comment and 'quotes' / back\slash: count */
    COUNT(CASE WHEN weird_col_text IN ('a''b', 'c--d', 'e/*f*/') THEN 1 END) AS m4_1, /* O'Brien's pillar / user: count */
    CAST(COUNT(CASE WHEN order_num >= 5 THEN 1 END) AS REAL) / NULLIF(CAST(COUNT(*) AS REAL), 0) AS m5_1 /* O'Brien's pillar / percent 100%: share */
  FROM (
    SELECT
      typed.*,
      STRFTIME('%Y-%m', order_date_date) AS cell_period,
      team_name_text AS cell_unit
    FROM (
      SELECT
        t."order date" AS order_date_date,
        t."team name" AS team_name_text,
        t."order" AS order_num,
        t."weird ""col""" AS weird_col_text,
        t."weird ""col""" AS weird_col_val
      FROM "select" AS t
    ) AS typed
  ) AS keyed
  GROUP BY
    cell_period,
    cell_unit
), cells /* every period and unit some source has rows for */ AS (
  SELECT
    cell_period,
    cell_unit
  FROM select_scan
  WHERE
    NOT cell_period IS NULL AND NOT cell_unit IS NULL
), metric_values /* raw values: aggregates combined per metric */ AS (
  SELECT
    cells.cell_period,
    cells.cell_unit,
    CASE
      WHEN NOT (
        select_scan.m1_1 = select_scan.m1_1
        AND ABS(select_scan.m1_1) <= 1.7976931348623157e+308
      )
      THEN JSON_EXTRACT(
        '{}',
        'chi-lang CHI415: metric `metric "one"` overflows' || COALESCE(
          ' for ' || cells.cell_period || COALESCE(' / ' || cells.cell_unit, ''),
          ' for ' || cells.cell_unit,
          ''
        ) || ': its value is ' || COALESCE(CAST(select_scan.m1_1 AS TEXT), '')
      )
      ELSE select_scan.m1_1
    END AS m1_raw, /* Pillar * / with -- a line comment and 'quotes' / metric "one" */
    CASE
      WHEN NOT (
        CAST(COALESCE(select_scan.m2_1, 0) AS REAL) = CAST(COALESCE(select_scan.m2_1, 0) AS REAL)
        AND ABS(CAST(COALESCE(select_scan.m2_1, 0) AS REAL)) <= 1.7976931348623157e+308
      )
      THEN JSON_EXTRACT(
        '{}',
        'chi-lang CHI415: metric `group` overflows' || COALESCE(
          ' for ' || cells.cell_period || COALESCE(' / ' || cells.cell_unit, ''),
          ' for ' || cells.cell_unit,
          ''
        ) || ': its value is ' || COALESCE(CAST(CAST(COALESCE(select_scan.m2_1, 0) AS REAL) AS TEXT), '')
      )
      ELSE CAST(COALESCE(select_scan.m2_1, 0) AS REAL)
    END AS m2_raw, /* Pillar * / with -- a line comment and 'quotes' / group */
    CASE
      WHEN NOT (
        CAST(COALESCE(select_scan.m3_1, 0) AS REAL) = CAST(COALESCE(select_scan.m3_1, 0) AS REAL)
        AND ABS(CAST(COALESCE(select_scan.m3_1, 0) AS REAL)) <= 1.7976931348623157e+308
      )
      THEN JSON_EXTRACT(
        '{}',
        'chi-lang CHI415: metric `back\slash` overflows' || COALESCE(
          ' for ' || cells.cell_period || COALESCE(' / ' || cells.cell_unit, ''),
          ' for ' || cells.cell_unit,
          ''
        ) || ': its value is ' || COALESCE(CAST(CAST(COALESCE(select_scan.m3_1, 0) AS REAL) AS TEXT), '')
      )
      ELSE CAST(COALESCE(select_scan.m3_1, 0) AS REAL)
    END AS m3_raw, /* Pillar * / with -- a line comment and 'quotes' / back\slash */
    CASE
      WHEN NOT (
        CAST(COALESCE(select_scan.m4_1, 0) AS REAL) = CAST(COALESCE(select_scan.m4_1, 0) AS REAL)
        AND ABS(CAST(COALESCE(select_scan.m4_1, 0) AS REAL)) <= 1.7976931348623157e+308
      )
      THEN JSON_EXTRACT(
        '{}',
        'chi-lang CHI415: metric `user` overflows' || COALESCE(
          ' for ' || cells.cell_period || COALESCE(' / ' || cells.cell_unit, ''),
          ' for ' || cells.cell_unit,
          ''
        ) || ': its value is ' || COALESCE(CAST(CAST(COALESCE(select_scan.m4_1, 0) AS REAL) AS TEXT), '')
      )
      ELSE CAST(COALESCE(select_scan.m4_1, 0) AS REAL)
    END AS m4_raw, /* O'Brien's pillar / user */
    CASE
      WHEN NOT (
        select_scan.m5_1 = select_scan.m5_1
        AND ABS(select_scan.m5_1) <= 1.7976931348623157e+308
      )
      THEN JSON_EXTRACT(
        '{}',
        'chi-lang CHI415: metric `percent 100%` overflows' || COALESCE(
          ' for ' || cells.cell_period || COALESCE(' / ' || cells.cell_unit, ''),
          ' for ' || cells.cell_unit,
          ''
        ) || ': its value is ' || COALESCE(CAST(select_scan.m5_1 AS TEXT), '')
      )
      ELSE select_scan.m5_1
    END AS m5_raw /* O'Brien's pillar / percent 100% */
  FROM cells
  LEFT JOIN select_scan
    ON select_scan.cell_period = cells.cell_period
    AND select_scan.cell_unit = cells.cell_unit
), metric_normalised /* normalisation: raw value to score */ AS (
  SELECT
    *,
    CAST(100 AS REAL) * (
      m1_raw - CAST(0 AS REAL)
    ) / CAST(10 AS REAL) AS m1_norm, /* Pillar * / with -- a line comment and 'quotes' / metric "one": scale 0..10 */
    CASE
      WHEN m2_raw / CAST(2 AS REAL) > 1
      THEN CAST(100 AS REAL)
      ELSE CAST(100 AS REAL) * (
        m2_raw / CAST(2 AS REAL)
      )
    END AS m2_norm, /* Pillar * / with -- a line comment and 'quotes' / group: target 2 */
    CASE
      WHEN m3_raw / CAST(1 AS REAL) > 1
      THEN CAST(100 AS REAL)
      ELSE CAST(100 AS REAL) * (
        m3_raw / CAST(1 AS REAL)
      )
    END AS m3_norm, /* Pillar * / with -- a line comment and 'quotes' / back\slash: target 1 */
    CASE
      WHEN m4_raw / CAST(1 AS REAL) > 1
      THEN CAST(100 AS REAL)
      ELSE CAST(100 AS REAL) * (
        m4_raw / CAST(1 AS REAL)
      )
    END AS m4_norm, /* O'Brien's pillar / user: target 1 */
    CAST(100 AS REAL) * m5_raw AS m5_norm /* O'Brien's pillar / percent 100%: percent */
  FROM metric_values
), metric_scores /* scores clamped to 0-100 */ AS (
  SELECT
    *,
    CASE
      WHEN m1_norm < 0
      THEN CAST(0 AS REAL)
      WHEN m1_norm > 100
      THEN CAST(100 AS REAL)
      ELSE m1_norm
    END AS m1_score,
    CASE
      WHEN m2_norm < 0
      THEN CAST(0 AS REAL)
      WHEN m2_norm > 100
      THEN CAST(100 AS REAL)
      ELSE m2_norm
    END AS m2_score,
    CASE
      WHEN m3_norm < 0
      THEN CAST(0 AS REAL)
      WHEN m3_norm > 100
      THEN CAST(100 AS REAL)
      ELSE m3_norm
    END AS m3_score,
    CASE
      WHEN m4_norm < 0
      THEN CAST(0 AS REAL)
      WHEN m4_norm > 100
      THEN CAST(100 AS REAL)
      ELSE m4_norm
    END AS m4_score,
    CASE
      WHEN m5_norm < 0
      THEN CAST(0 AS REAL)
      WHEN m5_norm > 100
      THEN CAST(100 AS REAL)
      ELSE m5_norm
    END AS m5_score
  FROM metric_normalised
), metric_used /* the score each metric enters its pillar with (missing policy) */ AS (
  SELECT
    *,
    m1_score AS m1_used, /* Pillar * / with -- a line comment and 'quotes' / metric "one" */
    m2_score AS m2_used, /* Pillar * / with -- a line comment and 'quotes' / group */
    m3_score AS m3_used, /* Pillar * / with -- a line comment and 'quotes' / back\slash */
    m4_score AS m4_used, /* O'Brien's pillar / user */
    m5_score AS m5_used /* O'Brien's pillar / percent 100% */
  FROM metric_scores
), pillar_totals /* weight with data, and coverage, per pillar */ AS (
  SELECT
    *,
    CASE WHEN NOT m1_used IS NULL THEN CAST(1 AS REAL) ELSE 0 END + CASE WHEN NOT m2_used IS NULL THEN CAST(1 AS REAL) ELSE 0 END + CASE WHEN NOT m3_used IS NULL THEN CAST(1 AS REAL) ELSE 0 END AS p1_total, /* pillar Pillar * / with -- a line comment and 'quotes', weights in units of 1/3 */
    CASE WHEN NOT m1_score IS NULL THEN CAST(1 AS REAL) ELSE 0 END + CASE WHEN NOT m2_score IS NULL THEN CAST(1 AS REAL) ELSE 0 END + CASE WHEN NOT m3_score IS NULL THEN CAST(1 AS REAL) ELSE 0 END AS p1_covered,
    (
      CASE WHEN NOT m1_score IS NULL THEN CAST(1 AS REAL) ELSE 0 END + CASE WHEN NOT m2_score IS NULL THEN CAST(1 AS REAL) ELSE 0 END + CASE WHEN NOT m3_score IS NULL THEN CAST(1 AS REAL) ELSE 0 END
    ) / CAST(3 AS REAL) AS p1_coverage,
    CASE WHEN NOT m4_used IS NULL THEN CAST(1 AS REAL) ELSE 0 END + CASE WHEN NOT m5_used IS NULL THEN CAST(1 AS REAL) ELSE 0 END AS p2_total, /* pillar O'Brien's pillar, weights in units of 1/2 */
    CASE WHEN NOT m4_score IS NULL THEN CAST(1 AS REAL) ELSE 0 END + CASE WHEN NOT m5_score IS NULL THEN CAST(1 AS REAL) ELSE 0 END AS p2_covered,
    (
      CASE WHEN NOT m4_score IS NULL THEN CAST(1 AS REAL) ELSE 0 END + CASE WHEN NOT m5_score IS NULL THEN CAST(1 AS REAL) ELSE 0 END
    ) / CAST(2 AS REAL) AS p2_coverage
  FROM metric_used
), metric_effective /* metric weights renormalised within the pillar */ AS (
  SELECT
    *,
    CASE
      WHEN NOT m1_used IS NULL AND p1_total > 0
      THEN CAST(1 AS REAL) / p1_total
      ELSE CAST(0 AS REAL)
    END AS m1_eff,
    CASE
      WHEN NOT m2_used IS NULL AND p1_total > 0
      THEN CAST(1 AS REAL) / p1_total
      ELSE CAST(0 AS REAL)
    END AS m2_eff,
    CASE
      WHEN NOT m3_used IS NULL AND p1_total > 0
      THEN CAST(1 AS REAL) / p1_total
      ELSE CAST(0 AS REAL)
    END AS m3_eff,
    CASE
      WHEN NOT m4_used IS NULL AND p2_total > 0
      THEN CAST(1 AS REAL) / p2_total
      ELSE CAST(0 AS REAL)
    END AS m4_eff,
    CASE
      WHEN NOT m5_used IS NULL AND p2_total > 0
      THEN CAST(1 AS REAL) / p2_total
      ELSE CAST(0 AS REAL)
    END AS m5_eff
  FROM pillar_totals
), pillar_scores /* pillar scores */ AS (
  SELECT
    *,
    CASE
      WHEN p1_total > 0
      THEN COALESCE(m1_used * m1_eff, 0) + COALESCE(m2_used * m2_eff, 0) + COALESCE(m3_used * m3_eff, 0)
    END AS p1_score, /* pillar Pillar * / with -- a line comment and 'quotes': arithmetic */
    CASE
      WHEN p2_total > 0
      THEN COALESCE(m4_used * m4_eff, 0) + COALESCE(m5_used * m5_eff, 0)
    END AS p2_score /* pillar O'Brien's pillar: arithmetic */
  FROM metric_effective
), pillar_used /* the score each pillar enters the index with */ AS (
  SELECT
    *,
    p1_score AS p1_used,
    p2_score AS p2_used
  FROM pillar_scores
), index_totals /* weight with data, and coverage, of the index */ AS (
  SELECT
    *,
    CASE WHEN NOT p1_used IS NULL THEN CAST(3 AS REAL) ELSE 0 END + CASE WHEN NOT p2_used IS NULL THEN CAST(2 AS REAL) ELSE 0 END AS index_total, /* pillar weights in units of 1/5 */
    (
      CAST(6 AS REAL) * p1_covered + CAST(6 AS REAL) * p2_covered
    ) / CAST(30 AS REAL) AS index_coverage
  FROM pillar_used
), pillar_effective /* pillar weights renormalised within the index */ AS (
  SELECT
    *,
    CASE
      WHEN NOT p1_used IS NULL AND index_total > 0
      THEN CAST(3 AS REAL) / index_total
      ELSE CAST(0 AS REAL)
    END AS p1_eff,
    CASE
      WHEN NOT p2_used IS NULL AND index_total > 0
      THEN CAST(2 AS REAL) / index_total
      ELSE CAST(0 AS REAL)
    END AS p2_eff
  FROM index_totals
), index_scores /* the index */ AS (
  SELECT
    *,
    CASE
      WHEN index_total > 0
      THEN COALESCE(p1_used * p1_eff, 0) + COALESCE(p2_used * p2_eff, 0)
    END AS index_score /* index Names: St. Mary's * / -- "quoted": arithmetic */
  FROM pillar_effective
)
SELECT
  "period",
  "unit",
  "level",
  "pillar",
  "metric",
  "raw_value",
  "score",
  "weight",
  "effective_weight",
  "contribution",
  "coverage",
  "status"
FROM (
  /* index Names: St. Mary's * / -- "quoted" */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'index' AS "level",
    CAST(NULL AS TEXT) AS "pillar",
    CAST(NULL AS TEXT) AS "metric",
    CAST(NULL AS REAL) AS "raw_value",
    index_score AS "score",
    CAST(1 AS REAL) AS "weight",
    CAST(1 AS REAL) AS "effective_weight",
    index_score AS "contribution",
    index_coverage AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    0 AS row_order
  FROM index_scores
  UNION ALL
  /* pillar Pillar * / with -- a line comment and 'quotes' */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'pillar' AS "level",
    'Pillar */ with -- a line comment and ''quotes''' AS "pillar",
    CAST(NULL AS TEXT) AS "metric",
    CAST(NULL AS REAL) AS "raw_value",
    p1_used AS "score",
    CAST(0.6 AS REAL) AS "weight",
    p1_eff AS "effective_weight",
    p1_eff * p1_used AS "contribution",
    p1_coverage AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    1 AS row_order
  FROM index_scores
  UNION ALL
  /* Pillar * / with -- a line comment and 'quotes' / metric "one" */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Pillar */ with -- a line comment and ''quotes''' AS "pillar",
    'metric "one"' AS "metric",
    m1_raw AS "raw_value",
    m1_used AS "score",
    CAST(0.3333333333333333 AS REAL) AS "weight",
    CASE
      WHEN p1_eff > 0 AND m1_eff > 0
      THEN CAST(3 AS REAL) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS REAL)
    END AS "effective_weight",
    CASE
      WHEN p1_eff > 0 AND m1_eff > 0
      THEN CAST(3 AS REAL) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS REAL)
    END * m1_used AS "contribution",
    CASE WHEN NOT m1_score IS NULL THEN CAST(1 AS REAL) ELSE CAST(0 AS REAL) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    2 AS row_order
  FROM index_scores
  UNION ALL
  /* Pillar * / with -- a line comment and 'quotes' / group */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Pillar */ with -- a line comment and ''quotes''' AS "pillar",
    'group' AS "metric",
    m2_raw AS "raw_value",
    m2_used AS "score",
    CAST(0.3333333333333333 AS REAL) AS "weight",
    CASE
      WHEN p1_eff > 0 AND m2_eff > 0
      THEN CAST(3 AS REAL) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS REAL)
    END AS "effective_weight",
    CASE
      WHEN p1_eff > 0 AND m2_eff > 0
      THEN CAST(3 AS REAL) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS REAL)
    END * m2_used AS "contribution",
    CASE WHEN NOT m2_score IS NULL THEN CAST(1 AS REAL) ELSE CAST(0 AS REAL) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    3 AS row_order
  FROM index_scores
  UNION ALL
  /* Pillar * / with -- a line comment and 'quotes' / back\slash */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Pillar */ with -- a line comment and ''quotes''' AS "pillar",
    'back\slash' AS "metric",
    m3_raw AS "raw_value",
    m3_used AS "score",
    CAST(0.3333333333333333 AS REAL) AS "weight",
    CASE
      WHEN p1_eff > 0 AND m3_eff > 0
      THEN CAST(3 AS REAL) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS REAL)
    END AS "effective_weight",
    CASE
      WHEN p1_eff > 0 AND m3_eff > 0
      THEN CAST(3 AS REAL) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS REAL)
    END * m3_used AS "contribution",
    CASE WHEN NOT m3_score IS NULL THEN CAST(1 AS REAL) ELSE CAST(0 AS REAL) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    4 AS row_order
  FROM index_scores
  UNION ALL
  /* pillar O'Brien's pillar */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'pillar' AS "level",
    'O''Brien''s pillar' AS "pillar",
    CAST(NULL AS TEXT) AS "metric",
    CAST(NULL AS REAL) AS "raw_value",
    p2_used AS "score",
    CAST(0.4 AS REAL) AS "weight",
    p2_eff AS "effective_weight",
    p2_eff * p2_used AS "contribution",
    p2_coverage AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    5 AS row_order
  FROM index_scores
  UNION ALL
  /* O'Brien's pillar / user */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'O''Brien''s pillar' AS "pillar",
    'user' AS "metric",
    m4_raw AS "raw_value",
    m4_used AS "score",
    CAST(0.5 AS REAL) AS "weight",
    CASE
      WHEN p2_eff > 0 AND m4_eff > 0
      THEN CAST(2 AS REAL) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS REAL)
    END AS "effective_weight",
    CASE
      WHEN p2_eff > 0 AND m4_eff > 0
      THEN CAST(2 AS REAL) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS REAL)
    END * m4_used AS "contribution",
    CASE WHEN NOT m4_score IS NULL THEN CAST(1 AS REAL) ELSE CAST(0 AS REAL) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    6 AS row_order
  FROM index_scores
  UNION ALL
  /* O'Brien's pillar / percent 100% */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'O''Brien''s pillar' AS "pillar",
    'percent 100%' AS "metric",
    m5_raw AS "raw_value",
    m5_used AS "score",
    CAST(0.5 AS REAL) AS "weight",
    CASE
      WHEN p2_eff > 0 AND m5_eff > 0
      THEN CAST(2 AS REAL) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS REAL)
    END AS "effective_weight",
    CASE
      WHEN p2_eff > 0 AND m5_eff > 0
      THEN CAST(2 AS REAL) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS REAL)
    END * m5_used AS "contribution",
    CASE WHEN NOT m5_score IS NULL THEN CAST(1 AS REAL) ELSE CAST(0 AS REAL) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    7 AS row_order
  FROM index_scores
) AS result_rows
ORDER BY
  COALESCE("period", ''),
  COALESCE("unit", ''),
  row_order;
