"""The department's consolidated report: numbers (compute), words (drafting), writers (pdf, xlsx)."""
