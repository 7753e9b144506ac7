"""Prefect flows: thin wrappers over the plain pipeline functions (preaudit.pipeline.run, preaudit.pipeline.report.writer).

batch.py      the batch pre-audit flow (`preaudit audit --flow`), thread-pool or Dask task runner
on_upload.py  the one-applicant flow run on a `preaudit.upload` event
serve.py      both as deployments on a running Prefect server (`preaudit serve`)
watch.py      the inbox watcher (`preaudit watch`); no Prefect in its direct mode
tasks.py      the tasks and their cache key; env.py the offline Prefect settings

Nothing in pipeline/ imports this package; `preaudit audit` runs the same chain with no Prefect.
"""
