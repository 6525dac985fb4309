"""`govkpi publish ckan` creates the datasets with the Thai catalogue fields, uploads each file, and on a second run
updates them in place; a dry run only prints what it would send."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from govkpi.audit.models import AuditEvent
from govkpi.opendata.datasets import PUBLISHED

pytestmark = pytest.mark.django_db


def publish(server, tmp_path, *extra, token="token-54"):
    key = tmp_path / "key"
    key.write_text(token + "\n")
    out = io.StringIO()
    url = f"http://127.0.0.1:{server.server_port}"
    call_command("publish", "ckan", "--url", url, "--api-key-file", str(key), "--org", "phrae", *extra, stdout=out)
    return out.getvalue()


def test_the_first_run_creates_one_dataset_per_table_with_the_thai_catalogue_fields(demo, db, ckan, tmp_path):
    server, portal = ckan
    said = publish(server, tmp_path)
    assert f"{len(PUBLISHED)} created, 0 updated, {3 * len(PUBLISHED)} files uploaded" in said
    names = sorted(p["name"] for p in portal.packages.values())
    assert names == sorted(f"govkpi-54-{name}" for name in PUBLISHED)
    assert "govkpi-54-project_progress" in names and "govkpi-54-budget" in names
    awards = portal.find("govkpi-54-awards")
    for field in (
        "data_type",
        "objective",
        "update_frequency_unit",
        "geo_coverage",
        "data_source",
        "data_format",
        "data_category",
        "data_classification",
        "license_id",
        "maintainer",
    ):
        assert field in awards
    assert awards["owner_org"] == "phrae" and awards["title"].startswith("จังหวัดแพร่")
    assert sorted(r["name"] for r in awards["resources"]) == ["awards.csv", "awards.json", "awards.xlsx"]


def test_the_uploaded_awards_csv_adds_up_to_72(demo, db, ckan, tmp_path):
    server, portal = ckan
    publish(server, tmp_path)
    resource = next(r for r in portal.find("govkpi-54-awards")["resources"] if r["name"] == "awards.csv")
    rows = list(csv.DictReader(io.StringIO(portal.uploads[resource["id"]].decode("utf-8-sig"))))
    assert sum(int(row["quantity"]) for row in rows if row["fiscal_year"] == "2565") == 72


def test_a_second_run_patches_the_datasets_and_replaces_their_files(demo, db, ckan, tmp_path):
    server, portal = ckan
    publish(server, tmp_path)
    said = publish(server, tmp_path)
    assert f"0 created, {len(PUBLISHED)} updated" in said
    assert len(portal.packages) == len(PUBLISHED)
    for package in portal.packages.values():
        assert len(package["resources"]) == 3
    assert portal.calls.count("package_patch") == len(PUBLISHED)
    assert AuditEvent.objects.filter(action="opendata.publish_ckan").count() == 2


def test_a_wrong_token_is_refused_with_the_portals_error(demo, db, ckan, tmp_path):
    server, portal = ckan
    with pytest.raises(CommandError, match="Authorization Error"):
        publish(server, tmp_path, token="wrong")
    assert portal.packages == {}


def test_a_dry_run_prints_the_payloads_and_sends_nothing(demo, db, ckan, tmp_path):
    server, portal = ckan
    said = publish(server, tmp_path, "--dry-run")
    calls = [json.loads(line) for line in said.splitlines()]
    assert [c["action"] for c in calls[:4]] == ["package_create"] + ["resource_create"] * 3
    assert calls[0]["payload"]["geo_coverage"] == "จังหวัด"
    assert portal.calls == []
