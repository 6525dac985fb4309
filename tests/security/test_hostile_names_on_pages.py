"""Hostile names are shown as text on every public page reachable from the home page: never as markup, with Thai
marks and formula-looking text unchanged."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import FORMULA, MARKS, RAW, SCRIPT

pytestmark = pytest.mark.django_db
LIMIT = 120
PRIVATE = ("/admin/", "/accounts/", "/api/", "/i18n/", "/static/", "/media/")


def crawl(client, *starts: str) -> dict[str, object]:
    """Every page reachable by GET links from `starts` (default: the home page; site-internal, public), up to LIMIT
    pages."""
    seen: dict[str, object] = {}
    queue = list(starts or ["/"])
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"#]+)', response.content.decode()):
            target = urlsplit(urljoin(path, html.unescape(href)))
            if target.netloc or not target.path.startswith("/") or target.path.startswith(PRIVATE):
                continue
            link = target.path  # one visit per page: other years and languages render the same templates
            if link not in seen and link not in queue:
                queue.append(link)
    return seen


def test_every_public_page_shows_hostile_names_as_text(client, hostile):
    pages = crawl(client)
    assert len(pages) >= 3, "the crawl found the pages"
    shown, texts = 0, []
    for path, response in pages.items():
        assert response.status_code in (200, 301, 302, 404), f"{path}: {response.status_code}"
        body = response.content.decode("utf-8", errors="replace")
        if "html" not in response.get("Content-Type", ""):
            continue
        for raw in RAW:
            assert raw not in body, f"{path} carries {raw!r} as markup"
        shown += html.escape(SCRIPT) in body or html.escape(SCRIPT, quote=False) in body
        texts.append(html.unescape(body))
    assert shown >= 1, "the hostile province name appears, escaped, on some page"
    assert any(MARKS in text for text in texts), "stacked Thai marks come through unchanged"
    assert any(FORMULA in text for text in texts), "a formula-looking name is shown as the same text"
