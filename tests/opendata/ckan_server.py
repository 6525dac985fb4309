"""A CKAN Action API on 127.0.0.1 for tests: package_show, package_create, package_patch and resource_create as
CKAN's API documentation defines them — POST to /api/3/action/<name>, JSON or multipart in, the envelope
{"help", "success", "result" | "error"} out, 403 without an API token, 404 "Not Found Error", 409 "Validation
Error" for a taken or malformed name or a missing owner_org."""

from __future__ import annotations

import json
import re
import threading
import uuid
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


class Ckan:
    def __init__(self, token: str, organisations: set[str]) -> None:
        self.token = token
        self.organisations = organisations
        self.packages: dict[str, dict[str, Any]] = {}  # id → package
        self.uploads: dict[str, bytes] = {}  # resource id → content
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def find(self, ref: str) -> dict[str, Any] | None:
        return self.packages.get(ref) or next((p for p in self.packages.values() if p["name"] == ref), None)

    def package_show(self, data: dict[str, Any]) -> tuple[int, Any]:
        package = self.find(str(data.get("id", "")))
        return (200, package) if package else (404, {"__type": "Not Found Error", "message": "Not found"})

    def _validate(self, data: dict[str, Any], creating: bool) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        name = data.get("name")
        if creating or name is not None:
            if not isinstance(name, str) or not NAME.match(name):
                errors["name"] = ["Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"]
            elif (other := self.find(name)) is not None and other.get("id") != data.get("id"):
                errors["name"] = ["That URL is already in use."]
        if creating and data.get("owner_org") not in self.organisations:
            errors["owner_org"] = ["Organization does not exist"]
        return errors

    def package_create(self, data: dict[str, Any]) -> tuple[int, Any]:
        errors = self._validate(data, creating=True)
        if errors:
            return 409, {"__type": "Validation Error", **errors}
        package = {**data, "id": str(uuid.uuid4()), "resources": [], "state": "active"}
        self.packages[package["id"]] = package
        return 200, package

    def package_patch(self, data: dict[str, Any]) -> tuple[int, Any]:
        package = self.find(str(data.get("id", "")))
        if package is None:
            return 404, {"__type": "Not Found Error", "message": "Not found"}
        errors = self._validate({**data, "id": package["id"]}, creating=False)
        if errors:
            return 409, {"__type": "Validation Error", **errors}
        if "resources" in data:  # the list given replaces the package's resources
            known = {r["id"]: r for r in package["resources"]}
            data = {**data, "resources": [known.get(r.get("id"), r) for r in data["resources"]]}
        package.update({k: v for k, v in data.items() if k != "id"})
        return 200, package

    def resource_create(self, data: dict[str, Any], upload: bytes | None) -> tuple[int, Any]:
        package = self.find(str(data.get("package_id", "")))
        if package is None:
            return 409, {"__type": "Validation Error", "package_id": ["Not found: Dataset"]}
        resource = {k: v for k, v in data.items()}
        resource["id"] = str(uuid.uuid4())
        if upload is not None:
            self.uploads[resource["id"]] = upload
            resource["url_type"] = "upload"
            resource["url"] = f"http://ckan.test/dataset/{package['id']}/resource/{resource['id']}/download/"
        package["resources"].append(resource)
        return 200, resource


class Handler(BaseHTTPRequestHandler):
    ckan: Ckan

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        action = self.path.removeprefix("/api/3/action/")
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        ckan = self.ckan
        with ckan.lock:
            ckan.calls.append(action)
            if action not in ("package_show", "package_create", "package_patch", "resource_create"):
                unknown = {"__type": "Bad request", "message": "Bad request - Action name not known"}
                return self.answer(action, 400, unknown)
            if action != "package_show" and self.headers.get("Authorization") != ckan.token:
                return self.answer(action, 403, {"__type": "Authorization Error", "message": "Access denied"})
            data, upload = self.parse(body)
            if action == "resource_create":
                status, result = ckan.resource_create(data, upload)
            else:
                status, result = getattr(ckan, action)(data)
            self.answer(action, status, result)

    def parse(self, body: bytes) -> tuple[dict[str, Any], bytes | None]:
        kind = self.headers.get("Content-Type", "")
        if kind.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {kind}\r\n\r\n".encode() + body)
            data: dict[str, Any] = {}
            upload = None
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if part.get_filename():
                    upload = part.get_payload(decode=True)
                else:
                    data[name] = part.get_payload(decode=True).decode("utf-8")
            return data, upload
        return json.loads(body or b"{}"), None

    def answer(self, action: str, status: int, result: Any) -> None:
        envelope: dict[str, Any] = {
            "help": f"http://127.0.0.1/api/3/action/help_show?name={action}",
            "success": status == 200,
        }
        envelope["result" if status == 200 else "error"] = result
        data = json.dumps(envelope).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def serve(token: str, organisations: set[str]) -> tuple[ThreadingHTTPServer, Ckan]:
    ckan = Ckan(token, organisations)
    handler = type("BoundHandler", (Handler,), {"ckan": ckan})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, ckan
