"""The exception hierarchy: classes, bases, names, pickling."""

import pickle

import pytest

import callwright
from callwright import exceptions
from callwright.exceptions import (
    CallwrightError,
    InfeasibleError,
    InvalidInputError,
    MissingDependencyError,
    UnstableError,
)

ALL = [CallwrightError, InvalidInputError, UnstableError, InfeasibleError, MissingDependencyError]


def test_base_is_exception_not_value_error():
    assert issubclass(CallwrightError, Exception)
    assert not issubclass(CallwrightError, ValueError)
    assert callwright.CallwrightError is CallwrightError


@pytest.mark.parametrize("cls", ALL[1:])
def test_every_class_is_a_callwright_error(cls):
    assert issubclass(cls, CallwrightError)


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [(InvalidInputError, ValueError), (UnstableError, ValueError), (MissingDependencyError, ImportError)],
)
def test_builtin_bases(cls, builtin):
    assert issubclass(cls, builtin)
    with pytest.raises(builtin):
        raise cls("x")


def test_infeasible_is_not_value_error():
    assert not issubclass(InfeasibleError, ValueError)


@pytest.mark.parametrize("cls", ALL)
def test_public_module_name_docs_and_pickle(cls):
    assert cls.__module__ == "callwright.exceptions"
    assert getattr(exceptions, cls.__name__) is cls
    assert cls.__doc__
    err = cls("something went wrong")
    assert str(err) == "something went wrong"
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls
    assert str(back) == "something went wrong"


def test_all_lists_every_class():
    assert sorted(exceptions.__all__) == sorted(c.__name__ for c in ALL)


def test_native_classes_are_the_same_objects():
    from callwright._callwright import exceptions as native

    for cls in ALL:
        assert getattr(native, cls.__name__) is cls
