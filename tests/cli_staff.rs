//! End-to-end tests of `callwright staff`: the binary run as a user runs it.

use std::process::{Command, Output};

fn callwright(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callwright"))
        .args(args)
        .output()
        .expect("the callwright binary runs")
}

fn temp_csv(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("callwright-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp csv");
    path
}

#[test]
fn published_example_from_a_csv() {
    // 100 calls per 30 min, AHT 180 s, 80/20 → 14 agents, SL ≈ 0.888, ASA ≈ 7.84 s (a textbook
    // Erlang C example); with 30 % shrinkage 14 / 0.7 = 20 scheduled.
    let path = temp_csv("one.csv", "start,volume\n09:00,100\n09:30,0\n");
    let out = callwright(&[
        "staff",
        path.to_str().unwrap(),
        "--aht-s",
        "180",
        "--shrinkage",
        "0.3",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let first = &rows[0];
    assert_eq!(first["start"], "09:00");
    assert_eq!(first["required"], 14);
    assert_eq!(first["scheduled"], 20);
    assert!((first["service_level"].as_f64().unwrap() - 0.888).abs() < 1e-3);
    assert!((first["asa_s"].as_f64().unwrap() - 7.84).abs() < 1e-2);
    assert!((first["offered_load"].as_f64().unwrap() - 10.0).abs() < 1e-12);
    // An empty interval needs nobody and has no service measures.
    assert_eq!(rows[1]["required"], 0);
    assert!(rows[1]["service_level"].is_null());
}

#[test]
fn built_in_day_meets_the_target_in_every_interval() {
    let out = callwright(&["staff", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let rows = rows.as_array().expect("an array of intervals");
    assert_eq!(rows.len(), 28, "07:00 to 21:00 in 30-minute intervals");
    for r in rows {
        let sl = r["service_level"].as_f64().expect("staffed interval");
        assert!((0.8..1.0).contains(&sl), "{r}");
        assert!(r["required"].as_u64().unwrap() as f64 > r["offered_load"].as_f64().unwrap());
    }
}

#[test]
fn per_interval_aht_column_and_erlang_a() {
    let path = temp_csv("aht.csv", "volume,aht_s\n100,180\n100,360\n");
    let out = callwright(&[
        "staff",
        path.to_str().unwrap(),
        "--patience-s",
        "120",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert!((rows[1]["offered_load"].as_f64().unwrap() - 20.0).abs() < 1e-12);
    assert!(rows[1]["required"].as_u64() > rows[0]["required"].as_u64());
    assert!(rows[0]["prob_abandon"].as_f64().unwrap() > 0.0);
}

#[test]
fn bad_inputs_fail_with_a_hint_and_no_output() {
    let not_a_number = temp_csv("nan.csv", "volume\n10\nlots\n");
    let negative = temp_csv("neg.csv", "volume\n-5\n");
    let no_column = temp_csv("nocol.csv", "when,count\n1,2\n");
    let cases: [(Vec<&str>, &str); 5] = [
        (
            vec!["staff", "/no/such/file.csv"],
            "cannot read /no/such/file.csv",
        ),
        (
            vec!["staff", not_a_number.to_str().unwrap()],
            "line 3: volume \"lots\"",
        ),
        (vec!["staff", negative.to_str().unwrap()], "-5"),
        (
            vec!["staff", no_column.to_str().unwrap()],
            "no `volume` or `calls` column",
        ),
        (vec!["staff", "--shrinkage", "1.5"], "1.5"),
    ];
    for (args, expected) in cases {
        let out = callwright(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(stderr.contains("\nhint: "), "{args:?}: {stderr}");
    }
}
