"""Every existing site gets its (empty) portal settings, so that a bake finds them ready."""

from django.db import migrations


def create_portal_settings(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    PortalSettings = apps.get_model("core", "PortalSettings")
    for site in Site.objects.filter(portalsettings__isnull=True):
        PortalSettings.objects.create(site=site)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_portalsettings"),
    ]

    operations = [
        migrations.RunPython(create_portal_settings, migrations.RunPython.noop),
    ]
