import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    """Entries for every article published so far, as a publish writes them."""
    entry = apps.get_model("newsroom", "ListingEntry")
    tagged = apps.get_model("newsroom", "TaggedArticle").objects.filter(
        content_object__first_published_at__isnull=False
    )
    by = apps.get_model("newsroom", "ArticlePage").authors.through.objects.filter(
        articlepage__first_published_at__isnull=False
    )
    rows = [
        entry(tag_id=tag, article_id=article, locale_id=locale, published_at=when)
        for tag, article, locale, when in tagged.values_list(
            "tag_id",
            "content_object_id",
            "content_object__locale_id",
            "content_object__first_published_at",
        ).iterator()
    ] + [
        entry(author_id=author, article_id=article, locale_id=locale, published_at=when)
        for author, article, locale, when in by.values_list(
            "author_id",
            "articlepage_id",
            "articlepage__locale_id",
            "articlepage__first_published_at",
        ).iterator()
    ]
    entry.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0008_interface_labels"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="ListingEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("published_at", models.DateTimeField()),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="listing_entries",
                        to="newsroom.articlepage",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="newsroom.author",
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.locale",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="newsroom.newstag",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        condition=models.Q(("tag__isnull", False)),
                        fields=["tag", "locale", "-published_at", "-article"],
                        name="listing_by_tag",
                    ),
                    models.Index(
                        condition=models.Q(("author__isnull", False)),
                        fields=["author", "locale", "-published_at", "-article"],
                        name="listing_by_author",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("author__isnull", True), ("tag__isnull", False)),
                            models.Q(("author__isnull", False), ("tag__isnull", True)),
                            _connector="OR",
                        ),
                        name="listing_tag_or_author",
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
