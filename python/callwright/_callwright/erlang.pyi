# Stub of the native module `callwright._callwright.erlang` (checked with mypy.stubtest).
# Every array argument is a C-contiguous float64 array; all of one call share one shape.
import numpy as np
import numpy.typing as npt

__all__ = [
    "erlang_b",
    "erlang_c",
    "erlang_c_measures",
    "wait_percentile",
    "erlang_a",
    "required_agents",
    "max_offered_load",
    "max_volume",
    "staffing",
    "SL_DEFINITIONS",
]

_F = npt.NDArray[np.float64]
_I = npt.NDArray[np.int64]

SL_DEFINITIONS: list[str]

def erlang_b(agents: _F, offered_load: _F) -> _F: ...
def erlang_c(agents: _F, offered_load: _F) -> _F: ...
def erlang_c_measures(agents: _F, offered_load: _F, aht_s: _F, answer_within_s: _F) -> dict[str, _F]: ...
def wait_percentile(agents: _F, offered_load: _F, aht_s: _F, p: _F) -> _F: ...
def erlang_a(
    agents: _F,
    offered_load: _F,
    aht_s: _F,
    patience_s: _F,
    answer_within_s: _F | None,
    *,
    sl_definition: str = "of_offered",
) -> dict[str, _F]: ...
def required_agents(
    offered_load: _F,
    aht_s: _F,
    *,
    service_level: float | None = None,
    answer_within_s: float | None = None,
    max_asa_s: float | None = None,
    max_occupancy: float | None = None,
    max_abandon: float | None = None,
    patience_s: float | None = None,
    shrinkage: float = 0.0,
    sl_definition: str = "of_offered",
) -> _I: ...
def max_offered_load(
    agents: _F,
    aht_s: _F,
    *,
    service_level: float | None = None,
    answer_within_s: float | None = None,
    max_asa_s: float | None = None,
    max_occupancy: float | None = None,
    max_abandon: float | None = None,
    patience_s: float | None = None,
    sl_definition: str = "of_offered",
) -> _F: ...
def max_volume(
    agents: _F,
    aht_s: _F,
    interval_s: _F,
    *,
    service_level: float | None = None,
    answer_within_s: float | None = None,
    max_asa_s: float | None = None,
    max_occupancy: float | None = None,
    max_abandon: float | None = None,
    patience_s: float | None = None,
    sl_definition: str = "of_offered",
) -> _F: ...
def staffing(
    volumes: _F,
    aht_s: _F,
    interval_s: float,
    *,
    service_level: float | None = None,
    answer_within_s: float | None = None,
    max_asa_s: float | None = None,
    max_occupancy: float | None = None,
    max_abandon: float | None = None,
    patience_s: float | None = None,
    shrinkage: float = 0.0,
    sl_definition: str = "of_offered",
) -> dict[str, _F | _I]: ...
