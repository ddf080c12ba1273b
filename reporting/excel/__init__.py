"""The Excel round trip for units that work offline: template (write), reader (read and check),
importer (all-or-nothing save). Layout of the workbook: see layout.py."""
