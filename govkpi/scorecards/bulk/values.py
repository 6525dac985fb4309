"""The value of every (organisation, indicator) pair of a fiscal year, column-wise (scoring.md §1).

The same rules as `govkpi.scorecards.rollup.Values` (which calls `govkpi.core`), computed on whole columns:

* **own results** (§1.1), grouped by pair: a whole-year result wins; otherwise ``sum``/``mean`` of the sub-periods,
  the value of the period that ends last (``last``), or Σnumerator / Σdenominator × multiplier (``ratio``) — sums
  exactly as ``math.fsum`` (`sums.group_fsum`);
* **rolled up** (§1.2), level by level from the deepest: a pair without an own value combines its children's
  values (``sum``/``last`` → sum, ``mean``, ``ratio``); a child with a problem gives its parent the problem.

Every pair whose own results break a rule — a row `loading` refuses, mixed years, overlapping periods, two
whole-year results, a ratio row without its parts, with a zero denominator or a value that disagrees — is handed to
`rollup.Values` itself (the core), one pair at a time: such pairs are rare, and the core says exactly why.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from govkpi.core.combine import Combined, PeriodValue
from govkpi.core.results import MAX_MAGNITUDE, Problem

from ..loading import OrgNode, YearData
from ..rollup import Values
from .reading import NO_DENOMINATOR, NO_NUMERATOR, NO_VALUE, Inputs
from .sums import group_fsum

SUM, MEAN, LAST, RATIO = 0, 1, 2, 3
AGGREGATIONS = {"sum": SUM, "mean": MEAN, "last": LAST, "ratio": RATIO}
OWN, CHILDREN = 1, 2  # source codes
NO_PAIR = Combined(None)


@dataclass
class Tree:
    org_ids: np.ndarray  # tree order
    parent: np.ndarray  # index of the parent, -1 for none
    depth: np.ndarray
    indicator_ids: np.ndarray
    aggregation: np.ndarray
    multiplier: np.ndarray

    @property
    def width(self) -> int:
        return len(self.indicator_ids)


@dataclass
class PairValues:
    """Every pair with a value (keys sorted: organisation index × width + indicator index) and every pair with a
    problem instead."""

    keys: np.ndarray
    value: np.ndarray
    numerator: np.ndarray  # NaN unless ratio
    denominator: np.ndarray
    source: np.ndarray  # OWN | CHILDREN
    problems: dict[int, Problem]


def tree_of(data: YearData) -> Tree:
    org_ids = np.array(list(data.orgs), dtype=np.int64)
    position = {org_id: i for i, org_id in enumerate(data.orgs)}
    parent = np.array([position.get(node.parent_id, -1) for node in data.orgs.values()], dtype=np.int64)
    depth = np.array([node.depth for node in data.orgs.values()], dtype=np.int64)
    indicators = list(data.indicators.values())
    return Tree(
        org_ids,
        parent,
        depth,
        np.array([i.pk for i in indicators], dtype=np.int64),
        np.array([AGGREGATIONS.get(i.aggregation, -1) for i in indicators], dtype=np.int64),
        np.array([i.multiplier for i in indicators], dtype=np.float64),
    )


def _popcount(masks: np.ndarray) -> np.ndarray:
    """How many of the 12 month bits each mask holds."""
    masks = masks.astype(np.int64)
    return sum(((masks >> month) & 1) for month in range(12))  # type: ignore[return-value]


def _positions(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Positions of ``wanted`` in ``ids`` through a table indexed by id (int64; a large negative number where
    absent, so that a key built from it stays negative)."""
    table = np.full(int(max(ids.max(initial=0), wanted.max(initial=0))) + 1, -(2**40), dtype=np.int64)
    table[ids] = np.arange(len(ids))
    return table[np.maximum(wanted, 0)]


def _groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For keys sorted: the distinct keys, where each group starts and its length."""
    if not len(keys):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    counts = np.diff(np.r_[starts, len(keys)])
    return keys[starts], starts, counts


def _own(
    inputs: Inputs, tree: Tree
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[int, Problem], np.ndarray]:
    """Own values: (keys, value, numerator, denominator) of pairs with one, their problems, and the keys of pairs
    that have results but no own value (they roll up from their children)."""
    r = inputs.results
    width = tree.width
    key = _positions(tree.org_ids, r.org) * width
    key += _positions(tree.indicator_ids, r.indicator)
    known = key >= 0
    key[~known] = -1
    r.org = r.indicator = r.org[:0]  # not needed any more: the key says both
    order = np.argsort(key, kind="stable")[np.count_nonzero(~known):]  # read order kept within a pair
    pairs, starts, counts = _groups(key[order])
    del key
    for name in ("period", "value", "numerator", "denominator", "nulls"):
        setattr(r, name, getattr(r, name)[order])  # sorted by pair in place of the read order: one copy at a time
    del order
    period, nulls = r.period, r.nulls
    value, numerator, denominator = r.value, r.numerator, r.denominator
    table = r.periods
    small = np.int16
    whole = (table.column("months", 0) == 12)[period]
    years = table.column("fiscal_year", 0).astype(small)[period]
    masks = table.masks.astype(small)[period]  # 12 bits
    bits = np.array([bin(int(m)).count("1") for m in table.masks], dtype=small)[period]

    def bad_number(column: np.ndarray, flag: int) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return ((nulls & flag) == 0) & ~(np.isfinite(column) & (np.abs(column) <= MAX_MAGNITUDE))

    bad = ~table.valid[period]
    bad |= bad_number(value, NO_VALUE) | bad_number(numerator, NO_NUMERATOR) | bad_number(denominator, NO_DENOMINATOR)
    aggregation = tree.aggregation[pairs % width] if width else pairs
    ratio_row = np.repeat(aggregation == RATIO, counts)
    present = np.where(ratio_row, nulls != 7, (nulls & NO_VALUE) == 0)

    def per_pair(ufunc: np.ufunc, column: np.ndarray) -> np.ndarray:
        return ufunc.reduceat(column, starts) if len(starts) else column[:0]

    flagged = per_pair(np.logical_or, bad) | (aggregation < 0)
    flagged |= per_pair(np.add, (present & whole).astype(np.int32)) > 1  # two whole-year results
    lowest = per_pair(np.minimum, np.where(present, years, small(10**4)))
    flagged |= (lowest != per_pair(np.maximum, np.where(present, years, -1))) & (lowest < 10**4)
    sub = present & ~whole
    covered = per_pair(np.bitwise_or, np.where(sub, masks, small(0)))
    flagged |= per_pair(np.add, np.where(sub, bits, small(0)).astype(np.int64)) != _popcount(covered)
    has_whole = np.repeat(per_pair(np.add, present & whole) > 0, counts)
    chosen = present & (whole | ~has_whole)
    checked = np.flatnonzero(chosen & ratio_row)  # ratio rows that count: parts, zero, agreement
    multiplier = np.repeat(tree.multiplier[pairs % width] if width else pairs.astype(float), counts)[checked]
    n, d, v, flags = numerator[checked], denominator[checked], value[checked], nulls[checked]
    with np.errstate(divide="ignore", invalid="ignore"):
        agrees = np.abs(v - n / d * multiplier) <= 0.01 + 1e-9
    broken = ((flags & (NO_NUMERATOR | NO_DENOMINATOR)) != 0) | (d == 0) | (((flags & NO_VALUE) == 0) & ~agrees)
    del multiplier, n, d, v, flags, agrees
    broken_ratio = np.zeros(len(value), dtype=bool)
    broken_ratio[checked[broken]] = True
    flagged |= per_pair(np.logical_or, broken_ratio)
    del broken_ratio, checked

    # The regular pairs: combine the chosen rows.
    take = chosen & ~np.repeat(flagged, counts)
    del chosen
    taken = per_pair(np.add, take.astype(np.int32))
    chosen_pairs, chosen_counts = pairs[taken > 0], taken[taken > 0].astype(np.int64)
    chosen_starts = np.cumsum(chosen_counts) - chosen_counts
    agg = tree.aggregation[chosen_pairs % width] if width else chosen_pairs
    out_value = np.full(len(chosen_pairs), np.nan)
    out_num = np.full(len(chosen_pairs), np.nan)
    out_den = np.full(len(chosen_pairs), np.nan)
    summed = group_fsum(value[take], chosen_starts, chosen_counts)
    out_value = np.where(agg == SUM, summed, np.where(agg == MEAN, summed / chosen_counts, out_value))
    if np.any(agg == LAST):  # the value of the period that ends last (sub-periods do not overlap: one per pair)
        ends = table.ends.astype(np.int32)[period[take]]
        latest = np.maximum.reduceat(ends, chosen_starts) if len(chosen_starts) else ends[:0]
        at_end = np.flatnonzero(ends == np.repeat(latest, chosen_counts))
        del ends
        last = np.full(len(chosen_pairs), np.nan)
        last[np.searchsorted(chosen_starts, at_end, side="right") - 1] = value[take][at_end]
        out_value = np.where(agg == LAST, last, out_value)
    is_ratio = agg == RATIO
    if np.any(is_ratio):
        num = group_fsum(numerator[take], chosen_starts, chosen_counts)
        den = group_fsum(denominator[take], chosen_starts, chosen_counts)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio_value = num / den * tree.multiplier[chosen_pairs % width]
        out_value = np.where(is_ratio, ratio_value, out_value)
        out_num, out_den = np.where(is_ratio, num, np.nan), np.where(is_ratio, den, np.nan)
        zero = is_ratio & (den == 0)
        if np.any(zero):  # Σdenominator 0 (negative parts): the core says why
            flagged[np.searchsorted(pairs, chosen_pairs[zero])] = True
            keep = ~zero
            chosen_pairs, out_value, out_num, out_den = (a[keep] for a in (chosen_pairs, out_value, out_num, out_den))

    problems: dict[int, Problem] = {}
    extra = [_core_pair(inputs, tree, int(p), int(s), int(c)) for p, s, c in
             zip(pairs[flagged], starts[flagged], counts[flagged], strict=True)]
    more_keys, more_value, more_num, more_den = [], [], [], []
    for pair, combined, problem in extra:
        if problem is not None:
            problems[pair] = problem
        elif combined.value is not None:
            more_keys.append(pair)
            more_value.append(combined.value)
            more_num.append(np.nan if combined.numerator is None else combined.numerator)
            more_den.append(np.nan if combined.denominator is None else combined.denominator)
    keys = np.r_[chosen_pairs, np.array(more_keys, dtype=np.int64)]
    sort = np.argsort(keys, kind="stable")
    with_value = keys[sort]
    return (
        with_value,
        np.r_[out_value, np.array(more_value, dtype=float)][sort],
        np.r_[out_num, np.array(more_num, dtype=float)][sort],
        np.r_[out_den, np.array(more_den, dtype=float)][sort],
        problems,
        pairs,
    )


def _core_pair(inputs: Inputs, tree: Tree, pair: int, start: int, count: int) -> tuple[int, Combined, Problem | None]:
    """One pair's own value or problem, by `rollup.Values` (and so by the core), from its rows in read order (rows
    ``start`` to ``start + count`` of the results sorted by pair)."""
    r = inputs.results
    data = inputs.data
    org_id = int(tree.org_ids[pair // tree.width])
    indicator_id = int(tree.indicator_ids[pair % tree.width])
    own: list[PeriodValue] = []
    problem: Problem | None = None
    for row in range(start, start + count):
        found = r.problem(row)
        code = r.periods.codes[int(r.period[row])]
        if found is not None:
            if problem is None:
                problem = replace(found, params={**found.params, "period": code})
            continue
        flags = int(r.nulls[row])
        own.append(PeriodValue(
            r.periods.parsed[int(r.period[row])],  # type: ignore[arg-type]
            None if flags & NO_VALUE else float(r.value[row]),
            None if flags & NO_NUMERATOR else float(r.numerator[row]),
            None if flags & NO_DENOMINATOR else float(r.denominator[row]),
        ))
    node = OrgNode(org_id, "", "", "", None, f"/{org_id}/", 0)
    alone = YearData(
        data.fiscal_year, data.policy, {indicator_id: data.indicators[indicator_id]}, {}, {}, {}, {org_id: node},
        own={(org_id, indicator_id): own} if own else {},
        problems={(org_id, indicator_id): problem} if problem is not None else {},
    )
    values = Values(alone)
    return pair, values.get(org_id, indicator_id), values.problem(org_id, indicator_id)


def compute(inputs: Inputs, tree: Tree) -> PairValues:
    """Every pair's value: own results first, then level by level from the deepest organisations up."""
    width = tree.width
    own_keys, own_value, own_num, own_den, own_problems, _reported = _own(inputs, tree)
    inputs.results = None  # type: ignore[assignment]  # the rows are no longer needed: freed before the roll-up
    own_depth = tree.depth[own_keys // width] if width else own_keys
    problem_depth = {key: int(tree.depth[key // width]) for key in own_problems}
    done_keys, done_value, done_num, done_den, done_source = [], [], [], [], []
    problems: dict[int, Problem] = {}
    below = (np.zeros(0, np.int64), np.zeros(0), np.zeros(0), np.zeros(0))  # the last level's values
    below_problems: dict[int, Problem] = {}
    for depth in range(int(tree.depth.max()) if len(tree.depth) else -1, -1, -1):
        level = own_depth == depth
        keys, values, nums, dens = own_keys[level], own_value[level], own_num[level], own_den[level]
        level_problems = {key: p for key, p in own_problems.items() if problem_depth[key] == depth}
        # A child's problem, for pairs without an own value: the last child in tree order wins (`rollup.Values`).
        from_children: dict[int, Problem] = {}
        for key in sorted(below_problems):
            org, ind = divmod(key, width)
            parent = int(tree.parent[org])
            if parent >= 0 and tree.depth[parent] == depth:
                from_children[parent * width + ind] = below_problems[key]
        if from_children:
            targets = np.array(list(from_children), dtype=np.int64)
            for key in targets[~np.isin(targets, keys)].tolist():
                if key not in level_problems:
                    level_problems[key] = replace(from_children[key], field="children")
        own_problem_keys = np.array(sorted(level_problems), dtype=np.int64)
        # Children's values, for pairs without an own value or a problem.
        child_keys, child_value, child_num, child_den = below
        parent = tree.parent[child_keys // width] if len(child_keys) else child_keys
        up = parent >= 0
        up &= tree.depth[np.maximum(parent, 0)] == depth
        target = parent[up] * width + child_keys[up] % width
        sort = np.argsort(target, kind="stable")
        target = target[sort]
        blocked = np.isin(target, keys) | np.isin(target, own_problem_keys)
        target = target[~blocked]
        cv, cn, cd = (a[up][sort][~blocked] for a in (child_value, child_num, child_den))
        groups, starts, counts = _groups(target)
        agg = tree.aggregation[groups % width] if width else groups
        total = group_fsum(cv, starts, counts)
        rolled = np.where(agg == MEAN, total / np.maximum(counts, 1), total)
        rolled_num = np.full(len(groups), np.nan)
        rolled_den = np.full(len(groups), np.nan)
        is_ratio = agg == RATIO
        if np.any(is_ratio):
            num, den = group_fsum(cn, starts, counts), group_fsum(cd, starts, counts)
            with np.errstate(divide="ignore", invalid="ignore"):
                rolled = np.where(is_ratio, num / den * tree.multiplier[groups % width], rolled)
            rolled_num, rolled_den = np.where(is_ratio, num, np.nan), np.where(is_ratio, den, np.nan)
            for key in groups[is_ratio & (den == 0)].tolist():
                level_problems[key] = Problem("zero_denominator", "period", {"period": "child"})
            keep = ~(is_ratio & (den == 0))
            groups, rolled, rolled_num, rolled_den = (a[keep] for a in (groups, rolled, rolled_num, rolled_den))
        level_keys = np.r_[keys, groups]
        sort = np.argsort(level_keys, kind="stable")
        below = (level_keys[sort], np.r_[values, rolled][sort], np.r_[nums, rolled_num][sort],
                 np.r_[dens, rolled_den][sort])
        done_keys.append(keys)
        done_keys.append(groups)
        done_value += [values, rolled]
        done_num += [nums, rolled_num]
        done_den += [dens, rolled_den]
        done_source += [np.full(len(keys), OWN, np.int8), np.full(len(groups), CHILDREN, np.int8)]
        problems.update(level_problems)
        below_problems = level_problems
    keys = np.concatenate(done_keys) if done_keys else np.zeros(0, np.int64)
    sort = np.argsort(keys, kind="stable")
    return PairValues(
        keys[sort],
        np.concatenate(done_value)[sort] if done_keys else np.zeros(0),
        np.concatenate(done_num)[sort] if done_keys else np.zeros(0),
        np.concatenate(done_den)[sort] if done_keys else np.zeros(0),
        np.concatenate(done_source)[sort] if done_keys else np.zeros(0, np.int8),
        problems,
    )
