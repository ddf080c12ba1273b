"""Bytes a page costs on a slow link: its HTML, and its first load (HTML + linked CSS, JS, fonts, images).

Sizes are what travels with ``Accept-Encoding: gzip`` (the compressed body when the answer is
compressed). The test suite uses `page_weight` (tests/test_page_weight.py); run as a script it
measures the demo database in production mode:

    DATABASE_URL=sqlite:////tmp/copy-of-demo.sqlite3 .venv/bin/python -m bench.page_weight

The script sets DEBUG=0 and collects the static files into a temporary folder before Django starts.
"""
import gzip
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field

ASSET = re.compile(r"""<(?:link|script|img)\b[^>]*?\b(?:href|src)="(/static/[^"]+)\"""")
CSS_URL = re.compile(r"""url\(["']?(?!data:)([^"')]+)["']?\)""")


@dataclass
class PageWeight:
    html: int
    raw_html: int
    encoding: str
    assets: dict = field(default_factory=dict)

    @property
    def first_load(self):
        return self.html + sum(self.assets.values())


def fetch(client, url):
    """The response to a gzip-accepting GET, and its body as sent."""
    response = client.get(url, headers={"accept-encoding": "gzip"}, secure=True)
    if response.status_code != 200:
        raise AssertionError(f"{url}: {response.status_code}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def linked_assets(client, html):
    """Every static file the page links, and what those CSS files link in turn (fonts, images)."""
    urls, seen = list(ASSET.findall(html)), {}
    while urls:
        url = urls.pop(0)
        if url in seen:
            continue
        response, body = fetch(client, url)
        seen[url] = len(body)
        if url.endswith(".css"):
            text = gzip_text(response, body)
            base = url.rsplit("/", 1)[0]
            urls.extend(link if link.startswith("/") else f"{base}/{link}" for link in CSS_URL.findall(text))
    return seen


def gzip_text(response, body):
    return (gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body).decode("utf-8")


def page_weight(client, path):
    response, body = fetch(client, path)
    html = gzip_text(response, body)
    return PageWeight(
        html=len(body),
        raw_html=len(html.encode("utf-8")),
        encoding=response.get("Content-Encoding", ""),
        assets=linked_assets(client, html),
    )


def demo_pages():
    """The five pages of issue 12 on the demo database, each with the user who sees it.

    The demo's reports are all approved: the two largest are set back to returned (the form) and
    submitted (the review) for the measure; main() rolls this back.
    """
    from django.db.models import Count

    from reporting.models import Submission

    largest, second = (
        Submission.objects.filter(reporting_unit__members__isnull=False).distinct()
        .annotate(size=Count("values", distinct=True)).order_by("-size", "pk")[:2]
    )
    Submission.objects.filter(pk=largest.pk).update(status="returned")
    Submission.objects.filter(pk=second.pk).update(status="submitted")
    return [
        ("report form", largest.reporting_unit.members.first().user, f"/reporting/submissions/{largest.pk}/edit/"),
        ("review", "canbo", f"/reporting/submissions/{second.pk}/review/"),
        ("consolidated report", "canbo", f"/reports/period/{largest.period.slug}/"),
        ("registry list", "canbo", "/institutions/"),
        ("plan", "canbo", "/plan/"),
    ]


def main():
    # PAGE_WEIGHT_STATIC: a folder collected by an earlier run, to skip collectstatic (~30 s).
    static_root = os.environ.get("PAGE_WEIGHT_STATIC") or tempfile.mkdtemp(prefix="page-weight-static-")
    os.environ.update(DEBUG="0", SECRET_KEY="page-weight-" + "x" * 50, ALLOWED_HOSTS="testserver",
                      STATIC_ROOT=static_root, DJANGO_SETTINGS_MODULE="laichau_plan.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    if not os.environ.get("PAGE_WEIGHT_STATIC"):
        call_command("collectstatic", "--noinput", verbosity=0)
    print(f"{'page':22} {'encoding':8} {'HTML sent':>10} {'HTML':>8} {'first load':>11}  (bytes)")
    with transaction.atomic():
        for name, user, path in demo_pages():
            client = Client()
            client.force_login(user if hasattr(user, "pk") else get_user_model().objects.get(username=user))
            weight = page_weight(client, path)
            print(f"{name:22} {weight.encoding or '-':8} {weight.html:10,} {weight.raw_html:8,} "
                  f"{weight.first_load:11,}  {path}")
        transaction.set_rollback(True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
