//! callwright-core: the contact-centre model (skills, agents, contacts, queues, time), the
//! router (match scoring, queue and overflow policies) and the discrete-event simulator that
//! drives that same router.
//!
//! The router lands with the routing issue and the simulator with the simulation issue; this
//! crate is their shared home.
