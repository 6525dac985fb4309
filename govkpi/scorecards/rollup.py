"""The value of every (organisation, indicator) pair of a loaded year, computed bottom-up in memory.

scoring.md §1: an organisation's value is its own approved results (`combine_periods`), else the values of its
children combined (`combine_children`), each child by the same rule. Both rules live in `govkpi.core`; this module
only walks the tree.

Results held in the database that break a rule (written by an older version, by SQL, by a restore) never stop the
walk: the pair, and each ancestor that would roll it up, gets no value and a :class:`Problem` saying why, and
everything else is computed as usual. One pass over the organisations from the deepest up visits each pair that
has a value in its subtree exactly once, so the work is linear in the number of results and organisations.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from govkpi.core.results import Problem
from govkpi.core.scoring import Aggregation, Combined, ScoringError, combine_children, combine_periods

from .loading import YearData

NO_VALUE = Combined(None)


class Values:
    """Memoised combined values: ``values.get(org_id, indicator_id)`` → Combined (no value → source None), and
    ``values.problem(org_id, indicator_id)`` → why a pair has no value although results exist (a data problem)."""

    def __init__(self, data: YearData, memo: dict[tuple[int, int], Combined] | None = None) -> None:
        """Compute every value of ``data`` bottom-up, or take them as given (``memo``, from the score store)."""
        self._data = data
        self._memo: dict[tuple[int, int], Combined] = {}
        self._problems: dict[tuple[int, int], Problem] = {}
        if memo is None:
            self._compute()
        else:
            self._memo = memo

    def items(self) -> dict[tuple[int, int], Combined]:
        """Every (organisation id, indicator id) with a value, and the value."""
        return self._memo

    def get(self, org_id: int, indicator_id: int) -> Combined:
        return self._memo.get((org_id, indicator_id), NO_VALUE)

    def problem(self, org_id: int, indicator_id: int) -> Problem | None:
        return self._problems.get((org_id, indicator_id))

    def problems(self) -> dict[tuple[int, int], Problem]:
        return self._problems

    def orgs_with_values(self) -> set[int]:
        return {org_id for (org_id, _indicator), combined in self._memo.items() if combined.value is not None}

    def _compute(self) -> None:
        data = self._data
        own_by_org: dict[int, list[int]] = defaultdict(list)
        for org_id, indicator_id in [*data.own, *data.problems]:
            if org_id in data.orgs:
                own_by_org[org_id].append(indicator_id)
        children: dict[int, dict[int, list[Combined]]] = defaultdict(lambda: defaultdict(list))
        troubled: dict[int, dict[int, Problem]] = defaultdict(dict)  # parent → indicator → a child's problem
        # Deepest first: every child is final before its parent is looked at.
        for node in sorted(data.orgs.values(), key=lambda n: -n.depth):
            pending = children.pop(node.id, {})
            below = troubled.pop(node.id, {})
            for indicator_id in set(own_by_org.get(node.id, ())) | set(pending) | set(below):
                combined, problem = self._combine(node.id, indicator_id, pending.get(indicator_id, []),
                                                  below.get(indicator_id))
                has_parent = node.parent_id is not None and node.parent_id in data.orgs
                if problem is not None:
                    self._problems[(node.id, indicator_id)] = problem
                    if has_parent:
                        troubled[node.parent_id][indicator_id] = problem  # type: ignore[index]
                    continue
                if combined.value is None:
                    continue
                self._memo[(node.id, indicator_id)] = combined
                if has_parent:
                    children[node.parent_id][indicator_id].append(combined)  # type: ignore[index]

    def _combine(
        self, org_id: int, indicator_id: int, from_children: list[Combined], child_problem: Problem | None
    ) -> tuple[Combined, Problem | None]:
        """The pair's value, or the problem that keeps it from having one: a row of its own that breaks a rule,
        own results that cannot be combined, or (without own results) a child with such a problem."""
        indicator = self._data.indicators[indicator_id]
        aggregation = Aggregation(indicator.aggregation)
        stored = self._data.problems.get((org_id, indicator_id))
        if stored is not None:
            return NO_VALUE, stored
        try:
            own = self._data.own.get((org_id, indicator_id))
            if own:
                combined = combine_periods(own, aggregation, indicator.multiplier)
                if combined.value is not None:
                    return combined, None
            if child_problem is not None:
                return NO_VALUE, replace(child_problem, field="children")
            if from_children:
                return combine_children(from_children, aggregation, indicator.multiplier), None
        except ScoringError as error:
            return NO_VALUE, Problem(error.code, "period", {key: str(value) for key, value in error.params.items()})
        return NO_VALUE, None
