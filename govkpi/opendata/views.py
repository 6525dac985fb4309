"""Open data for anyone: the list of datasets, each dataset's records as a page, and its downloads."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from govkpi.dashboards.home import NotFound
from govkpi.scorecards.services import root_org

from . import pages, tables
from .datasets import DATASETS, PUBLISHED, Dataset
from .formats import CONTENT_TYPES, WRITERS, data_package, dcat_catalog, to_xlsx, zip_files

PAGE_ROWS = 500


def _dataset(name: str) -> Dataset:
    dataset = DATASETS.get(name)
    if dataset is None:
        raise Http404(name)
    return dataset


def _filters(request: HttpRequest, dataset: Dataset) -> dict[str, str]:
    return {key: request.GET[key] for key in dataset.filters if request.GET.get(key)}


def _download_url(request: HttpRequest, fmt: str) -> str:
    """The page's filters; the XLSX (for people) also in the page's language."""
    query = request.GET.copy()
    if fmt == "xlsx":
        query["lang"] = translation.get_language() or "th"
    else:
        query.pop("lang", None)
    encoded = query.urlencode()
    return f"{request.path.rstrip('/')}.{fmt}" + (f"?{encoded}" if encoded else "")


def index(request: HttpRequest) -> HttpResponse:
    datasets = [DATASETS[name] for name in PUBLISHED]
    return render(request, "opendata/index.html", {"datasets": datasets, "formats": list(WRITERS)})


def dataset_page(request: HttpRequest, name: str) -> HttpResponse:
    dataset = _dataset(name)
    filters = _filters(request, dataset)
    rows = dataset.rows(filters)
    context = {
        "dataset": dataset,
        "filters": filters,
        "columns": dataset.field_names,
        "rows": [[row.get(name) for name in dataset.field_names] for row in rows[:PAGE_ROWS]],
        "total": len(rows),
        "shown": min(len(rows), PAGE_ROWS),
        "downloads": [(fmt, _download_url(request, fmt)) for fmt in WRITERS],
        "quantity_total": sum(row.get("quantity") or 0 for row in rows) if name == "awards" else None,
    }
    return render(request, "opendata/dataset.html", context)


def download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    """CSV and JSON for programs; the XLSX for people, in the language asked (``?lang=``) or the page's."""
    dataset = _dataset(name)
    if fmt not in WRITERS:
        raise Http404(fmt)
    rows = dataset.rows(_filters(request, dataset))
    if fmt == "xlsx":
        with translation.override(tables.language(request)):
            source = request.build_absolute_uri(reverse("opendata:dataset", args=[name]))
            data = to_xlsx(dataset, rows, source=source)
    else:
        data = WRITERS[fmt](dataset, rows)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def package(request: HttpRequest) -> HttpResponse:
    province = root_org()
    files = data_package(f"govkpi-{province.code}", province.name_th)
    response = HttpResponse(zip_files(files), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="datapackage.zip"'
    return response


def catalog(request: HttpRequest) -> HttpResponse:
    province = root_org()
    document = dcat_catalog(request.build_absolute_uri("/"), province.name_th)
    return HttpResponse(json.dumps(document, ensure_ascii=False, indent=1), content_type="application/ld+json")


def _page_file(request: HttpRequest, fmt: str, build: Callable[[], pages.PageTables]) -> HttpResponse:
    """A table page as XLSX (every table, one sheet each) or CSV (one table: ``?table=``, else the first), in the
    language asked (``?lang=``) or the page's, with the time of the data."""
    if fmt not in ("xlsx", "csv"):
        raise Http404(fmt)
    with translation.override(tables.language(request)):
        try:
            page = build()
        except NotFound as error:
            raise Http404(str(error)) from error
        moment = tables.as_of()
        stamp = tables.file_stamp(moment)
        if fmt == "xlsx":
            data = tables.to_xlsx(page.tables, page.title, request.build_absolute_uri(page.path), moment)
            name, content_type = f"{page.name}-{stamp}.xlsx", tables.XLSX_TYPE
        else:
            wanted = request.GET.get("table") or page.tables[0].key
            table = next((t for t in page.tables if t.key == wanted), None)
            if table is None:
                raise Http404(wanted)
            data = tables.to_csv(table, moment)
            name, content_type = f"{page.name}-{table.key}-{stamp}.csv", tables.CSV_TYPE
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def org_tables(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    return _page_file(request, fmt, lambda: pages.org_tables(code, request.GET.get("fy")))


def indicator_tables(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    sort, order = request.GET.get("sort", "score"), request.GET.get("order", "desc")
    return _page_file(request, fmt, lambda: pages.indicator_tables(code, request.GET.get("fy"), sort, order))


def rankings_tables(request: HttpRequest, fmt: str) -> HttpResponse:
    return _page_file(request, fmt, lambda: pages.rankings_tables(request.GET.get("fy")))
