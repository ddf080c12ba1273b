"""``manage.py bench``: how the portal holds up on a large synthetic province (docs/performance.md)."""
