"""The two baselines of the national benchmark, measured in the same run as our figures.

(a) the straightforward approach: a Django ORM loop scoring one organisation and indicator at a time, on a random
sample of pairs, extrapolated to all pairs; (b) one hand-written SQL statement computing the province-level
overall scores from the results, the near-the-limit reference.
"""

from __future__ import annotations

import random
import time

YEAR = 2565


def naive(sample_size: int) -> tuple[float, int]:
    """Baseline (a): seconds for all organisations × indicators, from a timed sample of pairs."""
    from govkpi.core.scoring import Direction, Policy, level_score
    from govkpi.orgs.models import OrgUnit
    from govkpi.plans.models import Criterion, Indicator
    from govkpi.results.models import Result

    def value(unit, indicator):
        own = list(Result.objects.filter(org=unit, indicator=indicator, status="approved", fiscal_year=YEAR))
        if own:
            if indicator.aggregation == "ratio":
                return sum(r.numerator for r in own) / sum(r.denominator for r in own) * indicator.multiplier
            values = [r.value for r in sorted(own, key=lambda r: r.period)]
            if indicator.aggregation == "last":
                return values[-1]
            return sum(values) / len(values) if indicator.aggregation == "mean" else sum(values)
        found = [v for child in unit.children.all() if (v := value(child, indicator)) is not None]
        if not found:
            return None
        return sum(found) / len(found) if indicator.aggregation == "mean" else sum(found)

    orgs = list(OrgUnit.objects.all())
    indicators = list(Indicator.objects.all())
    criteria = {c.indicator_id: c for c in Criterion.objects.filter(fiscal_year=YEAR, org=None)}
    rng = random.Random(1)
    pairs = [(rng.choice(orgs), rng.choice(indicators)) for _ in range(sample_size)]
    started = time.perf_counter()
    for org, indicator in pairs:
        found = value(org, indicator)
        if found is not None:
            level_score(found, criteria[indicator.pk].thresholds, Direction(indicator.direction), Policy())
    per_pair = (time.perf_counter() - started) / len(pairs)
    return per_pair * len(orgs) * len(indicators), len(orgs) * len(indicators)


def _province_sql() -> str:
    """Baseline (b): province-level overall scores in one statement (the synthetic tree's three levels)."""
    return """
WITH r AS (
  SELECT r.org_id, r.indicator_id, r.period, r.value, r.numerator, r.denominator
  FROM results_result r WHERE r.fiscal_year = %(year)s AND r.status = 'approved'
), lastp AS (
  SELECT org_id, indicator_id, MAX(period) AS period FROM r GROUP BY org_id, indicator_id
), own AS (
  SELECT r.org_id, r.indicator_id, i.aggregation, i.multiplier,
         CASE i.aggregation WHEN 'sum' THEN SUM(r.value) WHEN 'mean' THEN AVG(r.value)
              WHEN 'last' THEN MAX(CASE WHEN r.period = l.period THEN r.value END) END AS value,
         SUM(r.numerator) AS num, SUM(r.denominator) AS den
  FROM r JOIN plans_indicator i ON i.id = r.indicator_id
  JOIN lastp l ON l.org_id = r.org_id AND l.indicator_id = r.indicator_id
  GROUP BY r.org_id, r.indicator_id, i.aggregation, i.multiplier
), own_v AS (
  SELECT org_id, indicator_id, aggregation, multiplier, num, den,
         CASE WHEN aggregation = 'ratio' THEN num / den * multiplier ELSE value END AS value FROM own
), district AS (
  SELECT o.parent_id AS org_id, v.indicator_id, v.aggregation, v.multiplier,
         CASE WHEN v.aggregation = 'mean' THEN AVG(v.value) ELSE SUM(v.value) END AS value,
         SUM(v.num) AS num, SUM(v.den) AS den
  FROM own_v v JOIN orgs_orgunit o ON o.id = v.org_id JOIN orgs_orgunit d ON d.id = o.parent_id
  WHERE d.kind = 'district'
  GROUP BY o.parent_id, v.indicator_id, v.aggregation, v.multiplier
), children AS (
  SELECT org_id, indicator_id, aggregation, multiplier,
         CASE WHEN aggregation = 'ratio' THEN num / den * multiplier ELSE value END AS value, num, den FROM district
  UNION ALL
  SELECT v.org_id, v.indicator_id, v.aggregation, v.multiplier, v.value, v.num, v.den
  FROM own_v v JOIN orgs_orgunit o ON o.id = v.org_id JOIN orgs_orgunit p ON p.id = o.parent_id
  WHERE p.kind = 'province'
), province AS (
  SELECT o.parent_id AS org_id, c.indicator_id,
         CASE WHEN c.aggregation = 'mean' THEN AVG(c.value)
              WHEN c.aggregation = 'ratio' THEN SUM(c.num) / SUM(c.den) * c.multiplier ELSE SUM(c.value) END AS value
  FROM children c JOIN orgs_orgunit o ON o.id = c.org_id
  GROUP BY o.parent_id, c.indicator_id, c.aggregation, c.multiplier
), scored AS (
  SELECT p.org_id, k.weight,
    CASE WHEN i.direction = 'lower_is_better' THEN
      CASE WHEN p.value > k.level1 THEN 0 WHEN p.value <= k.level5 THEN 5
           WHEN p.value <= k.level4 THEN 4 + (k.level4 - p.value) / (k.level4 - k.level5)
           WHEN p.value <= k.level3 THEN 3 + (k.level3 - p.value) / (k.level3 - k.level4)
           WHEN p.value <= k.level2 THEN 2 + (k.level2 - p.value) / (k.level2 - k.level3)
           ELSE 1 + (k.level1 - p.value) / (k.level1 - k.level2) END
    ELSE
      CASE WHEN p.value < k.level1 THEN 0 WHEN p.value >= k.level5 THEN 5
           WHEN p.value >= k.level4 THEN 4 + (p.value - k.level4) / (k.level5 - k.level4)
           WHEN p.value >= k.level3 THEN 3 + (p.value - k.level3) / (k.level4 - k.level3)
           WHEN p.value >= k.level2 THEN 2 + (p.value - k.level2) / (k.level3 - k.level2)
           ELSE 1 + (p.value - k.level1) / (k.level2 - k.level1) END
    END AS score
  FROM province p JOIN plans_indicator i ON i.id = p.indicator_id
  JOIN plans_criterion k ON k.indicator_id = p.indicator_id AND k.fiscal_year = %(year)s AND k.org_id IS NULL
)
SELECT o.code, SUM(s.weight * s.score) / SUM(s.weight) AS score,
       SUM(s.weight) / (SELECT SUM(weight) FROM plans_criterion WHERE fiscal_year = %(year)s AND org_id IS NULL)
FROM scored s JOIN orgs_orgunit o ON o.id = s.org_id GROUP BY o.code ORDER BY o.code
"""


def sql_scores() -> tuple[float, dict[str, tuple[float, float]]]:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(_province_sql().replace("%(year)s", "%s"), [YEAR] * _province_sql().count("%(year)s"))
        rows = cursor.fetchall()
    return time.perf_counter() - started, {code: (score, coverage) for code, score, coverage in rows}
