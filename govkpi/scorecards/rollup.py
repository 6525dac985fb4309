"""The value of every (organisation, indicator) pair of a loaded year, computed bottom-up in memory.

scoring.md §1: an organisation's value is its own approved results (`combine_periods`), else the values of its
children combined (`combine_children`), each child by the same rule. Both rules live in `govkpi.core`; this module
only walks the tree. One pass over the organisations from the deepest up visits each pair that has a value in its
subtree exactly once, so the work is linear in the number of results and organisations.
"""

from __future__ import annotations

from collections import defaultdict

from govkpi.core.scoring import Aggregation, Combined, ScoringError, combine_children, combine_periods

from .errors import ScorecardError
from .loading import YearData

NO_VALUE = Combined(None)


class Values:
    """Memoised combined values: ``values.get(org_id, indicator_id)`` → Combined (no value → source None)."""

    def __init__(self, data: YearData, memo: dict[tuple[int, int], Combined] | None = None) -> None:
        """Compute every value of ``data`` bottom-up, or take them as given (``memo``, from the score store)."""
        self._data = data
        self._memo: dict[tuple[int, int], Combined] = {}
        if memo is None:
            self._compute()
        else:
            self._memo = memo

    def items(self) -> dict[tuple[int, int], Combined]:
        """Every (organisation id, indicator id) with a value, and the value."""
        return self._memo

    def get(self, org_id: int, indicator_id: int) -> Combined:
        return self._memo.get((org_id, indicator_id), NO_VALUE)

    def orgs_with_values(self) -> set[int]:
        return {org_id for (org_id, _indicator), combined in self._memo.items() if combined.value is not None}

    def _compute(self) -> None:
        data = self._data
        own_by_org: dict[int, list[int]] = defaultdict(list)
        for org_id, indicator_id in data.own:
            if org_id in data.orgs:
                own_by_org[org_id].append(indicator_id)
        children: dict[int, dict[int, list[Combined]]] = defaultdict(lambda: defaultdict(list))
        # Deepest first: every child is final before its parent is looked at.
        for node in sorted(data.orgs.values(), key=lambda n: -n.depth):
            pending = children.pop(node.id, {})
            for indicator_id in set(own_by_org.get(node.id, ())) | set(pending):
                combined = self._combine(node.id, indicator_id, pending.get(indicator_id, []))
                if combined.value is None:
                    continue
                self._memo[(node.id, indicator_id)] = combined
                if node.parent_id is not None and node.parent_id in data.orgs:
                    children[node.parent_id][indicator_id].append(combined)

    def _combine(self, org_id: int, indicator_id: int, from_children: list[Combined]) -> Combined:
        indicator = self._data.indicators[indicator_id]
        aggregation = Aggregation(indicator.aggregation)
        try:
            own = self._data.own.get((org_id, indicator_id))
            if own:
                combined = combine_periods(own, aggregation, indicator.multiplier)
                if combined.value is not None:
                    return combined
            if from_children:
                return combine_children(from_children, aggregation, indicator.multiplier)
        except ScoringError as error:
            raise ScorecardError(
                "scoring",
                f"{self._data.orgs[org_id].code} / {indicator.code}: {error.message}",
                {"org": self._data.orgs[org_id].code, "indicator": indicator.code, "detail": error.message},
            ) from error
        return NO_VALUE
