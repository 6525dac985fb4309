"""Open data for anyone: the list of datasets, each dataset's records as a page, and its downloads."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from govkpi.scorecards.services import root_org

from .datasets import DATASETS, PUBLISHED, Dataset
from .formats import CONTENT_TYPES, WRITERS, data_package, dcat_catalog, zip_files

PAGE_ROWS = 500


def _dataset(name: str) -> Dataset:
    dataset = DATASETS.get(name)
    if dataset is None:
        raise Http404(name)
    return dataset


def _filters(request: HttpRequest, dataset: Dataset) -> dict[str, str]:
    return {key: request.GET[key] for key in dataset.filters if request.GET.get(key)}


def index(request: HttpRequest) -> HttpResponse:
    datasets = [DATASETS[name] for name in PUBLISHED]
    return render(request, "opendata/index.html", {"datasets": datasets, "formats": list(WRITERS)})


def dataset_page(request: HttpRequest, name: str) -> HttpResponse:
    dataset = _dataset(name)
    filters = _filters(request, dataset)
    rows = dataset.rows(filters)
    query = request.GET.urlencode()
    context = {
        "dataset": dataset,
        "filters": filters,
        "columns": dataset.field_names,
        "rows": [[row.get(name) for name in dataset.field_names] for row in rows[:PAGE_ROWS]],
        "total": len(rows),
        "shown": min(len(rows), PAGE_ROWS),
        "downloads": [(fmt, f"{request.path.rstrip('/')}.{fmt}" + (f"?{query}" if query else "")) for fmt in WRITERS],
        "quantity_total": sum(row.get("quantity") or 0 for row in rows) if name == "awards" else None,
    }
    return render(request, "opendata/dataset.html", context)


def download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    dataset = _dataset(name)
    if fmt not in WRITERS:
        raise Http404(fmt)
    data = WRITERS[fmt](dataset, dataset.rows(_filters(request, dataset)))
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
