"""ConsolidatedReport and ReportBuild now live in the ``reports`` app, on the same tables."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0004_report_build"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="ReportBuild"),
                migrations.DeleteModel(name="ConsolidatedReport"),
            ],
        ),
    ]
