"""Bounds on hostile input, read from pipeline/intake/limits.yaml (the numbers live there, with why).

Zip bombs, image decompression bombs, 300-page PDFs and pages the size of a wall must cost a
bounded amount of memory, disk and time; over a bound the file or entry is recorded with a
reason and the run goes on. `PREAUDIT_LIMITS` may name another YAML file with the same keys
(a deployment's own numbers, or small ones in tests).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_FILE = Path(__file__).with_name("limits.yaml")


@dataclass(frozen=True)
class Limits:
    """The bounds, flat; field names are `<section>_<key>` of limits.yaml."""

    files_max_bytes: int
    manifest_max_bytes: int
    manifest_max_rows: int
    blacklist_max_bytes: int
    blacklist_max_rows: int
    zip_max_entries: int
    zip_max_total_bytes: int
    zip_max_ratio: float
    zip_ratio_min_bytes: int
    zip_max_directory_bytes: int
    image_max_pixels: int
    pdf_max_pages: int
    pdf_max_page_pixels: int


def load_limits(path: Path) -> Limits:
    """Limits from a YAML file; every key of limits.yaml must be there.

    Raises:
        ValueError: a key is missing, unknown or not a positive number.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    flat: dict[str, float] = {}
    for section, values in data.items():
        for key, value in (values or {}).items():
            flat[f"{section}_{key}"] = value
    names = set(Limits.__dataclass_fields__)
    if set(flat) != names:
        raise ValueError(f"{path}: keys {sorted(names ^ set(flat))} missing or unknown")
    for key, value in flat.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ValueError(f"{path}: {key} must be a positive number, not {value!r}")
    return Limits(**flat)  # type: ignore[arg-type]


@lru_cache(maxsize=4)
def _cached(path: str) -> Limits:
    return load_limits(Path(path))


_chosen: Path | None = None


def use(path: Path | None) -> None:
    """Put another limits file in force for this process (an Auditor's `limits` option); it is
    loaded and checked now, so a bad file fails before anything is read."""
    global _chosen
    if path is not None:
        _cached(str(path))
    _chosen = Path(path) if path is not None else None


def limits() -> Limits:
    """The limits in force: the file an Auditor chose, else $PREAUDIT_LIMITS (the command line's
    default), else pipeline/intake/limits.yaml."""
    return _cached(str(_chosen or os.environ.get("PREAUDIT_LIMITS") or DEFAULT_FILE))


def raster_dpi(width_pt: float, height_pt: float, dpi: int) -> int:
    """The resolution (whole dpi, as MuPDF takes it) to render a PDF page of that size in points
    at: `dpi`, or lower where the raster would pass pdf.max_page_pixels."""
    pixels = (width_pt * dpi / 72.0) * (height_pt * dpi / 72.0)
    bound = limits().pdf_max_page_pixels
    if pixels <= bound or pixels <= 0:
        return dpi
    return max(1, int(dpi * (bound / pixels) ** 0.5))


def mib(n: int) -> str:
    """A byte count for a Chinese reason text (MB, one decimal)."""
    return f"{n / (1 << 20):.1f} MB"
