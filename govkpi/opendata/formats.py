"""Dataset rows as CSV, XLSX and JSON files (CSV and JSON for programs; the XLSX for people, with the rows for
programs on a sheet named after the dataset); the Frictionless Data Package (``datapackage.json`` + CSVs, zipped);
DCAT metadata (JSON-LD) describing them."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from govkpi.ops import csvsafe, spreadsheets
from govkpi.ops.spreadsheets.writing import styled

from . import tables
from .datasets import DATASETS, PUBLISHED, Dataset, Row
from .people import people_table

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _cell(value: Any) -> Any:
    return "" if value is None else value


def to_csv(dataset: Dataset, rows: list[Row]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Thai text correctly; RFC 4180 quoting, CRLF lines."""
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer, lineterminator="\r\n")  # text that a spreadsheet would run gets a quote
    writer.writerow(dataset.field_names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in dataset.field_names])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(dataset: Dataset, rows: list[Row]) -> bytes:
    document = {"dataset": dataset.name, "fields": dataset.field_names, "rows": rows}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(dataset: Dataset, rows: list[Row], *, source: str = "", moment: datetime | None = None) -> bytes:
    """The workbook for people (`people.people_table`: headers in the active language, names beside codes, labels,
    display rounding, dates with their BE year, widths, a frozen header with filters), then the machine sheet
    (:func:`machine_sheet`), then a sheet that says the time of the data."""
    moment = moment or tables.as_of()

    def machine(book: Workbook, taken: set[str]) -> None:
        machine_sheet(book, dataset, rows, taken)

    notes = [(_("Licence"), LICENSE["title"]), (_("Sheet for programs"), dataset.name)]
    return tables.to_xlsx([people_table(dataset, rows)], str(dataset.title), source or f"/open-data/{dataset.name}/",
                          moment, machine, notes)


def machine_sheet(book: Workbook, dataset: Dataset, rows: list[Row], taken: set[str]) -> None:
    """The sheet named after the dataset, for programs: the field names of the CSV in row 1, unrounded numbers,
    codes; dates as date cells (ISO format). Text stays text (`govkpi.ops.spreadsheets.cell`): a name that begins
    with = is never a formula in Excel."""
    sheet = book.create_sheet(dataset.name)
    taken.add(dataset.name.lower())
    dates = {f.name for f in dataset.fields if f.type == "date"}
    sheet.append(spreadsheets.row(sheet, dataset.field_names))
    for row in rows:
        values = []
        for name in dataset.field_names:
            value = row.get(name)
            if name in dates and isinstance(value, str):
                values.append(styled(sheet, date.fromisoformat(value), number_format="yyyy-mm-dd"))
            else:
                values.append(spreadsheets.cell(sheet, value))
        sheet.append(values)


WRITERS = {"csv": to_csv, "json": to_json, "xlsx": to_xlsx}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def resource_descriptor(dataset: Dataset) -> dict[str, Any]:
    return {
        "name": dataset.name,
        "path": f"{dataset.name}.csv",
        "title": str(dataset.title),
        "description": str(dataset.description),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "schema": {"fields": [{"name": f.name, "type": f.type, "description": f.description} for f in dataset.fields]},
    }


def data_package(
    name: str, title: str, filters: dict[str, str] | None = None, names: tuple[str, ...] = PUBLISHED
) -> dict[str, bytes]:
    """The files of the data package: ``datapackage.json`` and one CSV per dataset."""
    files: dict[str, bytes] = {}
    resources = []
    for dataset_name in names:
        dataset = DATASETS[dataset_name]
        files[f"{dataset.name}.csv"] = to_csv(dataset, dataset.rows(filters))
        resources.append(resource_descriptor(dataset))
    descriptor = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "licenses": [LICENSE],
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=1).encode("utf-8")
    return files


def zip_files(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()


def dcat_catalog(site_url: str, publisher: str, names: tuple[str, ...] = PUBLISHED) -> dict[str, Any]:
    """A DCAT catalogue (JSON-LD, DCAT 2 / DCAT-AP vocabulary) with a distribution per download format."""
    base = site_url.rstrip("/")
    datasets = []
    for dataset_name in names:
        dataset = DATASETS[dataset_name]
        distributions = [
            {
                "@type": "dcat:Distribution",
                "dct:format": fmt.upper(),
                "dcat:mediaType": CONTENT_TYPES[fmt].split(";")[0],
                "dcat:downloadURL": {"@id": f"{base}/open-data/{dataset.name}.{fmt}"},
                "dct:license": {"@id": LICENSE["path"]},
            }
            for fmt in WRITERS
        ]
        datasets.append(
            {
                "@type": "dcat:Dataset",
                "@id": f"{base}/open-data/{dataset.name}/",
                "dct:identifier": dataset.name,
                "dct:title": str(dataset.title),
                "dct:description": str(dataset.description),
                "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher},
                "dct:accrualPeriodicity": {"@id": "http://purl.org/cld/freq/quarterly"},
                "dcat:landingPage": {"@id": f"{base}/open-data/{dataset.name}/"},
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "@id": f"{base}/open-data/catalog.jsonld",
        "dct:title": publisher,
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher},
        "dct:license": {"@id": LICENSE["path"]},
        "dcat:dataset": datasets,
    }
