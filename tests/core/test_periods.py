"""Fiscal periods: codes, dates, containment, overlaps and labels."""

from datetime import date

import pytest

from govkpi.core.periods import (
    Period,
    PeriodError,
    PeriodKind,
    find_overlaps,
    fiscal_year_bounds,
    fiscal_year_of,
    parse_period,
    period_containing,
    periods_of,
)

FY = 2565


def p(code: str) -> Period:
    return parse_period(code)


@pytest.mark.parametrize(
    ("code", "kind", "index"),
    [
        ("2565", PeriodKind.YEAR, 1),
        ("2565-H1", PeriodKind.HALF, 1),
        ("2565-H2", PeriodKind.HALF, 2),
        ("2565-Q1", PeriodKind.QUARTER, 1),
        ("2565-Q4", PeriodKind.QUARTER, 4),
        ("2565-M01", PeriodKind.MONTH, 1),
        ("2565-M12", PeriodKind.MONTH, 12),
    ],
)
def test_it_parses_every_code_form(code: str, kind: PeriodKind, index: int) -> None:
    period = parse_period(code)
    assert period == Period(FY, kind, index)
    assert period.code == code
    assert str(period) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("๒๕๖๕-Q๑", "2565-Q1"),
        ("๒๕๖๕", "2565"),
        ("2565-q1", "2565-Q1"),
        ("2565-h2", "2565-H2"),
        ("  2565-Q3 ", "2565-Q3"),
        ("2565-m07", "2565-M07"),
        ("2565-M1", "2565-M01"),
        ("2565-M9", "2565-M09"),
        ("๒๕๖๕-M๑๒", "2565-M12"),
    ],
)
def test_it_normalises_accepted_variants(text: str, code: str) -> None:
    assert parse_period(text).code == code


@pytest.mark.parametrize("text", ["2565-Q5", "2565-Q0", "2565-H3", "2565-H0", "2565-M13", "2565-M00", "2565-M0"])
def test_it_rejects_an_index_outside_its_kind(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.code == "invalid_index"
    assert caught.value.params["value"] == text


@pytest.mark.parametrize("text", ["2022-Q1", "2022", "2021-M01", "๒๐๒๒-Q๑"])
def test_it_rejects_ce_years(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.code == "ce_year"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "Q1-2565",
        "2565Q1",
        "2565-Q",
        "2565-Q01",
        "2565-M001",
        "65-Q1",
        "25650",
        "2565-W01",
        "2565 - Q1",
        "2565-Q1x",
        "2565/Q1",
    ],
)
def test_it_rejects_garbage(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.code == "invalid_period"


def test_it_rejects_a_non_string() -> None:
    with pytest.raises(PeriodError):
        parse_period(2565)  # type: ignore[arg-type]


def test_the_constructor_validates_too() -> None:
    with pytest.raises(PeriodError) as caught:
        Period(FY, PeriodKind.QUARTER, 5)
    assert caught.value.code == "invalid_index"
    with pytest.raises(PeriodError) as caught:
        Period(2022, PeriodKind.YEAR, 1)
    assert caught.value.code == "ce_year"
    with pytest.raises(PeriodError) as caught:
        Period(12345, PeriodKind.YEAR, 1)
    assert caught.value.code == "invalid_year"
    assert Period(FY, "quarter", 2).kind is PeriodKind.QUARTER  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2565", date(2021, 10, 1), date(2022, 9, 30)),
        ("2565-H1", date(2021, 10, 1), date(2022, 3, 31)),
        ("2565-H2", date(2022, 4, 1), date(2022, 9, 30)),
        ("2565-Q1", date(2021, 10, 1), date(2021, 12, 31)),
        ("2565-Q2", date(2022, 1, 1), date(2022, 3, 31)),
        ("2565-Q3", date(2022, 4, 1), date(2022, 6, 30)),
        ("2565-Q4", date(2022, 7, 1), date(2022, 9, 30)),
        ("2565-M01", date(2021, 10, 1), date(2021, 10, 31)),
        ("2565-M03", date(2021, 12, 1), date(2021, 12, 31)),
        ("2565-M04", date(2022, 1, 1), date(2022, 1, 31)),
        ("2565-M05", date(2022, 2, 1), date(2022, 2, 28)),
        ("2567-M05", date(2024, 2, 1), date(2024, 2, 29)),
        ("2565-M12", date(2022, 9, 1), date(2022, 9, 30)),
    ],
)
def test_it_knows_start_and_end_dates(code: str, start: date, end: date) -> None:
    period = parse_period(code)
    assert (period.start, period.end) == (start, end)


def test_fiscal_year_bounds() -> None:
    assert fiscal_year_bounds(2565) == (date(2021, 10, 1), date(2022, 9, 30))
    with pytest.raises(PeriodError):
        fiscal_year_bounds(2022)


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (date(2021, 10, 1), 2565),
        (date(2022, 9, 30), 2565),
        (date(2021, 9, 30), 2564),
        (date(2022, 10, 1), 2566),
        (date(2022, 9, 20), 2565),
        (date(2022, 1, 1), 2565),
    ],
)
def test_fiscal_year_of(day: date, fy: int) -> None:
    assert fiscal_year_of(day) == fy


def test_months_and_whole_year() -> None:
    assert [p(c).months for c in ("2565", "2565-H1", "2565-Q1", "2565-M01")] == [12, 6, 3, 1]
    assert p("2565").is_whole_year
    assert not p("2565-Q1").is_whole_year


def test_periods_of_each_kind_tile_the_year() -> None:
    for kind, count in [(PeriodKind.YEAR, 1), (PeriodKind.HALF, 2), (PeriodKind.QUARTER, 4), (PeriodKind.MONTH, 12)]:
        periods = periods_of(FY, kind)
        assert len(periods) == count
        assert periods[0].start == date(2021, 10, 1)
        assert periods[-1].end == date(2022, 9, 30)
        for before, after in zip(periods, periods[1:], strict=False):
            assert (after.start - before.end).days == 1
    assert [x.code for x in periods_of(FY, PeriodKind.QUARTER)] == ["2565-Q1", "2565-Q2", "2565-Q3", "2565-Q4"]


def test_period_containing() -> None:
    assert period_containing(date(2021, 10, 1), PeriodKind.QUARTER).code == "2565-Q1"
    assert period_containing(date(2022, 9, 20), PeriodKind.MONTH).code == "2565-M12"
    assert period_containing(date(2022, 3, 31), PeriodKind.HALF).code == "2565-H1"
    assert period_containing(date(2022, 4, 1), PeriodKind.HALF).code == "2565-H2"
    assert period_containing(date(2022, 2, 14), PeriodKind.QUARTER).code == "2565-Q2"
    assert period_containing(date(2022, 2, 14), PeriodKind.YEAR).code == "2565"
    assert period_containing(date(2022, 10, 1), PeriodKind.MONTH).code == "2566-M01"


def test_containment() -> None:
    assert p("2565").contains(p("2565-Q1"))
    assert p("2565-Q1").contains(p("2565-M01"))
    assert p("2565-H1").contains(p("2565-Q2"))
    assert p("2565-Q2").contains(p("2565-Q2"))
    assert not p("2565-M01").contains(p("2565-Q1"))
    assert not p("2565-H1").contains(p("2565-Q3"))
    assert not p("2565").contains(p("2566-M01"))


def test_overlaps_named_in_scoring_md() -> None:
    assert p("2565-Q1").overlaps(p("2565-M01"))
    assert p("2565-M01").overlaps(p("2565-Q1"))
    assert p("2565-H1").overlaps(p("2565-Q2"))
    assert not p("2565-Q1").overlaps(p("2565-Q2"))
    assert not p("2565-H1").overlaps(p("2565-H2"))
    assert not p("2565-M12").overlaps(p("2566-M01"))


def test_find_overlaps_reports_the_pairs_of_sub_periods() -> None:
    periods = [p("2565-Q1"), p("2565-M01"), p("2565-H1"), p("2565-Q2"), p("2565-Q3")]
    pairs = {(a.code, b.code) for a, b in find_overlaps(periods)}
    assert pairs == {
        ("2565-H1", "2565-Q1"),
        ("2565-H1", "2565-M01"),
        ("2565-Q1", "2565-M01"),
        ("2565-H1", "2565-Q2"),
    }


def test_find_overlaps_lets_the_whole_year_stand_beside_sub_periods() -> None:
    periods = [p("2565"), *periods_of(FY, PeriodKind.QUARTER)]
    assert find_overlaps(periods) == []


def test_find_overlaps_reports_a_period_given_twice() -> None:
    assert find_overlaps([p("2565-Q1"), p("2565-Q1")]) == [(p("2565-Q1"), p("2565-Q1"))]


def test_find_overlaps_is_fast_on_big_lists() -> None:
    months = [m for fy in range(2400, 4400) for m in periods_of(fy, PeriodKind.MONTH)]  # 24,000 periods
    assert find_overlaps(months) == []
    assert find_overlaps([*months, p("2565-Q2")]) == [
        (p("2565-Q2"), p("2565-M04")),
        (p("2565-Q2"), p("2565-M05")),
        (p("2565-Q2"), p("2565-M06")),
    ]


def test_sort_key_orders_by_start_then_longer_first() -> None:
    codes = ["2565-M02", "2565-Q1", "2565", "2565-M01", "2565-H1", "2564-Q4", "2565-Q2"]
    ordered = [x.code for x in sorted(map(p, codes), key=lambda x: x.sort_key)]
    assert ordered == ["2564-Q4", "2565", "2565-H1", "2565-Q1", "2565-M01", "2565-M02", "2565-Q2"]


@pytest.mark.parametrize(
    ("code", "thai", "english"),
    [
        ("2565", "ปีงบประมาณ 2565", "FY2565"),
        ("2565-H1", "ครึ่งปีแรก 2565", "H1 FY2565"),
        ("2565-H2", "ครึ่งปีหลัง 2565", "H2 FY2565"),
        ("2565-Q1", "ไตรมาส 1/2565", "Q1 FY2565"),
        ("2565-M01", "ต.ค. 2564", "Oct 2564 BE"),
        ("2565-M04", "ม.ค. 2565", "Jan 2565 BE"),
        ("2565-M12", "ก.ย. 2565", "Sep 2565 BE"),
    ],
)
def test_labels(code: str, thai: str, english: str) -> None:
    assert p(code).label() == thai
    assert p(code).label("en") == english


def test_labels_in_thai_digits() -> None:
    assert p("2565-Q1").label(digits="thai") == "ไตรมาส ๑/๒๕๖๕"
    assert p("2565-M01").label("en", digits="thai") == "Oct ๒๕๖๔ BE"


def test_labels_reject_unknown_options() -> None:
    with pytest.raises(PeriodError) as caught:
        p("2565").label("fr")
    assert caught.value.code == "invalid_option"
    with pytest.raises(PeriodError):
        p("2565").label(digits="roman")
