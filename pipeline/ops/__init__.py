"""The operator's side: state directory, resume records, retention, progress, logging."""
