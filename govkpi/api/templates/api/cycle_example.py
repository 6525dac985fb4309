"""A full reporting cycle through the govkpi API with Python's standard library only.

A reporter saves a draft result and submits it, an approver approves it, then anyone reads the organisation's score.
Set the environment variables below (both tokens made with the write scope), then run: python3 cycle.py
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request

BASE = os.environ.get("GOVKPI_URL", "http://localhost:8000").rstrip("/") + "/api/v1"
REPORTER_TOKEN = os.environ["GOVKPI_REPORTER_TOKEN"]
APPROVER_TOKEN = os.environ["GOVKPI_APPROVER_TOKEN"]
INDICATOR = os.environ.get("GOVKPI_INDICATOR", "G01-1")
ORG = os.environ.get("GOVKPI_ORG", "5401")
PERIOD = os.environ.get("GOVKPI_PERIOD", "2565-Q1")
VALUE = os.environ.get("GOVKPI_VALUE", "82.3")


def call(method, path, token=None, body=None):
    """One request; the JSON answer, or stop with the API's error code, message and fields."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Accept", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        problem = json.load(error).get("error", {})
        raise SystemExit(f"{method} {path}: {error.code} {problem.get('code')}: {problem.get('message')} "
                         f"{problem.get('fields') or ''}") from None


# 1. The reporter saves a draft result (201 new, 200 changed) ...
result = call("POST", "/results", REPORTER_TOKEN,
              {"indicator": INDICATOR, "org": ORG, "period": PERIOD, "value": VALUE, "note": "sent through the API"})
print("saved", result["id"], result["status"])

# 2. ... and submits it for approval.
result = call("POST", f"/results/{result['id']}/submit", REPORTER_TOKEN)
print("submitted", result["id"], result["status"])

# 3. The approver approves it.
result = call("POST", f"/results/{result['id']}/approve", APPROVER_TOKEN, {"comment": "checked"})
print("approved", result["id"], result["status"])

# 4. Anyone reads the organisation's score: a public read, no token needed.
query = urllib.parse.urlencode({"fiscal_year": result["fiscal_year"], "org": ORG})
scorecard = call("GET", f"/scores?{query}")
overall = scorecard["overall"]
print("score", scorecard["org"], scorecard["fiscal_year"], overall["score"], overall["status"])
