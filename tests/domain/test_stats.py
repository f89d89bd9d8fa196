from datetime import date

import pytest

from factcheck.domain.charts import ChartItem, column_chart, row_chart, stacked_bar
from factcheck.domain.stats import (
    cohen_kappa,
    fold_by_week,
    median,
    percentile,
    recent_weeks,
    week_start,
    weeks_between,
)


def test_kappa_matches_a_hand_computed_table():
    # 50 claims: both "false" 20, A false/B true 5, A true/B false 10, both true 15.
    # Observed 35/50 = 0.7; A says false 25/50, B 30/50; chance 0.5*0.6 + 0.5*0.4 = 0.5.
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    table = {("false", "false"): 20, ("false", "true"): 5, ("true", "false"): 10,
             ("true", "true"): 15}
    assert cohen_kappa(table) == pytest.approx(0.4)


def test_kappa_is_one_for_perfect_agreement_and_negative_below_chance():
    assert cohen_kappa({("a", "a"): 3, ("b", "b"): 2}) == pytest.approx(1.0)
    assert cohen_kappa({("a", "b"): 3, ("b", "a"): 3}) == pytest.approx(-1.0)


def test_kappa_is_undefined_without_data_or_variation():
    assert cohen_kappa({}) is None
    assert cohen_kappa({("a", "a"): 7}) is None


def test_percentiles_interpolate_between_ranks():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert median(values) == pytest.approx(5.5)
    assert percentile(values, 90) == pytest.approx(9.1)
    assert percentile(values, 0) == 1 and percentile(values, 100) == 10
    assert percentile([4.0], 90) == 4.0
    assert median([]) is None
    with pytest.raises(ValueError):
        percentile(values, 101)


def test_weeks_start_on_monday():
    assert week_start(date(2026, 11, 26)) == date(2026, 11, 23)
    assert recent_weeks(date(2026, 11, 26), 3) == [date(2026, 11, 9), date(2026, 11, 16),
                                                   date(2026, 11, 23)]
    assert weeks_between(date(2026, 11, 1), date(2026, 11, 10)) == [
        date(2026, 10, 26), date(2026, 11, 2), date(2026, 11, 9)]
    assert fold_by_week([(date(2026, 11, 23), 2), (date(2026, 11, 29), 3),
                         (date(2026, 11, 30), 1)]) == {date(2026, 11, 23): 5,
                                                       date(2026, 11, 30): 1}


def test_chart_bars_scale_to_the_largest_value():
    chart = row_chart("t", [ChartItem("a", "A", 10), ChartItem("b", "B", 5),
                            ChartItem("c", "C", 0)], width=300, label_width=100)
    lengths = [bar.width for bar in chart.bars]
    assert lengths[0] == 150 and lengths[1] == 75 and lengths[2] == 0
    columns = column_chart("t", [ChartItem("w", "W", 4), ChartItem("x", "X", 2)], height=100)
    assert columns.bars[0].height == pytest.approx(2 * columns.bars[1].height)
    segments = stacked_bar([("new", "New", 1), ("published", "Published", 3)], width=200)
    assert [s.width for s in segments] == [50, 150] and segments[1].x == 50
