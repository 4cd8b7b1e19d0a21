"""The Python snippets of python/README.md run, in order, as one program."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def snippets():
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_snippets_for_every_module():
    text = "\n".join(snippets())
    for module in ("erlang", "forecast", "schedule", "routing", "sim"):
        assert f"from callwright import {module}" in text


def test_readme_snippets_run():
    namespace: dict = {}
    for code in snippets():
        exec(compile(code, str(README), "exec"), namespace)
