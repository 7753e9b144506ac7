"""Imports every extractor module so that each registers itself with `preaudit.extractors.base.register`."""

from preaudit.extractors import (  # noqa: F401
    branch_recommendation,
    contract,
    dispatch_agreement,
    education_unit_proof,
    employment_notice,
    foreign_degree_certification,
    id_card,
    pension_certificate,
    photo,
    plagiarism_report,
    pledge,
    publicity_form,
    qualification_certificate,
    review_delegation,
    salary_approval,
    title_certificate,
    training_certificate,
    xuexin_degree,
    xuexin_record,
)
