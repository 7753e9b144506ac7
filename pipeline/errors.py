"""Errors: AuditError > InputError | ExtractionError. Policy errors live with the policy loader."""


class AuditError(Exception):
    """Base of the pipeline's own errors."""


class InputError(AuditError):
    """A user file or folder cannot be read: becomes a finding, never a crash."""


class ExtractionError(AuditError):
    """An extractor could not make sense of a document it was given."""
