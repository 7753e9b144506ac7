"""Intake: a batch in, pages read and typed (the only part that opens user files)."""
