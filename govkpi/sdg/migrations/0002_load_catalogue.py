"""Load the UN SDG catalogue shipped in govkpi/data/sdg, so every database knows every goal, target and indicator."""

from django.db import migrations


def load(apps, schema_editor):
    from govkpi.sdg import catalogue

    catalogue.install(apps.get_model("sdg", "SdgGoal"), apps.get_model("sdg", "SdgTarget"),
                      apps.get_model("sdg", "SdgIndicator"))


def unload(apps, schema_editor):
    apps.get_model("sdg", "SdgGoal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("sdg", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
