"""Reading the shipped UN SDG files (govkpi/data/sdg, MIT, from open-sdg/sdg-translations)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "sdg"


def _read(name: str) -> dict[str, str]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        data: dict[str, str] = yaml.safe_load(handle)
    return data


def _entries(name: str) -> dict[str, str]:
    """{"1.2": "By 2030, …"} from keys like `1-2-title`, in file order sorted naturally."""
    entries = {}
    for key, text in _read(name).items():
        if key.endswith("-title"):
            entries[key[: -len("-title")].replace("-", ".")] = str(text).strip()
    return dict(sorted(entries.items(), key=lambda item: _natural(item[0])))


def _natural(code: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(part), "") if part.isdigit() else (10_000, part) for part in code.split("."))


def goals() -> list[tuple[str, str, str]]:
    data = _read("global_goals.en.yml")
    numbers = sorted({int(key.split("-")[0]) for key in data})
    return [(str(n), str(data.get(f"{n}-short", "")), str(data[f"{n}-title"])) for n in numbers]


def targets() -> dict[str, str]:
    return _entries("global_targets.en.yml")


def indicators() -> dict[str, str]:
    return _entries("global_indicators.en.yml")


def install(goal_model: Any, target_model: Any, indicator_model: Any) -> bool:
    """Fill the catalogue tables (the data migration's work). Does nothing when they are filled; True if it did.

    Takes the model classes so that the migration can pass its historical models.
    """
    if goal_model.objects.exists():
        return False
    goal_rows = {
        code: goal_model.objects.create(code=code, short_en=short, title_en=title, number=int(code))
        for code, short, title in goals()
    }
    target_rows = {
        code: target_model(code=code, goal=goal_rows[code.split(".")[0]], title_en=title)
        for code, title in targets().items()
    }
    target_model.objects.bulk_create(target_rows.values())
    indicator_model.objects.bulk_create(
        indicator_model(code=code, target=target_rows[code.rsplit(".", 1)[0]], title_en=title)
        for code, title in indicators().items()
    )
    return True
