"""Publishing the open datasets to a CKAN portal (data.go.th and the provincial portals run CKAN) through the
Action API: ``package_show`` to find a dataset, ``package_create`` or ``package_patch`` to write its metadata —
with the fields of the Thai government data catalogue — and ``resource_create`` to upload each file.

Resources that govkpi wrote before are dropped with ``package_patch`` (``resources`` = the others) and uploaded
again, so a dataset keeps exactly one current file per format.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib import error, request

from .datasets import DATASETS, PUBLISHED, Dataset
from .formats import LICENSE, WRITERS

TIMEOUT = 60
FORMATS = ("csv", "xlsx", "json")
THAI_CATALOGUE = {
    "data_type": "ข้อมูลสถิติ",
    "objective": "เพื่อการติดตามและประเมินผลการดำเนินงานของหน่วยงาน",
    "update_frequency_unit": "ไตรมาส",
    "update_frequency_interval": "1",
    "geo_coverage": "จังหวัด",
    "data_format": "CSV;XLSX;JSON",
    "data_category": "ข้อมูลสาธารณะ",
    "data_classification": "เปิดเผย",
    "data_language": "ไทย",
}


class CkanError(RuntimeError):
    pass


@dataclass
class Call:
    action: str
    payload: dict[str, Any]
    upload: tuple[str, bytes] | None = None  # file name, content


@dataclass
class Plan:
    """What publishing did (or, dry, would do): every call in order."""

    calls: list[Call] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def package_name(org: str, dataset: Dataset, prefix: str) -> str:
    """CKAN names: 2–100 characters of lower-case letters, digits, - and _."""
    name = f"{prefix}-{dataset.name}".lower()
    return re.sub(r"[^a-z0-9_-]+", "-", name)[:100].strip("-")


def metadata(
    dataset: Dataset,
    *,
    name: str,
    org: str,
    publisher: str,
    maintainer: str,
    maintainer_email: str,
    source: str,
    extra: dict[str, str],
) -> dict[str, Any]:
    return {
        "name": name,
        "title": f"{publisher}: {dataset.title}",
        "notes": str(dataset.description),
        "owner_org": org,
        "license_id": LICENSE["name"].lower(),
        "maintainer": maintainer,
        "maintainer_email": maintainer_email,
        "data_source": source,
        "tags": [{"name": "govkpi"}, {"name": dataset.name}],
        **THAI_CATALOGUE,
        **extra,
    }


class Client:
    """A small CKAN Action API client (POST JSON; multipart for uploads)."""

    def __init__(self, url: str, api_key: str, opener: Callable[..., Any] = request.urlopen) -> None:
        self.base = url.rstrip("/") + "/api/3/action/"
        self.api_key = api_key
        self.opener = opener

    def call(self, action: str, payload: dict[str, Any], upload: tuple[str, bytes] | None = None) -> Any:
        if upload is None:
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            content_type = "application/json"
        else:
            body, content_type = _multipart(payload, upload)
        req = request.Request(
            self.base + action,
            data=body,
            method="POST",
            headers={"Content-Type": content_type, "Authorization": self.api_key},
        )
        try:
            with self.opener(req, timeout=TIMEOUT) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except error.HTTPError as failure:
            try:
                answer = json.loads(failure.read().decode("utf-8"))
            except ValueError:
                raise CkanError(f"{action}: HTTP {failure.code}") from failure
            if failure.code == 404 and action == "package_show":
                return None
            raise CkanError(f"{action}: {answer.get('error')}") from failure
        if not answer.get("success"):
            if action == "package_show":
                return None
            raise CkanError(f"{action}: {answer.get('error')}")
        return answer["result"]


def _multipart(fields: dict[str, Any], upload: tuple[str, bytes]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    lines: list[bytes] = []
    for key, value in fields.items():
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{key}"'.encode(),
            b"",
            str(value).encode("utf-8"),
        ]
    filename, content = upload
    lines += [
        f"--{boundary}".encode(),
        f'Content-Disposition: form-data; name="upload"; filename="{filename}"'.encode(),
        b"Content-Type: application/octet-stream",
        b"",
        content,
        f"--{boundary}--".encode(),
        b"",
    ]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"


def publish(
    client: Client | None,
    *,
    org: str,
    prefix: str,
    publisher: str,
    maintainer: str = "",
    maintainer_email: str = "",
    source: str = "",
    extra: dict[str, str] | None = None,
    filters: dict[str, str] | None = None,
    names: tuple[str, ...] = PUBLISHED,
) -> Plan:
    """Create or update one CKAN dataset per open dataset. With no client (a dry run) nothing is sent and
    every dataset is planned as a create."""
    plan = Plan()
    for dataset_name in names:
        dataset = DATASETS[dataset_name]
        name = package_name(org, dataset, prefix)
        meta = metadata(
            dataset,
            name=name,
            org=org,
            publisher=publisher,
            maintainer=maintainer,
            maintainer_email=maintainer_email,
            source=source,
            extra=extra or {},
        )
        found = client.call("package_show", {"id": name}) if client else None
        if found is None:
            plan.calls.append(Call("package_create", meta))
            plan.created.append(name)
            package = client.call("package_create", meta) if client else {"id": name}
        else:
            ours = {f"{dataset.name}.{fmt}" for fmt in FORMATS}
            kept = [{"id": r["id"]} for r in found.get("resources", []) if r.get("name") not in ours]
            patch = {**meta, "id": found["id"], "resources": kept}
            plan.calls.append(Call("package_patch", patch))
            plan.updated.append(name)
            package = client.call("package_patch", patch) if client else found
        rows = dataset.rows(filters)
        for fmt in FORMATS:
            filename = f"{dataset.name}.{fmt}"
            resource = {
                "package_id": package["id"],
                "name": filename,
                "format": fmt.upper(),
                "description": str(dataset.description),
            }
            content = WRITERS[fmt](dataset, rows)
            plan.calls.append(Call("resource_create", resource, (filename, content)))
            if client:
                client.call("resource_create", resource, (filename, content))
    return plan
