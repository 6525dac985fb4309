"""The Frictionless Data Package is valid by the frictionless library, and DCAT describes every dataset."""

import io
import json
import zipfile

import pytest

from govkpi.opendata.datasets import PUBLISHED

pytestmark = pytest.mark.django_db


def test_the_data_package_validates_with_frictionless(demo, client, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/open-data/datapackage.zip").content))
    archive.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == list(PUBLISHED)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_the_command_writes_the_same_package_to_a_folder(demo, db, tmp_path):
    from django.core.management import call_command

    call_command("publish", "datapackage", "--out", str(tmp_path), stdout=io.StringIO())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["datapackage.json", *(f"{n}.csv" for n in PUBLISHED)])


def test_dcat_lists_each_dataset_with_a_download_per_format(demo, client):
    catalog = json.loads(client.get("/open-data/catalog.jsonld").content)
    assert catalog["@type"] == "dcat:Catalog"
    datasets = {d["dct:identifier"]: d for d in catalog["dcat:dataset"]}
    assert set(datasets) == set(PUBLISHED)
    urls = [d["dcat:downloadURL"]["@id"] for d in datasets["awards"]["dcat:distribution"]]
    assert urls == [f"http://testserver/open-data/awards.{fmt}" for fmt in ("csv", "json", "xlsx")]
