"""One export in a process of its own, so that its peak memory (ru_maxrss) is its own.

    DATABASE_URL=... python -m bench.child pdf 2030-FY
    DATABASE_URL=... python -m bench.child pdf-floor 2030-FY   # its table cells as plain tables
    DATABASE_URL=... python -m bench.child report-xlsx 2030-FY
    DATABASE_URL=... python -m bench.child registry-xlsx

Prints one JSON line: seconds (the export, data included), bytes, pages (PDF), rows (registry),
peak_mb (the whole process: Python, Django, the libraries and the export).
"""
import json
import os
import re
import resource
import sys
import time


def _pages(content):
    """Pages of a PDF, by poppler's pdfinfo (poppler-utils), else None."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        try:
            info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found.group(1)) if found else None


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laichau_plan.settings")
    import django

    django.setup()
    what = argv[1]
    result = {"what": what}
    if what == "pdf-floor":  # the report's table cells as plain tables (bench/floors.py)
        from bench.floors import pdf_floor
        from reports.data import report_data
        from reports.pdf import render_html
        from reports.services import report_preview
        from reporting.models import Period

        period = Period.objects.select_related("plan").get(code=argv[2])
        html = render_html(report_preview(period=period), report_data(period))
        result["seconds"], content, result["cells"] = pdf_floor(html)
        result["pages"] = _pages(content)
    elif what in ("pdf", "report-xlsx"):
        from reports.pdf import render_pdf
        from reports.data import report_data
        from reports.services import report_preview
        from reports.xlsx import render_xlsx
        from reporting.models import Period

        period = Period.objects.select_related("plan").get(slug=argv[2])
        report = report_preview(period=period)
        started = time.perf_counter()
        data = report_data(period)
        content = render_pdf(report, data) if what == "pdf" else render_xlsx(report, data)
        result["seconds"] = time.perf_counter() - started
        if what == "pdf":
            result["pages"] = _pages(content)
    elif what == "registry-xlsx":
        from institutions.excel import registry_xlsx_bytes
        from institutions.models import Institution

        started = time.perf_counter()
        content = registry_xlsx_bytes(Institution.objects.order_by("code"))
        result["seconds"] = time.perf_counter() - started
        result["rows"] = Institution.objects.count()
    else:
        raise SystemExit(f"unknown export {what!r}")
    result["bytes"] = len(content)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
