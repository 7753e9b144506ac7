"""Packaging (issue 13): the build declares the setuptools it needs, one headless OpenCV is installed,
and no dependency is declared that nothing uses.

The OpenCV check reads the installed environment: a venv made before the stub (`make` reinstalls
when pyproject.toml changes) still has paddlex's GUI build and fails here, as it should.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from packaging.requirements import Requirement
from packaging.version import Version

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
STUB = tomllib.loads((ROOT / "stubs" / "opencv-contrib-python" / "pyproject.toml").read_text(encoding="utf-8"))


def _requirement(name: str, requirements: list[str]) -> Requirement:
    return next(r for r in map(Requirement, requirements) if r.name.lower() == name)


def test_the_build_asks_for_a_setuptools_that_takes_the_spdx_licence():
    setuptools = _requirement("setuptools", PYPROJECT["build-system"]["requires"])
    assert not setuptools.specifier.contains("76.1") and setuptools.specifier.contains("77.0")
    assert PYPROJECT["project"]["license"] == "AGPL-3.0-or-later"


def test_the_stub_stands_in_for_paddlex_s_opencv_and_asks_for_the_project_s_headless_one():
    headless = _requirement("opencv-python-headless", PYPROJECT["project"]["dependencies"])
    assert STUB["project"]["name"] == "opencv-contrib-python"
    assert _requirement("opencv-python-headless", STUB["project"]["dependencies"]).specifier == headless.specifier
    stub_version = Version(STUB["project"]["version"])
    assert stub_version.local and Requirement("opencv-contrib-python==4.10.0.84").specifier.contains(stub_version)


def test_no_declared_dependency_goes_unused():
    names = {Requirement(r).name.lower() for r in PYPROJECT["project"]["dependencies"]}
    assert "pdfplumber" not in names
    code = "\n".join(p.read_text(encoding="utf-8") for d in ("pipeline", "extractors", "validators", "flows", "fixtures")
                     for p in (ROOT / d).rglob("*.py"))
    assert not re.search(r"^\s*(import|from)\s+pdfplumber", code, re.M)


def test_one_headless_opencv_is_installed():
    proc = subprocess.run([sys.executable, str(ROOT / "stubs" / "one_opencv.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    import cv2

    gui = re.search(r"GUI:\s*(\S+)", cv2.getBuildInformation())
    assert gui is not None and gui.group(1) == "NONE", cv2.getBuildInformation()[:400]
