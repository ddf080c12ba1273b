"""Demo data: the registry (registry.py) and a few years of reports (submissions.py) for `make run`."""
