"""Reports: report.json/html/pdf per applicant, evidence crops, the batch summary."""
