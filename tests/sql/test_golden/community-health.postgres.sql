/*
 * chi-lang 0.1.0 · spec "Lumen Community Health" (community-health.chi) · dialect postgres
 * Returns the long table of `chi-lang eval --format csv`: one row per period, unit, level,
 * pillar and metric, in that order, with raw value, score (0-100, unrounded), weight,
 * effective weight, contribution, coverage and status.
 * PostgreSQL: run with SET jit = off; compiling this long statement costs more than running it.
 * Reads these tables (dates as UTC timestamps; see docs/sql.md):
 * survey (source survey): submitted_at TIMESTAMP, satisfaction DOUBLE PRECISION, nps DOUBLE PRECISION
 * mentions (source mentions): date TIMESTAMP, sentiment DOUBLE PRECISION, is_partner BOOLEAN
 * events (source events): date TIMESTAMP, attendees DOUBLE PRECISION
 * downloads (source downloads): date TIMESTAMP, downloads DOUBLE PRECISION
 * forum (source forum): created_at TIMESTAMP, kind TEXT, accepted BOOLEAN, likes DOUBLE PRECISION, replies DOUBLE PRECISION, "author.is_staff" BOOLEAN
 * tickets (source tickets): opened_at TIMESTAMP, first_reply_at TIMESTAMP, status TEXT, resolved_at TIMESTAMP
 */
WITH survey_scan /* source survey (data/survey.csv): 2 metrics in one pass */ AS (
  SELECT
    cell_period,
    cell_unit,
    COUNT(*) AS rows_read,
    MIN(submitted_at_date) AS first_date,
    MAX(submitted_at_date) AS last_date,
    AVG(satisfaction_num) AS m1_1, /* Brand engagement / satisfaction: mean */
    CAST(COUNT(CASE WHEN nps_num >= 9 THEN 1 END) AS DOUBLE PRECISION) / NULLIF(CAST(COUNT(*) AS DOUBLE PRECISION), 0) AS m2_1, /* Brand engagement / net_promoter: share */
    CAST(COUNT(CASE WHEN nps_num <= 6 THEN 1 END) AS DOUBLE PRECISION) / NULLIF(CAST(COUNT(*) AS DOUBLE PRECISION), 0) AS m2_2 /* Brand engagement / net_promoter: share */
  FROM (
    SELECT
      typed.*,
      TO_CHAR(submitted_at_date, 'YYYY-MM') AS cell_period,
      CAST(NULL AS VARCHAR) AS cell_unit
    FROM (
      SELECT
        t.submitted_at AS submitted_at_date,
        t.satisfaction AS satisfaction_num,
        t.nps AS nps_num
      FROM survey AS t
    ) AS typed
  ) AS keyed
  GROUP BY
    cell_period,
    cell_unit
), mentions_scan /* source mentions (data/mentions.csv): 3 metrics in one pass */ AS (
  SELECT
    cell_period,
    cell_unit,
    COUNT(*) AS rows_read,
    MIN(date_date) AS first_date,
    MAX(date_date) AS last_date,
    AVG(sentiment_num) AS m3_1, /* Brand engagement / sentiment: mean */
    COUNT(*) AS m4_1, /* Brand engagement / mention_volume: count */
    COUNT(CASE WHEN is_partner_bool THEN 1 END) AS m5_1 /* Industry engagement / partner_mentions: count */
  FROM (
    SELECT
      typed.*,
      TO_CHAR(date_date, 'YYYY-MM') AS cell_period,
      CAST(NULL AS VARCHAR) AS cell_unit
    FROM (
      SELECT
        t.date AS date_date,
        t.sentiment AS sentiment_num,
        t.is_partner AS is_partner_bool
      FROM mentions AS t
    ) AS typed
  ) AS keyed
  GROUP BY
    cell_period,
    cell_unit
), events_scan /* source events (data/events.csv): 2 metrics in one pass */ AS (
  SELECT
    cell_period,
    cell_unit,
    COUNT(*) AS rows_read,
    MIN(date_date) AS first_date,
    MAX(date_date) AS last_date,
    COUNT(*) AS m6_1, /* Industry engagement / events: count */
    SUM(attendees_num) AS m7_1 /* Industry engagement / event_attendance: sum */
  FROM (
    SELECT
      typed.*,
      TO_CHAR(date_date, 'YYYY-MM') AS cell_period,
      CAST(NULL AS VARCHAR) AS cell_unit
    FROM (
      SELECT
        t.date AS date_date,
        t.attendees AS attendees_num
      FROM events AS t
    ) AS typed
  ) AS keyed
  GROUP BY
    cell_period,
    cell_unit
), downloads_scan /* source downloads (data/downloads.csv): 1 metric in one pass */ AS (
  SELECT
    cell_period,
    cell_unit,
    COUNT(*) AS rows_read,
    MIN(date_date) AS first_date,
    MAX(date_date) AS last_date,
    SUM(downloads_num) AS m8_1 /* Industry engagement / downloads: sum */
  FROM (
    SELECT
      typed.*,
      TO_CHAR(date_date, 'YYYY-MM') AS cell_period,
      CAST(NULL AS VARCHAR) AS cell_unit
    FROM (
      SELECT
        t.date AS date_date,
        t.downloads AS downloads_num
      FROM downloads AS t
    ) AS typed
  ) AS keyed
  GROUP BY
    cell_period,
    cell_unit
), forum_scan /* source forum (data/forum_posts.jsonl): 5 metrics in one pass */ AS (
  SELECT
    cell_period,
    cell_unit,
    COUNT(*) AS rows_read,
    MIN(created_at_date) AS first_date,
    MAX(created_at_date) AS last_date,
    COUNT(CASE WHEN kind_text IN ('article', 'tutorial') THEN 1 END) AS m9_1, /* Content curation & creation / guides: count */
    CAST(COUNT(CASE WHEN kind_text = 'answer' AND accepted_bool THEN 1 END) AS DOUBLE PRECISION) / NULLIF(CAST(COUNT(CASE WHEN kind_text = 'answer' THEN 1 END) AS DOUBLE PRECISION), 0) AS m10_1, /* Content curation & creation / accepted_answers: share */
    AVG(likes_num) AS m11_1, /* Content curation & creation / likes_per_post: mean */
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
      CASE WHEN kind_text = 'question' THEN replies_num END) AS m12_1, /* Content curation & creation / replies_per_question: median */
    CAST(COUNT(CASE WHEN author_is_staff_bool THEN 1 END) AS DOUBLE PRECISION) / NULLIF(CAST(COUNT(*) AS DOUBLE PRECISION), 0) AS m16_1 /* Internal engagement / staff_presence: share */
  FROM (
    SELECT
      typed.*,
      TO_CHAR(created_at_date, 'YYYY-MM') AS cell_period,
      CAST(NULL AS VARCHAR) AS cell_unit
    FROM (
      SELECT
        t.created_at AS created_at_date,
        t.kind AS kind_text,
        t.accepted AS accepted_bool,
        t.likes AS likes_num,
        t.replies AS replies_num,
        t."author.is_staff" AS author_is_staff_bool
      FROM forum AS t
    ) AS typed
  ) AS keyed
  GROUP BY
    cell_period,
    cell_unit
), tickets_scan /* source tickets (data/tickets.csv): 3 metrics in one pass */ AS (
  SELECT
    cell_period,
    cell_unit,
    COUNT(*) AS rows_read,
    MIN(opened_at_date) AS first_date,
    MAX(opened_at_date) AS last_date,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
      CAST(EXTRACT(EPOCH FROM first_reply_at_date - opened_at_date) AS DOUBLE PRECISION) / CAST(3600 AS DOUBLE PRECISION)) AS m13_1, /* Internal engagement / first_reply: median */
    COUNT(CASE WHEN status_text = 'resolved' THEN 1 END) AS m14_1, /* Internal engagement / resolution_rate: count (filtered) */
    COUNT(*) AS m14_2, /* Internal engagement / resolution_rate: count */
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
      CAST(EXTRACT(EPOCH FROM resolved_at_date - opened_at_date) AS DOUBLE PRECISION) / CAST(86400 AS DOUBLE PRECISION)) AS m15_1 /* Internal engagement / time_to_resolve: median */
  FROM (
    SELECT
      typed.*,
      TO_CHAR(opened_at_date, 'YYYY-MM') AS cell_period,
      CAST(NULL AS VARCHAR) AS cell_unit
    FROM (
      SELECT
        t.opened_at AS opened_at_date,
        t.first_reply_at AS first_reply_at_date,
        t.status AS status_text,
        t.resolved_at AS resolved_at_date
      FROM tickets AS t
    ) AS typed
  ) AS keyed
  GROUP BY
    cell_period,
    cell_unit
), cells /* every period and unit some source has rows for */ AS (
  SELECT
    cell_period,
    cell_unit
  FROM survey_scan
  WHERE
    NOT cell_period IS NULL
  UNION
  SELECT
    cell_period,
    cell_unit
  FROM mentions_scan
  WHERE
    NOT cell_period IS NULL
  UNION
  SELECT
    cell_period,
    cell_unit
  FROM events_scan
  WHERE
    NOT cell_period IS NULL
  UNION
  SELECT
    cell_period,
    cell_unit
  FROM downloads_scan
  WHERE
    NOT cell_period IS NULL
  UNION
  SELECT
    cell_period,
    cell_unit
  FROM forum_scan
  WHERE
    NOT cell_period IS NULL
  UNION
  SELECT
    cell_period,
    cell_unit
  FROM tickets_scan
  WHERE
    NOT cell_period IS NULL
), metric_values /* raw values: aggregates combined per metric */ AS (
  SELECT
    cells.cell_period,
    cells.cell_unit,
    CASE
      WHEN NOT NOT survey_scan.m1_1 IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `satisfaction` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(survey_scan.m1_1 AS VARCHAR), '') AS INT)
      ELSE survey_scan.m1_1
    END AS m1_raw, /* Brand engagement / satisfaction */
    CASE
      WHEN NOT NOT (
        CAST(100 AS DOUBLE PRECISION) * (
          survey_scan.m2_1 - survey_scan.m2_2
        )
      ) IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `net_promoter` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(
        CAST(CAST(100 AS DOUBLE PRECISION) * (
          survey_scan.m2_1 - survey_scan.m2_2
        ) AS VARCHAR),
        ''
      ) AS INT)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        survey_scan.m2_1 - survey_scan.m2_2
      )
    END AS m2_raw, /* Brand engagement / net_promoter */
    CASE
      WHEN NOT NOT mentions_scan.m3_1 IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `sentiment` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(mentions_scan.m3_1 AS VARCHAR), '') AS INT)
      ELSE mentions_scan.m3_1
    END AS m3_raw, /* Brand engagement / sentiment */
    CASE
      WHEN NOT NOT CAST(COALESCE(mentions_scan.m4_1, 0) AS DOUBLE PRECISION) IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `mention_volume` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(CAST(COALESCE(mentions_scan.m4_1, 0) AS DOUBLE PRECISION) AS VARCHAR), '') AS INT)
      ELSE CAST(COALESCE(mentions_scan.m4_1, 0) AS DOUBLE PRECISION)
    END AS m4_raw, /* Brand engagement / mention_volume */
    CASE
      WHEN NOT NOT CAST(COALESCE(mentions_scan.m5_1, 0) AS DOUBLE PRECISION) IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `partner_mentions` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(CAST(COALESCE(mentions_scan.m5_1, 0) AS DOUBLE PRECISION) AS VARCHAR), '') AS INT)
      ELSE CAST(COALESCE(mentions_scan.m5_1, 0) AS DOUBLE PRECISION)
    END AS m5_raw, /* Industry engagement / partner_mentions */
    CASE
      WHEN NOT NOT CAST(COALESCE(events_scan.m6_1, 0) AS DOUBLE PRECISION) IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `events` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(CAST(COALESCE(events_scan.m6_1, 0) AS DOUBLE PRECISION) AS VARCHAR), '') AS INT)
      ELSE CAST(COALESCE(events_scan.m6_1, 0) AS DOUBLE PRECISION)
    END AS m6_raw, /* Industry engagement / events */
    CASE
      WHEN NOT NOT COALESCE(events_scan.m7_1, CAST(0 AS DOUBLE PRECISION)) IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `event_attendance` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(COALESCE(events_scan.m7_1, CAST(0 AS DOUBLE PRECISION)) AS VARCHAR), '') AS INT)
      ELSE COALESCE(events_scan.m7_1, CAST(0 AS DOUBLE PRECISION))
    END AS m7_raw, /* Industry engagement / event_attendance */
    CASE
      WHEN NOT NOT COALESCE(downloads_scan.m8_1, CAST(0 AS DOUBLE PRECISION)) IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `downloads` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(COALESCE(downloads_scan.m8_1, CAST(0 AS DOUBLE PRECISION)) AS VARCHAR), '') AS INT)
      ELSE COALESCE(downloads_scan.m8_1, CAST(0 AS DOUBLE PRECISION))
    END AS m8_raw, /* Industry engagement / downloads */
    CASE
      WHEN NOT NOT CAST(COALESCE(forum_scan.m9_1, 0) AS DOUBLE PRECISION) IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `guides` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(CAST(COALESCE(forum_scan.m9_1, 0) AS DOUBLE PRECISION) AS VARCHAR), '') AS INT)
      ELSE CAST(COALESCE(forum_scan.m9_1, 0) AS DOUBLE PRECISION)
    END AS m9_raw, /* Content curation & creation / guides */
    CASE
      WHEN NOT NOT forum_scan.m10_1 IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `accepted_answers` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(forum_scan.m10_1 AS VARCHAR), '') AS INT)
      ELSE forum_scan.m10_1
    END AS m10_raw, /* Content curation & creation / accepted_answers */
    CASE
      WHEN NOT NOT forum_scan.m11_1 IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `likes_per_post` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(forum_scan.m11_1 AS VARCHAR), '') AS INT)
      ELSE forum_scan.m11_1
    END AS m11_raw, /* Content curation & creation / likes_per_post */
    CASE
      WHEN NOT NOT forum_scan.m12_1 IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `replies_per_question` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(forum_scan.m12_1 AS VARCHAR), '') AS INT)
      ELSE forum_scan.m12_1
    END AS m12_raw, /* Content curation & creation / replies_per_question */
    CASE
      WHEN NOT NOT tickets_scan.m13_1 IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `first_reply` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(tickets_scan.m13_1 AS VARCHAR), '') AS INT)
      ELSE tickets_scan.m13_1
    END AS m13_raw, /* Internal engagement / first_reply */
    CASE
      WHEN NOT NOT (
        CAST(COALESCE(tickets_scan.m14_1, 0) AS DOUBLE PRECISION) / NULLIF(CAST(COALESCE(tickets_scan.m14_2, 0) AS DOUBLE PRECISION), 0)
      ) IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `resolution_rate` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(
        CAST(CAST(COALESCE(tickets_scan.m14_1, 0) AS DOUBLE PRECISION) / NULLIF(CAST(COALESCE(tickets_scan.m14_2, 0) AS DOUBLE PRECISION), 0) AS VARCHAR),
        ''
      ) AS INT)
      ELSE CAST(COALESCE(tickets_scan.m14_1, 0) AS DOUBLE PRECISION) / NULLIF(CAST(COALESCE(tickets_scan.m14_2, 0) AS DOUBLE PRECISION), 0)
    END AS m14_raw, /* Internal engagement / resolution_rate */
    CASE
      WHEN NOT NOT tickets_scan.m15_1 IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `time_to_resolve` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(tickets_scan.m15_1 AS VARCHAR), '') AS INT)
      ELSE tickets_scan.m15_1
    END AS m15_raw, /* Internal engagement / time_to_resolve */
    CASE
      WHEN NOT NOT forum_scan.m16_1 IN (
        CAST('NaN' AS DOUBLE PRECISION),
        CAST('Infinity' AS DOUBLE PRECISION),
        CAST('-Infinity' AS DOUBLE PRECISION)
      )
      THEN CAST('chi-lang CHI415: metric `staff_presence` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(forum_scan.m16_1 AS VARCHAR), '') AS INT)
      ELSE forum_scan.m16_1
    END AS m16_raw /* Internal engagement / staff_presence */
  FROM cells
  LEFT JOIN survey_scan
    ON survey_scan.cell_period = cells.cell_period
  LEFT JOIN mentions_scan
    ON mentions_scan.cell_period = cells.cell_period
  LEFT JOIN events_scan
    ON events_scan.cell_period = cells.cell_period
  LEFT JOIN downloads_scan
    ON downloads_scan.cell_period = cells.cell_period
  LEFT JOIN forum_scan
    ON forum_scan.cell_period = cells.cell_period
  LEFT JOIN tickets_scan
    ON tickets_scan.cell_period = cells.cell_period
), metric_normalised /* normalisation: raw value to score */ AS (
  SELECT
    *,
    CAST(100 AS DOUBLE PRECISION) * (
      m1_raw - CAST(1 AS DOUBLE PRECISION)
    ) / CAST(4 AS DOUBLE PRECISION) AS m1_norm, /* Brand engagement / satisfaction: scale 1..5 */
    CAST(100 AS DOUBLE PRECISION) * (
      m2_raw - CAST(-100 AS DOUBLE PRECISION)
    ) / CAST(200 AS DOUBLE PRECISION) AS m2_norm, /* Brand engagement / net_promoter: scale -100..100 */
    CAST(100 AS DOUBLE PRECISION) * (
      m3_raw - CAST(-1 AS DOUBLE PRECISION)
    ) / CAST(2 AS DOUBLE PRECISION) AS m3_norm, /* Brand engagement / sentiment: scale -1..1 */
    CASE
      WHEN m4_raw / CAST(500 AS DOUBLE PRECISION) > 1
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        m4_raw / CAST(500 AS DOUBLE PRECISION)
      )
    END AS m4_norm, /* Brand engagement / mention_volume: target 500 */
    CASE
      WHEN m5_raw / CAST(60 AS DOUBLE PRECISION) > 1
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        m5_raw / CAST(60 AS DOUBLE PRECISION)
      )
    END AS m5_norm, /* Industry engagement / partner_mentions: target 60 */
    CASE
      WHEN m6_raw / CAST(10 AS DOUBLE PRECISION) > 1
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        m6_raw / CAST(10 AS DOUBLE PRECISION)
      )
    END AS m6_norm, /* Industry engagement / events: target 10 */
    CASE
      WHEN m7_raw / CAST(1500 AS DOUBLE PRECISION) > 1
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        m7_raw / CAST(1500 AS DOUBLE PRECISION)
      )
    END AS m7_norm, /* Industry engagement / event_attendance: target 1500 */
    CASE
      WHEN m8_raw <= 0
      THEN CAST('chi-lang CHI409: metric `downloads` has raw value ' || COALESCE(
        CASE
          WHEN m8_raw = FLOOR(m8_raw) AND ABS(m8_raw) < 1000000000000000.0
          THEN CAST(CAST(m8_raw AS BIGINT) AS VARCHAR)
          ELSE CAST(m8_raw AS VARCHAR)
        END,
        ''
      ) || COALESCE(' for ' || cell_period, '') || ': log needs values above 0' AS INT)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        LN(m8_raw) - CAST(9.210340371976184 AS DOUBLE PRECISION)
      ) / CAST(4.60517018598809 AS DOUBLE PRECISION)
    END AS m8_norm, /* Industry engagement / downloads: log scale 10000..1e+06 */
    CASE
      WHEN m9_raw / CAST(100 AS DOUBLE PRECISION) > 1
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        m9_raw / CAST(100 AS DOUBLE PRECISION)
      )
    END AS m9_norm, /* Content curation & creation / guides: target 100 */
    CASE
      WHEN m10_raw / CAST(0.5 AS DOUBLE PRECISION) > 1
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        m10_raw / CAST(0.5 AS DOUBLE PRECISION)
      )
    END AS m10_norm, /* Content curation & creation / accepted_answers: target 0.5 */
    CASE
      WHEN m11_raw / CAST(5 AS DOUBLE PRECISION) > 1
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        m11_raw / CAST(5 AS DOUBLE PRECISION)
      )
    END AS m11_norm, /* Content curation & creation / likes_per_post: target 5 */
    CASE
      WHEN m12_raw / CAST(3 AS DOUBLE PRECISION) > 1
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        m12_raw / CAST(3 AS DOUBLE PRECISION)
      )
    END AS m12_norm, /* Content curation & creation / replies_per_question: target 3 */
    CAST(100 AS DOUBLE PRECISION) * (
      CAST(48 AS DOUBLE PRECISION) - m13_raw
    ) / CAST(48 AS DOUBLE PRECISION) AS m13_norm, /* Internal engagement / first_reply: scale 0..48 lower_is_better */
    CASE
      WHEN m14_raw / CAST(0.9 AS DOUBLE PRECISION) > 1
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        m14_raw / CAST(0.9 AS DOUBLE PRECISION)
      )
    END AS m14_norm, /* Internal engagement / resolution_rate: target 0.9 */
    CASE
      WHEN m15_raw <= CAST(2 AS DOUBLE PRECISION)
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST(200 AS DOUBLE PRECISION) / m15_raw
    END AS m15_norm, /* Internal engagement / time_to_resolve: target 2 lower_is_better */
    CASE
      WHEN m16_raw / CAST(0.1 AS DOUBLE PRECISION) > 1
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST(100 AS DOUBLE PRECISION) * (
        m16_raw / CAST(0.1 AS DOUBLE PRECISION)
      )
    END AS m16_norm /* Internal engagement / staff_presence: target 0.1 */
  FROM metric_values
), metric_scores /* scores clamped to 0-100 */ AS (
  SELECT
    *,
    CASE
      WHEN m1_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m1_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m1_norm
    END AS m1_score,
    CASE
      WHEN m2_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m2_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m2_norm
    END AS m2_score,
    CASE
      WHEN m3_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m3_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m3_norm
    END AS m3_score,
    CASE
      WHEN m4_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m4_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m4_norm
    END AS m4_score,
    CASE
      WHEN m5_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m5_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m5_norm
    END AS m5_score,
    CASE
      WHEN m6_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m6_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m6_norm
    END AS m6_score,
    CASE
      WHEN m7_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m7_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m7_norm
    END AS m7_score,
    CASE
      WHEN m8_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m8_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m8_norm
    END AS m8_score,
    CASE
      WHEN m9_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m9_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m9_norm
    END AS m9_score,
    CASE
      WHEN m10_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m10_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m10_norm
    END AS m10_score,
    CASE
      WHEN m11_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m11_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m11_norm
    END AS m11_score,
    CASE
      WHEN m12_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m12_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m12_norm
    END AS m12_score,
    CASE
      WHEN m13_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m13_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m13_norm
    END AS m13_score,
    CASE
      WHEN m14_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m14_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m14_norm
    END AS m14_score,
    CASE
      WHEN m15_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m15_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m15_norm
    END AS m15_score,
    CASE
      WHEN m16_norm < 0
      THEN CAST(0 AS DOUBLE PRECISION)
      WHEN m16_norm > 100
      THEN CAST(100 AS DOUBLE PRECISION)
      ELSE m16_norm
    END AS m16_score
  FROM metric_normalised
), metric_used /* the score each metric enters its pillar with (missing policy) */ AS (
  SELECT
    *,
    m1_score AS m1_used, /* Brand engagement / satisfaction */
    m2_score AS m2_used, /* Brand engagement / net_promoter */
    m3_score AS m3_used, /* Brand engagement / sentiment */
    m4_score AS m4_used, /* Brand engagement / mention_volume */
    m5_score AS m5_used, /* Industry engagement / partner_mentions */
    m6_score AS m6_used, /* Industry engagement / events */
    m7_score AS m7_used, /* Industry engagement / event_attendance */
    m8_score AS m8_used, /* Industry engagement / downloads */
    m9_score AS m9_used, /* Content curation & creation / guides */
    m10_score AS m10_used, /* Content curation & creation / accepted_answers */
    m11_score AS m11_used, /* Content curation & creation / likes_per_post */
    m12_score AS m12_used, /* Content curation & creation / replies_per_question */
    m13_score AS m13_used, /* Internal engagement / first_reply */
    m14_score AS m14_used, /* Internal engagement / resolution_rate */
    m15_score AS m15_used, /* Internal engagement / time_to_resolve */
    m16_score AS m16_used /* Internal engagement / staff_presence */
  FROM metric_scores
), pillar_totals /* weight with data, and coverage, per pillar */ AS (
  SELECT
    *,
    CASE WHEN NOT m1_used IS NULL THEN CAST(7 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m2_used IS NULL THEN CAST(5 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m3_used IS NULL THEN CAST(4 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m4_used IS NULL THEN CAST(4 AS DOUBLE PRECISION) ELSE 0 END AS p1_total, /* pillar Brand engagement, weights in units of 1/20 */
    CASE WHEN NOT m1_score IS NULL THEN CAST(7 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m2_score IS NULL THEN CAST(5 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m3_score IS NULL THEN CAST(4 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m4_score IS NULL THEN CAST(4 AS DOUBLE PRECISION) ELSE 0 END AS p1_covered,
    (
      CASE WHEN NOT m1_score IS NULL THEN CAST(7 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m2_score IS NULL THEN CAST(5 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m3_score IS NULL THEN CAST(4 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m4_score IS NULL THEN CAST(4 AS DOUBLE PRECISION) ELSE 0 END
    ) / CAST(20 AS DOUBLE PRECISION) AS p1_coverage,
    CASE WHEN NOT m5_used IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m6_used IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m7_used IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m8_used IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END AS p2_total, /* pillar Industry engagement, weights in units of 1/4 */
    CASE WHEN NOT m5_score IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m6_score IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m7_score IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m8_score IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END AS p2_covered,
    (
      CASE WHEN NOT m5_score IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m6_score IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m7_score IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m8_score IS NULL THEN CAST(1 AS DOUBLE PRECISION) ELSE 0 END
    ) / CAST(4 AS DOUBLE PRECISION) AS p2_coverage,
    CASE WHEN NOT m9_used IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m10_used IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m11_used IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m12_used IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END AS p3_total, /* pillar Content curation & creation, weights in units of 1/10 */
    CASE WHEN NOT m9_score IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m10_score IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m11_score IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m12_score IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END AS p3_covered,
    (
      CASE WHEN NOT m9_score IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m10_score IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m11_score IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m12_score IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END
    ) / CAST(10 AS DOUBLE PRECISION) AS p3_coverage,
    CASE WHEN NOT m13_used IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m14_used IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m15_used IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m16_used IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END AS p4_total, /* pillar Internal engagement, weights in units of 1/10 */
    CASE WHEN NOT m13_score IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m14_score IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m15_score IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m16_score IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END AS p4_covered,
    (
      CASE WHEN NOT m13_score IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m14_score IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m15_score IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT m16_score IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END
    ) / CAST(10 AS DOUBLE PRECISION) AS p4_coverage
  FROM metric_used
), metric_effective /* metric weights renormalised within the pillar */ AS (
  SELECT
    *,
    CASE
      WHEN NOT m1_used IS NULL AND p1_total > 0
      THEN CAST(7 AS DOUBLE PRECISION) / p1_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m1_eff,
    CASE
      WHEN NOT m2_used IS NULL AND p1_total > 0
      THEN CAST(5 AS DOUBLE PRECISION) / p1_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m2_eff,
    CASE
      WHEN NOT m3_used IS NULL AND p1_total > 0
      THEN CAST(4 AS DOUBLE PRECISION) / p1_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m3_eff,
    CASE
      WHEN NOT m4_used IS NULL AND p1_total > 0
      THEN CAST(4 AS DOUBLE PRECISION) / p1_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m4_eff,
    CASE
      WHEN NOT m5_used IS NULL AND p2_total > 0
      THEN CAST(1 AS DOUBLE PRECISION) / p2_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m5_eff,
    CASE
      WHEN NOT m6_used IS NULL AND p2_total > 0
      THEN CAST(1 AS DOUBLE PRECISION) / p2_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m6_eff,
    CASE
      WHEN NOT m7_used IS NULL AND p2_total > 0
      THEN CAST(1 AS DOUBLE PRECISION) / p2_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m7_eff,
    CASE
      WHEN NOT m8_used IS NULL AND p2_total > 0
      THEN CAST(1 AS DOUBLE PRECISION) / p2_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m8_eff,
    CASE
      WHEN NOT m9_used IS NULL AND p3_total > 0
      THEN CAST(3 AS DOUBLE PRECISION) / p3_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m9_eff,
    CASE
      WHEN NOT m10_used IS NULL AND p3_total > 0
      THEN CAST(3 AS DOUBLE PRECISION) / p3_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m10_eff,
    CASE
      WHEN NOT m11_used IS NULL AND p3_total > 0
      THEN CAST(2 AS DOUBLE PRECISION) / p3_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m11_eff,
    CASE
      WHEN NOT m12_used IS NULL AND p3_total > 0
      THEN CAST(2 AS DOUBLE PRECISION) / p3_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m12_eff,
    CASE
      WHEN NOT m13_used IS NULL AND p4_total > 0
      THEN CAST(3 AS DOUBLE PRECISION) / p4_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m13_eff,
    CASE
      WHEN NOT m14_used IS NULL AND p4_total > 0
      THEN CAST(3 AS DOUBLE PRECISION) / p4_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m14_eff,
    CASE
      WHEN NOT m15_used IS NULL AND p4_total > 0
      THEN CAST(2 AS DOUBLE PRECISION) / p4_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m15_eff,
    CASE
      WHEN NOT m16_used IS NULL AND p4_total > 0
      THEN CAST(2 AS DOUBLE PRECISION) / p4_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS m16_eff
  FROM pillar_totals
), pillar_scores /* pillar scores */ AS (
  SELECT
    *,
    CASE
      WHEN p1_total > 0
      THEN COALESCE(m1_used * m1_eff, 0) + COALESCE(m2_used * m2_eff, 0) + COALESCE(m3_used * m3_eff, 0) + COALESCE(m4_used * m4_eff, 0)
    END AS p1_score, /* pillar Brand engagement: arithmetic */
    CASE
      WHEN p2_total > 0
      THEN COALESCE(m5_used * m5_eff, 0) + COALESCE(m6_used * m6_eff, 0) + COALESCE(m7_used * m7_eff, 0) + COALESCE(m8_used * m8_eff, 0)
    END AS p2_score, /* pillar Industry engagement: arithmetic */
    CASE
      WHEN p3_total > 0
      THEN COALESCE(m9_used * m9_eff, 0) + COALESCE(m10_used * m10_eff, 0) + COALESCE(m11_used * m11_eff, 0) + COALESCE(m12_used * m12_eff, 0)
    END AS p3_score, /* pillar Content curation & creation: arithmetic */
    CASE
      WHEN p4_total > 0
      THEN COALESCE(m13_used * m13_eff, 0) + COALESCE(m14_used * m14_eff, 0) + COALESCE(m15_used * m15_eff, 0) + COALESCE(m16_used * m16_eff, 0)
    END AS p4_score /* pillar Internal engagement: arithmetic */
  FROM metric_effective
), pillar_used /* the score each pillar enters the index with */ AS (
  SELECT
    *,
    p1_score AS p1_used,
    p2_score AS p2_used,
    p3_score AS p3_used,
    p4_score AS p4_used
  FROM pillar_scores
), index_totals /* weight with data, and coverage, of the index */ AS (
  SELECT
    *,
    CASE WHEN NOT p1_used IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT p2_used IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT p3_used IS NULL THEN CAST(2 AS DOUBLE PRECISION) ELSE 0 END + CASE WHEN NOT p4_used IS NULL THEN CAST(3 AS DOUBLE PRECISION) ELSE 0 END AS index_total, /* pillar weights in units of 1/10 */
    (
      CAST(3 AS DOUBLE PRECISION) * p1_covered + CAST(10 AS DOUBLE PRECISION) * p2_covered + CAST(4 AS DOUBLE PRECISION) * p3_covered + CAST(6 AS DOUBLE PRECISION) * p4_covered
    ) / CAST(200 AS DOUBLE PRECISION) AS index_coverage
  FROM pillar_used
), pillar_effective /* pillar weights renormalised within the index */ AS (
  SELECT
    *,
    CASE
      WHEN NOT p1_used IS NULL AND index_total > 0
      THEN CAST(3 AS DOUBLE PRECISION) / index_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS p1_eff,
    CASE
      WHEN NOT p2_used IS NULL AND index_total > 0
      THEN CAST(2 AS DOUBLE PRECISION) / index_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS p2_eff,
    CASE
      WHEN NOT p3_used IS NULL AND index_total > 0
      THEN CAST(2 AS DOUBLE PRECISION) / index_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS p3_eff,
    CASE
      WHEN NOT p4_used IS NULL AND index_total > 0
      THEN CAST(3 AS DOUBLE PRECISION) / index_total
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS p4_eff
  FROM index_totals
), index_scores /* the index */ AS (
  SELECT
    *,
    CASE
      WHEN index_total > 0
      THEN COALESCE(p1_used * p1_eff, 0) + COALESCE(p2_used * p2_eff, 0) + COALESCE(p3_used * p3_eff, 0) + COALESCE(p4_used * p4_eff, 0)
    END AS index_score /* index Lumen Community Health: arithmetic */
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
  /* index Lumen Community Health */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'index' AS "level",
    CAST(NULL AS VARCHAR) AS "pillar",
    CAST(NULL AS VARCHAR) AS "metric",
    CAST(NULL AS DOUBLE PRECISION) AS "raw_value",
    index_score AS "score",
    CAST(1 AS DOUBLE PRECISION) AS "weight",
    CAST(1 AS DOUBLE PRECISION) AS "effective_weight",
    index_score AS "contribution",
    index_coverage AS "coverage",
    CASE
      WHEN index_score IS NULL
      THEN CAST(NULL AS VARCHAR)
      WHEN index_score >= 75
      THEN 'healthy'
      WHEN index_score >= 50
      THEN 'watch'
      ELSE 'at risk'
    END AS "status",
    0 AS row_order
  FROM index_scores
  UNION ALL
  /* pillar Brand engagement */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'pillar' AS "level",
    'Brand engagement' AS "pillar",
    CAST(NULL AS VARCHAR) AS "metric",
    CAST(NULL AS DOUBLE PRECISION) AS "raw_value",
    p1_used AS "score",
    CAST(0.3 AS DOUBLE PRECISION) AS "weight",
    p1_eff AS "effective_weight",
    p1_eff * p1_used AS "contribution",
    p1_coverage AS "coverage",
    CASE
      WHEN p1_used IS NULL
      THEN CAST(NULL AS VARCHAR)
      WHEN p1_used >= 75
      THEN 'healthy'
      WHEN p1_used >= 50
      THEN 'watch'
      ELSE 'at risk'
    END AS "status",
    1 AS row_order
  FROM index_scores
  UNION ALL
  /* Brand engagement / satisfaction */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Brand engagement' AS "pillar",
    'satisfaction' AS "metric",
    m1_raw AS "raw_value",
    m1_used AS "score",
    CAST(0.35 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p1_eff > 0 AND m1_eff > 0
      THEN CAST(21 AS DOUBLE PRECISION) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p1_eff > 0 AND m1_eff > 0
      THEN CAST(21 AS DOUBLE PRECISION) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m1_used AS "contribution",
    CASE
      WHEN NOT m1_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    2 AS row_order
  FROM index_scores
  UNION ALL
  /* Brand engagement / net_promoter */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Brand engagement' AS "pillar",
    'net_promoter' AS "metric",
    m2_raw AS "raw_value",
    m2_used AS "score",
    CAST(0.25 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p1_eff > 0 AND m2_eff > 0
      THEN CAST(15 AS DOUBLE PRECISION) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p1_eff > 0 AND m2_eff > 0
      THEN CAST(15 AS DOUBLE PRECISION) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m2_used AS "contribution",
    CASE
      WHEN NOT m2_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    3 AS row_order
  FROM index_scores
  UNION ALL
  /* Brand engagement / sentiment */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Brand engagement' AS "pillar",
    'sentiment' AS "metric",
    m3_raw AS "raw_value",
    m3_used AS "score",
    CAST(0.2 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p1_eff > 0 AND m3_eff > 0
      THEN CAST(12 AS DOUBLE PRECISION) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p1_eff > 0 AND m3_eff > 0
      THEN CAST(12 AS DOUBLE PRECISION) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m3_used AS "contribution",
    CASE
      WHEN NOT m3_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    4 AS row_order
  FROM index_scores
  UNION ALL
  /* Brand engagement / mention_volume */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Brand engagement' AS "pillar",
    'mention_volume' AS "metric",
    m4_raw AS "raw_value",
    m4_used AS "score",
    CAST(0.2 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p1_eff > 0 AND m4_eff > 0
      THEN CAST(12 AS DOUBLE PRECISION) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p1_eff > 0 AND m4_eff > 0
      THEN CAST(12 AS DOUBLE PRECISION) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m4_used AS "contribution",
    CASE
      WHEN NOT m4_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    5 AS row_order
  FROM index_scores
  UNION ALL
  /* pillar Industry engagement */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'pillar' AS "level",
    'Industry engagement' AS "pillar",
    CAST(NULL AS VARCHAR) AS "metric",
    CAST(NULL AS DOUBLE PRECISION) AS "raw_value",
    p2_used AS "score",
    CAST(0.2 AS DOUBLE PRECISION) AS "weight",
    p2_eff AS "effective_weight",
    p2_eff * p2_used AS "contribution",
    p2_coverage AS "coverage",
    CASE
      WHEN p2_used IS NULL
      THEN CAST(NULL AS VARCHAR)
      WHEN p2_used >= 75
      THEN 'healthy'
      WHEN p2_used >= 50
      THEN 'watch'
      ELSE 'at risk'
    END AS "status",
    6 AS row_order
  FROM index_scores
  UNION ALL
  /* Industry engagement / partner_mentions */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Industry engagement' AS "pillar",
    'partner_mentions' AS "metric",
    m5_raw AS "raw_value",
    m5_used AS "score",
    CAST(0.25 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p2_eff > 0 AND m5_eff > 0
      THEN CAST(2 AS DOUBLE PRECISION) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p2_eff > 0 AND m5_eff > 0
      THEN CAST(2 AS DOUBLE PRECISION) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m5_used AS "contribution",
    CASE
      WHEN NOT m5_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    7 AS row_order
  FROM index_scores
  UNION ALL
  /* Industry engagement / events */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Industry engagement' AS "pillar",
    'events' AS "metric",
    m6_raw AS "raw_value",
    m6_used AS "score",
    CAST(0.25 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p2_eff > 0 AND m6_eff > 0
      THEN CAST(2 AS DOUBLE PRECISION) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p2_eff > 0 AND m6_eff > 0
      THEN CAST(2 AS DOUBLE PRECISION) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m6_used AS "contribution",
    CASE
      WHEN NOT m6_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    8 AS row_order
  FROM index_scores
  UNION ALL
  /* Industry engagement / event_attendance */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Industry engagement' AS "pillar",
    'event_attendance' AS "metric",
    m7_raw AS "raw_value",
    m7_used AS "score",
    CAST(0.25 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p2_eff > 0 AND m7_eff > 0
      THEN CAST(2 AS DOUBLE PRECISION) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p2_eff > 0 AND m7_eff > 0
      THEN CAST(2 AS DOUBLE PRECISION) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m7_used AS "contribution",
    CASE
      WHEN NOT m7_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    9 AS row_order
  FROM index_scores
  UNION ALL
  /* Industry engagement / downloads */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Industry engagement' AS "pillar",
    'downloads' AS "metric",
    m8_raw AS "raw_value",
    m8_used AS "score",
    CAST(0.25 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p2_eff > 0 AND m8_eff > 0
      THEN CAST(2 AS DOUBLE PRECISION) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p2_eff > 0 AND m8_eff > 0
      THEN CAST(2 AS DOUBLE PRECISION) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m8_used AS "contribution",
    CASE
      WHEN NOT m8_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    10 AS row_order
  FROM index_scores
  UNION ALL
  /* pillar Content curation & creation */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'pillar' AS "level",
    'Content curation & creation' AS "pillar",
    CAST(NULL AS VARCHAR) AS "metric",
    CAST(NULL AS DOUBLE PRECISION) AS "raw_value",
    p3_used AS "score",
    CAST(0.2 AS DOUBLE PRECISION) AS "weight",
    p3_eff AS "effective_weight",
    p3_eff * p3_used AS "contribution",
    p3_coverage AS "coverage",
    CASE
      WHEN p3_used IS NULL
      THEN CAST(NULL AS VARCHAR)
      WHEN p3_used >= 75
      THEN 'healthy'
      WHEN p3_used >= 50
      THEN 'watch'
      ELSE 'at risk'
    END AS "status",
    11 AS row_order
  FROM index_scores
  UNION ALL
  /* Content curation & creation / guides */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Content curation & creation' AS "pillar",
    'guides' AS "metric",
    m9_raw AS "raw_value",
    m9_used AS "score",
    CAST(0.3 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p3_eff > 0 AND m9_eff > 0
      THEN CAST(6 AS DOUBLE PRECISION) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p3_eff > 0 AND m9_eff > 0
      THEN CAST(6 AS DOUBLE PRECISION) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m9_used AS "contribution",
    CASE
      WHEN NOT m9_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    12 AS row_order
  FROM index_scores
  UNION ALL
  /* Content curation & creation / accepted_answers */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Content curation & creation' AS "pillar",
    'accepted_answers' AS "metric",
    m10_raw AS "raw_value",
    m10_used AS "score",
    CAST(0.3 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p3_eff > 0 AND m10_eff > 0
      THEN CAST(6 AS DOUBLE PRECISION) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p3_eff > 0 AND m10_eff > 0
      THEN CAST(6 AS DOUBLE PRECISION) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m10_used AS "contribution",
    CASE
      WHEN NOT m10_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    13 AS row_order
  FROM index_scores
  UNION ALL
  /* Content curation & creation / likes_per_post */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Content curation & creation' AS "pillar",
    'likes_per_post' AS "metric",
    m11_raw AS "raw_value",
    m11_used AS "score",
    CAST(0.2 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p3_eff > 0 AND m11_eff > 0
      THEN CAST(4 AS DOUBLE PRECISION) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p3_eff > 0 AND m11_eff > 0
      THEN CAST(4 AS DOUBLE PRECISION) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m11_used AS "contribution",
    CASE
      WHEN NOT m11_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    14 AS row_order
  FROM index_scores
  UNION ALL
  /* Content curation & creation / replies_per_question */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Content curation & creation' AS "pillar",
    'replies_per_question' AS "metric",
    m12_raw AS "raw_value",
    m12_used AS "score",
    CAST(0.2 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p3_eff > 0 AND m12_eff > 0
      THEN CAST(4 AS DOUBLE PRECISION) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p3_eff > 0 AND m12_eff > 0
      THEN CAST(4 AS DOUBLE PRECISION) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m12_used AS "contribution",
    CASE
      WHEN NOT m12_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    15 AS row_order
  FROM index_scores
  UNION ALL
  /* pillar Internal engagement */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'pillar' AS "level",
    'Internal engagement' AS "pillar",
    CAST(NULL AS VARCHAR) AS "metric",
    CAST(NULL AS DOUBLE PRECISION) AS "raw_value",
    p4_used AS "score",
    CAST(0.3 AS DOUBLE PRECISION) AS "weight",
    p4_eff AS "effective_weight",
    p4_eff * p4_used AS "contribution",
    p4_coverage AS "coverage",
    CASE
      WHEN p4_used IS NULL
      THEN CAST(NULL AS VARCHAR)
      WHEN p4_used >= 75
      THEN 'healthy'
      WHEN p4_used >= 50
      THEN 'watch'
      ELSE 'at risk'
    END AS "status",
    16 AS row_order
  FROM index_scores
  UNION ALL
  /* Internal engagement / first_reply */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Internal engagement' AS "pillar",
    'first_reply' AS "metric",
    m13_raw AS "raw_value",
    m13_used AS "score",
    CAST(0.3 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p4_eff > 0 AND m13_eff > 0
      THEN CAST(9 AS DOUBLE PRECISION) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p4_eff > 0 AND m13_eff > 0
      THEN CAST(9 AS DOUBLE PRECISION) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m13_used AS "contribution",
    CASE
      WHEN NOT m13_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    17 AS row_order
  FROM index_scores
  UNION ALL
  /* Internal engagement / resolution_rate */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Internal engagement' AS "pillar",
    'resolution_rate' AS "metric",
    m14_raw AS "raw_value",
    m14_used AS "score",
    CAST(0.3 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p4_eff > 0 AND m14_eff > 0
      THEN CAST(9 AS DOUBLE PRECISION) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p4_eff > 0 AND m14_eff > 0
      THEN CAST(9 AS DOUBLE PRECISION) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m14_used AS "contribution",
    CASE
      WHEN NOT m14_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    18 AS row_order
  FROM index_scores
  UNION ALL
  /* Internal engagement / time_to_resolve */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Internal engagement' AS "pillar",
    'time_to_resolve' AS "metric",
    m15_raw AS "raw_value",
    m15_used AS "score",
    CAST(0.2 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p4_eff > 0 AND m15_eff > 0
      THEN CAST(6 AS DOUBLE PRECISION) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p4_eff > 0 AND m15_eff > 0
      THEN CAST(6 AS DOUBLE PRECISION) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m15_used AS "contribution",
    CASE
      WHEN NOT m15_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    19 AS row_order
  FROM index_scores
  UNION ALL
  /* Internal engagement / staff_presence */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'metric' AS "level",
    'Internal engagement' AS "pillar",
    'staff_presence' AS "metric",
    m16_raw AS "raw_value",
    m16_used AS "score",
    CAST(0.2 AS DOUBLE PRECISION) AS "weight",
    CASE
      WHEN p4_eff > 0 AND m16_eff > 0
      THEN CAST(6 AS DOUBLE PRECISION) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "effective_weight",
    CASE
      WHEN p4_eff > 0 AND m16_eff > 0
      THEN CAST(6 AS DOUBLE PRECISION) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE PRECISION)
    END * m16_used AS "contribution",
    CASE
      WHEN NOT m16_score IS NULL
      THEN CAST(1 AS DOUBLE PRECISION)
      ELSE CAST(0 AS DOUBLE PRECISION)
    END AS "coverage",
    CAST(NULL AS VARCHAR) AS "status",
    20 AS row_order
  FROM index_scores
) AS result_rows
ORDER BY
  COALESCE("period", '') COLLATE "C",
  COALESCE("unit", '') COLLATE "C",
  row_order;
