"""`POST /api/v1/workbook` with an .ods or .xlsx body: the same contract and messages as `govkpi load`."""

from govkpi.workbook.export import export_workbook
from tests.api.test_workbook_endpoint import WORKBOOK, send

ODS = "application/vnd.oasis.opendocument.spreadsheet"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def post(api, data, content_type, query=""):
    headers = {"Authorization": f"Bearer {api.tokens['admin']}"}
    return api.client.post(f"/api/v1/workbook{query}", data=data, content_type=content_type, headers=headers)


def test_an_exported_spreadsheet_loads_back_as_no_change(api, tmp_path):
    assert send(api, WORKBOOK).status_code == 200
    for suffix, content_type in ((".ods", ODS), (".xlsx", XLSX)):
        path = tmp_path / f"w{suffix}"
        export_workbook(path)
        response = post(api, path.read_bytes(), content_type, "?dry_run=true")
        assert response.status_code == 200, response.content
        assert response.json()["changed"] is False


def test_a_damaged_ods_is_refused_in_the_loaders_words(api):
    response = post(api, b"not a zip", ODS)
    assert response.status_code == 400
    body = response.json()["error"]
    assert "api.ods" in body["message"]
    assert body["problems"][0]["code"] == "not_ods"
