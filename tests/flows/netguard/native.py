"""Build the native network guard (netguard_preload.c) for LD_PRELOAD in a child process.

The Python guard (netguard_impl.py) sees only Python sockets; a library's C code (ONNX Runtime's
telemetry resolved its host from a native thread) goes round it. The preloaded library refuses
and records those lookups and connects in the same log.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOURCE = Path(__file__).with_name("netguard_preload.c")


def compiler() -> str | None:
    """A C compiler on PATH (cc, gcc or clang), or None."""
    return next((c for c in ("cc", "gcc", "clang") if shutil.which(c)), None)


def build_preload(dest_dir: Path) -> Path:
    """Compile the guard into dest_dir/netguard.so and return its path.

    Raises:
        RuntimeError: no C compiler, or the build failed.
    """
    cc = compiler()
    if cc is None:
        raise RuntimeError("no C compiler (cc/gcc/clang) to build the native network guard")
    out = Path(dest_dir) / "netguard.so"
    proc = subprocess.run([cc, "-shared", "-fPIC", "-O1", "-o", str(out), str(SOURCE), "-ldl"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"building the native network guard failed:\n{proc.stderr}")
    return out
