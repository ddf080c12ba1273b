"""AuditEvent now lives in the ``audit`` app, on the same table."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("institutions", "0004_institution_group_counts_index"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
        ),
    ]
