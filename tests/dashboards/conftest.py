import pytest

from govkpi.awards.models import Award
from govkpi.claims.models import Claim
from tests.scorecards.builders import Phrae, build_phrae


def add_awards(phrae: Phrae, year: int = 2565) -> None:
    """The seed's awards: 6 + 14 + 1 + 51 = 72 on record, while the press release said 71."""
    province, district = phrae.orgs["54"], phrae.orgs["5401"]
    Award.objects.create(
        fiscal_year=year, category="ita", title_th="ITA", issuer="สำนักงาน ป.ป.ช.", recipient=province, quantity=6
    )
    Award.objects.create(
        fiscal_year=year,
        category="gecc",
        title_th="ศูนย์ราชการสะดวก",
        issuer="สำนักนายกรัฐมนตรี",
        recipient=district,
        quantity=14,
    )
    Award.objects.create(
        fiscal_year=year,
        category="pmqa",
        title_th="PMQA หมวด 1",
        issuer="สำนักงาน ก.พ.ร.",
        recipient=province,
        quantity=1,
    )
    Award.objects.create(
        fiscal_year=year,
        category="moral",
        title_th="องค์กรคุณธรรม",
        issuer="กระทรวงมหาดไทย",
        recipient=district,
        quantity=51,
    )
    Claim.objects.create(fiscal_year=year, metric="awards.total", value=71, source="ข่าวประชาสัมพันธ์")


@pytest.fixture
def phrae(db) -> Phrae:
    data = build_phrae()
    add_awards(data)
    return data
