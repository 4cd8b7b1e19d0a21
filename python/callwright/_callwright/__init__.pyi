# Stub of the native module `callwright._callwright` (checked with mypy.stubtest).
from callwright._callwright import erlang as erlang
from callwright._callwright import exceptions as exceptions
from callwright._callwright import forecast as forecast

__all__ = ["__version__", "exceptions", "erlang", "forecast"]

__version__: str
