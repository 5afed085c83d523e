from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0009_listing_entries"),
    ]

    operations = [
        migrations.AlterField(
            model_name="articlepage",
            name="embargo_until",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                help_text="Nobody can publish this before this time. Publishing earlier schedules it for this time.",
                null=True,
                verbose_name="embargoed until",
            ),
        ),
    ]
