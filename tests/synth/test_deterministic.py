"""The same scale and seed give the same data, byte for byte; another seed gives other values."""

import hashlib

from govkpi.synth.actions import write_json


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_same_seed_writes_the_same_file(tmp_path):
    write_json(tmp_path / "a.json", "small", 7)
    write_json(tmp_path / "b.json", "small", 7)
    assert digest(tmp_path / "a.json") == digest(tmp_path / "b.json")


def test_another_seed_writes_other_values(tmp_path):
    write_json(tmp_path / "a.json", "small", 7)
    write_json(tmp_path / "b.json", "small", 8)
    assert digest(tmp_path / "a.json") != digest(tmp_path / "b.json")


def test_a_fraction_keeps_the_first_organisations_values_unchanged(tmp_path):
    from govkpi.synth.generate import SCALES, result_rows

    whole = list(result_rows(SCALES["small"], 3))
    half = list(result_rows(SCALES["small"], 3, fraction=0.5))
    assert 0 < len(half) < len(whole)
    assert whole[: len(half)] == half
