"""The provincial committee's monthly pack (ประชุมคณะกรมการจังหวัด), from :func:`meetingfacts.meeting_facts`.

Cover (the month, the data's time in BE: the latest approval of a result counted), a summary with every goal's
score this month and last and the trend of the year, what changed since last month's pack, one page per goal
(score and trend chart, indicators, those at risk with their commentary and open corrective actions, projects
behind on disbursement), who is late, and how the figures are made.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from pythainlp.util import thai_strftime

from govkpi.core.periods import Period, PeriodError, parse_period
from govkpi.core.thai import format_datetime
from govkpi.scorecards.labels import status_label
from govkpi.strategy.labels import status_label as project_status_label

from .charts import score_trend
from .document import Block, Document, Num, Part, Writer
from .meetingfacts import AT_RISK, MeetingFacts, meeting_facts

EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
TEXT_SHOWN = 400  # characters of one commentary text; the rest is on the indicator's page


def meeting_pack(period: Period, lang: str = "th", digits: str = "thai", today: date | None = None) -> Document:
    with override(lang):
        return _Pack(meeting_facts(period, today), Writer(lang, digits)).write()


def _name(lang: str, thai: str, english: str | None) -> str:
    return english if lang == "en" and english else thai


def month_label(period: Period, w: Writer, short: bool = False) -> str:
    """``มีนาคม 2565`` / ``March 2565 BE``; short: ``มี.ค.`` / ``Mar`` (the trend's axis)."""
    start = datetime.combine(period.start, time())
    if w.lang == "th":
        return w.d(thai_strftime(start, "%b" if short else "%B %Y"))
    name = EN_MONTHS[period.start.month - 1]
    return name[:3] if short else w.d(f"{name} {period.start.year + 543} BE")


class _Pack:
    def __init__(self, facts: MeetingFacts, w: Writer) -> None:
        self.facts = facts
        self.w = w
        self.fy = facts.fiscal_year
        self.province = _name(w.lang, facts.province.name_th, facts.province.name_en)
        self.month = month_label(facts.period, w)
        self.last = month_label(facts.previous, w) if facts.previous else ""
        title = _("%(province)s: provincial committee meeting pack, %(month)s") % {
            "province": self.province, "month": self.month}
        self.doc = Document(title, title, w.lang, w.digits)
        card = facts.card or {}
        self.indicators = {row["code"]: row for row in card.get("indicators", [])}
        self.before = {row["code"]: row for row in (facts.before or {}).get("indicators", [])}
        self.goals_before = {row["code"]: row for row in (facts.before or {}).get("goals", [])}
        self.records = f"scorecards?fiscal_year={self.fy}&org={facts.province.code}"

    # --- small pieces ---------------------------------------------------------------------------------------------

    def heading(self, title: str, anchor: str, pagebreak: bool = True) -> None:
        self.doc.blocks.append(Block("heading", [title], anchor, extra={"pagebreak": pagebreak}))

    def subheading(self, title: str) -> None:
        self.doc.add("subheading", title)

    def table(self, header: list[str], rows: list[list[Part]], numeric: tuple[int, ...], caption: str) -> None:
        self.doc.blocks.append(Block("table", rows=[list(header), *rows],
                                     extra={"numeric": numeric, "caption": caption}))

    def score(self, value: float | None, records: str = "") -> Num:
        score = self.w.score(value)
        return Num(score.text, records) if value is not None else score

    def change(self, now: float | None, before: float | None) -> str:
        if now is None or before is None:
            return "–"
        delta = round(now - before, 2)
        text = self.w.number(abs(delta), 2).text
        return text if delta == 0 else ("+" if delta > 0 else "−") + text

    def when(self, moment: datetime) -> str:
        return format_datetime(moment, self.w.lang, digits=self.w.digits, style="long")

    def rate(self, value: float | None) -> str:
        return "–" if value is None else self.w.d(f"{round(value * 100)}%")

    def indicator_name(self, row: dict[str, Any]) -> str:
        return _name(self.w.lang, row.get("name_th", ""), row.get("name_en"))

    # --- the document ---------------------------------------------------------------------------------------------

    def write(self) -> Document:
        self.cover()
        self.summary()
        self.changes()
        for goal in (self.facts.card or {}).get("goals", []):
            self.goal(goal)
        self.late()
        self.method()
        return self.doc

    def cover(self) -> None:
        w, facts = self.w, self.facts
        lines = [
            _("Fiscal year %(year)s: results of the periods that end by %(date)s") % {
                "year": w.d(self.fy), "date": w.date(facts.period.end)},
            _("Data as of %(time)s (the latest approval of a result counted)") % {"time": self.when(facts.data_time)}
            if facts.data_time else _("No approved result is counted yet."),
            _("Generated by govkpi from the records on %(time)s") % {"time": self.when(timezone.now())},
        ]
        self.doc.blocks.append(Block("cover", [self.doc.title], extra={"lines": lines}))

    def summary(self) -> None:
        w, facts = self.w, self.facts
        self.heading(_("Summary"), "summary")
        card = facts.card
        if card is None:
            self.doc.sentence("para", _("No indicator has criteria for fiscal year %(year)s: there is nothing to "
                                        "score."), year=w.d(self.fy))
            return
        records = self.records
        overall, goals = card["overall"], card["goals"]
        before = (facts.before or {}).get("overall", {})
        self.doc.sentence(
            "para",
            _("As of the end of %(month)s, %(province)s scored %(score)s out of %(max)s on its joint goals "
              "(%(status)s); %(achieved)s of %(goals)s goals reached their targets, with results for %(coverage)s "
              "of the indicators' weight."),
            month=self.month, province=self.province, score=self.score(overall["score"], records), max=w.d(5),
            status=status_label(overall["status"]),
            achieved=w.number(sum(1 for g in goals if g["status"] == "achieved"), records=records),
            goals=w.number(len(goals), records=records), coverage=self.rate(overall["coverage"]),
        )
        if facts.before is not None:
            self.doc.sentence("para", _("At the end of %(month)s the overall score was %(score)s (%(status)s)."),
                              month=self.last, score=w.score(before.get("score")),
                              status=status_label(before.get("status", "no_data")))
        rows: list[list[Part]] = []
        for goal in goals:
            was = self.goals_before.get(goal["code"], {})
            rows.append([goal["code"], _name(w.lang, goal["title_th"], goal["title_en"]),
                         self.score(goal["score"], f"{records}&goal={goal['code']}"), w.score(was.get("score")),
                         self.change(goal["score"], was.get("score")), status_label(goal["status"])])
        self.table([_("Code"), _("Goal"), _("Score"), _("Last month"), _("Change"), _("Status")], rows, (2, 3, 4),
                   _("Goal scores at the end of %(month)s") % {"month": self.month})
        months = [month for month, _card in facts.trend]
        header = [_("Goal"), *(month_label(month, w, short=True) for month in months)]
        trend_rows: list[list[Part]] = [
            [goal["code"], *(w.score(score) for _month, score, _status in facts.goal_trend(goal["code"]))]
            for goal in goals
        ]
        trend_rows.append([_("Overall"), *(w.score(c["overall"]["score"]) for _month, c in facts.trend)])
        self.table(header, trend_rows, tuple(range(1, len(header))),
                   _("Scores at the end of each month of fiscal year %(year)s") % {"year": w.d(self.fy)})

    def changes(self) -> None:
        w, facts = self.w, self.facts
        self.heading(_("What changed since last month's pack"), "changes", pagebreak=False)
        if facts.previous is None or facts.card is None:
            self.doc.add("para", _("This is the first pack of the fiscal year: there is no earlier month to compare "
                                   "with."))
            return
        new = sum(facts.new_results.values())
        self.doc.sentence("para", _("%(count)s approved results of periods that end in %(month)s are counted for "
                                    "the first time."), count=w.number(new), month=self.month)
        moved = 0
        for goal in facts.card["goals"]:
            was = self.goals_before.get(goal["code"], {"score": None, "status": "no_data"})
            if was["status"] != goal["status"]:
                moved += 1
                self.doc.sentence("item", _("Goal %(code)s %(title)s: %(before)s → %(after)s (score %(old)s → "
                                            "%(new)s)"),
                                  code=goal["code"], title=_name(w.lang, goal["title_th"], goal["title_en"]),
                                  before=status_label(was["status"]), after=status_label(goal["status"]),
                                  old=w.score(was["score"]), new=w.score(goal["score"]))
        for code, row in self.indicators.items():
            was = self.before.get(code, {"score": None, "status": "no_data"})
            if was["status"] != row["status"]:
                moved += 1
                self.doc.sentence("item", _("Indicator %(code)s %(name)s: %(before)s → %(after)s (score %(old)s → "
                                            "%(new)s)"),
                                  code=code, name=self.indicator_name(row), before=status_label(was["status"]),
                                  after=status_label(row["status"]), old=w.score(was["score"]),
                                  new=w.score(row["score"]))
        if not moved:
            self.doc.sentence("para", _("No goal or indicator changed its status since %(month)s."), month=self.last)

    def goal(self, goal: dict[str, Any]) -> None:
        w, facts = self.w, self.facts
        code = goal["code"]
        title = f"{code} {_name(w.lang, goal['title_th'], goal['title_en'])}"
        self.heading(title, f"goal-{code}")
        was = self.goals_before.get(code)
        self.doc.sentence("para", _("Score %(score)s out of %(max)s (%(status)s), with results for %(coverage)s of "
                                    "the indicators' weight."),
                          score=self.score(goal["score"], f"{self.records}&goal={code}"),
                          max=w.d(5), status=status_label(goal["status"]), coverage=self.rate(goal["coverage"]))
        if was is not None:
            self.doc.sentence("para", _("Last month (%(month)s): %(score)s (%(status)s); change %(change)s."),
                              month=self.last, score=w.score(was["score"]), status=status_label(was["status"]),
                              change=self.change(goal["score"], was["score"]))
        if facts.new_results.get(code):
            self.doc.sentence("para", _("New this month: %(count)s approved results."),
                              count=w.number(facts.new_results[code]))
        if goal.get("note"):
            self.doc.add("note", goal["note"])
        chart = _("Score of %(goal)s at the end of each month (0–5)") % {"goal": code}
        points = [(month_label(month, w, short=True), score) for month, score, _status in facts.goal_trend(code)]
        self.doc.blocks.append(Block("chart", [chart], svg=score_trend(chart, points, w.digits)))
        rows: list[list[Part]] = []
        indicators = [row for row in self.indicators.values() if row["goal"] == code]
        for row in indicators:
            records = f"results?fiscal_year={self.fy}&indicator={row['code']}"
            rows.append([row["code"], self.indicator_name(row),
                         "–" if row["value"] is None else w.number(row["value"], 2, records),
                         "–" if row["target"] is None else w.number(row["target"], 2),
                         w.score(row["score"]), status_label(row["status"]),
                         self.change(row["score"], self.before.get(row["code"], {}).get("score"))])
        self.table([_("Code"), _("Indicator"), _("Result"), _("Target"), _("Score"), _("Status"), _("Change")],
                   rows, (2, 3, 4, 6), _("Indicators of %(goal)s") % {"goal": code})
        for item in facts.commentary.get(code, []):
            self.said(item, "para")
        self.at_risk([row for row in indicators if row["status"] in AT_RISK])
        self.projects(code)

    def said(self, item: Any, kind: str) -> None:
        w = self.w
        who = _name(w.lang, item.org.name_th, item.org.name_en)
        for label, text in item.texts:
            short = text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1] + "…"
            self.doc.sentence(kind, _("%(org)s (%(period)s), %(label)s: %(text)s"), org=who,
                              period=_period(item.commentary.period, w), label=label, text=short)

    def at_risk(self, rows: list[dict[str, Any]]) -> None:
        w, facts = self.w, self.facts
        self.subheading(_("Indicators at risk or not achieved"))
        if not rows:
            self.doc.add("para", _("None: every indicator of this goal with a score is achieved."))
            return
        today = facts.today
        for row in rows:
            self.doc.sentence("item", _("%(code)s %(name)s: score %(score)s (%(status)s), result %(value)s against "
                                        "a target of %(target)s %(unit)s"),
                              code=row["code"], name=self.indicator_name(row), score=w.score(row["score"]),
                              status=status_label(row["status"]),
                              value="–" if row["value"] is None else w.number(row["value"], 2),
                              target="–" if row["target"] is None else w.number(row["target"], 2),
                              unit=row.get("unit", ""))
            for item in facts.commentary.get(row["code"], []):
                self.said(item, "subitem")
            actions = facts.actions.get(row["code"], [])
            for action in actions:
                owner = action.owner or action.org
                values: dict[str, Part] = {
                    "code": action.code, "title": _name(w.lang, action.title_th, action.title_en),
                    "owner": _name(w.lang, owner.name_th, owner.name_en),
                    "due": w.date(action.due) if action.due else _("no due date"),
                }
                if action.due is not None and action.due < today:
                    template = _("Corrective action %(code)s: %(title)s — %(owner)s, due %(due)s (past due)")
                else:
                    template = _("Corrective action %(code)s: %(title)s — %(owner)s, due %(due)s")
                self.doc.sentence("subitem", template, **values)
            if not actions:
                self.doc.add("subitem", _("No open corrective action answers this indicator."))

    def projects(self, goal: str) -> None:
        w, facts = self.w, self.facts
        self.subheading(_("Projects behind on disbursement"))
        if facts.budget is None:
            self.doc.add("para", _("No quarter has ended yet: disbursement is reviewed from the end of the first "
                                   "quarter."))
            return
        quarter = _period(facts.budget["as_of"], w)
        behind = facts.behind(goal)
        if not behind:
            self.doc.sentence("para", _("None as of %(quarter)s."), quarter=quarter)
            return
        for row in behind:
            project = facts.projects.get(row["code"])
            title = _name(w.lang, project.title_th, project.title_en) if project else ""
            org = _name(w.lang, project.org.name_th, project.org.name_en) if project else row["org"]
            self.doc.sentence(
                "item",
                _("%(code)s %(title)s (%(org)s): disbursed %(rate)s against a target of %(target)s as of "
                  "%(quarter)s, physical progress %(progress)s, %(status)s"),
                code=row["code"], title=title, org=org,
                rate=Num(self.rate(row["rate"]), f"budget?fiscal_year={self.fy}"),
                target=self.rate(row["target_rate"]), quarter=quarter,
                progress="–" if row["progress"] is None else w.d(f"{round(row['progress'])}%"),
                status=project_status_label(row["status"]) if row["status"] else "–",
            )

    def late(self) -> None:
        w, facts = self.w, self.facts
        self.heading(_("Who is late"), "late")
        if not facts.late:
            self.doc.sentence("para", _("No organisation had an overdue result on %(date)s."),
                              date=w.date(facts.late_on))
            return
        self.doc.sentence(
            "para",
            _("On %(date)s, %(orgs)s organisations had %(count)s results overdue (a result is due %(days)s days "
              "after its period ends) for periods that end by %(end)s."),
            date=w.date(facts.late_on), orgs=w.number(len(facts.late)),
            count=w.number(sum(line.count for line in facts.late)), days=w.d(facts.grace_days),
            end=w.date(facts.period.end),
        )
        rows: list[list[Part]] = []
        for line in facts.late:
            items = ", ".join(f"{code} {_period(period.code, w)}" for code, period in line.items)
            if line.count > len(line.items):
                items += " …"
            rows.append([line.org.code, _name(w.lang, line.org.name_th, line.org.name_en), w.number(line.count),
                         w.date(line.oldest, "short"), items])
        self.table([_("Code"), _("Organisation"), _("Overdue"), _("Oldest due date"), _("Items overdue")], rows, (2,),
                   _("Organisations with overdue results"))

    def method(self) -> None:
        w, facts = self.w, self.facts
        self.heading(_("How the figures are made"), "method", pagebreak=False)
        self.doc.sentence(
            "note",
            _("Scores count the approved results of the periods that end by the end of the month (%(date)s), "
              "scored as on the scorecards; last month's are counted the same way up to the end of the month "
              "before. Disbursement is as of the latest quarter that has ended. Every figure is open data."),
            date=w.date(facts.period.end),
        )


def _period(code: str | None, w: Writer) -> str:
    if not code:
        return "–"
    try:
        return parse_period(code).label(w.lang, w.digits)
    except PeriodError:
        return code
