from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    PAO = "pao", _("Provincial administrative organisation")
    CITY_MUNICIPALITY = "city_municipality", _("City municipality")
    TOWN_MUNICIPALITY = "town_municipality", _("Town municipality")
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("Subdistrict municipality")
    SAO = "sao", _("Subdistrict administrative organisation")
    PROVINCIAL_OFFICE = "provincial_office", _("Provincial office")
    CENTRAL_UNIT = "central_unit", _("Central government unit")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital")
    COMMUNITY = "community", _("Community")
    PRIVATE = "private", _("Private sector")
    OTHER = "other", _("Other")


# Names of the peer groups that rankings use most; any other code in a workbook becomes a group named by its code.
KNOWN_GROUPS = {
    "regional_administration": (_("Regional administration"), "ราชการส่วนภูมิภาค"),
    "lao": (_("Local government"), "องค์กรปกครองส่วนท้องถิ่น"),
    "pao": (_("Provincial administrative organisations"), "องค์การบริหารส่วนจังหวัด"),
    "sao": (_("Subdistrict administrative organisations"), "องค์การบริหารส่วนตำบล"),
    "city_municipality": (_("City municipalities"), "เทศบาลนคร"),
    "town_municipality": (_("Town municipalities"), "เทศบาลเมือง"),
    "subdistrict_municipality": (_("Subdistrict municipalities"), "เทศบาลตำบล"),
    "provincial_office": (_("Provincial offices"), "ส่วนราชการประจำจังหวัด"),
    "district": (_("Districts"), "อำเภอ"),
}
