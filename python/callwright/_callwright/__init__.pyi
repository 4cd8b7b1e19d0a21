# Stub of the native module `callwright._callwright` (checked with mypy.stubtest).
from callwright._callwright import erlang as erlang
from callwright._callwright import exceptions as exceptions
from callwright._callwright import forecast as forecast
from callwright._callwright import routing as routing
from callwright._callwright import schedule as schedule
from callwright._callwright import sim as sim

__all__ = ["__version__", "exceptions", "erlang", "forecast", "routing", "sim", "schedule"]

__version__: str
