"""Every edition that exists gets its briefing and breaking lists."""

from django.db import migrations

from dateline.newsletters.lists import ensure_built_in_lists


def add_lists(apps, schema_editor):
    locales = apps.get_model("wagtailcore", "Locale").objects.all()
    ensure_built_in_lists(apps.get_model("newsletters", "NewsletterList"), locales)


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0001_initial")]

    operations = [migrations.RunPython(add_lists, migrations.RunPython.noop)]
