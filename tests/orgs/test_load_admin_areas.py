import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from govkpi.audit.models import AuditEvent
from govkpi.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_it_loads_phrae_with_its_8_districts_and_78_subdistricts():
    call_command("load_admin_areas", province="54")
    phrae = OrgUnit.objects.get(code="54")
    assert (phrae.name_th, phrae.name_en, phrae.kind, phrae.parent) == ("จังหวัดแพร่", "Phrae Province", "province", None)
    assert OrgUnit.objects.filter(kind="district", parent=phrae).count() == 8
    assert OrgUnit.objects.filter(kind="subdistrict", parent__parent=phrae).count() == 78
    assert OrgUnit.objects.get(code="5403").name_th == "อำเภอลอง"
    assert list(phrae.groups.values_list("code", flat=True)) == ["regional_administration"]


def test_it_loads_the_whole_country():
    call_command("load_admin_areas")
    assert OrgUnit.objects.filter(kind="province").count() == 77
    assert OrgUnit.objects.filter(kind="district").count() == 929
    assert OrgUnit.objects.filter(kind="subdistrict").count() == 7451


def test_loading_twice_changes_nothing_and_audits_once(capsys):
    call_command("load_admin_areas", province="54")
    call_command("load_admin_areas", province="54")
    assert "สร้างใหม่ 0 แก้ไข 0 ไม่เปลี่ยนแปลง 87" in capsys.readouterr().out  # Thai by default
    assert AuditEvent.objects.filter(action="orgs.load_admin_areas").count() == 1


def test_it_keeps_an_organisations_own_groups_and_restores_official_names():
    call_command("load_admin_areas", province="54")
    OrgUnit.objects.filter(code="5401").update(name_th="แก้ไข")
    call_command("load_admin_areas", province="54")
    assert OrgUnit.objects.get(code="5401").name_th == "อำเภอเมืองแพร่"


def test_subtree_is_one_query_on_the_materialised_path(django_assert_num_queries):
    call_command("load_admin_areas", province="54")
    long_district = OrgUnit.objects.get(code="5403")
    with django_assert_num_queries(1):
        codes = {org.code for org in OrgUnit.objects.subtree(long_district)}
    assert "5403" in codes and "540301" in codes and "5401" not in codes
    assert len(codes) == 1 + OrgUnit.objects.filter(parent=long_district).count()


def test_an_unknown_province_is_refused():
    with pytest.raises(CommandError, match="99"):
        call_command("load_admin_areas", province="99")
    assert OrgUnit.objects.count() == 0
