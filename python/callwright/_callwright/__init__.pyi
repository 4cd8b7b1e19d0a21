# Stub of the native module `callwright._callwright` (checked with mypy.stubtest).
from callwright._callwright import erlang as erlang
from callwright._callwright import exceptions as exceptions

__all__ = ["__version__", "exceptions", "erlang"]

__version__: str
