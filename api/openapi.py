"""The API described once: the OpenAPI 3 document (``spec``) and the docs page (``endpoint_docs``,
``schema_docs``) both read the tables below, so the two cannot disagree.

QCVN 125:2021/BTTTT (Circular 02/2021/TT-BTTTT) names the packets exchanged between reporting
systems (report data, report status, indicator list...), but the text of their fields was not
available when this was written: the schema is the portal's own, documented here with the
Vietnamese name of every field, and each endpoint names the packet of the regulation it stands
for. Field names are English (snake_case), values as the portal stores them.
"""
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .selectors import UNIT_STATUSES

STR, INT, BOOL, DATE, DATETIME, NUMBER, ARRAY, OBJECT = (
    "string", "integer", "boolean", "date", "date-time", "number", "array", "object")

# name, type, Vietnamese name, nullable
PLAN = [
    ("code", STR, _("mã kế hoạch"), False),
    ("number", STR, _("số, ký hiệu"), False),
    ("issued_on", DATE, _("ngày ban hành"), False),
    ("issuer", STR, _("cơ quan ban hành"), False),
    ("title", STR, _("trích yếu"), False),
    ("start_year", INT, _("từ năm"), False),
    ("end_year", INT, _("đến năm"), False),
    ("half_year_due", STR, _("hạn báo cáo 6 tháng (tháng-ngày)"), False),
    ("annual_due", STR, _("hạn báo cáo năm (tháng-ngày)"), False),
    ("indicators_url", STR, _("địa chỉ danh mục chỉ tiêu"), False),
    ("targets_url", STR, _("địa chỉ danh sách mục tiêu"), False),
]
INDICATOR = [
    ("code", STR, _("mã chỉ tiêu"), False),
    ("name_vi", STR, _("tên chỉ tiêu (tiếng Việt)"), False),
    ("name_en", STR, _("tên chỉ tiêu (tiếng Anh)"), False),
    ("unit_vi", STR, _("đơn vị tính"), False),
    ("unit_en", STR, _("đơn vị tính (tiếng Anh)"), False),
    ("value_type", STR, _("kiểu giá trị: integer, decimal, percent, boolean"), False),
    ("aggregation", STR, _("cách tổng hợp: sum, average, share_yes, latest"), False),
    ("frequency", STR, _("kỳ báo cáo: half_yearly, yearly"), False),
    ("applies_to", STR, _("áp dụng cho: institution (thiết chế), reporting_unit (đơn vị báo cáo)"), False),
    ("applies_kind", STR, _("loại thiết chế (trống: mọi loại)"), False),
    ("applies_levels", ARRAY, _("các cấp (trống: mọi cấp)"), False),
    ("applies_unit_kinds", ARRAY, _("loại đơn vị báo cáo (trống: mọi loại)"), False),
    ("running_count", BOOL, _("số cộng dồn trong năm"), False),
    ("description", STR, _("ghi chú"), False),
]
TARGET = [
    ("year", INT, _("năm"), False),
    ("key", STR, _("mã mục tiêu"), False),
    ("indicator_code", STR, _("mã chỉ tiêu"), False),
    ("indicator_name", STR, _("tên chỉ tiêu (tiếng Việt)"), False),
    ("indicator_name_en", STR, _("tên chỉ tiêu (tiếng Anh)"), False),
    ("unit", STR, _("đơn vị tính"), False),
    ("value_type", STR, _("kiểu giá trị: integer, decimal, percent, boolean"), False),
    ("aggregation", STR, _("cách tổng hợp: sum, average, share_yes, latest"), False),
    ("scope_mode", STR, _("phạm vi: each, group, institution, reporting_unit"), False),
    ("scope_kind", STR, _("loại thiết chế"), False),
    ("scope_levels", ARRAY, _("các cấp"), False),
    ("per_institution", BOOL, _("mức cho mỗi thiết chế"), False),
    ("institution_code", STR, _("mã thiết chế"), True),
    ("reporting_unit_code", STR, _("mã đơn vị báo cáo"), True),
    ("target_min", NUMBER, _("tối thiểu"), True),
    ("target_max", NUMBER, _("tối đa"), True),
    ("cadence_years", INT, _("chu kỳ (năm)"), False),
    ("source_ref", STR, _("trích dẫn"), False),
]
UNIT_STATUS = [
    ("code", STR, _("mã đơn vị báo cáo"), False),
    ("name", STR, _("tên đơn vị báo cáo"), False),
    ("status", STR, _("tình trạng: not_submitted (chưa gửi), submitted (đã gửi), returned (trả lại để sửa), "
                      "reopened (mở lại để sửa), approved (đã duyệt)"), False),
    ("first_submitted_at", DATETIME, _("gửi lần đầu"), True),
    ("submitted_at", DATETIME, _("gửi lúc"), True),
    ("late", BOOL, _("nộp muộn"), False),
]
PERIOD = [
    ("code", STR, _("mã kỳ"), False),
    ("title", STR, _("tên kỳ báo cáo"), False),
    ("kind", STR, _("loại kỳ: half_year, annual, ad_hoc"), False),
    ("year", INT, _("năm"), False),
    ("plan", STR, _("mã kế hoạch"), False),
    ("cutoff_start", DATE, _("số liệu từ ngày"), False),
    ("cutoff_end", DATE, _("số liệu đến ngày"), False),
    ("due_date", DATE, _("hạn nộp"), False),
    ("status", STR, _("trạng thái kỳ: open (đang mở), closed (đã khóa)"), False),
    ("expected_units", INT, _("số đơn vị phải báo cáo"), False),
    ("status_counts", OBJECT, _("số đơn vị theo tình trạng"), False),
    ("units", ARRAY, _("tình trạng từng đơn vị (UnitStatus)"), False),
]
REPORT = [
    ("id", INT, _("mã báo cáo trên cổng"), False),
    ("number", INT, _("số"), False),
    ("symbol", STR, _("ký hiệu"), False),
    ("number_display", STR, _("số, ký hiệu"), False),
    ("issued_on", DATE, _("ngày ban hành"), False),
    ("summary", STR, _("trích yếu"), False),
    ("period", STR, _("mã kỳ"), False),
    ("period_title", STR, _("tên kỳ báo cáo"), False),
    ("plan", STR, _("mã kế hoạch"), False),
    ("include_submitted", BOOL, _("gồm số liệu chưa duyệt (tạm tính)"), False),
    ("replaces", INT, _("thay thế báo cáo (mã)"), True),
    ("replaced_by", INT, _("bị thay thế bởi báo cáo (mã)"), True),
    ("pdf_sha256", STR, _("mã băm SHA-256 của tệp PDF đã ban hành"), False),
    ("xlsx_sha256", STR, _("mã băm SHA-256 của tệp Excel đã ban hành"), False),
    ("url", STR, _("địa chỉ báo cáo và số liệu"), False),
]
REPORT_DETAIL = REPORT + [
    ("figures", OBJECT, _("số liệu đã chốt khi ban hành (nguyên văn JSON đã lưu)"), False),
]
SCHEMAS = {"Plan": PLAN, "Indicator": INDICATOR, "Target": TARGET, "UnitStatus": UNIT_STATUS, "Period": PERIOD,
           "Report": REPORT, "ReportDetail": REPORT_DETAIL}

# path, name, list key and schema, the QCVN 125 packet it stands for, what it answers
ENDPOINTS = [
    ("/plans/", "plans", ("plans", "Plan"), _("Gói tin chế độ báo cáo"),
     _("Các kế hoạch (văn bản, thời gian thực hiện, hạn báo cáo).")),
    ("/plans/{code}/indicators/", "plan_indicators", ("indicators", "Indicator"), _("Gói tin danh mục chỉ tiêu báo cáo"),
     _("Danh mục chỉ tiêu của kế hoạch.")),
    ("/plans/{code}/targets/", "plan_targets", ("targets", "Target"), _("Gói tin danh mục chỉ tiêu báo cáo"),
     _("Mục tiêu theo năm của kế hoạch; ?year=2025 chỉ lấy một năm.")),
    ("/periods/", "periods", ("periods", "Period"), _("Gói tin trạng thái báo cáo"),
     _("Các kỳ báo cáo và tình trạng nộp của từng đơn vị; không có số liệu nào của đơn vị.")),
    ("/reports/", "reports", ("reports", "Report"), _("Gói tin số liệu báo cáo danh sách"),
     _("Các báo cáo tổng hợp đã ban hành (không có dự thảo); ?period=MÃ_KỲ chỉ lấy một kỳ.")),
    ("/reports/{id}/", "report_detail", (None, "ReportDetail"), _("Gói tin số liệu báo cáo"),
     _("Một báo cáo đã ban hành và số liệu của nó, đúng như đã chốt khi ban hành.")),
]
PARAMETERS = {
    "plan_indicators": [("code", "path", _("mã kế hoạch"))],
    "plan_targets": [("code", "path", _("mã kế hoạch")), ("year", "query", _("năm"))],
    "reports": [("period", "query", _("mã kỳ"))],
    "report_detail": [("id", "path", _("mã báo cáo trên cổng"))],
}


def _property(kind, label, nullable):
    schema = {"type": "string", "format": kind} if kind in (DATE, DATETIME) else {"type": kind}
    if kind == ARRAY:
        schema["items"] = {"type": "string"}
    if nullable:
        schema["nullable"] = True
    schema["description"] = str(label)
    schema["x-vi-name"] = str(label)
    return schema


def _schema(fields):
    return {
        "type": "object",
        "required": [name for name, *_rest in fields],
        "properties": {name: _property(kind, label, nullable) for name, kind, label, nullable in fields},
    }


def _error(description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _operation(path, name, listing, packet, summary):
    key, schema = listing
    body = {"$ref": f"#/components/schemas/{schema}"}
    if key:
        body = {"type": "object", "required": [key], "properties": {key: {"type": "array", "items": body}}}
    parameters = [
        {"name": param, "in": where, "required": where == "path", "description": str(label),
         "schema": {"type": "integer" if param in ("id", "year") else "string"}}
        for param, where, label in PARAMETERS.get(name, [])
    ]
    return {
        "get": {
            "operationId": name, "summary": str(summary), "description": f"QCVN 125:2021/BTTTT: {packet}",
            "parameters": parameters,
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": body}}},
                "401": _error("Thiếu mã truy cập, mã sai hoặc đã bị thu hồi"),
                "404": _error("Không có đối tượng này"),
                "429": {**_error("Quá giới hạn số yêu cầu mỗi phút"),
                        "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "số giây chờ"}}},
            },
        }
    }


def spec(server_url="/api/v1"):
    """The OpenAPI 3.0 document (a dict), with ``server_url`` as its server; in Vietnamese."""
    with translation.override(settings.LANGUAGE_CODE):
        return _spec(server_url)


def _spec(server_url):
    schemas = {name: _schema(fields) for name, fields in SCHEMAS.items()}
    schemas["Period"]["properties"]["status_counts"]["properties"] = {status: {"type": "integer"} for status in UNIT_STATUSES}
    schemas["Period"]["properties"]["units"]["items"] = {"$ref": "#/components/schemas/UnitStatus"}
    schemas["Error"] = {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string", "description": "unauthorized, rate_limited, not_found, method_not_allowed, bad_year"},
            "message": {"type": "string", "description": "thông báo bằng tiếng Việt"},
        }}},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "API cổng theo dõi kế hoạch học tập suốt đời (Sở VHTTDL Lai Châu)",
            "version": "1.0.0",
            "description": (
                "Chỉ đọc. Xác thực bằng mã truy cập: Authorization: Bearer <mã>. Giới hạn số yêu cầu mỗi phút cho "
                "mỗi mã (429, Retry-After). Số là số JSON với đúng các chữ số đã lưu; ngày theo ISO 8601. "
                "Tên trường theo lược đồ riêng của cổng (văn bản trường dữ liệu của QCVN 125:2021/BTTTT không có sẵn), "
                "mỗi trường ghi tên tiếng Việt ở x-vi-name."
            ),
        },
        "servers": [{"url": server_url}],
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": schemas},
        "paths": {path: _operation(path, name, listing, packet, summary)
                  for path, name, listing, packet, summary in ENDPOINTS},
    }


def endpoint_docs():
    """The endpoints for the docs page: path, packet, what it answers, its parameters and fields."""
    return [
        {"path": "/api/v1" + path, "packet": packet, "summary": summary, "schema": listing[1],
         "list_key": listing[0], "parameters": PARAMETERS.get(name, [])}
        for path, name, listing, packet, summary in ENDPOINTS
    ]


def schema_docs():
    """{schema name: [(field, type, Vietnamese name, nullable)]} for the docs page."""
    return [(name, fields) for name, fields in SCHEMAS.items()]


