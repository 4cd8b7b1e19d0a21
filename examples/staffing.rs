//! Staffing a day: required agents per 30-minute interval under Erlang C and Erlang A, with
//! shrinkage, and the service the staffed day gives.
//!
//! Run with `cargo run --example staffing`.
#![allow(clippy::print_stdout)]

use callwright::erlang::{
    Aht, Model, ServiceLevelDefinition, Targets, performance, required_agents_per_interval,
    scheduled_agents_ceil,
};

fn main() -> Result<(), callwright::erlang::Error> {
    // Calls offered per 30 minutes, 08:00 to 18:00 (an ordinary weekday curve).
    let volumes = [
        120.0, 210.0, 330.0, 420.0, 460.0, 470.0, 440.0, 400.0, 390.0, 420.0, 450.0, 430.0, 400.0,
        370.0, 330.0, 300.0, 260.0, 220.0, 170.0, 120.0,
    ];
    let (aht_s, interval_s, shrinkage) = (300.0, 1800.0, 0.3);
    let targets = Targets::default().with_max_occupancy(0.9); // 80/20 and occupancy ≤ 90 %
    let erlang_c = required_agents_per_interval(
        Model::ErlangC,
        &volumes,
        Aht::Constant(aht_s),
        interval_s,
        &targets,
    )?;
    let patient = Model::ErlangA { patience_s: 180.0 };
    let erlang_a = required_agents_per_interval(
        patient,
        &volumes,
        Aht::Constant(aht_s),
        interval_s,
        &targets,
    )?;

    println!("start  volume  erlang_c  erlang_a  scheduled  sl_c   abandon_a");
    for (i, &volume) in volumes.iter().enumerate() {
        let load = volume * aht_s / interval_s;
        let c = performance(
            Model::ErlangC,
            f64::from(erlang_c[i]),
            load,
            aht_s,
            20.0,
            ServiceLevelDefinition::OfOffered,
        )?;
        let a = performance(
            patient,
            f64::from(erlang_a[i]),
            load,
            aht_s,
            20.0,
            ServiceLevelDefinition::OfOffered,
        )?;
        println!(
            "{:02}:{:02}  {volume:>6.0}  {:>8}  {:>8}  {:>9}  {:.3}  {:.4}",
            8 + i / 2,
            (i % 2) * 30,
            erlang_c[i],
            erlang_a[i],
            scheduled_agents_ceil(erlang_c[i], shrinkage)?,
            c.service_level,
            a.prob_abandon,
        );
    }
    Ok(())
}
