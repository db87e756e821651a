/*
 * chi-lang 0.1.0 · spec "Lumen Community Health" (community-health.chi) · dialect duckdb
 * Returns the long table of `chi-lang eval --format csv`: one row per period, unit, level,
 * pillar and metric, in that order, with raw value, score (0-100, unrounded), weight,
 * effective weight, contribution, coverage and status.
 * Reads these files (paths as the spec gives them, relative to its folder):
 * data/survey.csv (source survey, csv)
 * data/mentions.csv (source mentions, csv)
 * data/events.csv (source events, csv)
 * data/downloads.csv (source downloads, csv)
 * data/forum_posts.jsonl (source forum, jsonl)
 * data/tickets.csv (source tickets, csv)
 */
WITH survey_scan /* source survey (data/survey.csv): 2 metrics in one pass */ AS (
  SELECT
    cell_period,
    cell_unit,
    COUNT(*) AS rows_read,
    MIN(submitted_at_date) AS first_date,
    MAX(submitted_at_date) AS last_date,
    AVG(satisfaction_num) AS m1_1, /* Brand engagement / satisfaction: mean */
    CAST(COUNT(CASE WHEN nps_num >= 9 THEN 1 END) AS DOUBLE) / NULLIF(CAST(COUNT(*) AS DOUBLE), 0) AS m2_1, /* Brand engagement / net_promoter: share */
    CAST(COUNT(CASE WHEN nps_num <= 6 THEN 1 END) AS DOUBLE) / NULLIF(CAST(COUNT(*) AS DOUBLE), 0) AS m2_2 /* Brand engagement / net_promoter: share */
  FROM (
    SELECT
      typed.*,
      CASE
        WHEN NOT submitted_at_date_bad IS NULL
        THEN ERROR(
          'chi-lang CHI406: source `survey`: value ''' || submitted_at_date_bad || ''' in column `submitted_at` is not a date'
        )
        WHEN NOT satisfaction_num_bad IS NULL AND NOT submitted_at_date IS NULL
        THEN ERROR(
          'chi-lang CHI405: source `survey`: non-numeric value ''' || satisfaction_num_bad || ''' in column `satisfaction`'
        )
        WHEN NOT nps_num_bad IS NULL AND NOT submitted_at_date IS NULL
        THEN ERROR(
          'chi-lang CHI405: source `survey`: non-numeric value ''' || nps_num_bad || ''' in column `nps`'
        )
        ELSE STRFTIME(submitted_at_date, '%Y-%m')
      END AS cell_period, /* fails on a cell the python engine rejects, else the period */
      CAST(NULL AS TEXT) AS cell_unit
    FROM (
      SELECT
        src.submitted_at_trim,
        src.submitted_at_moment,
        src.submitted_at_date,
        src.submitted_at_date_bad,
        src.satisfaction_trim,
        src.satisfaction_num,
        src.satisfaction_num_bad,
        src.nps_trim,
        src.nps_num,
        src.nps_num_bad
      FROM (
        SELECT
          src.*,
          CASE
            WHEN submitted_at_date IS NULL
            AND NOT src.submitted_at IS NULL
            AND NOT submitted_at_trim = ''
            THEN src.submitted_at
          END AS submitted_at_date_bad
        FROM (
          SELECT
            src.*,
            CASE
              WHEN submitted_at_moment BETWEEN CAST('0001-01-01 00:00:00' AS TIMESTAMP) AND CAST('9999-12-31 23:59:59.999999' AS TIMESTAMP)
              THEN submitted_at_moment
            END AS submitted_at_date,
            CASE
              WHEN satisfaction_num IS NULL
              AND NOT src.satisfaction IS NULL
              AND NOT satisfaction_trim = ''
              THEN src.satisfaction
            END AS satisfaction_num_bad,
            CASE
              WHEN nps_num IS NULL AND NOT src.nps IS NULL AND NOT nps_trim = ''
              THEN src.nps
            END AS nps_num_bad
          FROM (
            SELECT
              src.*,
              CASE
                WHEN REGEXP_FULL_MATCH(
                  submitted_at_trim,
                  '\d{4}-\d{2}-\d{2}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?Z?)?'
                )
                THEN TRY_CAST(submitted_at_trim AS TIMESTAMP)
                WHEN REGEXP_FULL_MATCH(
                  submitted_at_trim,
                  '\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)? ?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)'
                )
                THEN TIMEZONE(
                  'UTC',
                  TRY_CAST(REGEXP_REPLACE(submitted_at_trim, ' ([Z+-])', '\1') AS TIMESTAMPTZ)
                )
              END AS submitted_at_moment,
              CASE
                WHEN ISFINITE(TRY_CAST(REPLACE(satisfaction_trim, ',', '.') AS DOUBLE))
                AND STRPOS(REPLACE(satisfaction_trim, ',', '.'), '_') = 0
                AND STRPOS(REPLACE(satisfaction_trim, ',', '.'), '+-') = 0
                AND STRPOS(satisfaction_trim, '.') = 0
                THEN TRY_CAST(REPLACE(satisfaction_trim, ',', '.') AS DOUBLE)
              END AS satisfaction_num,
              CASE
                WHEN ISFINITE(TRY_CAST(REPLACE(nps_trim, ',', '.') AS DOUBLE))
                AND STRPOS(REPLACE(nps_trim, ',', '.'), '_') = 0
                AND STRPOS(REPLACE(nps_trim, ',', '.'), '+-') = 0
                AND STRPOS(nps_trim, '.') = 0
                THEN TRY_CAST(REPLACE(nps_trim, ',', '.') AS DOUBLE)
              END AS nps_num
            FROM (
              SELECT
                src.*,
                CASE
                  WHEN src.submitted_at < '!'
                  OR src.submitted_at >= CHR(128)
                  OR ARRAY_EXTRACT(src.submitted_at, -1) < '!'
                  OR ARRAY_EXTRACT(src.submitted_at, -1) >= CHR(128)
                  THEN TRIM(
                    src.submitted_at,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.submitted_at
                END AS submitted_at_trim,
                CASE
                  WHEN src.satisfaction < '!'
                  OR src.satisfaction >= CHR(128)
                  OR ARRAY_EXTRACT(src.satisfaction, -1) < '!'
                  OR ARRAY_EXTRACT(src.satisfaction, -1) >= CHR(128)
                  THEN TRIM(
                    src.satisfaction,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.satisfaction
                END AS satisfaction_trim,
                CASE
                  WHEN src.nps < '!'
                  OR src.nps >= CHR(128)
                  OR ARRAY_EXTRACT(src.nps, -1) < '!'
                  OR ARRAY_EXTRACT(src.nps, -1) >= CHR(128)
                  THEN TRIM(
                    src.nps,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.nps
                END AS nps_trim
              FROM READ_CSV(
                'data/survey.csv',
                header = TRUE,
                delim = ';',
                quote = '"',
                escape = '"',
                auto_detect = FALSE,
                strict_mode = TRUE,
                nullstr = '',
                encoding = 'utf-8',
                "columns" = {'submitted_at': 'VARCHAR', 'member': 'VARCHAR', 'satisfaction': 'VARCHAR', 'nps': 'VARCHAR', 'channel': 'VARCHAR'}
              ) AS src
            ) AS src
          ) AS src
        ) AS src
      ) AS src
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
      CASE
        WHEN NOT date_date_bad IS NULL
        THEN ERROR(
          'chi-lang CHI406: source `mentions`: value ''' || date_date_bad || ''' in column `date` is not a date'
        )
        WHEN NOT sentiment_num_bad IS NULL AND NOT date_date IS NULL
        THEN ERROR(
          'chi-lang CHI405: source `mentions`: non-numeric value ''' || sentiment_num_bad || ''' in column `sentiment`'
        )
        WHEN NOT is_partner_bool_bad IS NULL AND NOT date_date IS NULL
        THEN ERROR(
          'chi-lang CHI414: source `mentions`: value ''' || is_partner_bool_bad || ''' in column `is_partner` is not true/false'
        )
        ELSE STRFTIME(date_date, '%Y-%m')
      END AS cell_period, /* fails on a cell the python engine rejects, else the period */
      CAST(NULL AS TEXT) AS cell_unit
    FROM (
      SELECT
        src.date_trim,
        src.date_moment,
        src.date_date,
        src.date_date_bad,
        src.sentiment_trim,
        src.sentiment_num,
        src.sentiment_num_bad,
        src.is_partner_trim,
        src.is_partner_bool,
        src.is_partner_bool_bad
      FROM (
        SELECT
          src.*,
          CASE
            WHEN date_date IS NULL AND NOT src.date IS NULL AND NOT date_trim = ''
            THEN src.date
          END AS date_date_bad
        FROM (
          SELECT
            src.*,
            CASE
              WHEN date_moment BETWEEN CAST('0001-01-01 00:00:00' AS TIMESTAMP) AND CAST('9999-12-31 23:59:59.999999' AS TIMESTAMP)
              THEN date_moment
            END AS date_date,
            CASE
              WHEN sentiment_num IS NULL AND NOT src.sentiment IS NULL AND NOT sentiment_trim = ''
              THEN src.sentiment
            END AS sentiment_num_bad,
            CASE
              WHEN is_partner_bool IS NULL
              AND NOT src.is_partner IS NULL
              AND NOT is_partner_trim = ''
              THEN src.is_partner
            END AS is_partner_bool_bad
          FROM (
            SELECT
              src.*,
              CASE
                WHEN REGEXP_FULL_MATCH(date_trim, '\d{4}-\d{2}-\d{2}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?Z?)?')
                THEN TRY_CAST(date_trim AS TIMESTAMP)
                WHEN REGEXP_FULL_MATCH(
                  date_trim,
                  '\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)? ?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)'
                )
                THEN TIMEZONE('UTC', TRY_CAST(REGEXP_REPLACE(date_trim, ' ([Z+-])', '\1') AS TIMESTAMPTZ))
              END AS date_moment,
              CASE
                WHEN ISFINITE(TRY_CAST(sentiment_trim AS DOUBLE))
                AND STRPOS(sentiment_trim, '_') = 0
                AND STRPOS(sentiment_trim, '+-') = 0
                THEN TRY_CAST(sentiment_trim AS DOUBLE)
              END AS sentiment_num,
              CASE
                WHEN LOWER(is_partner_trim) IN ('true', 't', 'yes', 'y', '1')
                THEN TRUE
                WHEN LOWER(is_partner_trim) IN ('false', 'f', 'no', 'n', '0')
                THEN FALSE
              END AS is_partner_bool
            FROM (
              SELECT
                src.*,
                CASE
                  WHEN src.date < '!'
                  OR src.date >= CHR(128)
                  OR ARRAY_EXTRACT(src.date, -1) < '!'
                  OR ARRAY_EXTRACT(src.date, -1) >= CHR(128)
                  THEN TRIM(
                    src.date,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.date
                END AS date_trim,
                CASE
                  WHEN src.sentiment < '!'
                  OR src.sentiment >= CHR(128)
                  OR ARRAY_EXTRACT(src.sentiment, -1) < '!'
                  OR ARRAY_EXTRACT(src.sentiment, -1) >= CHR(128)
                  THEN TRIM(
                    src.sentiment,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.sentiment
                END AS sentiment_trim,
                CASE
                  WHEN src.is_partner < '!'
                  OR src.is_partner >= CHR(128)
                  OR ARRAY_EXTRACT(src.is_partner, -1) < '!'
                  OR ARRAY_EXTRACT(src.is_partner, -1) >= CHR(128)
                  THEN TRIM(
                    src.is_partner,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.is_partner
                END AS is_partner_trim
              FROM READ_CSV(
                'data/mentions.csv',
                header = TRUE,
                delim = ',',
                quote = '"',
                escape = '"',
                auto_detect = FALSE,
                strict_mode = TRUE,
                nullstr = '',
                encoding = 'utf-8',
                "columns" = {'date': 'VARCHAR', 'platform': 'VARCHAR', 'sentiment': 'VARCHAR', 'reach': 'VARCHAR', 'is_partner': 'VARCHAR'}
              ) AS src
            ) AS src
          ) AS src
        ) AS src
      ) AS src
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
      CASE
        WHEN NOT date_date_bad IS NULL
        THEN ERROR(
          'chi-lang CHI406: source `events`: value ''' || date_date_bad || ''' in column `date` is not a date'
        )
        WHEN NOT attendees_num_bad IS NULL AND NOT date_date IS NULL
        THEN ERROR(
          'chi-lang CHI405: source `events`: non-numeric value ''' || attendees_num_bad || ''' in column `attendees`'
        )
        ELSE STRFTIME(date_date, '%Y-%m')
      END AS cell_period, /* fails on a cell the python engine rejects, else the period */
      CAST(NULL AS TEXT) AS cell_unit
    FROM (
      SELECT
        src.date_trim,
        src.date_moment,
        src.date_date,
        src.date_date_bad,
        src.attendees_trim,
        src.attendees_num,
        src.attendees_num_bad
      FROM (
        SELECT
          src.*,
          CASE
            WHEN date_date IS NULL AND NOT src.date IS NULL AND NOT date_trim = ''
            THEN src.date
          END AS date_date_bad
        FROM (
          SELECT
            src.*,
            CASE
              WHEN date_moment BETWEEN CAST('0001-01-01 00:00:00' AS TIMESTAMP) AND CAST('9999-12-31 23:59:59.999999' AS TIMESTAMP)
              THEN date_moment
            END AS date_date,
            CASE
              WHEN attendees_num IS NULL AND NOT src.attendees IS NULL AND NOT attendees_trim = ''
              THEN src.attendees
            END AS attendees_num_bad
          FROM (
            SELECT
              src.*,
              CASE
                WHEN REGEXP_FULL_MATCH(date_trim, '\d{4}-\d{2}-\d{2}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?Z?)?')
                THEN TRY_CAST(date_trim AS TIMESTAMP)
                WHEN REGEXP_FULL_MATCH(
                  date_trim,
                  '\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)? ?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)'
                )
                THEN TIMEZONE('UTC', TRY_CAST(REGEXP_REPLACE(date_trim, ' ([Z+-])', '\1') AS TIMESTAMPTZ))
              END AS date_moment,
              CASE
                WHEN ISFINITE(TRY_CAST(attendees_trim AS DOUBLE))
                AND STRPOS(attendees_trim, '_') = 0
                AND STRPOS(attendees_trim, '+-') = 0
                THEN TRY_CAST(attendees_trim AS DOUBLE)
              END AS attendees_num
            FROM (
              SELECT
                src.*,
                CASE
                  WHEN src.date < '!'
                  OR src.date >= CHR(128)
                  OR ARRAY_EXTRACT(src.date, -1) < '!'
                  OR ARRAY_EXTRACT(src.date, -1) >= CHR(128)
                  THEN TRIM(
                    src.date,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.date
                END AS date_trim,
                CASE
                  WHEN src.attendees < '!'
                  OR src.attendees >= CHR(128)
                  OR ARRAY_EXTRACT(src.attendees, -1) < '!'
                  OR ARRAY_EXTRACT(src.attendees, -1) >= CHR(128)
                  THEN TRIM(
                    src.attendees,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.attendees
                END AS attendees_trim
              FROM READ_CSV(
                'data/events.csv',
                header = TRUE,
                delim = ',',
                quote = '"',
                escape = '"',
                auto_detect = FALSE,
                strict_mode = TRUE,
                nullstr = '',
                encoding = 'utf-8',
                "columns" = {'date': 'VARCHAR', 'kind': 'VARCHAR', 'partner': 'VARCHAR', 'attendees': 'VARCHAR', 'talks': 'VARCHAR'}
              ) AS src
            ) AS src
          ) AS src
        ) AS src
      ) AS src
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
      CASE
        WHEN NOT date_date_bad IS NULL
        THEN ERROR(
          'chi-lang CHI406: source `downloads`: value ''' || date_date_bad || ''' in column `date` is not a date'
        )
        WHEN NOT downloads_num_bad IS NULL AND NOT date_date IS NULL
        THEN ERROR(
          'chi-lang CHI405: source `downloads`: non-numeric value ''' || downloads_num_bad || ''' in column `downloads`'
        )
        ELSE STRFTIME(date_date, '%Y-%m')
      END AS cell_period, /* fails on a cell the python engine rejects, else the period */
      CAST(NULL AS TEXT) AS cell_unit
    FROM (
      SELECT
        src.date_trim,
        src.date_moment,
        src.date_date,
        src.date_date_bad,
        src.downloads_trim,
        src.downloads_num,
        src.downloads_num_bad
      FROM (
        SELECT
          src.*,
          CASE
            WHEN date_date IS NULL AND NOT src.date IS NULL AND NOT date_trim = ''
            THEN src.date
          END AS date_date_bad
        FROM (
          SELECT
            src.*,
            CASE
              WHEN date_moment BETWEEN CAST('0001-01-01 00:00:00' AS TIMESTAMP) AND CAST('9999-12-31 23:59:59.999999' AS TIMESTAMP)
              THEN date_moment
            END AS date_date,
            CASE
              WHEN downloads_num IS NULL AND NOT src.downloads IS NULL AND NOT downloads_trim = ''
              THEN src.downloads
            END AS downloads_num_bad
          FROM (
            SELECT
              src.*,
              CASE
                WHEN REGEXP_FULL_MATCH(date_trim, '\d{4}-\d{2}-\d{2}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?Z?)?')
                THEN TRY_CAST(date_trim AS TIMESTAMP)
                WHEN REGEXP_FULL_MATCH(
                  date_trim,
                  '\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)? ?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)'
                )
                THEN TIMEZONE('UTC', TRY_CAST(REGEXP_REPLACE(date_trim, ' ([Z+-])', '\1') AS TIMESTAMPTZ))
              END AS date_moment,
              CASE
                WHEN ISFINITE(TRY_CAST(downloads_trim AS DOUBLE))
                AND STRPOS(downloads_trim, '_') = 0
                AND STRPOS(downloads_trim, '+-') = 0
                THEN TRY_CAST(downloads_trim AS DOUBLE)
              END AS downloads_num
            FROM (
              SELECT
                src.*,
                CASE
                  WHEN src.date < '!'
                  OR src.date >= CHR(128)
                  OR ARRAY_EXTRACT(src.date, -1) < '!'
                  OR ARRAY_EXTRACT(src.date, -1) >= CHR(128)
                  THEN TRIM(
                    src.date,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.date
                END AS date_trim,
                CASE
                  WHEN src.downloads < '!'
                  OR src.downloads >= CHR(128)
                  OR ARRAY_EXTRACT(src.downloads, -1) < '!'
                  OR ARRAY_EXTRACT(src.downloads, -1) >= CHR(128)
                  THEN TRIM(
                    src.downloads,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.downloads
                END AS downloads_trim
              FROM READ_CSV(
                'data/downloads.csv',
                header = TRUE,
                delim = ',',
                quote = '"',
                escape = '"',
                auto_detect = FALSE,
                strict_mode = TRUE,
                nullstr = '',
                encoding = 'utf-8',
                "columns" = {'date': 'VARCHAR', 'package': 'VARCHAR', 'downloads': 'VARCHAR'}
              ) AS src
            ) AS src
          ) AS src
        ) AS src
      ) AS src
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
    CAST(COUNT(CASE WHEN kind_text = 'answer' AND accepted_bool THEN 1 END) AS DOUBLE) / NULLIF(CAST(COUNT(CASE WHEN kind_text = 'answer' THEN 1 END) AS DOUBLE), 0) AS m10_1, /* Content curation & creation / accepted_answers: share */
    AVG(likes_num) AS m11_1, /* Content curation & creation / likes_per_post: mean */
    QUANTILE_CONT(CASE WHEN kind_text = 'question' THEN replies_num END, 0.5) AS m12_1, /* Content curation & creation / replies_per_question: median */
    CAST(COUNT(CASE WHEN author_is_staff_bool THEN 1 END) AS DOUBLE) / NULLIF(CAST(COUNT(*) AS DOUBLE), 0) AS m16_1 /* Internal engagement / staff_presence: share */
  FROM (
    SELECT
      typed.*,
      CASE
        WHEN NOT created_at_date_bad IS NULL
        THEN ERROR(
          'chi-lang CHI406: source `forum`: value ''' || created_at_date_bad || ''' in column `created_at` is not a date'
        )
        WHEN NOT accepted_bool_bad IS NULL
        AND (
          NOT created_at_date IS NULL AND kind_text = 'answer'
        )
        THEN ERROR(
          'chi-lang CHI414: source `forum`: value ''' || accepted_bool_bad || ''' in column `accepted` is not true/false'
        )
        WHEN NOT likes_num_bad IS NULL AND NOT created_at_date IS NULL
        THEN ERROR(
          'chi-lang CHI405: source `forum`: non-numeric value ''' || likes_num_bad || ''' in column `likes`'
        )
        WHEN NOT replies_num_bad IS NULL
        AND (
          NOT created_at_date IS NULL AND kind_text = 'question'
        )
        THEN ERROR(
          'chi-lang CHI405: source `forum`: non-numeric value ''' || replies_num_bad || ''' in column `replies`'
        )
        WHEN NOT author_is_staff_bool_bad IS NULL AND NOT created_at_date IS NULL
        THEN ERROR(
          'chi-lang CHI414: source `forum`: value ''' || author_is_staff_bool_bad || ''' in column `author.is_staff` is not true/false'
        )
        ELSE STRFTIME(created_at_date, '%Y-%m')
      END AS cell_period, /* fails on a cell the python engine rejects, else the period */
      CAST(NULL AS TEXT) AS cell_unit
    FROM (
      SELECT
        src.created_at_json,
        src.created_at_kind,
        src.created_at_str,
        src.created_at_trim,
        src.created_at_moment,
        src.created_at_date,
        src.created_at_date_bad,
        src.kind_json,
        src.kind_kind,
        src.kind_str,
        src.kind_text,
        src.accepted_json,
        src.accepted_kind,
        src.accepted_str,
        src.accepted_trim,
        src.accepted_bool,
        src.accepted_bool_bad,
        src.likes_json,
        src.likes_kind,
        src.likes_str,
        src.likes_trim,
        src.likes_num,
        src.likes_num_bad,
        src.replies_json,
        src.replies_kind,
        src.replies_str,
        src.replies_trim,
        src.replies_num,
        src.replies_num_bad,
        src.author_is_staff_json,
        src.author_is_staff_kind,
        src.author_is_staff_str,
        src.author_is_staff_trim,
        src.author_is_staff_bool,
        src.author_is_staff_bool_bad
      FROM (
        SELECT
          src.*,
          CASE
            WHEN created_at_date IS NULL
            AND NOT (
              created_at_kind IS NULL OR created_at_kind = 'NULL'
            )
            AND NOT (
              created_at_kind = 'VARCHAR' AND created_at_trim = ''
            )
            THEN CAST(created_at_json AS TEXT)
          END AS created_at_date_bad
        FROM (
          SELECT
            src.*,
            CASE
              WHEN created_at_kind = 'VARCHAR'
              THEN CASE
                WHEN created_at_moment BETWEEN CAST('0001-01-01 00:00:00' AS TIMESTAMP) AND CAST('9999-12-31 23:59:59.999999' AS TIMESTAMP)
                THEN created_at_moment
              END
            END AS created_at_date,
            CASE
              WHEN accepted_bool IS NULL
              AND NOT (
                accepted_kind IS NULL OR accepted_kind = 'NULL'
              )
              AND NOT (
                accepted_kind = 'VARCHAR' AND accepted_trim = ''
              )
              THEN CAST(accepted_json AS TEXT)
            END AS accepted_bool_bad,
            CASE
              WHEN likes_num IS NULL
              AND NOT (
                likes_kind IS NULL OR likes_kind = 'NULL'
              )
              AND NOT (
                likes_kind = 'VARCHAR' AND likes_trim = ''
              )
              THEN CAST(likes_json AS TEXT)
            END AS likes_num_bad,
            CASE
              WHEN replies_num IS NULL
              AND NOT (
                replies_kind IS NULL OR replies_kind = 'NULL'
              )
              AND NOT (
                replies_kind = 'VARCHAR' AND replies_trim = ''
              )
              THEN CAST(replies_json AS TEXT)
            END AS replies_num_bad,
            CASE
              WHEN author_is_staff_bool IS NULL
              AND NOT (
                author_is_staff_kind IS NULL OR author_is_staff_kind = 'NULL'
              )
              AND NOT (
                author_is_staff_kind = 'VARCHAR' AND author_is_staff_trim = ''
              )
              THEN CAST(author_is_staff_json AS TEXT)
            END AS author_is_staff_bool_bad
          FROM (
            SELECT
              src.*,
              CASE
                WHEN REGEXP_FULL_MATCH(
                  created_at_trim,
                  '\d{4}-\d{2}-\d{2}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?Z?)?'
                )
                THEN TRY_CAST(created_at_trim AS TIMESTAMP)
                WHEN REGEXP_FULL_MATCH(
                  created_at_trim,
                  '\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)? ?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)'
                )
                THEN TIMEZONE('UTC', TRY_CAST(REGEXP_REPLACE(created_at_trim, ' ([Z+-])', '\1') AS TIMESTAMPTZ))
              END AS created_at_moment,
              CASE
                WHEN accepted_kind = 'BOOLEAN'
                THEN CAST(accepted_json AS BOOLEAN)
                WHEN accepted_kind IN ('BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE')
                AND CAST(accepted_json AS DOUBLE) = 0
                THEN FALSE
                WHEN accepted_kind IN ('BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE')
                AND CAST(accepted_json AS DOUBLE) = 1
                THEN TRUE
                WHEN accepted_kind = 'VARCHAR'
                THEN CASE
                  WHEN LOWER(accepted_trim) IN ('true', 't', 'yes', 'y', '1')
                  THEN TRUE
                  WHEN LOWER(accepted_trim) IN ('false', 'f', 'no', 'n', '0')
                  THEN FALSE
                END
              END AS accepted_bool,
              CASE
                WHEN likes_kind IN ('BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE')
                THEN CASE WHEN ISFINITE(CAST(likes_json AS DOUBLE)) THEN CAST(likes_json AS DOUBLE) END
                WHEN likes_kind = 'VARCHAR'
                THEN CASE
                  WHEN ISFINITE(TRY_CAST(likes_trim AS DOUBLE))
                  AND STRPOS(likes_trim, '_') = 0
                  AND STRPOS(likes_trim, '+-') = 0
                  THEN TRY_CAST(likes_trim AS DOUBLE)
                END
              END AS likes_num,
              CASE
                WHEN replies_kind IN ('BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE')
                THEN CASE
                  WHEN ISFINITE(CAST(replies_json AS DOUBLE))
                  THEN CAST(replies_json AS DOUBLE)
                END
                WHEN replies_kind = 'VARCHAR'
                THEN CASE
                  WHEN ISFINITE(TRY_CAST(replies_trim AS DOUBLE))
                  AND STRPOS(replies_trim, '_') = 0
                  AND STRPOS(replies_trim, '+-') = 0
                  THEN TRY_CAST(replies_trim AS DOUBLE)
                END
              END AS replies_num,
              CASE
                WHEN author_is_staff_kind = 'BOOLEAN'
                THEN CAST(author_is_staff_json AS BOOLEAN)
                WHEN author_is_staff_kind IN ('BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE')
                AND CAST(author_is_staff_json AS DOUBLE) = 0
                THEN FALSE
                WHEN author_is_staff_kind IN ('BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE')
                AND CAST(author_is_staff_json AS DOUBLE) = 1
                THEN TRUE
                WHEN author_is_staff_kind = 'VARCHAR'
                THEN CASE
                  WHEN LOWER(author_is_staff_trim) IN ('true', 't', 'yes', 'y', '1')
                  THEN TRUE
                  WHEN LOWER(author_is_staff_trim) IN ('false', 'f', 'no', 'n', '0')
                  THEN FALSE
                END
              END AS author_is_staff_bool
            FROM (
              SELECT
                src.*,
                CASE
                  WHEN created_at_str < '!'
                  OR created_at_str >= CHR(128)
                  OR ARRAY_EXTRACT(created_at_str, -1) < '!'
                  OR ARRAY_EXTRACT(created_at_str, -1) >= CHR(128)
                  THEN TRIM(
                    created_at_str,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE created_at_str
                END AS created_at_trim,
                CASE
                  WHEN kind_kind = 'VARCHAR'
                  THEN NULLIF(kind_str, '')
                  WHEN kind_kind IN ('BIGINT', 'UBIGINT', 'HUGEINT', 'BOOLEAN')
                  THEN kind_str
                  WHEN kind_kind = 'DOUBLE'
                  THEN CASE
                    WHEN REGEXP_FULL_MATCH(kind_str, '-?[0-9]+')
                    THEN kind_str
                    WHEN ISNAN(CAST(kind_json AS DOUBLE))
                    THEN 'nan'
                    WHEN NOT ISFINITE(CAST(kind_json AS DOUBLE))
                    THEN CASE WHEN CAST(kind_json AS DOUBLE) > 0 THEN 'inf' ELSE '-inf' END
                    WHEN CAST(kind_json AS DOUBLE) = TRUNC(CAST(kind_json AS DOUBLE))
                    THEN CAST(CAST(CAST(kind_json AS DOUBLE) AS INT128) AS TEXT)
                    ELSE CAST(CAST(kind_json AS DOUBLE) AS TEXT)
                  END
                  WHEN kind_kind IN ('ARRAY', 'OBJECT')
                  THEN CAST(kind_json AS TEXT)
                END AS kind_text,
                CASE
                  WHEN accepted_str < '!'
                  OR accepted_str >= CHR(128)
                  OR ARRAY_EXTRACT(accepted_str, -1) < '!'
                  OR ARRAY_EXTRACT(accepted_str, -1) >= CHR(128)
                  THEN TRIM(
                    accepted_str,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE accepted_str
                END AS accepted_trim,
                CASE
                  WHEN likes_str < '!'
                  OR likes_str >= CHR(128)
                  OR ARRAY_EXTRACT(likes_str, -1) < '!'
                  OR ARRAY_EXTRACT(likes_str, -1) >= CHR(128)
                  THEN TRIM(
                    likes_str,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE likes_str
                END AS likes_trim,
                CASE
                  WHEN replies_str < '!'
                  OR replies_str >= CHR(128)
                  OR ARRAY_EXTRACT(replies_str, -1) < '!'
                  OR ARRAY_EXTRACT(replies_str, -1) >= CHR(128)
                  THEN TRIM(
                    replies_str,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE replies_str
                END AS replies_trim,
                CASE
                  WHEN author_is_staff_str < '!'
                  OR author_is_staff_str >= CHR(128)
                  OR ARRAY_EXTRACT(author_is_staff_str, -1) < '!'
                  OR ARRAY_EXTRACT(author_is_staff_str, -1) >= CHR(128)
                  THEN TRIM(
                    author_is_staff_str,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE author_is_staff_str
                END AS author_is_staff_trim
              FROM (
                SELECT
                  src.*,
                  JSON_TYPE(created_at_json) AS created_at_kind,
                  JSON_EXTRACT_STRING(created_at_json, '$') AS created_at_str,
                  JSON_TYPE(kind_json) AS kind_kind,
                  JSON_EXTRACT_STRING(kind_json, '$') AS kind_str,
                  JSON_TYPE(accepted_json) AS accepted_kind,
                  JSON_EXTRACT_STRING(accepted_json, '$') AS accepted_str,
                  JSON_TYPE(likes_json) AS likes_kind,
                  JSON_EXTRACT_STRING(likes_json, '$') AS likes_str,
                  JSON_TYPE(replies_json) AS replies_kind,
                  JSON_EXTRACT_STRING(replies_json, '$') AS replies_str,
                  JSON_TYPE(author_is_staff_json) AS author_is_staff_kind,
                  JSON_EXTRACT_STRING(author_is_staff_json, '$') AS author_is_staff_str
                FROM (
                  SELECT
                    src.*,
                    src.created_at AS created_at_json,
                    src.kind AS kind_json,
                    src.accepted AS accepted_json,
                    src.likes AS likes_json,
                    src.replies AS replies_json,
                    CASE
                      WHEN JSON_TYPE(src.author) = 'ARRAY'
                      THEN TO_JSON(JSON_EXTRACT(src.author, '$[*].is_staff'))
                      ELSE JSON_EXTRACT(src.author, '$.is_staff')
                    END AS author_is_staff_json
                  FROM READ_JSON(
                    'data/forum_posts.jsonl',
                    format = 'newline_delimited',
                    records = TRUE,
                    "columns" = {'created_at': 'JSON', 'kind': 'JSON', 'accepted': 'JSON', 'likes': 'JSON', 'replies': 'JSON', 'author': 'JSON'}
                  ) AS src
                ) AS src
              ) AS src
            ) AS src
          ) AS src
        ) AS src
      ) AS src
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
    QUANTILE_CONT(
      CAST(EPOCH_US(first_reply_at_date) - EPOCH_US(opened_at_date) AS DOUBLE) / CAST(1000000 AS DOUBLE) / CAST(3600 AS DOUBLE),
      0.5
    ) AS m13_1, /* Internal engagement / first_reply: median */
    COUNT(CASE WHEN status_text = 'resolved' THEN 1 END) AS m14_1, /* Internal engagement / resolution_rate: count (filtered) */
    COUNT(*) AS m14_2, /* Internal engagement / resolution_rate: count */
    QUANTILE_CONT(
      CAST(EPOCH_US(resolved_at_date) - EPOCH_US(opened_at_date) AS DOUBLE) / CAST(1000000 AS DOUBLE) / CAST(86400 AS DOUBLE),
      0.5
    ) AS m15_1 /* Internal engagement / time_to_resolve: median */
  FROM (
    SELECT
      typed.*,
      CASE
        WHEN NOT opened_at_date_bad IS NULL
        THEN ERROR(
          'chi-lang CHI406: source `tickets`: value ''' || opened_at_date_bad || ''' in column `opened_at` is not a date'
        )
        WHEN NOT first_reply_at_date_bad IS NULL AND NOT opened_at_date IS NULL
        THEN ERROR(
          'chi-lang CHI406: source `tickets`: value ''' || first_reply_at_date_bad || ''' in column `first_reply_at` is not a date'
        )
        WHEN NOT resolved_at_date_bad IS NULL AND NOT opened_at_date IS NULL
        THEN ERROR(
          'chi-lang CHI406: source `tickets`: value ''' || resolved_at_date_bad || ''' in column `resolved_at` is not a date'
        )
        ELSE STRFTIME(opened_at_date, '%Y-%m')
      END AS cell_period, /* fails on a cell the python engine rejects, else the period */
      CAST(NULL AS TEXT) AS cell_unit
    FROM (
      SELECT
        src.opened_at_trim,
        src.opened_at_moment,
        src.opened_at_date,
        src.opened_at_date_bad,
        src.first_reply_at_trim,
        src.first_reply_at_moment,
        src.first_reply_at_date,
        src.first_reply_at_date_bad,
        src.status_text,
        src.resolved_at_trim,
        src.resolved_at_moment,
        src.resolved_at_date,
        src.resolved_at_date_bad
      FROM (
        SELECT
          src.*,
          CASE
            WHEN opened_at_date IS NULL
            AND NOT src.opened_at IS NULL
            AND NOT (
              opened_at_trim = '' OR opened_at_trim IN ('N/A', '-')
            )
            THEN src.opened_at
          END AS opened_at_date_bad,
          CASE
            WHEN first_reply_at_date IS NULL
            AND NOT src.first_reply_at IS NULL
            AND NOT (
              first_reply_at_trim = '' OR first_reply_at_trim IN ('N/A', '-')
            )
            THEN src.first_reply_at
          END AS first_reply_at_date_bad,
          CASE
            WHEN resolved_at_date IS NULL
            AND NOT src.resolved_at IS NULL
            AND NOT (
              resolved_at_trim = '' OR resolved_at_trim IN ('N/A', '-')
            )
            THEN src.resolved_at
          END AS resolved_at_date_bad
        FROM (
          SELECT
            src.*,
            CASE
              WHEN opened_at_trim IN ('N/A', '-')
              THEN NULL
              ELSE CASE
                WHEN opened_at_moment BETWEEN CAST('0001-01-01 00:00:00' AS TIMESTAMP) AND CAST('9999-12-31 23:59:59.999999' AS TIMESTAMP)
                THEN opened_at_moment
              END
            END AS opened_at_date,
            CASE
              WHEN first_reply_at_trim IN ('N/A', '-')
              THEN NULL
              ELSE CASE
                WHEN first_reply_at_moment BETWEEN CAST('0001-01-01 00:00:00' AS TIMESTAMP) AND CAST('9999-12-31 23:59:59.999999' AS TIMESTAMP)
                THEN first_reply_at_moment
              END
            END AS first_reply_at_date,
            CASE
              WHEN resolved_at_trim IN ('N/A', '-')
              THEN NULL
              ELSE CASE
                WHEN resolved_at_moment BETWEEN CAST('0001-01-01 00:00:00' AS TIMESTAMP) AND CAST('9999-12-31 23:59:59.999999' AS TIMESTAMP)
                THEN resolved_at_moment
              END
            END AS resolved_at_date
          FROM (
            SELECT
              src.*,
              CASE
                WHEN REGEXP_FULL_MATCH(
                  opened_at_trim,
                  '\d{4}-\d{2}-\d{2}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?Z?)?'
                )
                THEN TRY_CAST(opened_at_trim AS TIMESTAMP)
                WHEN REGEXP_FULL_MATCH(
                  opened_at_trim,
                  '\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)? ?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)'
                )
                THEN TIMEZONE('UTC', TRY_CAST(REGEXP_REPLACE(opened_at_trim, ' ([Z+-])', '\1') AS TIMESTAMPTZ))
              END AS opened_at_moment,
              CASE
                WHEN REGEXP_FULL_MATCH(
                  first_reply_at_trim,
                  '\d{4}-\d{2}-\d{2}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?Z?)?'
                )
                THEN TRY_CAST(first_reply_at_trim AS TIMESTAMP)
                WHEN REGEXP_FULL_MATCH(
                  first_reply_at_trim,
                  '\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)? ?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)'
                )
                THEN TIMEZONE(
                  'UTC',
                  TRY_CAST(REGEXP_REPLACE(first_reply_at_trim, ' ([Z+-])', '\1') AS TIMESTAMPTZ)
                )
              END AS first_reply_at_moment,
              CASE
                WHEN REGEXP_FULL_MATCH(
                  resolved_at_trim,
                  '\d{4}-\d{2}-\d{2}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?Z?)?'
                )
                THEN TRY_CAST(resolved_at_trim AS TIMESTAMP)
                WHEN REGEXP_FULL_MATCH(
                  resolved_at_trim,
                  '\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)? ?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)'
                )
                THEN TIMEZONE('UTC', TRY_CAST(REGEXP_REPLACE(resolved_at_trim, ' ([Z+-])', '\1') AS TIMESTAMPTZ))
              END AS resolved_at_moment
            FROM (
              SELECT
                src.*,
                CASE
                  WHEN src.opened_at < '!'
                  OR src.opened_at >= CHR(128)
                  OR ARRAY_EXTRACT(src.opened_at, -1) < '!'
                  OR ARRAY_EXTRACT(src.opened_at, -1) >= CHR(128)
                  THEN TRIM(
                    src.opened_at,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.opened_at
                END AS opened_at_trim,
                CASE
                  WHEN src.first_reply_at < '!'
                  OR src.first_reply_at >= CHR(128)
                  OR ARRAY_EXTRACT(src.first_reply_at, -1) < '!'
                  OR ARRAY_EXTRACT(src.first_reply_at, -1) >= CHR(128)
                  THEN TRIM(
                    src.first_reply_at,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.first_reply_at
                END AS first_reply_at_trim,
                src.status AS status_text,
                CASE
                  WHEN src.resolved_at < '!'
                  OR src.resolved_at >= CHR(128)
                  OR ARRAY_EXTRACT(src.resolved_at, -1) < '!'
                  OR ARRAY_EXTRACT(src.resolved_at, -1) >= CHR(128)
                  THEN TRIM(
                    src.resolved_at,
                    CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(28) || CHR(29) || CHR(30) || CHR(31) || CHR(133) || CHR(160) || CHR(5760) || CHR(8192) || CHR(8193) || CHR(8194) || CHR(8195) || CHR(8196) || CHR(8197) || CHR(8198) || CHR(8199) || CHR(8200) || CHR(8201) || CHR(8202) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(8287) || CHR(12288)
                  )
                  ELSE src.resolved_at
                END AS resolved_at_trim
              FROM READ_CSV(
                'data/tickets.csv',
                header = TRUE,
                delim = ',',
                quote = '"',
                escape = '"',
                auto_detect = FALSE,
                strict_mode = TRUE,
                nullstr = '',
                encoding = 'utf-8',
                "columns" = {'ticket_id': 'VARCHAR', 'opened_at': 'VARCHAR', 'first_reply_at': 'VARCHAR', 'resolved_at': 'VARCHAR', 'status': 'VARCHAR', 'priority': 'VARCHAR', 'channel': 'VARCHAR'}
              ) AS src
            ) AS src
          ) AS src
        ) AS src
      ) AS src
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
      WHEN NOT ISFINITE(survey_scan.m1_1)
      THEN ERROR(
        'chi-lang CHI415: metric `satisfaction` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(survey_scan.m1_1 AS TEXT), '')
      )
      ELSE survey_scan.m1_1
    END AS m1_raw, /* Brand engagement / satisfaction */
    CASE
      WHEN NOT ISFINITE(CAST(100 AS DOUBLE) * (
        survey_scan.m2_1 - survey_scan.m2_2
      ))
      THEN ERROR(
        'chi-lang CHI415: metric `net_promoter` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(CAST(100 AS DOUBLE) * (
          survey_scan.m2_1 - survey_scan.m2_2
        ) AS TEXT), '')
      )
      ELSE CAST(100 AS DOUBLE) * (
        survey_scan.m2_1 - survey_scan.m2_2
      )
    END AS m2_raw, /* Brand engagement / net_promoter */
    CASE
      WHEN NOT ISFINITE(mentions_scan.m3_1)
      THEN ERROR(
        'chi-lang CHI415: metric `sentiment` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(mentions_scan.m3_1 AS TEXT), '')
      )
      ELSE mentions_scan.m3_1
    END AS m3_raw, /* Brand engagement / sentiment */
    CASE
      WHEN NOT ISFINITE(CAST(COALESCE(mentions_scan.m4_1, 0) AS DOUBLE))
      THEN ERROR(
        'chi-lang CHI415: metric `mention_volume` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(CAST(COALESCE(mentions_scan.m4_1, 0) AS DOUBLE) AS TEXT), '')
      )
      ELSE CAST(COALESCE(mentions_scan.m4_1, 0) AS DOUBLE)
    END AS m4_raw, /* Brand engagement / mention_volume */
    CASE
      WHEN NOT ISFINITE(CAST(COALESCE(mentions_scan.m5_1, 0) AS DOUBLE))
      THEN ERROR(
        'chi-lang CHI415: metric `partner_mentions` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(CAST(COALESCE(mentions_scan.m5_1, 0) AS DOUBLE) AS TEXT), '')
      )
      ELSE CAST(COALESCE(mentions_scan.m5_1, 0) AS DOUBLE)
    END AS m5_raw, /* Industry engagement / partner_mentions */
    CASE
      WHEN NOT ISFINITE(CAST(COALESCE(events_scan.m6_1, 0) AS DOUBLE))
      THEN ERROR(
        'chi-lang CHI415: metric `events` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(CAST(COALESCE(events_scan.m6_1, 0) AS DOUBLE) AS TEXT), '')
      )
      ELSE CAST(COALESCE(events_scan.m6_1, 0) AS DOUBLE)
    END AS m6_raw, /* Industry engagement / events */
    CASE
      WHEN NOT ISFINITE(COALESCE(events_scan.m7_1, CAST(0 AS DOUBLE)))
      THEN ERROR(
        'chi-lang CHI415: metric `event_attendance` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(COALESCE(events_scan.m7_1, CAST(0 AS DOUBLE)) AS TEXT), '')
      )
      ELSE COALESCE(events_scan.m7_1, CAST(0 AS DOUBLE))
    END AS m7_raw, /* Industry engagement / event_attendance */
    CASE
      WHEN NOT ISFINITE(COALESCE(downloads_scan.m8_1, CAST(0 AS DOUBLE)))
      THEN ERROR(
        'chi-lang CHI415: metric `downloads` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(COALESCE(downloads_scan.m8_1, CAST(0 AS DOUBLE)) AS TEXT), '')
      )
      ELSE COALESCE(downloads_scan.m8_1, CAST(0 AS DOUBLE))
    END AS m8_raw, /* Industry engagement / downloads */
    CASE
      WHEN NOT ISFINITE(CAST(COALESCE(forum_scan.m9_1, 0) AS DOUBLE))
      THEN ERROR(
        'chi-lang CHI415: metric `guides` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(CAST(COALESCE(forum_scan.m9_1, 0) AS DOUBLE) AS TEXT), '')
      )
      ELSE CAST(COALESCE(forum_scan.m9_1, 0) AS DOUBLE)
    END AS m9_raw, /* Content curation & creation / guides */
    CASE
      WHEN NOT ISFINITE(forum_scan.m10_1)
      THEN ERROR(
        'chi-lang CHI415: metric `accepted_answers` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(forum_scan.m10_1 AS TEXT), '')
      )
      ELSE forum_scan.m10_1
    END AS m10_raw, /* Content curation & creation / accepted_answers */
    CASE
      WHEN NOT ISFINITE(forum_scan.m11_1)
      THEN ERROR(
        'chi-lang CHI415: metric `likes_per_post` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(forum_scan.m11_1 AS TEXT), '')
      )
      ELSE forum_scan.m11_1
    END AS m11_raw, /* Content curation & creation / likes_per_post */
    CASE
      WHEN NOT ISFINITE(forum_scan.m12_1)
      THEN ERROR(
        'chi-lang CHI415: metric `replies_per_question` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(forum_scan.m12_1 AS TEXT), '')
      )
      ELSE forum_scan.m12_1
    END AS m12_raw, /* Content curation & creation / replies_per_question */
    CASE
      WHEN NOT ISFINITE(tickets_scan.m13_1)
      THEN ERROR(
        'chi-lang CHI415: metric `first_reply` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(tickets_scan.m13_1 AS TEXT), '')
      )
      ELSE tickets_scan.m13_1
    END AS m13_raw, /* Internal engagement / first_reply */
    CASE
      WHEN NOT ISFINITE(
        CAST(COALESCE(tickets_scan.m14_1, 0) AS DOUBLE) / NULLIF(CAST(COALESCE(tickets_scan.m14_2, 0) AS DOUBLE), 0)
      )
      THEN ERROR(
        'chi-lang CHI415: metric `resolution_rate` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(
          CAST(CAST(COALESCE(tickets_scan.m14_1, 0) AS DOUBLE) / NULLIF(CAST(COALESCE(tickets_scan.m14_2, 0) AS DOUBLE), 0) AS TEXT),
          ''
        )
      )
      ELSE CAST(COALESCE(tickets_scan.m14_1, 0) AS DOUBLE) / NULLIF(CAST(COALESCE(tickets_scan.m14_2, 0) AS DOUBLE), 0)
    END AS m14_raw, /* Internal engagement / resolution_rate */
    CASE
      WHEN NOT ISFINITE(tickets_scan.m15_1)
      THEN ERROR(
        'chi-lang CHI415: metric `time_to_resolve` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(tickets_scan.m15_1 AS TEXT), '')
      )
      ELSE tickets_scan.m15_1
    END AS m15_raw, /* Internal engagement / time_to_resolve */
    CASE
      WHEN NOT ISFINITE(forum_scan.m16_1)
      THEN ERROR(
        'chi-lang CHI415: metric `staff_presence` overflows' || COALESCE(' for ' || cells.cell_period, '') || ': its value is ' || COALESCE(CAST(forum_scan.m16_1 AS TEXT), '')
      )
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
    CAST(100 AS DOUBLE) * (
      m1_raw - CAST(1 AS DOUBLE)
    ) / CAST(4 AS DOUBLE) AS m1_norm, /* Brand engagement / satisfaction: scale 1..5 */
    CAST(100 AS DOUBLE) * (
      m2_raw - CAST(-100 AS DOUBLE)
    ) / CAST(200 AS DOUBLE) AS m2_norm, /* Brand engagement / net_promoter: scale -100..100 */
    CAST(100 AS DOUBLE) * (
      m3_raw - CAST(-1 AS DOUBLE)
    ) / CAST(2 AS DOUBLE) AS m3_norm, /* Brand engagement / sentiment: scale -1..1 */
    CASE
      WHEN m4_raw / CAST(500 AS DOUBLE) > 1
      THEN CAST(100 AS DOUBLE)
      ELSE CAST(100 AS DOUBLE) * (
        m4_raw / CAST(500 AS DOUBLE)
      )
    END AS m4_norm, /* Brand engagement / mention_volume: target 500 */
    CASE
      WHEN m5_raw / CAST(60 AS DOUBLE) > 1
      THEN CAST(100 AS DOUBLE)
      ELSE CAST(100 AS DOUBLE) * (
        m5_raw / CAST(60 AS DOUBLE)
      )
    END AS m5_norm, /* Industry engagement / partner_mentions: target 60 */
    CASE
      WHEN m6_raw / CAST(10 AS DOUBLE) > 1
      THEN CAST(100 AS DOUBLE)
      ELSE CAST(100 AS DOUBLE) * (
        m6_raw / CAST(10 AS DOUBLE)
      )
    END AS m6_norm, /* Industry engagement / events: target 10 */
    CASE
      WHEN m7_raw / CAST(1500 AS DOUBLE) > 1
      THEN CAST(100 AS DOUBLE)
      ELSE CAST(100 AS DOUBLE) * (
        m7_raw / CAST(1500 AS DOUBLE)
      )
    END AS m7_norm, /* Industry engagement / event_attendance: target 1500 */
    CASE
      WHEN m8_raw <= 0
      THEN ERROR(
        'chi-lang CHI409: metric `downloads` has raw value ' || COALESCE(
          CASE
            WHEN m8_raw = FLOOR(m8_raw) AND ABS(m8_raw) < 1000000000000000.0
            THEN CAST(CAST(m8_raw AS BIGINT) AS TEXT)
            ELSE CAST(m8_raw AS TEXT)
          END,
          ''
        ) || COALESCE(' for ' || cell_period, '') || ': log needs values above 0'
      )
      ELSE CAST(100 AS DOUBLE) * (
        LN(m8_raw) - CAST(9.210340371976184 AS DOUBLE)
      ) / CAST(4.60517018598809 AS DOUBLE)
    END AS m8_norm, /* Industry engagement / downloads: log scale 10000..1e+06 */
    CASE
      WHEN m9_raw / CAST(100 AS DOUBLE) > 1
      THEN CAST(100 AS DOUBLE)
      ELSE CAST(100 AS DOUBLE) * (
        m9_raw / CAST(100 AS DOUBLE)
      )
    END AS m9_norm, /* Content curation & creation / guides: target 100 */
    CASE
      WHEN m10_raw / CAST(0.5 AS DOUBLE) > 1
      THEN CAST(100 AS DOUBLE)
      ELSE CAST(100 AS DOUBLE) * (
        m10_raw / CAST(0.5 AS DOUBLE)
      )
    END AS m10_norm, /* Content curation & creation / accepted_answers: target 0.5 */
    CASE
      WHEN m11_raw / CAST(5 AS DOUBLE) > 1
      THEN CAST(100 AS DOUBLE)
      ELSE CAST(100 AS DOUBLE) * (
        m11_raw / CAST(5 AS DOUBLE)
      )
    END AS m11_norm, /* Content curation & creation / likes_per_post: target 5 */
    CASE
      WHEN m12_raw / CAST(3 AS DOUBLE) > 1
      THEN CAST(100 AS DOUBLE)
      ELSE CAST(100 AS DOUBLE) * (
        m12_raw / CAST(3 AS DOUBLE)
      )
    END AS m12_norm, /* Content curation & creation / replies_per_question: target 3 */
    CAST(100 AS DOUBLE) * (
      CAST(48 AS DOUBLE) - m13_raw
    ) / CAST(48 AS DOUBLE) AS m13_norm, /* Internal engagement / first_reply: scale 0..48 lower_is_better */
    CASE
      WHEN m14_raw / CAST(0.9 AS DOUBLE) > 1
      THEN CAST(100 AS DOUBLE)
      ELSE CAST(100 AS DOUBLE) * (
        m14_raw / CAST(0.9 AS DOUBLE)
      )
    END AS m14_norm, /* Internal engagement / resolution_rate: target 0.9 */
    CASE
      WHEN m15_raw <= CAST(2 AS DOUBLE)
      THEN CAST(100 AS DOUBLE)
      ELSE CAST(200 AS DOUBLE) / m15_raw
    END AS m15_norm, /* Internal engagement / time_to_resolve: target 2 lower_is_better */
    CASE
      WHEN m16_raw / CAST(0.1 AS DOUBLE) > 1
      THEN CAST(100 AS DOUBLE)
      ELSE CAST(100 AS DOUBLE) * (
        m16_raw / CAST(0.1 AS DOUBLE)
      )
    END AS m16_norm /* Internal engagement / staff_presence: target 0.1 */
  FROM metric_values
), metric_scores /* scores clamped to 0-100 */ AS (
  SELECT
    *,
    CASE
      WHEN m1_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m1_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m1_norm
    END AS m1_score,
    CASE
      WHEN m2_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m2_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m2_norm
    END AS m2_score,
    CASE
      WHEN m3_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m3_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m3_norm
    END AS m3_score,
    CASE
      WHEN m4_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m4_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m4_norm
    END AS m4_score,
    CASE
      WHEN m5_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m5_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m5_norm
    END AS m5_score,
    CASE
      WHEN m6_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m6_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m6_norm
    END AS m6_score,
    CASE
      WHEN m7_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m7_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m7_norm
    END AS m7_score,
    CASE
      WHEN m8_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m8_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m8_norm
    END AS m8_score,
    CASE
      WHEN m9_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m9_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m9_norm
    END AS m9_score,
    CASE
      WHEN m10_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m10_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m10_norm
    END AS m10_score,
    CASE
      WHEN m11_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m11_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m11_norm
    END AS m11_score,
    CASE
      WHEN m12_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m12_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m12_norm
    END AS m12_score,
    CASE
      WHEN m13_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m13_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m13_norm
    END AS m13_score,
    CASE
      WHEN m14_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m14_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m14_norm
    END AS m14_score,
    CASE
      WHEN m15_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m15_norm > 100
      THEN CAST(100 AS DOUBLE)
      ELSE m15_norm
    END AS m15_score,
    CASE
      WHEN m16_norm < 0
      THEN CAST(0 AS DOUBLE)
      WHEN m16_norm > 100
      THEN CAST(100 AS DOUBLE)
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
    CASE WHEN NOT m1_used IS NULL THEN CAST(7 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m2_used IS NULL THEN CAST(5 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m3_used IS NULL THEN CAST(4 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m4_used IS NULL THEN CAST(4 AS DOUBLE) ELSE 0 END AS p1_total, /* pillar Brand engagement, weights in units of 1/20 */
    CASE WHEN NOT m1_score IS NULL THEN CAST(7 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m2_score IS NULL THEN CAST(5 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m3_score IS NULL THEN CAST(4 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m4_score IS NULL THEN CAST(4 AS DOUBLE) ELSE 0 END AS p1_covered,
    (
      CASE WHEN NOT m1_score IS NULL THEN CAST(7 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m2_score IS NULL THEN CAST(5 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m3_score IS NULL THEN CAST(4 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m4_score IS NULL THEN CAST(4 AS DOUBLE) ELSE 0 END
    ) / CAST(20 AS DOUBLE) AS p1_coverage,
    CASE WHEN NOT m5_used IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m6_used IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m7_used IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m8_used IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END AS p2_total, /* pillar Industry engagement, weights in units of 1/4 */
    CASE WHEN NOT m5_score IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m6_score IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m7_score IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m8_score IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END AS p2_covered,
    (
      CASE WHEN NOT m5_score IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m6_score IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m7_score IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m8_score IS NULL THEN CAST(1 AS DOUBLE) ELSE 0 END
    ) / CAST(4 AS DOUBLE) AS p2_coverage,
    CASE WHEN NOT m9_used IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m10_used IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m11_used IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m12_used IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END AS p3_total, /* pillar Content curation & creation, weights in units of 1/10 */
    CASE WHEN NOT m9_score IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m10_score IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m11_score IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m12_score IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END AS p3_covered,
    (
      CASE WHEN NOT m9_score IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m10_score IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m11_score IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m12_score IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END
    ) / CAST(10 AS DOUBLE) AS p3_coverage,
    CASE WHEN NOT m13_used IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m14_used IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m15_used IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m16_used IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END AS p4_total, /* pillar Internal engagement, weights in units of 1/10 */
    CASE WHEN NOT m13_score IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m14_score IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m15_score IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m16_score IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END AS p4_covered,
    (
      CASE WHEN NOT m13_score IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m14_score IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m15_score IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END + CASE WHEN NOT m16_score IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END
    ) / CAST(10 AS DOUBLE) AS p4_coverage
  FROM metric_used
), metric_effective /* metric weights renormalised within the pillar */ AS (
  SELECT
    *,
    CASE
      WHEN NOT m1_used IS NULL AND p1_total > 0
      THEN CAST(7 AS DOUBLE) / p1_total
      ELSE CAST(0 AS DOUBLE)
    END AS m1_eff,
    CASE
      WHEN NOT m2_used IS NULL AND p1_total > 0
      THEN CAST(5 AS DOUBLE) / p1_total
      ELSE CAST(0 AS DOUBLE)
    END AS m2_eff,
    CASE
      WHEN NOT m3_used IS NULL AND p1_total > 0
      THEN CAST(4 AS DOUBLE) / p1_total
      ELSE CAST(0 AS DOUBLE)
    END AS m3_eff,
    CASE
      WHEN NOT m4_used IS NULL AND p1_total > 0
      THEN CAST(4 AS DOUBLE) / p1_total
      ELSE CAST(0 AS DOUBLE)
    END AS m4_eff,
    CASE
      WHEN NOT m5_used IS NULL AND p2_total > 0
      THEN CAST(1 AS DOUBLE) / p2_total
      ELSE CAST(0 AS DOUBLE)
    END AS m5_eff,
    CASE
      WHEN NOT m6_used IS NULL AND p2_total > 0
      THEN CAST(1 AS DOUBLE) / p2_total
      ELSE CAST(0 AS DOUBLE)
    END AS m6_eff,
    CASE
      WHEN NOT m7_used IS NULL AND p2_total > 0
      THEN CAST(1 AS DOUBLE) / p2_total
      ELSE CAST(0 AS DOUBLE)
    END AS m7_eff,
    CASE
      WHEN NOT m8_used IS NULL AND p2_total > 0
      THEN CAST(1 AS DOUBLE) / p2_total
      ELSE CAST(0 AS DOUBLE)
    END AS m8_eff,
    CASE
      WHEN NOT m9_used IS NULL AND p3_total > 0
      THEN CAST(3 AS DOUBLE) / p3_total
      ELSE CAST(0 AS DOUBLE)
    END AS m9_eff,
    CASE
      WHEN NOT m10_used IS NULL AND p3_total > 0
      THEN CAST(3 AS DOUBLE) / p3_total
      ELSE CAST(0 AS DOUBLE)
    END AS m10_eff,
    CASE
      WHEN NOT m11_used IS NULL AND p3_total > 0
      THEN CAST(2 AS DOUBLE) / p3_total
      ELSE CAST(0 AS DOUBLE)
    END AS m11_eff,
    CASE
      WHEN NOT m12_used IS NULL AND p3_total > 0
      THEN CAST(2 AS DOUBLE) / p3_total
      ELSE CAST(0 AS DOUBLE)
    END AS m12_eff,
    CASE
      WHEN NOT m13_used IS NULL AND p4_total > 0
      THEN CAST(3 AS DOUBLE) / p4_total
      ELSE CAST(0 AS DOUBLE)
    END AS m13_eff,
    CASE
      WHEN NOT m14_used IS NULL AND p4_total > 0
      THEN CAST(3 AS DOUBLE) / p4_total
      ELSE CAST(0 AS DOUBLE)
    END AS m14_eff,
    CASE
      WHEN NOT m15_used IS NULL AND p4_total > 0
      THEN CAST(2 AS DOUBLE) / p4_total
      ELSE CAST(0 AS DOUBLE)
    END AS m15_eff,
    CASE
      WHEN NOT m16_used IS NULL AND p4_total > 0
      THEN CAST(2 AS DOUBLE) / p4_total
      ELSE CAST(0 AS DOUBLE)
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
    CASE WHEN NOT p1_used IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END + CASE WHEN NOT p2_used IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END + CASE WHEN NOT p3_used IS NULL THEN CAST(2 AS DOUBLE) ELSE 0 END + CASE WHEN NOT p4_used IS NULL THEN CAST(3 AS DOUBLE) ELSE 0 END AS index_total, /* pillar weights in units of 1/10 */
    (
      CAST(3 AS DOUBLE) * p1_covered + CAST(10 AS DOUBLE) * p2_covered + CAST(4 AS DOUBLE) * p3_covered + CAST(6 AS DOUBLE) * p4_covered
    ) / CAST(200 AS DOUBLE) AS index_coverage
  FROM pillar_used
), pillar_effective /* pillar weights renormalised within the index */ AS (
  SELECT
    *,
    CASE
      WHEN NOT p1_used IS NULL AND index_total > 0
      THEN CAST(3 AS DOUBLE) / index_total
      ELSE CAST(0 AS DOUBLE)
    END AS p1_eff,
    CASE
      WHEN NOT p2_used IS NULL AND index_total > 0
      THEN CAST(2 AS DOUBLE) / index_total
      ELSE CAST(0 AS DOUBLE)
    END AS p2_eff,
    CASE
      WHEN NOT p3_used IS NULL AND index_total > 0
      THEN CAST(2 AS DOUBLE) / index_total
      ELSE CAST(0 AS DOUBLE)
    END AS p3_eff,
    CASE
      WHEN NOT p4_used IS NULL AND index_total > 0
      THEN CAST(3 AS DOUBLE) / index_total
      ELSE CAST(0 AS DOUBLE)
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
    CAST(NULL AS TEXT) AS "pillar",
    CAST(NULL AS TEXT) AS "metric",
    CAST(NULL AS DOUBLE) AS "raw_value",
    index_score AS "score",
    CAST(1 AS DOUBLE) AS "weight",
    CAST(1 AS DOUBLE) AS "effective_weight",
    index_score AS "contribution",
    index_coverage AS "coverage",
    CASE
      WHEN index_score IS NULL
      THEN CAST(NULL AS TEXT)
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
    CAST(NULL AS TEXT) AS "metric",
    CAST(NULL AS DOUBLE) AS "raw_value",
    p1_used AS "score",
    CAST(0.3 AS DOUBLE) AS "weight",
    p1_eff AS "effective_weight",
    p1_eff * p1_used AS "contribution",
    p1_coverage AS "coverage",
    CASE
      WHEN p1_used IS NULL
      THEN CAST(NULL AS TEXT)
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
    CAST(0.35 AS DOUBLE) AS "weight",
    CASE
      WHEN p1_eff > 0 AND m1_eff > 0
      THEN CAST(21 AS DOUBLE) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p1_eff > 0 AND m1_eff > 0
      THEN CAST(21 AS DOUBLE) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m1_used AS "contribution",
    CASE WHEN NOT m1_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.25 AS DOUBLE) AS "weight",
    CASE
      WHEN p1_eff > 0 AND m2_eff > 0
      THEN CAST(15 AS DOUBLE) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p1_eff > 0 AND m2_eff > 0
      THEN CAST(15 AS DOUBLE) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m2_used AS "contribution",
    CASE WHEN NOT m2_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.2 AS DOUBLE) AS "weight",
    CASE
      WHEN p1_eff > 0 AND m3_eff > 0
      THEN CAST(12 AS DOUBLE) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p1_eff > 0 AND m3_eff > 0
      THEN CAST(12 AS DOUBLE) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m3_used AS "contribution",
    CASE WHEN NOT m3_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.2 AS DOUBLE) AS "weight",
    CASE
      WHEN p1_eff > 0 AND m4_eff > 0
      THEN CAST(12 AS DOUBLE) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p1_eff > 0 AND m4_eff > 0
      THEN CAST(12 AS DOUBLE) / (
        index_total * p1_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m4_used AS "contribution",
    CASE WHEN NOT m4_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    5 AS row_order
  FROM index_scores
  UNION ALL
  /* pillar Industry engagement */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'pillar' AS "level",
    'Industry engagement' AS "pillar",
    CAST(NULL AS TEXT) AS "metric",
    CAST(NULL AS DOUBLE) AS "raw_value",
    p2_used AS "score",
    CAST(0.2 AS DOUBLE) AS "weight",
    p2_eff AS "effective_weight",
    p2_eff * p2_used AS "contribution",
    p2_coverage AS "coverage",
    CASE
      WHEN p2_used IS NULL
      THEN CAST(NULL AS TEXT)
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
    CAST(0.25 AS DOUBLE) AS "weight",
    CASE
      WHEN p2_eff > 0 AND m5_eff > 0
      THEN CAST(2 AS DOUBLE) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p2_eff > 0 AND m5_eff > 0
      THEN CAST(2 AS DOUBLE) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m5_used AS "contribution",
    CASE WHEN NOT m5_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.25 AS DOUBLE) AS "weight",
    CASE
      WHEN p2_eff > 0 AND m6_eff > 0
      THEN CAST(2 AS DOUBLE) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p2_eff > 0 AND m6_eff > 0
      THEN CAST(2 AS DOUBLE) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m6_used AS "contribution",
    CASE WHEN NOT m6_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.25 AS DOUBLE) AS "weight",
    CASE
      WHEN p2_eff > 0 AND m7_eff > 0
      THEN CAST(2 AS DOUBLE) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p2_eff > 0 AND m7_eff > 0
      THEN CAST(2 AS DOUBLE) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m7_used AS "contribution",
    CASE WHEN NOT m7_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.25 AS DOUBLE) AS "weight",
    CASE
      WHEN p2_eff > 0 AND m8_eff > 0
      THEN CAST(2 AS DOUBLE) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p2_eff > 0 AND m8_eff > 0
      THEN CAST(2 AS DOUBLE) / (
        index_total * p2_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m8_used AS "contribution",
    CASE WHEN NOT m8_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    10 AS row_order
  FROM index_scores
  UNION ALL
  /* pillar Content curation & creation */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'pillar' AS "level",
    'Content curation & creation' AS "pillar",
    CAST(NULL AS TEXT) AS "metric",
    CAST(NULL AS DOUBLE) AS "raw_value",
    p3_used AS "score",
    CAST(0.2 AS DOUBLE) AS "weight",
    p3_eff AS "effective_weight",
    p3_eff * p3_used AS "contribution",
    p3_coverage AS "coverage",
    CASE
      WHEN p3_used IS NULL
      THEN CAST(NULL AS TEXT)
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
    CAST(0.3 AS DOUBLE) AS "weight",
    CASE
      WHEN p3_eff > 0 AND m9_eff > 0
      THEN CAST(6 AS DOUBLE) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p3_eff > 0 AND m9_eff > 0
      THEN CAST(6 AS DOUBLE) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m9_used AS "contribution",
    CASE WHEN NOT m9_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.3 AS DOUBLE) AS "weight",
    CASE
      WHEN p3_eff > 0 AND m10_eff > 0
      THEN CAST(6 AS DOUBLE) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p3_eff > 0 AND m10_eff > 0
      THEN CAST(6 AS DOUBLE) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m10_used AS "contribution",
    CASE WHEN NOT m10_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.2 AS DOUBLE) AS "weight",
    CASE
      WHEN p3_eff > 0 AND m11_eff > 0
      THEN CAST(4 AS DOUBLE) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p3_eff > 0 AND m11_eff > 0
      THEN CAST(4 AS DOUBLE) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m11_used AS "contribution",
    CASE WHEN NOT m11_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.2 AS DOUBLE) AS "weight",
    CASE
      WHEN p3_eff > 0 AND m12_eff > 0
      THEN CAST(4 AS DOUBLE) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p3_eff > 0 AND m12_eff > 0
      THEN CAST(4 AS DOUBLE) / (
        index_total * p3_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m12_used AS "contribution",
    CASE WHEN NOT m12_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    15 AS row_order
  FROM index_scores
  UNION ALL
  /* pillar Internal engagement */
  SELECT
    cell_period AS "period",
    cell_unit AS "unit",
    'pillar' AS "level",
    'Internal engagement' AS "pillar",
    CAST(NULL AS TEXT) AS "metric",
    CAST(NULL AS DOUBLE) AS "raw_value",
    p4_used AS "score",
    CAST(0.3 AS DOUBLE) AS "weight",
    p4_eff AS "effective_weight",
    p4_eff * p4_used AS "contribution",
    p4_coverage AS "coverage",
    CASE
      WHEN p4_used IS NULL
      THEN CAST(NULL AS TEXT)
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
    CAST(0.3 AS DOUBLE) AS "weight",
    CASE
      WHEN p4_eff > 0 AND m13_eff > 0
      THEN CAST(9 AS DOUBLE) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p4_eff > 0 AND m13_eff > 0
      THEN CAST(9 AS DOUBLE) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m13_used AS "contribution",
    CASE WHEN NOT m13_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.3 AS DOUBLE) AS "weight",
    CASE
      WHEN p4_eff > 0 AND m14_eff > 0
      THEN CAST(9 AS DOUBLE) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p4_eff > 0 AND m14_eff > 0
      THEN CAST(9 AS DOUBLE) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m14_used AS "contribution",
    CASE WHEN NOT m14_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.2 AS DOUBLE) AS "weight",
    CASE
      WHEN p4_eff > 0 AND m15_eff > 0
      THEN CAST(6 AS DOUBLE) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p4_eff > 0 AND m15_eff > 0
      THEN CAST(6 AS DOUBLE) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m15_used AS "contribution",
    CASE WHEN NOT m15_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
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
    CAST(0.2 AS DOUBLE) AS "weight",
    CASE
      WHEN p4_eff > 0 AND m16_eff > 0
      THEN CAST(6 AS DOUBLE) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE)
    END AS "effective_weight",
    CASE
      WHEN p4_eff > 0 AND m16_eff > 0
      THEN CAST(6 AS DOUBLE) / (
        index_total * p4_total
      )
      ELSE CAST(0 AS DOUBLE)
    END * m16_used AS "contribution",
    CASE WHEN NOT m16_score IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "coverage",
    CAST(NULL AS TEXT) AS "status",
    20 AS row_order
  FROM index_scores
) AS result_rows
ORDER BY
  COALESCE("period", ''),
  COALESCE("unit", ''),
  row_order;
