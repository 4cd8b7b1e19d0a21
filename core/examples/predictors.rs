//! Wait-predictor accuracy in the simulator: bias and RMSE of every predictor, per contact
//! type, in three settings — M/M/20 at 95% load, M/M/20+M at 110% (patience 2 min), and the
//! multi-skill mixed pool of `examples/sim/mixed_pool.toml` (per-type predictions where only
//! some agents serve a type).
//!
//! `cargo run --release -p callwright-core --example predictors`
#![allow(clippy::print_stdout)]

use callwright_core::routing::Predictor;
use callwright_core::sim::{Scenario, Simulation};

fn single(load: f64, patience: &str) -> String {
    format!(
        r#"
        [horizon]
        period_s = 50000
        periods = 1
        warm_up_s = 3600
        [routing]
        profiles = [{{ id = "p", queues = [{{ queue = "q" }}] }}]
        queues = [{{ id = "q" }}]
        [[contact_types]]
        id = "q"
        arrivals = {{ process = "poisson", rates_per_s = {rate} }}
        service = {{ dist = "exponential", mean_s = 180 }}
        {patience}
        [[agent_groups]]
        id = "agents"
        profile = "p"
        headcount = 20
        "#,
        rate = load * 20.0 / 180.0
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let settings = [
        ("M/M/20, 95% load", single(0.95, "")),
        (
            "M/M/20+M, 110% load, patience 120 s",
            single(1.1, r#"patience = { dist = "exponential", mean_s = 120 }"#),
        ),
        (
            "mixed pool (multi-skill, abandonment)",
            include_str!("../../examples/sim/mixed_pool.toml").to_owned(),
        ),
    ];
    for (name, text) in settings {
        let mut scenario = Scenario::from_toml(&text)?;
        scenario.predictors = Predictor::ALL.to_vec();
        let r = Simulation::new(scenario).seed(1).replications(10).run()?;
        println!("\n{name} (10 replications; handle time and patience learned)");
        println!(
            "{:<6} {:<22} {:>9} {:>10} {:>10} {:>12}",
            "type", "predictor", "scored", "bias s", "RMSE s", "mean wait s"
        );
        for p in &r.predictions {
            let m = |e: &callwright_core::sim::Estimate| e.mean.unwrap_or(f64::NAN);
            println!(
                "{:<6} {:<22} {:>9.0} {:>10.2} {:>10.2} {:>12.2}",
                p.contact_type,
                p.predictor.name(),
                m(&p.scored),
                m(&p.bias_s),
                m(&p.rmse_s),
                m(&p.mean_wait_s)
            );
        }
    }
    Ok(())
}
