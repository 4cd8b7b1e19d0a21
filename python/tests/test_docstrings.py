"""The examples in the package's docstrings run and give what they show."""

import doctest

import pytest

import callwright
from callwright import _arrays, _dependencies, erlang, exceptions, forecast, routing, schedule, sim

MODULES = [callwright, erlang, forecast, routing, schedule, sim, exceptions, _arrays, _dependencies]


@pytest.mark.parametrize("module", MODULES, ids=[m.__name__ for m in MODULES])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_the_main_modules_have_examples():
    for module in (erlang, forecast, routing, schedule, sim):
        assert doctest.DocTestFinder().find(module)[0].examples, module.__name__


@pytest.mark.parametrize("module", [erlang, forecast, routing, schedule, sim, exceptions])
def test_every_public_name_has_a_docstring(module):
    for name in module.__all__:
        obj = getattr(module, name)
        if callable(obj):
            assert obj.__doc__ and obj.__doc__.strip(), f"{module.__name__}.{name}"
