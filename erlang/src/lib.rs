//! callwright-erlang: Erlang B, C and A queueing formulas, service measures and staffing
//! solvers for contact centres.
//!
//! All durations are in seconds (`aht_s`, `patience_s`, `answer_within_s`, `interval_s`);
//! offered load `a = λ · AHT` is in Erlangs. Every fallible function returns
//! [`Result`]; NaN, infinite or negative inputs give a typed [`Error`] naming the field, never a
//! NaN or a panic.
//!
//! - [`erlang_b`] / [`erlang_c`]: whole agents, integer recursion on `1/B`;
//!   [`erlang_b_continuous`] / [`erlang_c_continuous`]: fractional agents, incomplete-gamma
//!   extension.
//! - [`ErlangC`] (M/M/n) and [`ErlangA`] (M/M/n+M, exact): validated queues with their service
//!   measures; [`ServiceLevelDefinition`] says how a service level is counted with abandonment.
//! - [`required_agents`] for [`Targets`] under a [`Model`]; [`scheduled_agents`] for shrinkage;
//!   [`max_offered_load`] / [`max_volume`] and [`performance`] for the inverse questions;
//!   [`required_agents_per_interval`] for a whole volume curve (parallel when long).
//!
//! # Examples
//!
//! ```
//! use callwright_erlang::{
//!     Aht, ErlangC, Model, Targets, required_agents, required_agents_per_interval,
//!     scheduled_agents_ceil,
//! };
//!
//! // 100 calls per 30 minutes, AHT 180 s: a = 100 · 180 / 1800 = 10 Erlangs.
//! let targets = Targets::default(); // 80 % answered within 20 s
//! let n = required_agents(Model::ErlangC, 10.0, 180.0, &targets)?;
//! assert_eq!(n, 14);
//! let q = ErlangC::new(f64::from(n), 10.0, 180.0)?;
//! assert!((q.service_level(20.0)? - 0.888).abs() < 1e-3);
//! assert!((q.asa_s() - 7.84).abs() < 1e-2);
//! // With 30 % shrinkage, schedule 20.
//! assert_eq!(scheduled_agents_ceil(n, 0.3)?, 20);
//!
//! // A day of 30-minute intervals, with callers who hang up after 2 minutes on average.
//! let volumes = [0.0, 40.0, 100.0, 180.0, 120.0];
//! let per_interval = required_agents_per_interval(
//!     Model::ErlangA { patience_s: 120.0 }, &volumes, Aht::Constant(180.0), 1800.0, &targets)?;
//! assert_eq!(per_interval[0], 0);
//! # Ok::<(), callwright_erlang::Error>(())
//! ```

mod erlang_a;
mod erlang_b;
mod erlang_c;
mod error;
mod gamma;
mod intervals;
mod staffing;
mod targets;

pub use erlang_a::ErlangA;
pub use erlang_b::{erlang_b, erlang_b_continuous};
pub use erlang_c::{ErlangC, erlang_c, erlang_c_continuous};
pub use error::{Error, MAX_AGENTS, MAX_SCALED_PATIENCE, Result, TargetKind};
pub use intervals::{
    Aht, PARALLEL_THRESHOLD, required_agents_per_interval, required_agents_per_interval_serial,
};
pub use staffing::{
    Performance, max_offered_load, max_volume, performance, required_agents, scheduled_agents,
    scheduled_agents_ceil,
};
pub use targets::{Model, ServiceLevelDefinition, ServiceLevelTarget, Targets};
