"""Standard competition ranking within peer groups, and which published ranks are flagged."""

from govkpi.core.framework_results import competition_ranks, rank_flag, ranks_in_groups
from govkpi.core.frameworks import Flag


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    assert competition_ranks({"a": 99.0, "b": 98.5, "c": 98.5, "d": 97.0}) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_all_tied_rank_first():
    assert competition_ranks({"a": 90.0, "b": 90.0, "c": 90.0}) == {"a": 1, "b": 1, "c": 1}


def test_each_organisation_is_ranked_within_each_of_its_groups():
    scores = {"pao": 97.8, "sao1": 96.5, "sao2": 95.4, "town": 92.4}
    groups = {"pao": ["pao", "lao"], "sao1": ["sao", "lao"], "sao2": ["sao", "lao"], "town": ["lao"]}
    assert ranks_in_groups(scores, groups) == {
        "pao": {"lao": 1, "pao": 1},
        "sao1": {"lao": 2, "sao": 1},
        "sao2": {"lao": 3, "sao": 2},
        "town": {"lao": 4},
    }


def test_only_the_configured_groups_are_ranked_when_the_framework_names_them():
    ranks = ranks_in_groups({"a": 1.0}, {"a": ["district", "sao"]}, only=("sao",))
    assert ranks == {"a": {"sao": 1}}


def test_an_organisation_without_a_group_has_no_rank():
    assert ranks_in_groups({"a": 50.0}, {}) == {"a": {}}


def test_a_published_rank_worse_than_the_recorded_field_allows_is_consistent():
    # 2nd in the country, 1st among the province's records: the national field is larger
    assert rank_flag(2, "regional_administration", {"regional_administration": 1}) is None


def test_a_published_rank_better_than_the_recorded_field_allows_is_flagged():
    assert rank_flag(1, "sao", {"sao": 3}) == Flag("rank", 1, 3, "sao")


def test_no_published_rank_or_no_group_gives_no_flag():
    assert rank_flag(None, "sao", {"sao": 3}) is None
    assert rank_flag(1, "", {"sao": 3}) is None
