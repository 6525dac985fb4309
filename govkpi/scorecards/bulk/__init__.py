"""Scorecards of every organisation at once, computed on columns instead of one Python object per result.

`iter_cards(2565)` yields exactly the §7 dicts that `services.score_all(2565)` returns (the same keys in the same
order, the same unrounded numbers, bit for bit), one organisation at a time in tree order, so that a caller can
write each card out and forget it. The rules stay in `govkpi.core`: values (`values`), scores and composites
(`cards`) redo the core's arithmetic in the core's order on numpy columns, and hand every pair whose data break a
rule to `rollup.Values` (so to the core) to say why. `tests/scorecards/test_bulk_*.py` checks the agreement on
generated trees, results, criteria and policies.

`iter_lines` writes the same cards as JSON text (``json.dumps`` exactly, compact or indented) without making their
dicts; `iter_values` gives the combined values as the score store keeps them.

Memory: the year's results as columns (≈ 35 bytes a result while own values are combined; freed before the roll-up),
then the values of every pair (≈ 33 bytes a pair), and one block of cards at a time: 853 MB at the whole synthetic
nation (9.7 million results), see docs/benchmarks.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from govkpi.core.periods import Period

from ..card import Scorer
from ..services import check_fiscal_year
from .cards import BulkScorer
from .reading import Inputs, Results, read_inputs
from .values import CHILDREN, OWN, compute, tree_of

__all__ = ["bulk_scorer", "iter_cards", "iter_lines", "iter_values", "latest_period", "read_inputs"]


def _bulk(fiscal_year: int | str) -> BulkScorer:
    return bulk_scorer(read_inputs(check_fiscal_year(fiscal_year)))


def bulk_scorer(inputs: Inputs) -> BulkScorer:
    """The cards of the year read as ``inputs`` (`reading.read_inputs`); the results are freed on the way."""
    scorer = Scorer(inputs.data, {})  # no criteria in the year: the same error as `score_all`
    tree = tree_of(inputs.data)
    return BulkScorer(scorer, tree, compute(inputs, tree))


def latest_period(results: Results) -> Period | None:
    """The period that ends latest (the longer one on a tie) among the results a scorecard counts — those that
    break no rule (`loading.own_values`) — or None."""
    table = results.periods
    order = sorted((p.end, p.months, index) for index, p in enumerate(table.parsed) if isinstance(p, Period))
    for _end, _months, index in reversed(order):
        rows = np.flatnonzero(results.period == index)
        if any(results.problem(int(row)) is None for row in rows):
            return table.parsed[index]  # type: ignore[return-value]
    return None


def iter_cards(fiscal_year: int | str) -> Iterator[dict[str, Any]]:
    """The §7 scorecard of every organisation that has a value for an indicator of its scorecard, in tree order."""
    return _bulk(fiscal_year).cards()


def iter_lines(fiscal_year: int | str, indent: int | None = None, nesting: int = 0) -> Iterator[str]:
    """The same cards as JSON text, one string per card: ``json.dumps(card, ensure_ascii=False, indent=indent)``
    exactly (with ``nesting``: every line after the first indented so many levels more, as inside a list)."""
    return _bulk(fiscal_year).lines(indent, nesting)


def iter_values(fiscal_year: int | str) -> Iterator[tuple[int, dict[str, list[Any]]]]:
    """Every organisation's combined values, as the score store keeps them: (organisation id, {indicator id as text:
    [value, numerator, denominator, source]}) for each organisation with a value, in tree order — what
    `incremental.materialise` stores, without the cards."""
    inputs = read_inputs(check_fiscal_year(fiscal_year))
    tree = tree_of(inputs.data)
    if not tree.width:
        return
    values = compute(inputs, tree)
    orgs = values.keys // tree.width
    bounds = np.flatnonzero(np.r_[True, orgs[1:] != orgs[:-1], True]) if len(orgs) else np.zeros(1, np.int64)
    indicator_ids = tree.indicator_ids.tolist()
    sources = {OWN: "own", CHILDREN: "children"}
    for start, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        keys = (values.keys[start:stop] % tree.width).tolist()
        numbers = zip(values.value[start:stop].tolist(), values.numerator[start:stop].tolist(),
                      values.denominator[start:stop].tolist(), values.source[start:stop].tolist(), strict=True)
        yield int(tree.org_ids[orgs[start]]), {
            str(indicator_ids[key]): [value, None if math.isnan(n) else n, None if math.isnan(d) else d, sources[s]]
            for key, (value, n, d, s) in zip(keys, numbers, strict=True)
        }
