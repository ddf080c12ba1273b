"""Period codes unique per plan (two plans may both have a 2021-H1), and ``Period.slug``, the key
of a period in URLs, workbooks and commands, unique across plans. Every period there is keeps its
code as its key, so the URLs and workbooks of Plan 1133 (/overview/2019-H1/) keep working."""
from django.db import migrations, models


def slug_from_code(apps, schema_editor):
    apps.get_model("reporting", "Period").objects.update(slug=models.F("code"))


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0009_submission_document"),
        ("targets", "0002_plan_sections_reporting_units"),
    ]

    operations = [
        migrations.AddField(
            model_name="period",
            name="slug",
            field=models.CharField(editable=False, max_length=90, null=True, verbose_name="mã định danh kỳ"),
        ),
        migrations.RunPython(slug_from_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="period",
            name="slug",
            field=models.CharField(editable=False, max_length=90, unique=True, verbose_name="mã định danh kỳ"),
        ),
        migrations.AlterField(
            model_name="period",
            name="code",
            field=models.CharField(max_length=30, verbose_name="mã kỳ"),
        ),
        migrations.AddConstraint(
            model_name="period",
            constraint=models.UniqueConstraint(fields=("plan", "code"), name="period_code_unique_in_plan"),
        ),
    ]
