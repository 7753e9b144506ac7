"""Prefect flows: thin wrappers over pipeline.run (batch pre-audit, on-upload audit).

Empty until the flows issue; `preaudit audit` runs the same chain with no Prefect at all.
"""
