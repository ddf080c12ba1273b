"""Reporting periods and submissions (see the reporting issue)."""
