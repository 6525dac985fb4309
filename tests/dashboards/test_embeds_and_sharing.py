"""Embeds have stable URLs and may be framed by other sites; every other page may not. Pages carry social previews."""

import pytest

from govkpi.dashboards.templatetags.thai_format import score
from govkpi.scorecards.services import score_org

pytestmark = pytest.mark.django_db


def test_an_indicator_chart_embed_may_be_framed_anywhere(client, phrae):
    response = client.get("/embed/indicators/G01-1/?fy=2565")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert 'data-chart="chart-periods"' in html and "<table>" in html
    assert 'href="/indicators/G01-1/?fy=2565"' in html  # back to the full page


def test_a_scorecard_embed_shows_the_same_figures(client, phrae):
    response = client.get("/embed/orgs/54/")
    assert "X-Frame-Options" not in response.headers
    expected = score(score_org(2565, phrae.orgs["54"])["overall"]["score"])
    assert f'<span id="org-score" class="overall__number">{expected}</span>' in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/goals/G01/", "/indicators/G01-1/", "/orgs/54/", "/rankings/"])
def test_public_pages_refuse_to_be_framed_and_have_social_previews(client, phrae, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    for tag in ('property="og:title"', 'property="og:description"', 'property="og:url"', 'name="twitter:card"'):
        assert tag in html


def test_the_indicator_preview_names_the_indicator(client, phrae):
    html = client.get("/indicators/G01-1/").content.decode()
    assert '<meta property="og:title" content="G01-1 ตัวชี้วัด G01-1">' in html


def test_the_pages_give_the_embed_code_with_the_stable_address(client, phrae):
    html = client.get("/indicators/G01-1/?fy=2565").content.decode()
    assert '&lt;iframe src="http://testserver/embed/indicators/G01-1/?fy=2565"' in html
    assert '<label for="embed-code-indicator">' in html
    assert '&lt;iframe src="http://testserver/embed/orgs/5401/?fy=2565"' in client.get("/orgs/5401/").content.decode()
