"""The consolidated report's models moved here from ``reporting`` with their tables: the state
is created here and deleted there (reporting 0005); the database is not touched."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rename_content_types(apps, schema_editor):
    """Permissions and audit lines point at the same models under their new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in ("consolidatedreport", "reportbuild"):
        if not content_type.objects.filter(app_label="reports", model=model).exists():
            content_type.objects.filter(app_label="reporting", model=model).update(app_label="reports")
    audit_event = apps.get_model("audit", "AuditEvent")
    audit_event.objects.filter(object_type="reporting.consolidatedreport").update(
        object_type="reports.consolidatedreport"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("reporting", "0004_report_build"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ConsolidatedReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'dự thảo'), ('issued', 'đã ban hành')], default='draft', max_length=10, verbose_name='trạng thái')),
                        ('include_submitted', models.BooleanField(default=False, help_text='Tính cả báo cáo đơn vị đã gửi nhưng chưa được duyệt; các số này được đánh dấu tạm tính.', verbose_name='gồm số liệu chưa duyệt (tạm tính)')),
                        ('summary', models.TextField(verbose_name='trích yếu')),
                        ('results', models.TextField(blank=True, verbose_name='kết quả thực hiện')),
                        ('shortcomings', models.TextField(blank=True, verbose_name='tồn tại, hạn chế và nguyên nhân')),
                        ('tasks_ahead', models.TextField(blank=True, verbose_name='nhiệm vụ thời gian tới')),
                        ('proposals', models.TextField(blank=True, verbose_name='đề xuất, kiến nghị')),
                        ('signer_authority', models.CharField(blank=True, default='KT. GIÁM ĐỐC', help_text='Ví dụ KT. GIÁM ĐỐC; để trống khi Giám đốc ký.', max_length=60, verbose_name='thẩm quyền ký')),
                        ('signer_title', models.CharField(default='PHÓ GIÁM ĐỐC', max_length=60, verbose_name='chức vụ người ký')),
                        ('signer_name', models.CharField(blank=True, max_length=100, verbose_name='họ và tên người ký')),
                        ('recipients', models.TextField(blank=True, default='Bộ Văn hóa, Thể thao và Du lịch (b/c)\nUBND tỉnh (b/c)\nGiám đốc, các Phó Giám đốc Sở\nLưu: VT, QLVH', help_text='Mỗi dòng một nơi nhận.', verbose_name='nơi nhận')),
                        ('symbol', models.CharField(default='BC-SVHTTDL', max_length=40, verbose_name='ký hiệu')),
                        ('number', models.PositiveIntegerField(blank=True, null=True, verbose_name='số')),
                        ('issued_on', models.DateField(blank=True, null=True, verbose_name='ngày ban hành')),
                        ('issued_year', models.PositiveSmallIntegerField(blank=True, editable=False, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('issued_at', models.DateTimeField(blank=True, null=True)),
                        ('data', models.TextField(blank=True, editable=False, verbose_name='số liệu đã chốt (JSON)')),
                        ('pdf', models.BinaryField(null=True)),
                        ('xlsx', models.BinaryField(null=True)),
                        ('pdf_sha256', models.CharField(blank=True, editable=False, max_length=64)),
                        ('xlsx_sha256', models.CharField(blank=True, editable=False, max_length=64)),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('period', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='consolidated_reports', to='reporting.period', verbose_name='kỳ báo cáo')),
                    ],
                    options={
                        'db_table': 'reporting_consolidatedreport',
                        'verbose_name': 'báo cáo tổng hợp',
                        'verbose_name_plural': 'báo cáo tổng hợp',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['period', 'status'], name='report_period_status')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'issued')), fields=('symbol', 'issued_year', 'number'), name='report_unique_number_in_year'), models.CheckConstraint(condition=models.Q(('status', 'draft'), models.Q(('issued_on__isnull', False), ('issued_year__isnull', False), ('number__isnull', False)), _connector='OR'), name='report_issued_has_number_and_date')],
                    },
                ),
                migrations.CreateModel(
                    name='ReportBuild',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('include_submitted', models.BooleanField(default=False)),
                        ('status', models.CharField(choices=[('queued', 'đang chờ'), ('running', 'đang dựng'), ('done', 'xong'), ('failed', 'lỗi')], default='queued', max_length=10)),
                        ('progress', models.PositiveSmallIntegerField(default=0)),
                        ('stage', models.CharField(blank=True, max_length=100)),
                        ('pdf', models.BinaryField(null=True)),
                        ('pages', models.PositiveIntegerField(blank=True, null=True)),
                        ('error', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_builds', to='reporting.period')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'reporting_reportbuild',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['status', 'created_at'], name='report_build_queue')],
                    },
                ),
            ],
        ),
        migrations.RunPython(rename_content_types, migrations.RunPython.noop),
    ]
