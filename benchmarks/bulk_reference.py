"""The columnar reference for `govkpi score --all-orgs`: a whole process, no Django, that reads the four tables from
PostgreSQL and computes every organisation's scorecard in DuckDB, in memory.

    python benchmarks/bulk_reference.py postgresql://… 2565 OUT.jsonl     # OUT "-": compute only, write nothing

What it computes (scoring.md, for clean data — it checks no rule): own values (whole-year result first, else sum,
mean, the latest period's value, or Σnumerator / Σdenominator × multiplier), rolled up level by level from the
deepest organisations with own values winning, the five-level score (linear or step interpolation, the floor),
goal and overall weighted means with coverage (``missing`` exclude or zero), criteria overridden per organisation.
It writes one JSON line per organisation with a value — overall, goals, and code, value, score and status of every
indicator of the scorecard — and prints a JSON summary (seconds per phase). Tables are read as in govkpi's own
engine: each column as one ``bytea`` of the server's binary values (no Python object per row).
"""

from __future__ import annotations

import json
import sys
import time

import duckdb
import numpy as np
import psycopg

SENDS = {"int8send": ">i8", "int2send": ">i2", "float8send": ">f8"}


def read(conn: psycopg.Connection, table: str, columns: list[tuple[str, str]], where: str = "",
         params: tuple = ()) -> dict[str, np.ndarray]:
    select = ", ".join(f"string_agg({send}({expr}), ''::bytea)" for expr, send in columns)
    row = conn.execute(f"SELECT {select} FROM {table} {where}", params).fetchone()
    return {f"c{i}": np.frombuffer(data or b"", dtype=SENDS[send]).astype(SENDS[send].replace(">", "<"))
            for i, ((_, send), data) in enumerate(zip(columns, row, strict=True))}


def main(url: str, year: int, out: str) -> dict:
    started = time.perf_counter()
    conn = psycopg.connect(url)
    f8, i8, i2 = "float8send", "int8send", "int2send"
    codes = [c for (c,) in conn.execute(
        "SELECT DISTINCT period FROM results_result WHERE fiscal_year = %s AND status = 'approved'", (year,))]
    case = "CASE period " + " ".join(f"WHEN %s THEN {i}" for i in range(len(codes))) + " END"
    results = read(conn, "results_result", [
        ("org_id::int8", i8), ("indicator_id::int8", i8), (f"({case})::int2", i2),
        ("COALESCE(value, 0)::float8", f8), ("COALESCE(numerator, 0)::float8", f8),
        ("COALESCE(denominator, 0)::float8", f8),
        ("((value IS NULL)::int + 2 * (numerator IS NULL)::int + 4 * (denominator IS NULL)::int)::int2", i2),
    ], "WHERE fiscal_year = %s AND status = 'approved'", (*codes, year))
    orgs = read(conn, "orgs_orgunit", [("id::int8", i8), ("COALESCE(parent_id, -1)::int8", i8),
                                       ("(length(path) - length(replace(path, '/', '')) - 2)::int2", i2)])
    criteria = read(conn, "plans_criterion c JOIN plans_indicator i ON i.id = c.indicator_id", [
        ("c.indicator_id::int8", i8), ("COALESCE(c.org_id, -1)::int8", i8), ("c.weight::float8", f8),
        ("c.level1::float8", f8), ("c.level2::float8", f8), ("c.level3::float8", f8), ("c.level4::float8", f8),
        ("c.level5::float8", f8), ("(i.direction = 'lower_is_better')::int::int2", i2),
        ("(CASE i.aggregation WHEN 'sum' THEN 0 WHEN 'mean' THEN 1 WHEN 'last' THEN 2 ELSE 3 END)::int2", i2),
        ("i.multiplier::float8", f8), ("i.goal_id::int8", i8), ("i.id::int8", i8),
    ], "WHERE c.fiscal_year = %s", (year,))
    names = dict(conn.execute("SELECT id, code FROM orgs_orgunit").fetchall())
    indicator_codes = dict(conn.execute("SELECT id, code FROM plans_indicator").fetchall())
    goal_codes = dict(conn.execute("SELECT id, code FROM plans_goal").fetchall())
    policy = conn.execute(
        "SELECT interpolation, floor, missing, achieved_from, at_risk_from FROM plans_scoringpolicy "
        "WHERE fiscal_year = %s", (year,)).fetchone() or ("linear", 0.0, "exclude", 3.0, 2.0)
    conn.close()
    read_seconds = time.perf_counter() - started

    scored = time.perf_counter()
    db = duckdb.connect()
    db.register("r0", results)
    db.register("o0", orgs)
    db.register("k0", criteria)
    months = {"Y": (0, 12), "H": (6, 6), "Q": (3, 3), "M": (1, 1)}
    ends, wholes = [], []
    for code in codes:
        kind, _, index = code.partition("-")
        letter = index[:1] if index else "Y"
        step, length = months[letter]
        start = (int(index[1:]) - 1) * step if index else 0
        ends.append(start + length)
        wholes.append(not index)
    db.register("p0", {"p": np.arange(len(codes), dtype=np.int16), "end_month": np.array(ends, dtype=np.int16),
                       "whole": np.array(wholes, dtype=bool)})
    db.register("codes0", {"id": np.array(list(indicator_codes), dtype=np.int64),
                           "code": np.array(list(indicator_codes.values()), dtype=object)})
    db.register("goals0", {"id": np.array(list(goal_codes), dtype=np.int64),
                           "code": np.array(list(goal_codes.values()), dtype=object)})
    db.register("names0", {"id": np.array(list(names), dtype=np.int64),
                           "code": np.array(list(names.values()), dtype=object)})
    db.execute("""
        CREATE TABLE ind AS SELECT DISTINCT c12 AS ind, c9 AS agg, c10 AS mult FROM k0;
        CREATE TABLE orgs AS SELECT c0 AS id, c1 AS parent, c2 AS depth FROM o0;
        CREATE TABLE crit AS SELECT k.c0 AS ind, k.c1 AS org, k.c2 AS weight, k.c3 AS t1, k.c4 AS t2, k.c5 AS t3,
            k.c6 AS t4, k.c7 AS t5, k.c8 = 1 AS lower, g.code AS goal, i.code AS code
            FROM k0 k JOIN goals0 g ON g.id = k.c11 JOIN codes0 i ON i.id = k.c0;
        CREATE TABLE res AS
        SELECT r.c0 AS org, r.c1 AS ind, p.end_month, p.whole, i.agg, i.mult,
               CASE WHEN r.c6 & 1 = 0 THEN r.c3 END AS value, CASE WHEN r.c6 & 2 = 0 THEN r.c4 END AS num,
               CASE WHEN r.c6 & 4 = 0 THEN r.c5 END AS den
        FROM r0 r JOIN p0 p ON p.p = r.c2 JOIN ind i ON i.ind = r.c1
        WHERE CASE WHEN i.agg = 3 THEN r.c6 <> 7 ELSE r.c6 & 1 = 0 END;
        CREATE TABLE own AS
        WITH x AS (SELECT *, bool_or(whole) OVER (PARTITION BY org, ind) AS has_whole FROM res)
        SELECT org, ind, any_value(agg) AS agg, any_value(mult) AS mult,
               CASE any_value(agg) WHEN 0 THEN fsum(value) WHEN 1 THEN fsum(value) / count(value)
                    WHEN 2 THEN arg_max(value, end_month) ELSE fsum(num) / fsum(den) * any_value(mult) END AS value,
               fsum(num) AS num, fsum(den) AS den
        FROM x WHERE whole OR NOT has_whole GROUP BY org, ind;
        CREATE TABLE v (org BIGINT, ind BIGINT, value DOUBLE, num DOUBLE, den DOUBLE, source VARCHAR);
    """)
    deepest = db.execute("SELECT max(depth) FROM orgs").fetchone()[0]
    for depth in range(deepest, -1, -1):
        db.execute("""
            INSERT INTO v
            SELECT o.org, o.ind, o.value, o.num, o.den, 'own' FROM own o JOIN orgs g ON g.id = o.org
            WHERE g.depth = $depth
            UNION ALL
            SELECT g.parent, c.ind,
                   CASE i.agg WHEN 1 THEN fsum(c.value) / count(*) WHEN 3 THEN fsum(c.num) / fsum(c.den) * i.mult
                        ELSE fsum(c.value) END, fsum(c.num), fsum(c.den), 'children'
            FROM v c JOIN orgs g ON g.id = c.org JOIN orgs p ON p.id = g.parent JOIN ind i ON i.ind = c.ind
            WHERE g.depth = $depth + 1 AND p.depth = $depth
              AND NOT EXISTS (SELECT 1 FROM own o WHERE o.org = g.parent AND o.ind = c.ind)
            GROUP BY g.parent, c.ind, i.agg, i.mult
        """, {"depth": depth})
    interpolation, floor, missing, achieved_from, at_risk_from = policy
    step = "k::double" if interpolation == "step" else "k + (x - lo) / (hi - lo)"
    db.execute(f"""
        CREATE TABLE card AS
        WITH who AS (SELECT DISTINCT v.org FROM v JOIN crit c ON c.ind = v.ind),
        eff AS (  -- criteria for all organisations, overridden per organisation
            SELECT w.org, c.* EXCLUDE (org) FROM who w CROSS JOIN crit c WHERE c.org = -1
              AND NOT EXISTS (SELECT 1 FROM crit o WHERE o.org = w.org AND o.ind = c.ind)
            UNION ALL SELECT c.org, c.* EXCLUDE (org) FROM crit c JOIN who w ON w.org = c.org
        ),
        signed AS (
            SELECT e.org, e.goal, e.code, e.weight, v.value, v.source,
                   CASE WHEN e.lower THEN -v.value ELSE v.value END AS x,
                   CASE WHEN e.lower THEN -t1 ELSE t1 END AS s1, CASE WHEN e.lower THEN -t2 ELSE t2 END AS s2,
                   CASE WHEN e.lower THEN -t3 ELSE t3 END AS s3, CASE WHEN e.lower THEN -t4 ELSE t4 END AS s4,
                   CASE WHEN e.lower THEN -t5 ELSE t5 END AS s5
            FROM eff e LEFT JOIN v ON v.org = e.org AND v.ind = e.ind
        ),
        levels AS (
            SELECT *, (x >= s1)::int + (x >= s2)::int + (x >= s3)::int + (x >= s4)::int + (x >= s5)::int AS k
            FROM signed
        ),
        bounds AS (
            SELECT *, CASE k WHEN 1 THEN s1 WHEN 2 THEN s2 WHEN 3 THEN s3 ELSE s4 END AS lo,
                      CASE k WHEN 1 THEN s2 WHEN 2 THEN s3 WHEN 3 THEN s4 ELSE s5 END AS hi
            FROM levels
        ),
        scored AS (
            SELECT *, CASE WHEN value IS NULL THEN NULL WHEN k = 0 THEN {float(floor)} WHEN k = 5 THEN 5.0
                           ELSE {step} END AS score
            FROM bounds
        )
        SELECT org, goal, code, weight, value, score, source FROM scored
    """)
    divisor = "sum(weight)" if missing == "zero" else "sum(weight) FILTER (WHERE score IS NOT NULL)"
    status = (f"CASE WHEN {{s}} IS NULL THEN 'no_data' WHEN {{s}} >= {achieved_from} THEN 'achieved' "
              f"WHEN {{s}} >= {at_risk_from} THEN 'at_risk' ELSE 'not_achieved' END")
    db.execute(f"""
        CREATE TABLE goals AS
        SELECT org, goal, sum(weight * score) / {divisor} AS score,
               sum(weight) FILTER (WHERE score IS NOT NULL) / sum(weight) AS coverage
        FROM card GROUP BY org, goal;
        CREATE TABLE overall AS
        SELECT org, sum(weight * score) / {divisor} AS score,
               coalesce(sum(weight) FILTER (WHERE score IS NOT NULL) / sum(weight), 0) AS coverage
        FROM card GROUP BY org;
    """)
    score_seconds = time.perf_counter() - scored

    written = time.perf_counter()
    if out == "-":  # computing only
        return {"read_seconds": read_seconds, "score_seconds": score_seconds, "write_seconds": 0.0,
                "orgs": db.execute("SELECT count(*) FROM overall").fetchone()[0], "results": len(results["c0"])}
    db.execute(f"""
        COPY (
            WITH g AS (
                SELECT org, list({{'code': goal, 'score': score, 'coverage': coverage,
                                  'status': {status.format(s='score')}}} ORDER BY goal) AS goals
                FROM goals GROUP BY org
            ), i AS (
                SELECT org, list({{'code': code, 'goal': goal, 'weight': weight, 'value': value, 'score': score,
                                  'status': {status.format(s='score')}, 'source': source}} ORDER BY goal, code)
                       AS indicators
                FROM card GROUP BY org
            )
            SELECT n.code AS org,
                   {{'score': o.score, 'coverage': o.coverage, 'status': {status.format(s='o.score')}}} AS overall,
                   g.goals, i.indicators
            FROM overall o JOIN names0 n ON n.id = o.org JOIN g ON g.org = o.org JOIN i ON i.org = o.org
            ORDER BY n.code
        ) TO '{out}' (FORMAT json)
    """)
    write_seconds = time.perf_counter() - written
    return {"read_seconds": read_seconds, "score_seconds": score_seconds, "write_seconds": write_seconds,
            "orgs": db.execute("SELECT count(*) FROM overall").fetchone()[0], "results": len(results["c0"])}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), sys.argv[3])))
