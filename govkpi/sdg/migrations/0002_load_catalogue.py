"""Load the UN SDG catalogue shipped in govkpi/data/sdg, so every database knows every goal, target and indicator."""

from django.db import migrations


def load(apps, schema_editor):
    from govkpi.sdg import catalogue

    SdgGoal = apps.get_model("sdg", "SdgGoal")
    SdgTarget = apps.get_model("sdg", "SdgTarget")
    SdgIndicator = apps.get_model("sdg", "SdgIndicator")
    goals = {
        code: SdgGoal.objects.create(code=code, short_en=short, title_en=title, number=int(code))
        for code, short, title in catalogue.goals()
    }
    targets = {}
    for code, title in catalogue.targets().items():
        targets[code] = SdgTarget(code=code, goal=goals[code.split(".")[0]], title_en=title)
    SdgTarget.objects.bulk_create(targets.values())
    SdgIndicator.objects.bulk_create(
        SdgIndicator(code=code, target=targets[code.rsplit(".", 1)[0]], title_en=title)
        for code, title in catalogue.indicators().items()
    )


def unload(apps, schema_editor):
    apps.get_model("sdg", "SdgGoal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("sdg", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
