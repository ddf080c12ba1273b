"""Reporting pages, one module per screen; each view: access helper → form → service → redirect."""
