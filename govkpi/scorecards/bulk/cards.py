"""The §7 scorecards of many organisations from the column-wise values: scores, statuses and composites computed on
a block of organisations at a time, then each card written out as the same dict that `card.Scorer` makes.

scoring.md §3 (five levels, interpolation, floor), §4 (weighted means, coverage, ``missing``) and §5 (status) are
applied to whole blocks with the core's arithmetic in the core's order: the level by counting thresholds reached
(``bisect_right``), ``k + (v − t_k) / (t_k+1 − t_k)`` with the mirror image by negation, and each weighted sum
accumulated indicator by indicator in card order (``cumsum``), as `core.scoring.composite` adds them.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from govkpi.core.results import Problem
from govkpi.core.scoring import LEVELS, Direction, Policy, check_finite
from govkpi.plans.models import Criterion

from ..card import Scorer, criteria_problem, problem_dict
from ..loading import YearData
from .values import CHILDREN, OWN, PairValues, Tree

BLOCK = 256  # organisations scored together
STATUS = ("no_data", "achieved", "at_risk", "not_achieved")
SOURCE = {OWN: "own", CHILDREN: "children"}


@dataclass
class Layout:
    """One set of criteria (the one for all organisations, or an organisation's with its overrides) in card order."""

    columns: np.ndarray  # indicator positions (in `Tree.indicator_ids`) of the usable criteria
    # per column: code, goal, weight, name_th, name_en, unit, target, thresholds, "all" or "org"
    statics: list[tuple[Any, ...]]
    weights: np.ndarray
    thresholds: np.ndarray  # columns × 5, negated for lower_is_better
    lower: np.ndarray
    goals: list[tuple[dict[str, Any], int, int]]  # goal fields, first and last column + 1
    left_out: list[dict[str, Any]]
    # indent → (each row's text cut around value, score, status and source; each row's text without a value)
    _texts: dict[tuple[int | None, int], tuple[list[list[str]], list[str]]] = field(default_factory=dict)

    def texts(self, indent: int | None, nesting: int = 0) -> tuple[list[list[str]], list[str]]:
        """The JSON text of every row as ``json.dumps`` writes it inside a card (``indent`` as given to it; the card
        ``nesting`` levels deep in a document), cut where a row's value, score, status and source go; and the whole
        text of a row without a value."""
        if (indent, nesting) not in self._texts:
            margin = "\n" + " " * (indent * (2 + nesting)) if indent else None  # rows: two levels into a card
            cut, empty = [], []
            for code, goal, weight, name_th, name_en, unit, target, thresholds, criteria in self.statics:
                fixed = {"name_th": name_th, "name_en": name_en, "unit": unit, "target": target,
                         "thresholds": list(thresholds), "criteria": criteria}
                row = {"code": code, "goal": goal, "weight": weight}
                marked = json.dumps({**row, **dict(zip(_SLOTS, _MARKS, strict=True)), **fixed}, ensure_ascii=False,
                                    indent=indent)
                blank = json.dumps({**row, "value": None, "score": None, "status": "no_data", "source": None, **fixed},
                                   ensure_ascii=False, indent=indent)
                if margin:
                    marked, blank = marked.replace("\n", margin), blank.replace("\n", margin)
                cut.append(_MARKED.split(marked))
                empty.append(blank)
            self._texts[(indent, nesting)] = (cut, empty)
        return self._texts[(indent, nesting)]


_SLOTS = ("value", "score", "status", "source")
_MARKS = tuple(f"\x00{slot}\x00" for slot in _SLOTS)  # no real text holds NUL (the rules refuse it)
_MARKED = re.compile("|".join(re.escape(json.dumps(mark)) for mark in _MARKS))


def layout_of(data: YearData, criteria: dict[int, Criterion], position: dict[int, int]) -> Layout:
    goal_of = {indicator_id: data.goals[data.indicators[indicator_id].goal_id] for indicator_id in criteria}
    ordered = sorted(criteria.items(), key=lambda item: (goal_of[item[0]].code, data.indicators[item[0]].code))
    columns, statics, weights, thresholds, lower, left_out = [], [], [], [], [], []
    goals: list[tuple[dict[str, Any], int, int]] = []
    for indicator_id, criterion in ordered:
        indicator = data.indicators[indicator_id]
        goal = goal_of[indicator_id]
        problem = criteria_problem(criterion, indicator.direction)
        if problem is not None:
            left_out.append({"code": indicator.code, "goal": goal.code, "problem": problem_dict(problem)})
            continue
        if not goals or goals[-1][0]["code"] != goal.code:
            fields = {"title_th": goal.title_th, "title_en": goal.title_en, "note": str(goal.extra.get("x_note") or "")}
            goals.append(({"code": goal.code, **fields}, len(columns), len(columns)))
        goals[-1] = (goals[-1][0], goals[-1][1], len(columns) + 1)
        columns.append(position[indicator_id])
        statics.append((indicator.code, goal.code, criterion.weight, indicator.name_th, indicator.name_en,
                        indicator.unit, criterion.target, criterion.thresholds,
                        "all" if criterion.org_id is None else "org"))
        falling = Direction(indicator.direction) is Direction.LOWER
        weights.append(criterion.weight)
        thresholds.append([-float(t) if falling else float(t) for t in criterion.thresholds])
        lower.append(falling)
    return Layout(np.array(columns, dtype=np.int64), statics, np.array(weights, dtype=np.float64),
                  np.array(thresholds, dtype=np.float64).reshape(-1, LEVELS), np.array(lower, dtype=bool), goals,
                  left_out)


def _scores(values: np.ndarray, layout: Layout, policy: Policy) -> np.ndarray:
    """§3 for a block (organisations × columns): the same arithmetic as `core.scoring._level_score`."""
    v = np.where(layout.lower, -values, values)
    ts = layout.thresholds
    k = (ts[None, :, :] <= v[:, :, None]).sum(axis=2)
    low = np.take_along_axis(np.broadcast_to(ts, (*v.shape, LEVELS)), np.maximum(k - 1, 0)[..., None], 2)[..., 0]
    high = np.take_along_axis(np.broadcast_to(ts, (*v.shape, LEVELS)), np.minimum(k, LEVELS - 1)[..., None], 2)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = k + (v - low) / (high - low)
    whole = (k == LEVELS) | (policy.interpolation == "step")
    return np.where(k == 0, float(policy.floor), np.where(whole, k.astype(np.float64), between))


def _status(score: np.ndarray, has: np.ndarray, policy: Policy) -> np.ndarray:
    """§5 as indices into STATUS."""
    return np.where(~has, 0, np.where(score >= policy.achieved_from, 1, np.where(score >= policy.at_risk_from, 2, 3)))


def _composite(weights: np.ndarray, scores: np.ndarray, has: np.ndarray, policy: Policy
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """§4 for each row of a block: (score, coverage, scored) summed column by column as `core.scoring.composite`."""
    rows = scores.shape[0]
    if not weights.size:
        return np.zeros(rows), np.zeros(rows), np.zeros(rows, dtype=bool)
    total = np.cumsum(weights)[-1]
    scored = np.cumsum(np.where(has, weights, 0.0), axis=1)[:, -1]
    weighted = np.cumsum(np.where(has, weights * scores, 0.0), axis=1)[:, -1]
    some = scored != 0
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(some, scored / total, 0.0)
        score = weighted / (total if policy.missing == "zero" else scored)
    return score, coverage, some


def _body(score: float, coverage: float, some: bool, policy: Policy) -> dict[str, Any]:
    if not some:
        return {"score": None, "coverage": 0.0, "status": "no_data"}
    status = (
        "achieved" if score >= policy.achieved_from else "at_risk" if score >= policy.at_risk_from
        else "not_achieved"
    )
    return {"score": score, "coverage": coverage, "status": status}


class BulkScorer:
    """Cards of every organisation of one year, block by block (`iter_cards`)."""

    def __init__(self, scorer: Scorer, tree: Tree, values: PairValues) -> None:
        """``scorer``: the one-organisation scorer of the year, for its checks (criteria in the year, a policy the
        rules accept) and its data."""
        data = scorer.data
        self.data, self.tree, self.values = data, tree, values
        self.policy = data.policy
        self.policy_problem = scorer.policy_problem
        self.position = {int(indicator_id): i for i, indicator_id in enumerate(tree.indicator_ids.tolist())}
        self.default = layout_of(data, data.default_criteria, self.position)
        self._indent: int | None = None
        self._nesting = 0
        self.problems: dict[int, dict[int, Problem]] = defaultdict(dict)
        for key, problem in values.problems.items():
            org, indicator = divmod(key, tree.width)
            self.problems[org][indicator] = problem

    def cards(self) -> Iterator[dict[str, Any]]:
        """Every organisation with a value for an indicator of its scorecard, in tree order."""
        return self._each(text=False)  # type: ignore[return-value]

    def lines(self, indent: int | None = None, nesting: int = 0) -> Iterator[str]:
        """The same cards as JSON text, each exactly ``json.dumps(card, ensure_ascii=False, indent=indent)``, written
        without making the card's dicts (most rows of a national card have no value: their text is the same for
        every organisation). ``nesting``: each line after the first indented so many levels more, for a card that
        stands inside a larger document (a list of cards: 1)."""
        self._indent, self._nesting = indent, nesting
        return self._each(text=True)  # type: ignore[return-value]

    def _each(self, text: bool) -> Iterator[dict[str, Any] | str]:
        nodes = list(self.data.orgs.values())
        width = max(self.tree.width, 1)
        candidates = np.unique(self.values.keys // width)  # only an organisation with some value has a card
        for start in range(0, len(candidates), BLOCK):
            block = candidates[start : start + BLOCK]
            special = np.array([nodes[i].id in self.data.org_criteria for i in block], dtype=bool)
            ready = dict(zip(block[~special].tolist(), self._block(block[~special], self.default, text), strict=True))
            for i in block.tolist():
                if i not in ready:
                    layout = layout_of(self.data, self.data.criteria_for(nodes[i].id), self.position)
                    ready[i] = self._block(np.array([i]), layout, text)[0]
                card = ready.pop(i)
                if card is not None:
                    yield card

    def _block(self, orgs: np.ndarray, layout: Layout, text: bool) -> list[dict[str, Any] | str | None]:
        if not len(orgs):
            return []
        values = self.values
        keys = orgs[:, None] * self.tree.width + layout.columns[None, :]
        found = np.clip(np.searchsorted(values.keys, keys), 0, max(len(values.keys) - 1, 0))
        has = (values.keys[found] == keys) if len(values.keys) else np.zeros(keys.shape, dtype=bool)
        value = np.where(has, values.value[found] if len(values.keys) else 0.0, 0.0)
        if not np.isfinite(value[has]).all():
            check_finite(float(value[has][~np.isfinite(value[has])][0]), "value")  # raises, as the core does
        source = np.where(has, values.source[found] if len(values.keys) else 0, 0)
        policy = self.policy
        scores = _scores(value, layout, policy)
        status = _status(scores, has, policy)
        overall = _composite(layout.weights, scores, has, policy)
        goals = [_composite(layout.weights[a:b], scores[:, a:b], has[:, a:b], policy) for _, a, b in layout.goals]
        out: list[dict[str, Any] | str | None] = []
        render = self._line if text else self._card
        for row, org in enumerate(orgs.tolist()):
            if not has[row].any():
                out.append(None)
                continue
            out.append(render(org, layout, has[row].tolist(), value[row].tolist(), scores[row].tolist(),
                              status[row].tolist(), source[row].tolist(),
                              [(g[0][row], g[1][row], g[2][row]) for g in goals],
                              (overall[0][row], overall[1][row], overall[2][row])))
        return out

    def _line(self, org: int, layout: Layout, has: list[bool], value: list[float], score: list[float],
              status: list[int], source: list[int], goals: list[tuple[Any, ...]], overall: tuple[Any, ...]) -> str:
        problems = self.problems.get(org)
        if problems:  # a data problem somewhere: the card's dicts, written by json itself
            card = self._card(org, layout, has, value, score, status, source, goals, overall)
            return self._nested(json.dumps(card, ensure_ascii=False, indent=self._indent))
        envelope = {**self._envelope(org, layout, goals, overall), "indicators": [], **self._extras(layout)}
        indent = self._indent
        cut, empty = layout.texts(indent, self._nesting)
        texts = list(empty)
        for j in np.flatnonzero(has).tolist():
            a, b, c, d, e = cut[j]
            texts[j] = f'{a}{value[j]!r}{b}{score[j]!r}{c}"{STATUS[status[j]]}"{d}"{SOURCE[source[j]]}"{e}'
        if indent:
            inner = " " * (indent * (2 + self._nesting))
            body = f"[\n{inner}" + f",\n{inner}".join(texts) + f"\n{inner[indent:]}]"
        else:
            body = "[" + ", ".join(texts) + "]"
        # The key is the only place where this text can stand: inside a JSON string every quote is escaped.
        envelope_text = self._nested(json.dumps(envelope, ensure_ascii=False, indent=indent))
        return envelope_text.replace('"indicators": []', f'"indicators": {body}', 1)

    def _nested(self, text: str) -> str:
        if self._indent and self._nesting:
            return text.replace("\n", "\n" + " " * (self._indent * self._nesting))
        return text

    def _envelope(self, org: int, layout: Layout, goals: list[tuple[Any, ...]], overall: tuple[Any, ...]
                  ) -> dict[str, Any]:
        node = self.data.orgs[int(self.tree.org_ids[org])]
        policy = self.policy
        card: dict[str, Any] = {
            "fiscal_year": self.data.fiscal_year,
            "org": node.code,
            "org_name_th": node.name_th,
            "org_name_en": node.name_en,
            "policy": policy.as_dict(),
            "overall": _body(float(overall[0]), float(overall[1]), bool(overall[2]), policy),
            "goals": [{"code": fields["code"], **_body(float(s), float(c), bool(k), policy),
                       **{name: fields[name] for name in ("title_th", "title_en", "note")}}
                      for (fields, _, _), (s, c, k) in zip(layout.goals, goals, strict=True)],
        }
        return card

    def _extras(self, layout: Layout) -> dict[str, Any]:
        """What a card carries after its indicators: the policy's problem, the criteria left out."""
        extras: dict[str, Any] = {}
        if self.policy_problem is not None:
            extras["policy_problem"] = problem_dict(self.policy_problem)
        if layout.left_out:
            extras["left_out"] = [dict(item) for item in layout.left_out]
        return extras

    def _card(self, org: int, layout: Layout, has: list[bool], value: list[float], score: list[float],
              status: list[int], source: list[int], goals: list[tuple[Any, ...]], overall: tuple[Any, ...]
              ) -> dict[str, Any]:
        problems = self.problems.get(org, {})
        columns = layout.columns.tolist()
        rows = []
        for j, (code, goal, weight, name_th, name_en, unit, target, thresholds, criteria) in enumerate(layout.statics):
            present = has[j]
            row = {"code": code, "goal": goal, "weight": weight, "value": value[j] if present else None,
                   "score": score[j] if present else None, "status": STATUS[status[j]],
                   "source": SOURCE[source[j]] if present else None}
            problem = problems.get(columns[j]) if problems else None
            if problem is not None:
                row["problem"] = problem_dict(problem)
            row.update(name_th=name_th, name_en=name_en, unit=unit, target=target, thresholds=list(thresholds),
                       criteria=criteria)
            rows.append(row)
        return {**self._envelope(org, layout, goals, overall), "indicators": rows, **self._extras(layout)}
