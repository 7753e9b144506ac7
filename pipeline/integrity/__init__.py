"""Integrity facts: seals, PDF structure, fingerprints and the reuse index."""
