//! The example scenarios of `examples/scenarios/` parse, run through every stage (with few
//! replications), and every key they and the built-in scenario use is documented.

use std::collections::BTreeSet;
use std::path::PathBuf;

use callwright::plan::{Plan, Scenario};
use serde_json::Value;

fn examples() -> Vec<PathBuf> {
    let dir = PathBuf::from("examples/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/scenarios exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn examples_run_end_to_end() {
    let files = examples();
    assert_eq!(files.len(), 3, "{files:?}");
    for path in files {
        let mut scenario = Scenario::from_file(&path).expect("the example parses");
        assert_eq!(scenario.simulation.replications, 100, "{path:?}");
        scenario.simulation.replications = 8;
        let plan = Plan::run(&scenario, &mut |_| {}).expect("the example plans");
        let results = plan.simulation.as_ref().expect("simulated");
        let volume: f64 = plan.forecast.mean.iter().sum();
        // Each contact type receives its share of the forecast, within Poisson noise of the
        // mean of 8 replications.
        for t in &scenario.simulation.contact_types {
            let offered = results
                .contact_type(&t.id)
                .and_then(|r| r.total.offered.mean)
                .expect("offered");
            let expected = t.share * volume;
            let sd = (expected / 8.0).sqrt();
            assert!(
                (offered - expected).abs() < 4.0 * sd,
                "{path:?} {}: {offered} vs {expected}",
                t.id
            );
        }
        for g in &scenario.simulation.agent_groups {
            let handled = results
                .agent_group(&g.id)
                .and_then(|r| r.total.handled.mean)
                .expect("handled");
            assert!(handled > 0.0, "{path:?}: group {} handled nothing", g.id);
        }
        let sl = results
            .overall
            .total
            .sl_offered
            .mean
            .expect("service level");
        assert!((0.5..=1.0).contains(&sl), "{path:?}: {sl}");
    }
}

fn keys(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn every_scenario_key_is_documented() {
    let readme = std::fs::read_to_string("examples/scenarios/README.md").unwrap();
    let mut all = BTreeSet::new();
    keys(
        &serde_json::to_value(Scenario::built_in().unwrap()).unwrap(),
        &mut all,
    );
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let value: toml::Value = toml::from_str(&text).unwrap();
        keys(&serde_json::to_value(value).unwrap(), &mut all);
    }
    // Keys inside the routing configuration and distributions belong to callwright-core's
    // documentation; the README points there.
    let core_keys = [
        "skills",
        "profiles",
        "queues",
        "queue",
        "priority",
        "id",
        "stages",
        "duration_s",
        "requirement",
        "strategy",
        "channel",
        "wait_weight",
        "dist",
        "mean_s",
        "sd_s",
        "value_s",
        "billing",
        "tech",
        "generalists",
        "chat",
        "delay_s",
        "gold",
    ];
    let missing: Vec<&String> = all
        .iter()
        .filter(|k| !core_keys.contains(&k.as_str()))
        .filter(|k| {
            // A key, or a section header: `[history]`, `[[schedule.templates]]`.
            ![format!("`{k}`"), format!("[{k}]"), format!(".{k}]")]
                .iter()
                .any(|form| readme.contains(form.as_str()))
        })
        .collect();
    assert!(missing.is_empty(), "undocumented keys: {missing:?}");
}
