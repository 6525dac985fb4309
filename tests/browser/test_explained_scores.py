"""Issue 15 in a real browser on the demo: the "how was this calculated?" page has no serious axe-core violation,
and a chart of one point (a yearly indicator over one year) has its target line drawn."""

from __future__ import annotations

import pytest

from govkpi.demo.actions import load_demo

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TARGET_PIXELS = """(id) => {
  const canvas = document.querySelector(`figure[data-chart='${id}'] canvas`);
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let widest = 0;  // the longest row of the target's colour, #b45309: a dashed line over the width of the chart
  for (let y = 0; y < canvas.height; y++) {
    let row = 0;
    for (let x = 0; x < canvas.width; x++) {
      const i = (y * canvas.width + x) * 4;
      if (Math.abs(data[i] - 180) < 30 && Math.abs(data[i + 1] - 83) < 30 && data[i + 2] < 50) { row++; }
    }
    widest = Math.max(widest, row);
  }
  return widest / canvas.width;
}"""


@pytest.fixture
def demo(transactional_db) -> None:
    load_demo()


@pytest.mark.parametrize("path", ["/orgs/54/2565/explain/", "/orgs/5401/2565/explain/"])
def test_the_explain_page_is_accessible(page, live_server, demo, path):
    page.goto(live_server.url + path)
    assert page.inner_text("#explain-score").strip()
    assert axe_violations(page) == []


def test_a_chart_of_one_point_draws_its_target(browser, live_server, demo):
    page = new_context(browser, bypass_csp=False).new_page()
    page.goto(live_server.url + "/indicators/G08-1/")
    assert page.locator("figure[data-chart='chart-periods']").count() == 0  # yearly: drawn once
    page.wait_for_selector("figure[data-chart='chart-years'] canvas")
    assert page.evaluate(TARGET_PIXELS, "chart-years") > 0.4  # not only the legend's small box
