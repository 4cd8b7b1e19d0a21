# Stub of the native module `callwright._callwright.sim` (checked with mypy.stubtest).
__all__ = ["simulate", "validate", "agent_ids"]

def simulate(
    scenario: str,
    *,
    format: str = "toml",
    replications: int = 30,
    seed: int = 0,
    threads: int | None = None,
    record_contacts: bool | None = None,
) -> str: ...
def validate(scenario: str, *, format: str = "toml") -> str: ...
def agent_ids(scenario: str, *, format: str = "toml") -> list[str]: ...
