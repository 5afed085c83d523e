from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('stories', '0002_interface_labels'),
    ]

    operations = [
        migrations.AddField(
            model_name='breakingnews',
            name='alert_subscribers',
            field=models.BooleanField(default=False, help_text='Send this banner to newsletter and push subscribers of the edition.', verbose_name='alert subscribers'),
        ),
    ]
