"""Ingest: a report's text into citable units (parsing) and into embeddable chunks."""
