"""Tokens of the client systems that read the API (/api/v1/):

    python manage.py api_token --create "Hệ thống báo cáo của Bộ"   # prints the token, this once
    python manage.py api_token --list
    python manage.py api_token --revoke "Hệ thống báo cáo của Bộ"

Only the token's SHA-256 is stored: a lost token is revoked and a new one created.
"""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiClient
from api.services import active_client_named, client_create, client_revoke


class Command(BaseCommand):
    help = "Cấp, liệt kê, thu hồi mã truy cập API của các hệ thống khác."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--create", metavar="TÊN", help="cấp mã mới cho hệ thống TÊN (mã được in một lần)")
        group.add_argument("--list", action="store_true", help="liệt kê các hệ thống và trạng thái mã")
        group.add_argument("--revoke", metavar="TÊN", help="thu hồi mã đang dùng của hệ thống TÊN")

    def handle(self, *args, **options):
        if options["create"] is not None:
            try:
                client, token = client_create(name=options["create"])
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stderr.write(f"Đã cấp mã truy cập cho “{client.name}”. Mã dưới đây chỉ được in một lần:")
            self.stdout.write(token)
        elif options["list"]:
            clients = list(ApiClient.objects.all())
            if not clients:
                self.stdout.write("Chưa cấp mã truy cập nào.")
            for client in clients:
                self.stdout.write("\t".join([
                    client.name,
                    "đang dùng" if client.is_active else f"đã thu hồi {_when(client.revoked_at)}",
                    f"tạo {_when(client.created_at)}",
                    f"dùng lần cuối {_when(client.last_used_at)}",
                ]))
        else:
            client = active_client_named(options["revoke"])
            if client is None:
                raise CommandError(f"Không có hệ thống “{options['revoke']}” nào đang có mã truy cập.")
            client_revoke(client=client)
            self.stdout.write(f"Đã thu hồi mã truy cập của “{client.name}”.")


def _when(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else "—"
