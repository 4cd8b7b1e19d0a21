//! Native half of `callwright.routing`: the embeddable [`Router`] as a Python class.
//!
//! Agents and queues are named by their configuration ids (strings), contacts by the caller's
//! integer ids; every event method returns the decisions it made as a list of dicts. Router
//! calls take microseconds, so they keep the GIL (releasing it would cost more).

use callwright_core::model::{
    AgentId, AgentState, ContactId, ContactSpec, ContactStatus, Presence, QueueId,
};
use callwright_core::routing::{
    AgentConfig, CallbackMode, OverflowReason, Predictor, WaitPrediction,
};
use callwright_core::{Decision, Router, RouterConfig};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::error::Error;

/// The accepted values of `presence`.
const PRESENCES: [(&str, Presence); 3] = [
    ("available", Presence::Available),
    ("break", Presence::Break),
    ("offline", Presence::Offline),
];

/// Parses a presence name.
fn parse_presence(name: &str) -> Result<Presence, Error> {
    PRESENCES
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, p)| *p)
        .ok_or_else(|| {
            let allowed: Vec<String> = PRESENCES.iter().map(|(k, _)| format!("'{k}'")).collect();
            Error::InvalidInput(format!(
                "unknown presence '{name}': expected one of {}",
                allowed.join(", ")
            ))
        })
}

/// A contact id from a Python object: an integer in `[0, 2^64)`.
fn contact_id(contact: &Bound<'_, PyAny>) -> Result<ContactId, Error> {
    if contact.is_instance_of::<pyo3::types::PyBool>() {
        return Err(Error::InvalidInput(
            "contact must be an integer id, got a bool".to_owned(),
        ));
    }
    contact.extract::<u64>().map(ContactId).map_err(|_| {
        let shown = contact
            .repr()
            .map_or_else(|_| "?".to_owned(), |r| r.to_string());
        Error::InvalidInput(format!(
            "contact must be an integer id in [0, 2**64), got {shown}"
        ))
    })
}

/// An agent configuration from a Python mapping (the keys of an `[[agents]]` table).
fn agent_config(agent: &Bound<'_, PyAny>) -> Result<AgentConfig, Error> {
    let text: String = agent
        .py()
        .import("json")
        .and_then(|json| json.call_method1("dumps", (agent,)))
        .and_then(|text| text.extract())
        .map_err(|err| Error::InvalidInput(format!("agent is not plain data: {err}")))?;
    serde_json::from_str(&text)
        .map_err(|err| Error::InvalidInput(format!("agent configuration does not parse: {err}")))
}

/// The Python name of an overflow reason.
fn reason_name(reason: OverflowReason) -> &'static str {
    match reason {
        OverflowReason::QueueFull => "queue_full",
        OverflowReason::MaxWait => "max_wait",
        OverflowReason::CallbackAccepted => "callback_accepted",
        _ => "other",
    }
}

/// Parses a predictor name.
fn parse_predictor(name: &str) -> Result<Predictor, Error> {
    Predictor::ALL
        .into_iter()
        .find(|p| p.name() == name)
        .ok_or_else(|| {
            let allowed: Vec<String> = Predictor::ALL
                .iter()
                .map(|p| format!("'{}'", p.name()))
                .collect();
            Error::InvalidInput(format!(
                "unknown predictor '{name}': expected one of {}",
                allowed.join(", ")
            ))
        })
}

/// A prediction as a dict (or None).
fn prediction(py: Python<'_>, p: Option<WaitPrediction>) -> PyResult<Option<Bound<'_, PyDict>>> {
    let Some(p) = p else { return Ok(None) };
    let out = PyDict::new(py);
    out.set_item("mean_s", p.mean_s)?;
    out.set_item("low_s", p.low_s)?;
    out.set_item("high_s", p.high_s)?;
    out.set_item("ahead", p.ahead)?;
    Ok(Some(out))
}

/// The Python name of an agent state.
fn state_name(state: AgentState) -> &'static str {
    match state {
        AgentState::Offline => "offline",
        AgentState::Idle => "idle",
        AgentState::Busy => "busy",
        AgentState::AfterContactWork => "after_contact_work",
        AgentState::OnBreak => "on_break",
    }
}

/// The embeddable router (see `callwright.routing.Router`).
#[pyclass(module = "callwright.routing", name = "Router")]
pub struct PyRouter {
    router: Router,
}

impl PyRouter {
    fn agent(&self, name: &str) -> Result<AgentId, Error> {
        Ok(self.router.agent_id(name)?)
    }

    fn queue(&self, name: &str) -> Result<QueueId, Error> {
        Ok(self.router.queue_id(name)?)
    }

    fn agent_name(&self, agent: AgentId) -> Result<String, Error> {
        Ok(self.router.agent_name(agent)?.to_owned())
    }

    fn queue_name(&self, queue: QueueId) -> Result<String, Error> {
        Ok(self.router.queue_name(queue)?.to_owned())
    }

    /// One decision as a dict.
    fn decision<'py>(&self, py: Python<'py>, d: &Decision) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        match *d {
            Decision::Assigned {
                contact,
                agent,
                queue,
                stage,
                at_s,
                waited_s,
            } => {
                out.set_item("kind", "assigned")?;
                out.set_item("contact", contact.0)?;
                out.set_item("agent", self.agent_name(agent)?)?;
                out.set_item("queue", self.queue_name(queue)?)?;
                out.set_item("stage", stage)?;
                out.set_item("at_s", at_s)?;
                out.set_item("waited_s", waited_s)?;
            }
            Decision::Queued {
                contact,
                queue,
                at_s,
            } => {
                out.set_item("kind", "queued")?;
                out.set_item("contact", contact.0)?;
                out.set_item("queue", self.queue_name(queue)?)?;
                out.set_item("at_s", at_s)?;
            }
            Decision::StageChanged {
                contact,
                queue,
                stage,
                at_s,
            } => {
                out.set_item("kind", "stage_changed")?;
                out.set_item("contact", contact.0)?;
                out.set_item("queue", self.queue_name(queue)?)?;
                out.set_item("stage", stage)?;
                out.set_item("at_s", at_s)?;
            }
            Decision::Moved {
                contact,
                from,
                to,
                reason,
                at_s,
            } => {
                out.set_item("kind", "moved")?;
                out.set_item("contact", contact.0)?;
                out.set_item("from_queue", self.queue_name(from)?)?;
                out.set_item("queue", self.queue_name(to)?)?;
                out.set_item("reason", reason_name(reason))?;
                out.set_item("at_s", at_s)?;
            }
            Decision::Callback {
                contact,
                queue,
                reason,
                at_s,
            } => {
                out.set_item("kind", "callback")?;
                out.set_item("contact", contact.0)?;
                out.set_item("queue", self.queue_name(queue)?)?;
                out.set_item("reason", reason_name(reason))?;
                out.set_item("at_s", at_s)?;
            }
            Decision::Rejected {
                contact,
                queue,
                reason,
                at_s,
            } => {
                out.set_item("kind", "rejected")?;
                out.set_item("contact", contact.0)?;
                out.set_item("queue", self.queue_name(queue)?)?;
                out.set_item("reason", reason_name(reason))?;
                out.set_item("at_s", at_s)?;
            }
            Decision::WrapUpEnded { agent, at_s } => {
                out.set_item("kind", "wrap_up_ended")?;
                out.set_item("agent", self.agent_name(agent)?)?;
                out.set_item("at_s", at_s)?;
            }
            Decision::CallbackOffered {
                contact,
                queue,
                predicted_wait_s,
                at_s,
            } => {
                out.set_item("kind", "callback_offered")?;
                out.set_item("contact", contact.0)?;
                out.set_item("queue", self.queue_name(queue)?)?;
                out.set_item("predicted_wait_s", predicted_wait_s)?;
                out.set_item("at_s", at_s)?;
            }
            _ => out.set_item("kind", "other")?,
        }
        Ok(out)
    }

    fn decisions<'py>(
        &self,
        py: Python<'py>,
        decisions: &[Decision],
    ) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for d in decisions {
            list.append(self.decision(py, d)?)?;
        }
        Ok(list)
    }
}

#[pymethods]
impl PyRouter {
    /// Builds a router from a TOML configuration text.
    #[new]
    fn new(toml: &str) -> PyResult<Self> {
        Ok(Self {
            router: Router::from_toml(toml).map_err(Error::from)?,
        })
    }

    /// Builds a router from a configuration given as JSON text.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<Self> {
        let config: RouterConfig = serde_json::from_str(json)
            .map_err(|err| Error::InvalidInput(format!("configuration does not parse: {err}")))?;
        Ok(Self {
            router: Router::new(config).map_err(Error::from)?,
        })
    }

    /// A contact arrives at `now_s` for `queue`, carrying `tags` (names from the
    /// configuration's `contact_tags`).
    #[pyo3(signature = (contact, queue, now_s, *, priority = 0, preferred_agent = None, tags = None))]
    #[expect(
        clippy::too_many_arguments,
        reason = "keyword-only options of one Python method"
    )]
    fn arrive<'py>(
        &mut self,
        py: Python<'py>,
        contact: &Bound<'py, PyAny>,
        queue: &str,
        now_s: f64,
        priority: i32,
        preferred_agent: Option<&str>,
        tags: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let mut spec =
            ContactSpec::new(contact_id(contact)?, self.queue(queue)?).priority(priority);
        if let Some(name) = preferred_agent {
            spec = spec.preferred_agent(self.agent(name)?);
        }
        for tag in tags.unwrap_or_default() {
            spec = spec.tag(self.router.tag_id(&tag).map_err(Error::from)?);
        }
        let decisions = self
            .router
            .arrive(spec, now_s)
            .map_err(Error::from)?
            .to_vec();
        self.decisions(py, &decisions)
    }

    /// The agent serving `contact` finishes at `now_s`, then wraps up for `wrap_up_s`.
    #[pyo3(signature = (contact, now_s, *, wrap_up_s = 0.0))]
    fn complete<'py>(
        &mut self,
        py: Python<'py>,
        contact: &Bound<'py, PyAny>,
        now_s: f64,
        wrap_up_s: f64,
    ) -> PyResult<Bound<'py, PyList>> {
        let decisions = self
            .router
            .complete(contact_id(contact)?, now_s, wrap_up_s)
            .map_err(Error::from)?
            .to_vec();
        self.decisions(py, &decisions)
    }

    /// A waiting contact hangs up at `now_s`.
    fn abandon<'py>(
        &mut self,
        py: Python<'py>,
        contact: &Bound<'py, PyAny>,
        now_s: f64,
    ) -> PyResult<Bound<'py, PyList>> {
        let contact = contact_id(contact)?;
        let decisions = self
            .router
            .abandon(contact, now_s)
            .map_err(Error::from)?
            .to_vec();
        self.decisions(py, &decisions)
    }

    /// An agent's presence changes at `now_s` (`"available"`, `"break"` or `"offline"`).
    fn set_presence<'py>(
        &mut self,
        py: Python<'py>,
        agent: &str,
        presence: &str,
        now_s: f64,
    ) -> PyResult<Bound<'py, PyList>> {
        let (agent, presence) = (self.agent(agent)?, parse_presence(presence)?);
        let decisions = self
            .router
            .set_presence(agent, presence, now_s)
            .map_err(Error::from)?
            .to_vec();
        self.decisions(py, &decisions)
    }

    /// An agent ends after-contact work early at `now_s`.
    fn end_wrap_up<'py>(
        &mut self,
        py: Python<'py>,
        agent: &str,
        now_s: f64,
    ) -> PyResult<Bound<'py, PyList>> {
        let agent = self.agent(agent)?;
        let decisions = self
            .router
            .end_wrap_up(agent, now_s)
            .map_err(Error::from)?
            .to_vec();
        self.decisions(py, &decisions)
    }

    /// Runs the timers due by `now_s` (stage changes, overflow, wrap-up ends).
    fn advance<'py>(&mut self, py: Python<'py>, now_s: f64) -> PyResult<Bound<'py, PyList>> {
        let decisions = self.router.advance(now_s).map_err(Error::from)?.to_vec();
        self.decisions(py, &decisions)
    }

    /// A new agent joins at `now_s`; `agent` has the keys of an `[[agents]]` table.
    fn add_agent<'py>(
        &mut self,
        py: Python<'py>,
        agent: &Bound<'py, PyAny>,
        now_s: f64,
    ) -> PyResult<Bound<'py, PyList>> {
        let config = agent_config(agent)?;
        let decisions = self
            .router
            .add_agent(config, now_s)
            .map_err(Error::from)?
            .to_vec();
        self.decisions(py, &decisions)
    }

    /// Changes agent `agent`'s configuration at `now_s` (`config` as in `add_agent`, same
    /// `id`; its `presence` is ignored).
    fn update_agent<'py>(
        &mut self,
        py: Python<'py>,
        agent: &str,
        config: &Bound<'py, PyAny>,
        now_s: f64,
    ) -> PyResult<Bound<'py, PyList>> {
        let (agent, config) = (self.agent(agent)?, agent_config(config)?);
        let decisions = self
            .router
            .update_agent(agent, config, now_s)
            .map_err(Error::from)?
            .to_vec();
        self.decisions(py, &decisions)
    }

    /// When the next timer is due (seconds), or None.
    fn next_timer(&self) -> Option<f64> {
        self.router.next_timer()
    }

    /// The router's clock: the time of the last event (seconds).
    #[getter]
    fn now(&self) -> f64 {
        self.router.now()
    }

    /// The agent ids, in configuration order.
    #[getter]
    fn agents(&self) -> PyResult<Vec<String>> {
        (0..self.router.num_agents())
            .map(|i| {
                let id = u32::try_from(i)
                    .map_err(|_| Error::InvalidInput("too many agents".to_owned()))?;
                Ok(self.agent_name(AgentId(id))?)
            })
            .collect()
    }

    /// The queue ids, in configuration order.
    #[getter]
    fn queues(&self) -> PyResult<Vec<String>> {
        (0..self.router.num_queues())
            .map(|i| {
                let id = u32::try_from(i)
                    .map_err(|_| Error::InvalidInput("too many queues".to_owned()))?;
                Ok(self.queue_name(QueueId(id))?)
            })
            .collect()
    }

    /// Number of contacts waiting in `queue`.
    fn waiting(&self, queue: &str) -> PyResult<u32> {
        Ok(self
            .router
            .waiting(self.queue(queue)?)
            .map_err(Error::from)?)
    }

    /// An agent's state: `"offline"`, `"idle"`, `"busy"`, `"after_contact_work"` or
    /// `"on_break"`.
    fn agent_state(&self, agent: &str) -> PyResult<&'static str> {
        let state = self
            .router
            .agent_state(self.agent(agent)?)
            .map_err(Error::from)?;
        Ok(state_name(state))
    }

    /// Where a contact is: a dict with `status` (`"waiting"` or `"assigned"`), `queue`, and
    /// `stage` (waiting) or `agent` (assigned).
    fn contact_status<'py>(
        &self,
        py: Python<'py>,
        contact: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        match self
            .router
            .contact_status(contact_id(contact)?)
            .map_err(Error::from)?
        {
            ContactStatus::Waiting { queue, stage } => {
                out.set_item("status", "waiting")?;
                out.set_item("queue", self.queue_name(queue)?)?;
                out.set_item("stage", stage)?;
            }
            ContactStatus::Assigned { agent, queue } => {
                out.set_item("status", "assigned")?;
                out.set_item("queue", self.queue_name(queue)?)?;
                out.set_item("agent", self.agent_name(agent)?)?;
            }
            ContactStatus::CallbackScheduled { queue, at_s } => {
                out.set_item("status", "callback_scheduled")?;
                out.set_item("queue", self.queue_name(queue)?)?;
                out.set_item("at_s", at_s)?;
            }
            _ => out.set_item("status", "other")?,
        }
        Ok(out)
    }

    /// The predicted wait of a new contact of `queue` at `now_s`: a dict with `mean_s`,
    /// `low_s`, `high_s` (the band) and `ahead`, or None while the predictor has nothing to go
    /// on.
    #[pyo3(signature = (queue, now_s, *, predictor = "queue_length_abandon"))]
    fn predict_wait<'py>(
        &mut self,
        py: Python<'py>,
        queue: &str,
        now_s: f64,
        predictor: &str,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        let (queue, predictor) = (self.queue(queue)?, parse_predictor(predictor)?);
        let p = self
            .router
            .predict_wait(queue, predictor, now_s)
            .map_err(Error::from)?;
        prediction(py, p)
    }

    /// The predicted remaining wait of a waiting contact at `now_s` (as `predict_wait`).
    #[pyo3(signature = (contact, now_s, *, predictor = "queue_length_abandon"))]
    fn predict_contact_wait<'py>(
        &self,
        py: Python<'py>,
        contact: &Bound<'py, PyAny>,
        now_s: f64,
        predictor: &str,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        let (contact, predictor) = (contact_id(contact)?, parse_predictor(predictor)?);
        let p = self
            .router
            .predict_contact_wait(contact, predictor, now_s)
            .map_err(Error::from)?;
        prediction(py, p)
    }

    /// The caller of a waiting contact accepts a callback at `now_s`: it keeps its place in
    /// line, or re-enters at `at_s` when given.
    #[pyo3(signature = (contact, now_s, *, at_s = None))]
    fn accept_callback<'py>(
        &mut self,
        py: Python<'py>,
        contact: &Bound<'py, PyAny>,
        now_s: f64,
        at_s: Option<f64>,
    ) -> PyResult<Bound<'py, PyList>> {
        let mode = at_s.map_or(CallbackMode::KeepPlace, CallbackMode::At);
        let decisions = self
            .router
            .accept_callback(contact_id(contact)?, now_s, mode)
            .map_err(Error::from)?
            .to_vec();
        self.decisions(py, &decisions)
    }

    fn __repr__(&self) -> String {
        format!(
            "Router(agents={}, queues={}, now_s={})",
            self.router.num_agents(),
            self.router.num_queues(),
            self.router.now()
        )
    }
}

/// Registers the native submodule `callwright._callwright.routing`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let module = crate::new_submodule(parent, "routing")?;
    module.add_class::<PyRouter>()?;
    module.add("PRESENCES", PRESENCES.map(|(name, _)| name).to_vec())?;
    module.add("PREDICTORS", Predictor::ALL.map(Predictor::name).to_vec())?;
    crate::add_submodule(parent, &module)
}
