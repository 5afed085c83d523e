from django.db import migrations


class Migration(migrations.Migration):
    """Articles are routed by their full URL path in one lookup; index it."""

    dependencies = [("newsroom", "0001_initial"), ("wagtailcore", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS dateline_page_url_path ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS dateline_page_url_path",
        )
    ]
