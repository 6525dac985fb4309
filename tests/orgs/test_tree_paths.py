import pytest

from govkpi.orgs.actions import rebuild_paths
from govkpi.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def make(code, parent=None):
    return OrgUnit.objects.create(code=code, name_th=code, kind="other", parent=parent)


def test_paths_follow_parents_and_moves():
    root = make("R")
    a = make("A", root)
    b = make("B", a)
    other = make("O")
    rebuild_paths()
    b.refresh_from_db()
    assert b.path == f"/{root.pk}/{a.pk}/{b.pk}/" and b.depth == 2

    a.parent = other
    a.save()
    assert rebuild_paths() == 2  # A and B moved
    b.refresh_from_db()
    other.refresh_from_db()
    assert b.path == f"/{other.pk}/{a.pk}/{b.pk}/"
    assert set(OrgUnit.objects.subtree(other).values_list("code", flat=True)) == {"O", "A", "B"}
    assert rebuild_paths() == 0


def test_prefix_of_another_id_is_not_a_subtree():
    # /1/ must not match /12/: the trailing slash keeps ids apart.
    first = make("first")
    for index in range(12):
        make(f"x{index}")
    rebuild_paths()
    twelfth = OrgUnit.objects.get(pk=int(first.pk) + 11)
    assert list(OrgUnit.objects.subtree(OrgUnit.objects.get(pk=first.pk)).values_list("pk", flat=True)) == [first.pk]
    assert twelfth.path != first.path


def test_an_organisation_without_a_path_refuses_a_subtree_query():
    with pytest.raises(ValueError, match="rebuild_paths"):
        OrgUnit.objects.subtree(make("new"))
