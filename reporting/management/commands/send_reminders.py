"""E-mail reporting units before a due date and when their report is late. Meant for cron, daily:

    15 7 * * *  cd /srv/portal && .venv/bin/python manage.py send_reminders

    python manage.py send_reminders [--days-before 7] [--late-every 7] [--late-for 90]
                                    [--today YYYY-MM-DD] [--dry-run]

A reminder goes --days-before days before the due date; a late notice the day after it, then
every --late-every days, for --late-for days. Every mail sent is recorded: running twice a day
sends nothing new, and a mail due on a day cron missed goes the next time it runs.

Uses Django's e-mail backend (console unless EMAIL_BACKEND says otherwise). Prints one line
per message: what, period, unit, addresses.
"""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting.notifications import BEFORE, LATE_FOR, send_reminders


def iso_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--today phải có dạng YYYY-MM-DD, không phải {text!r}") from exc


class Command(BaseCommand):
    help = "Gửi thư nhắc hạn nộp báo cáo và thư báo quá hạn cho các đơn vị chưa gửi báo cáo."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=7, help="nhắc trước hạn bao nhiêu ngày (mặc định 7)")
        parser.add_argument(
            "--late-every", type=int, default=7,
            help="báo quá hạn ngày đầu sau hạn, rồi cứ bao nhiêu ngày một lần (mặc định 7)",
        )
        parser.add_argument(
            "--late-for", type=int, default=LATE_FOR, help="ngừng báo quá hạn sau bao nhiêu ngày (mặc định 90)"
        )
        parser.add_argument("--today", type=iso_date, help="coi hôm nay là ngày này (YYYY-MM-DD), để thử")
        parser.add_argument("--dry-run", action="store_true", help="chỉ in ra, không gửi thư")

    def handle(self, *args, **options):
        if options["days_before"] < 0 or options["late_every"] < 1 or options["late_for"] < 0:
            raise CommandError("--days-before, --late-for phải ≥ 0 và --late-every phải ≥ 1")
        today = options["today"] or timezone.localdate()
        reminders = send_reminders(
            today=today, days_before=options["days_before"], late_every=options["late_every"],
            late_for=options["late_for"], dry_run=options["dry_run"],
        )
        sent = 0
        for reminder in reminders:
            what = "nhắc hạn" if reminder.kind == BEFORE else "quá hạn"
            where = f"{reminder.period.code} {reminder.unit.code} {reminder.unit.name}"
            if reminder.recipients:
                sent += 1
                self.stdout.write(f"{what:<9} {where} → {', '.join(reminder.recipients)}")
            else:
                self.stdout.write(self.style.WARNING(f"{what:<9} {where}: đơn vị chưa có địa chỉ thư, không gửi"))
        verb = "Sẽ gửi (thử, chưa gửi)" if options["dry_run"] else "Đã gửi"
        self.stdout.write(f"{verb} {sent} thư ngày {today:%d/%m/%Y}.")
