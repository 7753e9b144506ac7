"""Check that one OpenCV is installed, the headless one, and repair a venv where it is not whole.

Run by the Makefile after `pip install ./stubs/opencv-contrib-python -e '.[dev]'`. In a venv that
had paddlex's GUI build (opencv-contrib-python 4.10.0.84 with its own cv2/ files), pip replaces it
by the stub, and removing it deletes cv2/ files that opencv-python-headless had written to the same
paths: the headless build is then reinstalled as it is (no dependencies, same version). Exit 0 when
one whole headless OpenCV is installed, 1 otherwise (with what is wrong). `--check` only checks.
"""

from __future__ import annotations

import importlib.metadata as md
import subprocess
import sys

HEADLESS = "opencv-python-headless"


def cv2_owners() -> dict[str, list[str]]:
    """Installed distributions that put files under cv2/ (name -> those files)."""
    out: dict[str, list[str]] = {}
    for dist in md.distributions():
        files = [str(f) for f in dist.files or [] if str(f).startswith("cv2/")]
        if files:
            out.setdefault(dist.metadata["Name"].lower(), []).extend(files)
    return out


def missing_files(name: str) -> list[str]:
    dist = md.distribution(name)
    return [str(f) for f in dist.files or [] if str(f).startswith("cv2/") and not f.locate().exists()]


def problems() -> list[str]:
    """What is wrong with the installed OpenCV (empty when one whole headless build is there)."""
    owners = cv2_owners()
    found = [f"{name} also installs cv2/ ({len(files)} files)" for name, files in owners.items() if name != HEADLESS]
    if HEADLESS not in owners:
        found.append(f"{HEADLESS} is not installed")
    elif missing_files(HEADLESS):
        found.append(f"{HEADLESS} has {len(missing_files(HEADLESS))} files missing")
    return found


def main(argv: list[str]) -> int:
    """Repair a headless build with files missing (unless --check), then report."""
    if "--check" not in argv and problems() and HEADLESS in cv2_owners() and missing_files(HEADLESS):
        version = md.version(HEADLESS)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps",
                        f"{HEADLESS}=={version}"], check=True)
    found = problems()
    for line in found:
        print(f"OpenCV: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
