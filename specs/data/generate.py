#!/usr/bin/env python3
"""Deterministic generator for the synthetic "Lumen community" example data (calendar year 2025).

Run from the repository root:

    python specs/data/generate.py

All files are written next to this script. Only the standard library is used, randomness comes
from a single ``random.Random(2026)`` and no wall-clock time is read, so repeated runs produce
byte-identical output. All names (members, partners) are fictional.

The year has a deliberate story that the CHI examples can pick up:
  * summer (Jun-Aug) staffing gap: support first replies slow down, satisfaction and sentiment dip;
  * v2.0 release on 2025-09-16: download spike, more tickets in September, autumn recovery;
  * steady growth of downloads and social mentions over the whole year.
"""

import calendar
import json
import math
import os
import random
from datetime import date, datetime, timedelta

SEED = 2026
YEAR = 2025
OUT_DIR = os.path.dirname(os.path.abspath(__file__))
SNAPSHOT = datetime(YEAR + 1, 1, 1)  # data is a snapshot taken at the end of 2025
RELEASE_DAY = date(YEAR, 9, 16)  # lumen 2.0
MINOR_RELEASES = [date(YEAR, 3, 4), date(YEAR, 5, 20), date(YEAR, 11, 18)]

rng = random.Random(SEED)

N_MEMBERS = 1500
MEMBERS = ["member-%04d" % i for i in range(1, N_MEMBERS + 1)]
STAFF = set(rng.sample(MEMBERS, 35))
STAFF_LIST = sorted(STAFF)
COMMUNITY = [m for m in MEMBERS if m not in STAFF]
# heavy-tailed posting activity: a few very active members, a long tail of occasional ones
_weights = [rng.paretovariate(1.3) for _ in COMMUNITY]
COMMUNITY_CUM = []
_acc = 0.0
for _w in _weights:
    _acc += _w
    COMMUNITY_CUM.append(_acc)

# relative weights for the hour of day (UTC) of activity
HOUR_W = [2, 1.5, 1, 1, 1, 1.5, 3, 5, 8, 10, 11, 11, 10, 11, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2.5]
HOURS = list(range(24))

# monthly "mood" of the community: 0 = normal, negative = the summer slump
MOOD = {1: 0.0, 2: 0.02, 3: 0.05, 4: 0.08, 5: 0.03, 6: -0.35, 7: -0.65,
        8: -0.55, 9: -0.15, 10: 0.05, 11: 0.12, 12: 0.15}
# first-reply slowdown factor for support (staff holidays in summer)
REPLY_SLOWDOWN = {1: 1.05, 2: 1.0, 3: 0.95, 4: 0.95, 5: 1.0, 6: 1.35, 7: 1.8,
                  8: 1.65, 9: 1.25, 10: 1.0, 11: 0.9, 12: 1.05}


def days_in_month(month):
    return calendar.monthrange(YEAR, month)[1]


def random_day(month, weekend_weight):
    days = list(range(1, days_in_month(month) + 1))
    w = [weekend_weight if date(YEAR, month, d).weekday() >= 5 else 1.0 for d in days]
    return rng.choices(days, weights=w)[0]


def random_datetime(month, weekend_weight=0.5):
    d = random_day(month, weekend_weight)
    h = rng.choices(HOURS, weights=HOUR_W)[0]
    return datetime(YEAR, month, d, h, rng.randrange(60))


def iso(dt, z=True):
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if z else "")


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def fmt2(x):
    s = "%.2f" % x
    return "0.00" if s == "-0.00" else s


def write_lines(name, lines):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line)
            f.write("\n")
    return len(lines) - 1 if name.endswith(".csv") else len(lines)


def month_growth(month):
    """0.0 in January, 1.0 in December."""
    return (month - 1) / 11.0


# --------------------------------------------------------------------------- survey.csv
def gen_survey():
    base = {1: 3.85, 2: 3.9, 3: 3.95, 4: 4.0, 5: 3.9, 6: 3.55, 7: 3.2,
            8: 3.3, 9: 3.7, 10: 3.95, 11: 4.05, 12: 4.1}
    rows = []
    for m in range(1, 13):
        n = rng.randint(150, 250)
        respondents = rng.sample(MEMBERS, n)
        for member in respondents:
            dt = random_datetime(m, weekend_weight=0.6)
            sat = clamp(rng.gauss(base[m], 0.65), 1.0, 5.0)
            nps = int(round(clamp((sat - 1.0) * 2.4 + 0.6 + rng.gauss(0, 1.3), 0, 10)))
            sat_s = ("%.1f" % sat).replace(".", ",")
            if rng.random() < 0.03:
                sat_s = ""
            channel = rng.choices(["forum", "discord", "email"], weights=[45, 40, 15])[0]
            rows.append((dt, member, sat_s, nps, channel))
    rows.sort(key=lambda r: (r[0], r[1]))
    lines = ["submitted_at;member;satisfaction;nps;channel"]
    for dt, member, sat_s, nps, channel in rows:
        lines.append("%s;%s;%s;%d;%s" % (iso(dt, z=False), member, sat_s, nps, channel))
    return write_lines("survey.csv", lines)


# --------------------------------------------------------------------------- mentions.csv
PLATFORMS = ["twitter", "mastodon", "linkedin", "blog", "news"]
PLATFORM_W = [38, 22, 20, 14, 6]
PLATFORM_REACH_MEDIAN = {"twitter": 900, "mastodon": 300, "linkedin": 700, "blog": 450, "news": 6000}


def gen_mentions():
    rows = []
    for m in range(1, 13):
        n = int(round(300 + 380 * month_growth(m) + rng.uniform(-15, 15)))
        if m == 9:
            n = min(700, n + 60)  # release buzz
        n = int(clamp(n, 300, 700))
        for _ in range(n):
            d = date(YEAR, m, random_day(m, weekend_weight=0.7))
            if m == 9 and rng.random() < 0.25:
                d = RELEASE_DAY + timedelta(days=rng.randrange(0, 7))
            platform = rng.choices(PLATFORMS, weights=PLATFORM_W)[0]
            partner = rng.random() < 0.10
            mu = 0.22 + 0.25 * MOOD[m] + (0.1 if partner else 0.0)
            sentiment = clamp(rng.gauss(mu, 0.38), -1.0, 1.0)
            median = PLATFORM_REACH_MEDIAN[platform] * (1.6 if partner else 1.0)
            reach = int(clamp(rng.lognormvariate(math.log(median), 1.5), 10, 200000))
            rows.append((d, platform, sentiment, reach, partner))
    rows.sort(key=lambda r: r[0])  # stable: keeps generation order within a day
    lines = ["date,platform,sentiment,reach,is_partner"]
    for d, platform, sentiment, reach, partner in rows:
        lines.append("%s,%s,%s,%d,%s" % (d.isoformat(), platform, fmt2(sentiment), reach,
                                         "true" if partner else "false"))
    return write_lines("mentions.csv", lines)


# --------------------------------------------------------------------------- tickets.csv
PRIORITIES = ["low", "normal", "high", "urgent"]
PRIORITY_W = [28, 50, 16, 6]
PRIORITY_SPEED = {"low": 1.4, "normal": 1.0, "high": 0.6, "urgent": 0.3}
TICKET_CHANNELS = ["email", "forum", "discord", "web"]
TICKET_CHANNEL_W = [40, 25, 20, 15]


def gen_tickets():
    tickets = []
    for m in range(1, 13):
        n = int(round(230 + 110 * month_growth(m) + rng.uniform(-20, 20)))
        if m == 9:
            n += 50  # v2.0 upgrade questions
        n = int(clamp(n, 200, 400))
        for _ in range(n):
            opened = random_datetime(m, weekend_weight=0.35)
            priority = rng.choices(PRIORITIES, weights=PRIORITY_W)[0]
            channel = rng.choices(TICKET_CHANNELS, weights=TICKET_CHANNEL_W)[0]
            r = rng.random()
            status = ("closed_wont_fix" if r < 0.05 else "open" if r < 0.11
                      else "pending" if r < 0.15 else "resolved")
            no_reply = rng.random() < (0.25 if status == "open" else 0.025)
            reply_h = rng.lognormvariate(math.log(10.0 * REPLY_SLOWDOWN[m] * PRIORITY_SPEED[priority]), 0.9)
            if rng.random() < 0.02:
                reply_h = rng.uniform(72, 240)  # forgotten tickets
            else:
                reply_h = clamp(reply_h, 0.5, 72.0)
            first_reply = opened + timedelta(minutes=int(round(reply_h * 60)))
            if first_reply >= SNAPSHOT:
                no_reply = True
            resolved = None
            if status in ("resolved", "closed_wont_fix"):
                start = opened if no_reply else first_reply
                res_h = rng.lognormvariate(math.log(30.0 * PRIORITY_SPEED[priority] ** 0.5), 1.1)
                resolved = start + timedelta(minutes=int(round(clamp(res_h, 0.2, 60 * 24) * 60)))
                if resolved >= SNAPSHOT:  # not yet resolved when the snapshot was taken
                    resolved = None
                    status = "pending" if not no_reply else "open"
            tickets.append([opened, None if no_reply else first_reply, resolved, status, priority, channel])
    tickets.sort(key=lambda t: t[0])
    lines = ["ticket_id,opened_at,first_reply_at,resolved_at,status,priority,channel"]
    for i, (opened, first_reply, resolved, status, priority, channel) in enumerate(tickets):
        fr = "N/A" if first_reply is None else iso(first_reply)
        if resolved is None:
            rs = "-" if rng.random() < 0.5 else ""
        else:
            rs = iso(resolved)
        lines.append("LUM-%05d,%s,%s,%s,%s,%s,%s" % (10001 + i, iso(opened), fr, rs, status, priority, channel))
    return write_lines("tickets.csv", lines)


# --------------------------------------------------------------------------- forum_posts.jsonl
KINDS = ["question", "answer", "article", "tutorial"]
TAGS = ["install", "config", "cli", "plugins", "performance", "bug", "docs", "release",
        "windows", "macos", "linux", "api", "migration", "showcase", "security", "ci"]
TAG_W = [14, 12, 10, 9, 6, 9, 6, 4, 4, 3, 5, 7, 3, 3, 2, 3]


def geometric(mean):
    """Non-negative integer with the given mean (geometric distribution)."""
    if mean <= 0:
        return 0
    p = 1.0 / (mean + 1.0)
    return int(math.log(1.0 - rng.random()) / math.log(1.0 - p))


def gen_forum():
    posts = []
    for m in range(1, 13):
        n = int(round(620 + 220 * month_growth(m) + rng.uniform(-25, 25)))
        if m in (7, 8):
            n -= 40  # holidays
        if m == 9:
            n += 60
        n = int(clamp(n, 600, 1000))
        for _ in range(n):
            created = random_datetime(m, weekend_weight=0.75)
            staff = rng.random() < 0.10 * (0.7 if m in (7, 8) else 1.0)
            if staff:
                author = rng.choice(STAFF_LIST)
                kind = rng.choices(KINDS, weights=[8, 62, 16, 14])[0]
            else:
                author = rng.choices(COMMUNITY, cum_weights=COMMUNITY_CUM)[0]
                kind = rng.choices(KINDS, weights=[47, 43, 5, 5])[0]
            accepted = None
            if kind == "answer":
                accepted = rng.random() < (0.45 if staff else 0.30) * (0.8 if m in (6, 7, 8) else 1.0)
            if kind == "question":
                likes, replies = geometric(1.5), geometric(2.6)
            elif kind == "answer":
                likes, replies = geometric(4.0 if accepted else 1.5), geometric(0.6)
            else:
                likes, replies = int(rng.lognormvariate(math.log(14), 0.9)), geometric(4.0)
            if rng.random() < 0.004:
                likes = None  # reactions service outage: count missing
            ntags = rng.choices([1, 2, 3], weights=[45, 40, 15])[0]
            tags = []
            while len(tags) < ntags:
                t = rng.choices(TAGS, weights=TAG_W)[0]
                if m == 9 and rng.random() < 0.3:
                    t = rng.choice(["release", "migration"])
                if t not in tags:
                    tags.append(t)
            posts.append((created, kind, author, staff, accepted, likes, replies, tags))
    posts.sort(key=lambda p: p[0])
    lines = []
    for i, (created, kind, author, staff, accepted, likes, replies, tags) in enumerate(posts):
        obj = {"id": 100001 + i, "created_at": iso(created), "kind": kind,
               "author": {"id": author, "is_staff": staff}, "accepted": accepted,
               "likes": likes, "replies": replies, "tags": tags}
        lines.append(json.dumps(obj, ensure_ascii=False))
    return write_lines("forum_posts.jsonl", lines)


# --------------------------------------------------------------------------- downloads.csv
PACKAGES = [("lumen-core", 2100, 0.75), ("lumen-cli", 820, 0.65), ("lumen-plugins", 260, 1.6)]
WEEKDAY_FACTOR = [1.0, 1.04, 1.03, 1.0, 0.93, 0.58, 0.52]


def gen_downloads():
    lines = ["date,package,downloads"]
    d = date(YEAR, 1, 1)
    while d.year == YEAR:
        t = (d - date(YEAR, 1, 1)).days / 364.0
        f = WEEKDAY_FACTOR[d.weekday()]
        if (d.month == 12 and d.day >= 23) or (d.month == 1 and d.day == 1):
            f *= 0.6
        elif d.month == 8:
            f *= 0.88
        spike = 1.0
        if d >= RELEASE_DAY:
            spike += 1.3 * math.exp(-(d - RELEASE_DAY).days / 5.0)
        for r in MINOR_RELEASES:
            if d >= r:
                spike += 0.25 * math.exp(-(d - r).days / 2.5)
        for name, base, growth in PACKAGES:
            level = base * (1.0 + growth * t)
            if name == "lumen-plugins" and d >= RELEASE_DAY:
                level *= 1.25  # new plugin API in 2.0
            v = int(round(level * f * spike * rng.gauss(1.0, 0.06)))
            lines.append("%s,%s,%d" % (d.isoformat(), name, max(v, 0)))
        d += timedelta(days=1)
    return write_lines("downloads.csv", lines)


# --------------------------------------------------------------------------- events.csv
PARTNERS = ["Brightpath Analytics", "Kestrel Systems", "Orchid Cloud", "Tidewater Software",
            "Quillon Labs", "Northgate University"]
EVENT_SPEC = {
    # kind: (attendees range, talks range, probability of a partner)
    "meetup": ((15, 90), (2, 4), 0.15),
    "conference": ((180, 1400), (1, 6), 0.35),
    "webinar": ((30, 420), (1, 2), 0.2),
    "partner_workshop": ((8, 40), (1, 3), 1.0),
}


def gen_events():
    rows = []
    for m in range(1, 13):
        if m in (7, 8, 12):
            n = rng.randint(5, 7)
        else:
            n = rng.randint(8, 14)
        conf_w = 14 if m in (3, 4, 5, 9, 10, 11) else 4
        for _ in range(n):
            kind = rng.choices(list(EVENT_SPEC), weights=[45, conf_w, 30, 14])[0]
            (a_lo, a_hi), (t_lo, t_hi), p_partner = EVENT_SPEC[kind]
            d = date(YEAR, m, random_day(m, weekend_weight=0.15))
            partner = rng.choice(PARTNERS) if rng.random() < p_partner else ""
            attendees = int(round(rng.uniform(a_lo, a_hi) * (1.0 + 0.3 * month_growth(m))
                                  * (0.8 if m in (7, 8) else 1.0)))
            talks = rng.randint(t_lo, t_hi)
            rows.append((d, kind, partner, attendees, talks))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    lines = ["date,kind,partner,attendees,talks"]
    for d, kind, partner, attendees, talks in rows:
        lines.append("%s,%s,%s,%d,%d" % (d.isoformat(), kind, partner, attendees, talks))
    return write_lines("events.csv", lines)


def main():
    counts = [
        ("survey.csv", gen_survey()),
        ("mentions.csv", gen_mentions()),
        ("tickets.csv", gen_tickets()),
        ("forum_posts.jsonl", gen_forum()),
        ("downloads.csv", gen_downloads()),
        ("events.csv", gen_events()),
    ]
    for name, n in counts:
        print("%-18s %6d rows" % (name, n))


if __name__ == "__main__":
    main()
