"""PDF through Debian's Chromium (Playwright, never a downloaded browser): A4, Sarabun, running header and page
numbers from CSS page-margin boxes (``counter(page, thai)`` for Thai digits), a real text layer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("GOVKPI_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class PdfError(RuntimeError):
    pass


@contextmanager
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        raise PdfError(f"PDF needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def html_to_pdf(html: str, browser: Any | None = None) -> bytes:
    """Print ``html`` (fonts embedded) to PDF bytes; opens Chromium unless given one."""
    if browser is None:
        with chromium() as opened:
            return html_to_pdf(html, opened)
    page = browser.new_page()
    try:
        page.set_content(html, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        return page.pdf(format="A4", print_background=True, prefer_css_page_size=True, outline=True, tagged=True)
    finally:
        page.close()


def page_texts(pdf: bytes) -> list[str]:
    """The text layer of each page (poppler's ``pdftotext``), whitespace removed."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", handle.name, "-"], capture_output=True, check=True, timeout=120
        ).stdout.decode("utf-8")
    return ["".join(page.split()) for page in text.split("\f")]


def heading_pages(pdf: bytes, titles: list[str], header: str = "", skip: int = 1) -> list[int | None]:
    """The page (from 1) that each section opens, after the first ``skip`` pages: every section starts a page, so
    its title is the first text under the running ``header``. Sections come in order: the search goes forward."""
    pages = page_texts(pdf)
    top = "".join(header.split())
    pages = [page[len(top) :] if top and page.startswith(top) else page for page in pages]
    found: list[int | None] = []
    at = skip
    for title in titles:
        wanted = "".join(title.split())
        page = next((i for i in range(at, len(pages)) if pages[i].startswith(wanted)), None)
        found.append(None if page is None else page + 1)
        if page is not None:
            at = page
    return found
