//! callwright-schedule: shift templates, breaks, tours and the LP/MIP that turns a staffing
//! requirement per interval into shifts (good_lp on HiGHS).
//!
//! The model and solver land with the scheduling issue.
