"""Nothing that reaches the Prefect server carries a full ID number.

Folders are often named 姓名_身份证号, and a path names its folder. What leaves the process for the
Prefect API, and how it is masked here:

- flow-run parameters (stored and shown in the UI): every string in them is masked on the way out
  (`Flow.serialize_parameters`); the flow function itself still gets the real path;
- logs (the API log handler and every other handler of Prefect's loggers): message, arguments and
  traceback masked (pipeline/ops/logsetup.py `MaskIdsFilter`);
- failure messages (a flow or task run's state message is the exception's text): the flows' and
  tasks' exceptions are re-raised with their text masked, of the same type where the type allows
  (an OSError stays an OSError, so I/O retries still apply);
- event resources and deployment parameters: the watcher and the served trigger name an upload by
  its applicant key (flows/watch.py), flow-run and task-run names are Prefect's own.
Task results persisted in STATE/prefect-results are not masked (they are the cache); `preaudit
prune` removes them after the retention period.
"""

from __future__ import annotations

import functools
import inspect
import logging
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from preaudit.pipeline.ops.logsetup import MaskIdsFilter
from preaudit.pipeline.model import mask_ids_in_text

F = TypeVar("F", bound=Callable[..., Any])


def mask_json(value: Any) -> Any:
    """Every string in a JSON-like structure (keys too) with ID-like runs masked."""
    if isinstance(value, str):
        return mask_ids_in_text(value)
    if isinstance(value, list):
        return [mask_json(v) for v in value]
    if isinstance(value, tuple):
        return tuple(mask_json(v) for v in value)
    if isinstance(value, dict):
        return {mask_json(k): mask_json(v) for k, v in value.items()}
    return value


def _mask_parameters() -> None:
    from prefect.flows import Flow

    if getattr(Flow.serialize_parameters, "_preaudit_masked", False):
        return
    original = Flow.serialize_parameters

    def serialize_parameters(self: Any, parameters: dict[str, Any]) -> dict[str, Any]:
        return mask_json(original(self, parameters))

    serialize_parameters._preaudit_masked = True  # type: ignore[attr-defined]
    Flow.serialize_parameters = serialize_parameters  # type: ignore[method-assign]


def _mask_handlers() -> None:
    loggers = [logging.getLogger()] + [
        lg for name, lg in list(logging.Logger.manager.loggerDict.items())
        if isinstance(lg, logging.Logger) and (name == "prefect" or name.startswith(("prefect.", "flows", "pipeline")))
    ]
    for lg in loggers:
        for handler in lg.handlers:
            if not any(isinstance(f, MaskIdsFilter) for f in handler.filters):
                handler.addFilter(MaskIdsFilter())


def install() -> None:
    """Mask flow-run parameters and every Prefect log handler in this process (idempotent; call
    after Prefect has set up its logging, i.e. after importing it, and again inside each flow run)."""
    _mask_parameters()
    _mask_handlers()


def masked_copy(exc: BaseException) -> BaseException:
    """The exception with its text masked, of its own type when that type takes one message."""
    text = mask_ids_in_text(str(exc))
    if text == str(exc):
        return exc
    try:
        new = type(exc)(text)
    except Exception:  # noqa: BLE001 - a type that needs other arguments
        new = RuntimeError(f"{type(exc).__name__}: {text}")
    return new.with_traceback(exc.__traceback__)


def masked_errors(fn: F) -> F:
    """Re-raise what `fn` raises with ID numbers masked (the text becomes the run's state message)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        install()
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - re-raised, masked
            new = masked_copy(exc)
            if new is exc:
                raise
            raise new from None

    try:  # Prefect builds its parameter model from the signature: annotations resolved in fn's module
        wrapper.__signature__ = inspect.signature(fn, eval_str=True)  # type: ignore[attr-defined]
        wrapper.__annotations__ = typing.get_type_hints(fn)
    except Exception:  # noqa: BLE001 - leave them as they were
        pass
    return wrapper  # type: ignore[return-value]
