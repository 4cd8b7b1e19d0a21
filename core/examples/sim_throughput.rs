//! Simulator throughput on one core: contacts simulated per second of wall time for the
//! scenario files in `examples/sim/` (or the files given as arguments).
//!
//! `cargo run --release -p callwright-core --example sim_throughput [scenario.toml ...]`
#![allow(clippy::print_stdout)]

use std::time::Instant;

use callwright_core::sim::{Scenario, Simulation};

const BUILT_IN: [(&str, &str); 2] = [
    ("mm50", include_str!("../../examples/sim/mm50.toml")),
    (
        "mixed_pool",
        include_str!("../../examples/sim/mixed_pool.toml"),
    ),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let scenarios: Vec<(String, String)> = if files.is_empty() {
        BUILT_IN
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect()
    } else {
        files
            .iter()
            .map(|f| Ok((f.clone(), std::fs::read_to_string(f)?)))
            .collect::<std::io::Result<_>>()?
    };
    // One core: every run on the one thread of one pool, kept for all runs (a pool per run
    // would start each run on a fresh thread, with a fresh allocator arena to fault in).
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    for (name, text) in scenarios {
        let scenario = Scenario::from_toml(&text)?;
        let sim = Simulation::new(scenario).seed(1).replications(1);
        pool.install(|| sim.run())?; // warm caches
        let runs = 10;
        let start = Instant::now();
        let mut contacts = 0;
        let mut last = None;
        for seed in 0..runs {
            let r = pool.install(|| sim.clone().seed(seed).run())?;
            contacts += r.contacts_simulated;
            last = Some(r);
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name}: {contacts} contacts in {secs:.3} s = {:.2} million contacts/s",
            contacts as f64 / secs / 1e6
        );
        if let Some(r) = last {
            for t in &r.contact_types {
                println!(
                    "  {}: offered {:.0}, SL {:.3}, abandoned {:.3}, ASA {:.1} s",
                    t.id,
                    t.total.offered.mean.unwrap_or(0.0),
                    t.total.sl_offered.mean.unwrap_or(0.0),
                    t.total.abandon_rate.mean.unwrap_or(0.0),
                    t.total.asa_s.mean.unwrap_or(0.0),
                );
            }
        }
    }
    Ok(())
}
