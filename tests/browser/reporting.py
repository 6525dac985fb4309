"""People of the Phrae demo for the reporting pages' browser tests: the reporter and the approver of อำเภอสอง (5406)."""

from __future__ import annotations

import struct
import zlib

from govkpi.accounts.actions import add_user
from govkpi.demo.actions import load_demo
from govkpi.orgs.models import OrgUnit

from .conftest import new_context

PASSWORD = "otop-sales-are-up-2565"
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def load_people() -> None:
    load_demo()
    district = OrgUnit.objects.get(code="5406")
    for role in ("reporter", "approver"):
        add_user(f"{role}5406", org=district, role=role, password=PASSWORD, acting_user=None, channel="cli")


def sign_in(browser, live_server, username, width=1280):
    tab = new_context(browser, width=width, height=900 if width > 500 else 844).new_page()
    tab.goto(live_server.url + "/accounts/login/")
    tab.get_by_label("ชื่อผู้ใช้").fill(username)
    tab.get_by_label("รหัสผ่าน").fill(PASSWORD)
    with tab.expect_navigation():
        tab.get_by_role("button", name="เข้าสู่ระบบ").click()
    return tab


def in_english(tab) -> None:
    with tab.expect_navigation():
        tab.get_by_role("button", name="English").click()


def png() -> bytes:
    """A real 2×2 PNG (a browser decodes it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x0b\x3d\x91" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
