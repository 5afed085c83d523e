from django.db import migrations

INDEX = "dateline_page_latest_revision"
# Treebeard finds the tree's root with `depth = 1 ORDER BY path` (every admin
# page does); without an index that reads every page.
DEPTH_INDEX = "dateline_page_depth_path"


def create(apps, schema_editor):
    # SQLite puts NULLs last in a descending index already and has no NULLS LAST.
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} "
        f"ON wagtailcore_page (latest_revision_created_at DESC{nulls})"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {DEPTH_INDEX} ON wagtailcore_page (depth, path)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {DEPTH_INDEX}")


class Migration(migrations.Migration):
    """The admin lists a section's pages newest edit first; with a million
    children that sort needs an index (under a millisecond instead of a sort of
    every child). And the root of the page tree is looked up by depth."""

    dependencies = [("newsroom", "0005_article_story"), ("wagtailcore", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
