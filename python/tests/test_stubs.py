"""The hand-written stubs match the native module (mypy.stubtest) and the package type-checks."""

import os
import subprocess
import sys
from pathlib import Path

import callwright

PACKAGE_DIR = Path(callwright.__file__).resolve().parent


def _run(args):
    env = dict(os.environ)
    # stubtest imports the package: make sure it finds the same one as these tests
    env["PYTHONPATH"] = str(PACKAGE_DIR.parent) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=PACKAGE_DIR.parent,
    )


# stubtest checks a package's submodules too (erlang, exceptions, ...).
NATIVE_PACKAGE = "callwright._callwright"


def test_stubtest_native_modules():
    # Every native function and class must be in the hand-written stubs, with the same
    # parameters (names, kinds, defaults) as the runtime signature.
    result = _run(["mypy.stubtest", NATIVE_PACKAGE])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "callwright._callwright.erlang" not in result.stdout


def test_mypy_strict_on_the_package():
    result = _run(["mypy", "--strict", "--no-incremental", "-p", "callwright"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_stubtest_notices_a_wrong_stub(tmp_path):
    # Guard against a vacuous check: a copy of the stubs with one parameter renamed must fail.
    import shutil

    copy = tmp_path / "callwright"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    stub = copy / "_callwright" / "erlang.pyi"
    stub.write_text(stub.read_text().replace("def erlang_b(agents: _F,", "def erlang_b(servers: _F,"))
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "callwright._callwright.erlang"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "erlang_b" in result.stdout


def test_py_typed_marker_is_shipped():
    assert (PACKAGE_DIR / "py.typed").is_file()
