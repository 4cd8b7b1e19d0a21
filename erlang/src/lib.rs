//! callwright-erlang: Erlang B, C and A queueing formulas, service measures and staffing solvers.
