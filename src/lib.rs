//! callwright: contact-centre routing, forecasting, staffing, scheduling and simulation.
//!
//! This facade re-exports the member crates so one dependency gives the whole chain:
//!
//! | module | crate | what it holds |
//! |---|---|---|
//! | [`core`] | `callwright-core` | model, router, discrete-event simulator |
//! | [`erlang`] | `callwright-erlang` | Erlang B/C/A, service measures, staffing |
//! | [`forecast`] | `callwright-forecast` | arrival and handle-time forecasting |
//! | [`schedule`] | `callwright-schedule` | shift scheduling on `HiGHS` |
//!
//! and [`plan`], the pipeline that chains them: scenario → forecast → staffing → schedule →
//! report.

pub use callwright_core as core;
pub use callwright_erlang as erlang;
pub use callwright_forecast as forecast;
pub use callwright_schedule as schedule;

pub mod plan;
