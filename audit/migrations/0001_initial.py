"""The audit log's model moved here from ``institutions`` with its table: the state is created
here and deleted there (institutions 0005); the database is not touched."""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="audit", model="auditevent").exists():
        content_type.objects.filter(app_label="institutions", model="auditevent").update(app_label="audit")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("institutions", "0004_institution_group_counts_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='thời điểm')),
                        ('username', models.CharField(blank=True, db_index=True, max_length=150, verbose_name='tên đăng nhập')),
                        ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='địa chỉ IP')),
                        ('action', models.CharField(choices=[('sign_in', 'đăng nhập'), ('sign_out', 'đăng xuất'), ('sign_in_failed', 'đăng nhập sai'), ('lockout', 'khóa đăng nhập tạm thời'), ('create', 'tạo mới'), ('update', 'sửa'), ('deactivate', 'ngừng hoạt động'), ('reactivate', 'hoạt động trở lại'), ('import', 'nhập từ Excel'), ('save', 'lưu báo cáo'), ('submit', 'gửi báo cáo'), ('return', 'trả lại báo cáo'), ('approve', 'duyệt báo cáo'), ('attachment_add', 'đính kèm tệp'), ('attachment_remove', 'gỡ tệp đính kèm'), ('period_create', 'tạo kỳ báo cáo'), ('period_close', 'khóa kỳ báo cáo'), ('period_reopen', 'mở lại kỳ báo cáo'), ('report_draft', 'lập dự thảo báo cáo tổng hợp'), ('report_update', 'sửa dự thảo báo cáo tổng hợp'), ('report_issue', 'ban hành báo cáo tổng hợp')], max_length=30, verbose_name='thao tác')),
                        ('object_type', models.CharField(blank=True, max_length=100, verbose_name='loại đối tượng')),
                        ('object_id', models.CharField(blank=True, max_length=64, verbose_name='mã đối tượng')),
                        ('object_label', models.CharField(blank=True, max_length=300, verbose_name='đối tượng')),
                        ('detail', models.TextField(blank=True, verbose_name='chi tiết')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người dùng')),
                    ],
                    options={
                        'db_table': 'institutions_auditevent',
                        'verbose_name': 'nhật ký thao tác',
                        'verbose_name_plural': 'nhật ký thao tác',
                        'ordering': ['-at', '-pk'],
                        'indexes': [models.Index(fields=['action', '-at'], name='audit_action_at'), models.Index(fields=['object_type', 'object_id'], name='audit_object')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
