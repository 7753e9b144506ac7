"""Serve the flows as deployments on a running Prefect server (`preaudit serve`).

- `preaudit-upload/on-upload`: triggered by every `preaudit.upload` event whose resource id starts
  with `preaudit.applicant.`; the event's payload gives `inbox` and `folder`, the rest of the
  parameters come from the serve command line.
- `preaudit-batch/batch`: the batch flow, run on demand (`prefect deployment run
  preaudit-batch/batch --param input_path=...`).

Each run executes in a fresh subprocess of the serving process (Prefect's runner), so every run
loads the OCR engine again; the watcher's direct mode keeps it loaded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from prefect import serve
from prefect.events import DeploymentEventTrigger

from preaudit.flows.batch import batch_audit
from preaudit.flows.on_upload import upload_audit
from preaudit.flows.tasks import flow_parameters
from preaudit.flows.watch import RESOURCE_PREFIX, UPLOAD_EVENT

UPLOAD_DEPLOYMENT = "preaudit-upload/on-upload"
BATCH_DEPLOYMENT = "preaudit-batch/batch"


def upload_trigger(inbox: Path | None = None) -> DeploymentEventTrigger:
    """Run on-upload for each preaudit.upload event; payload.inbox may be left out when the
    deployment was served with a default inbox."""
    inbox_template = "{{ event.payload.inbox }}"
    if inbox is not None:
        inbox_template = "{{ event.payload.inbox | default(%s) }}" % json.dumps(str(inbox.resolve()), ensure_ascii=False)
    return DeploymentEventTrigger(
        name="preaudit-upload",
        expect={UPLOAD_EVENT},
        match={"prefect.resource.id": RESOURCE_PREFIX + "*"},
        parameters={"inbox": inbox_template, "folder": "{{ event.payload.folder }}"},
    )


def deployments(out: Path, options: Any, inbox: Path | None = None) -> list[Any]:
    """Both deployments with the serve command line's options (pipeline.auditor.AuditOptions) as parameters."""
    common: dict[str, Any] = flow_parameters(options)
    upload = upload_audit.to_deployment(
        name="on-upload",
        parameters={**common, "out": str(out)},
        triggers=[upload_trigger(inbox)],
        description="Re-audit one inbox folder on a preaudit.upload event",
    )
    batch = batch_audit.to_deployment(
        name="batch",
        parameters={**common, "out": str(out)},
        description="Batch pre-audit (give input_path, optionally out)",
    )
    return [upload, batch]


def serve_flows(out: Path, options: Any, inbox: Path | None = None, limit: int = 1, poll_seconds: float = 2.0) -> None:
    """Register both deployments and run their flow runs until interrupted."""
    serve(*deployments(out, options, inbox), limit=limit, query_seconds=poll_seconds)
