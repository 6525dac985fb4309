from govkpi.results import actions
from govkpi.results.validation import Entry


def draft(world, who="rep5401", org="5401", period="2565-Q1", indicator=None, **values):
    return actions.save_draft(
        indicator=indicator or world.mean,
        org=world.orgs[org],
        period=period,
        entry=Entry(**({"value": 70.0} | values)),
        acting_user=world.people[who],
        channel="web",
    ).result
