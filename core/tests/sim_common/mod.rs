//! Scenario builders shared by the simulator tests.

use callwright_core::sim::Scenario;

/// One queue served by `agents` identical agents: Poisson arrivals at `rate_per_s`,
/// exponential service with mean `aht_s`, exponential patience with mean `patience_s` (none if
/// `None`), one period of `length_s` after `warm_up_s`.
pub fn single_queue(
    agents: u32,
    rate_per_s: f64,
    aht_s: f64,
    patience_s: Option<f64>,
    length_s: f64,
    warm_up_s: f64,
) -> Scenario {
    let patience = patience_s
        .map(|p| format!("patience = {{ dist = \"exponential\", mean_s = {p:?} }}"))
        .unwrap_or_default();
    Scenario::from_toml(&format!(
        r#"
        sl_threshold_s = 20
        [horizon]
        period_s = {length_s:?}
        periods = 1
        warm_up_s = {warm_up_s:?}
        [routing]
        profiles = [{{ id = "p", queues = [{{ queue = "q" }}] }}]
        queues = [{{ id = "q" }}]
        [[contact_types]]
        id = "q"
        arrivals = {{ process = "poisson", rates_per_s = {rate_per_s:?} }}
        service = {{ dist = "exponential", mean_s = {aht_s:?} }}
        {patience}
        [[agent_groups]]
        id = "agents"
        profile = "p"
        headcount = {agents}
        "#
    ))
    .expect("the test scenario parses")
}
