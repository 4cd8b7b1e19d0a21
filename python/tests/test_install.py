"""`pip install` from the repository works: build the wheel with maturin, install it with numpy
into a fresh virtual environment (no access to this one's packages) and use it there.

The cargo build reuses the shared build cache (``CARGO_TARGET_DIR``, as set by scripts/lib.sh),
so the cost is mostly creating the environment and installing numpy.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[1]

# Run inside the fresh environment: the package imports, comes from that environment, works
# without pandas, and computes a known staffing figure.
CHECK = """
import importlib.util, sys
import callwright
from callwright import erlang, exceptions, forecast, plot, routing, schedule, sim
assert callwright.__file__.startswith(sys.prefix), (callwright.__file__, sys.prefix)
assert importlib.util.find_spec("pandas") is None, "pandas leaked into the fresh environment"
agents = callwright.erlang.required_agents(10.0, 180.0, service_level=0.8, answer_within_s=20)
print(int(agents))
"""


def _build_env():
    env = dict(os.environ)
    env.setdefault("CARGO_TARGET_DIR", str(Path.home() / ".cache" / "callwright" / "target"))
    return env


def _fresh_env(venv):
    """The environment of a process running in `venv` alone (no inherited Python paths)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = str(venv / "bin") + os.pathsep + env.get("PATH", "")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(args, **kwargs):
    done = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)
    assert done.returncode == 0, f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def test_the_wheel_installs_and_runs_in_a_fresh_environment(tmp_path):
    out = tmp_path / "wheel"
    _run(
        [sys.executable, "-m", "maturin", "build", "--release", "--out", str(out)],
        cwd=PYTHON_DIR,
        env=_build_env(),
        timeout=1800,
    )
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    wheel = wheels[0]
    # name-version-pythontag-abitag-platform.whl: one abi3 wheel for CPython 3.9 and later
    name, _version, python_tag, abi_tag, _platform = wheel.stem.split("-")
    assert (name, python_tag, abi_tag) == ("callwright", "cp39", "abi3"), wheel.name
    with zipfile.ZipFile(wheel) as archive:
        files = set(archive.namelist())
    for module in ("erlang", "forecast", "schedule", "routing", "sim", "exceptions", "plot"):
        assert f"callwright/{module}.py" in files
    assert "callwright/py.typed" in files
    assert any(f.startswith("callwright/_callwright") and f.endswith(".so") for f in files), files
    assert "callwright/_callwright/__init__.pyi" in files

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], timeout=300)
    assert "include-system-site-packages = false" in (venv / "pyvenv.cfg").read_text()
    python = venv / "bin" / "python"
    env = _fresh_env(venv)
    _run([str(python), "-m", "pip", "install", "-q", str(wheel), "numpy"], env=env, cwd=tmp_path, timeout=900)
    done = _run([str(python), "-c", CHECK], env=env, cwd=tmp_path, timeout=300)
    assert done.stdout.split() == ["14"]
