"""Two application processes on different ports against one PostgreSQL database: a session opened through one
works through the other, and a change made through one is seen through the other at once."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum

from govkpi.awards.models import Award
from govkpi.core.thai import to_arabic_digits
from govkpi.demo.actions import load_demo

pytestmark = pytest.mark.django_db(transaction=True)
TOTAL = re.compile(r'class="awards__total">(.*?)</p>', re.S)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url}: the process ended: {process.stderr.read() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.fixture
def redis_url(tmp_path):
    """A private Redis for the shared cache when the machine has one; else each process keeps its own cache."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield ""
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.3)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


@pytest.fixture
def two_servers(postgresql, tmp_path, redis_url):
    db = connection.settings_dict
    url = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(
        DATABASE_URL=url,
        GOVKPI_DATA_DIR=str(tmp_path),
        SECRET_KEY="two-processes-share-this-key",
        REDIS_URL=redis_url,
        CACHE_URL="",
    )
    processes, bases = [], []
    for _ in range(2):
        port = free_port()
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "govkpi.cli", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
                env=env,
                cwd=Path(__file__).resolve().parents[2],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base, process in zip(bases, processes, strict=True):
            wait_for(base + "/", process)
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(10)


class Browser:
    """Cookies shared across both servers, as a browser behind a load balancer would have them."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> str:
        return self.opener.open(url, timeout=30).read().decode()

    def post(self, url: str, data: dict[str, str]) -> str:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        return self.opener.open(request, timeout=30).read().decode()


def awards_total(page: str) -> str:
    found = TOTAL.search(page)
    assert found, "the home page shows the awards total"
    return to_arabic_digits(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def test_a_change_through_one_process_is_seen_through_the_other(two_servers, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # one the servers know
    load_demo()
    get_user_model().objects.create_superuser("alice", password="alice-password-1")
    first, second = two_servers
    browser = Browser()

    before = awards_total(browser.get(second + "/"))
    browser.get(first + "/admin/login/")
    browser.post(
        first + "/admin/login/?next=/admin/", {"username": "alice", "password": "alice-password-1", "next": "/admin/"}
    )
    # Cookies are per host, not per port: the session opened through the first process is sent to the second.
    assert "alice" in browser.get(second + "/admin/")

    award = Award.objects.order_by("pk").first()
    browser.get(first + f"/admin/awards/award/{award.pk}/delete/")
    browser.post(first + f"/admin/awards/award/{award.pk}/delete/", {"post": "yes"})
    assert not Award.objects.filter(pk=award.pk).exists()

    after = awards_total(browser.get(second + "/"))
    expected = str(Award.objects.aggregate(total=Sum("quantity"))["total"] or 0)
    assert after != before
    assert expected in after
