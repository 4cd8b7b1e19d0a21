//! End-to-end tests of `callwright plan`, `forecast` and `schedule`: the binary run as a user
//! runs it, its outputs checked against each other.
#![allow(
    clippy::float_cmp,
    reason = "counts of agents and zero volumes are exact in JSON"
)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn callwright(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callwright"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the callwright binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("callwright-plan-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn minutes(hhmm: &str) -> i64 {
    let (h, m) = hhmm.split_once(':').expect("HH:MM");
    h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("a number: {v}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

/// Agents on shift and not on break per (date, minute of the interval start), from the
/// shift list alone.
fn coverage_from_shifts(shifts: &[Value], interval_min: i64) -> HashMap<(String, i64), f64> {
    let mut cover = HashMap::new();
    for s in shifts {
        let date = s["date"].as_str().unwrap().to_owned();
        let (start, end) = (
            minutes(s["start"].as_str().unwrap()),
            minutes(s["end"].as_str().unwrap()),
        );
        let breaks: Vec<(i64, i64)> = s["breaks"]
            .as_str()
            .unwrap()
            .split("; ")
            .filter(|b| !b.is_empty())
            .map(|b| {
                let span = b.rsplit(' ').next().unwrap();
                let (from, to) = span.split_once('-').unwrap();
                (minutes(from), minutes(to))
            })
            .collect();
        let mut t = start;
        while t < end {
            if !breaks.iter().any(|&(a, b)| a <= t && t < b) {
                *cover.entry((date.clone(), t)).or_insert(0.0) += 1.0;
            }
            t += interval_min;
        }
    }
    cover
}

#[test]
fn default_plan_is_internally_consistent() {
    let dir = temp_dir("default").join("out");
    let out = callwright(&["plan", "--out", dir.to_str().unwrap(), "--json"]);
    ok(&out);
    let plan: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    for file in [
        "report.html",
        "intervals.csv",
        "days.csv",
        "shifts.csv",
        "plan.json",
    ] {
        assert!(dir.join(file).is_file(), "{file} written");
    }
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("plan.json")).unwrap()).unwrap();
    assert_eq!(written["totals"], plan["totals"]);

    let intervals = plan["intervals"].as_array().unwrap();
    let days = plan["days"].as_array().unwrap();
    let shifts = plan["shifts"].as_array().unwrap();
    assert_eq!(days.len(), 7, "a week");
    assert_eq!(intervals.len(), 7 * 48, "a week of 30-minute intervals");
    assert_eq!(
        days[0]["date"], "2003-10-27",
        "the Monday after the history"
    );
    let csv_rows = std::fs::read_to_string(dir.join("intervals.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(csv_rows, intervals.len() + 1);

    // Forecast quantiles ordered around the mean; nothing forecast when closed.
    for r in intervals {
        let (lo, mean, hi) = (
            f(&r["forecast_low"]),
            f(&r["forecast_mean"]),
            f(&r["forecast_high"]),
        );
        assert!(lo <= hi, "{r}");
        if r["open"].as_bool().unwrap() {
            assert!(lo <= mean + 1.0 && mean <= hi + 1.0, "{r}");
            assert!(mean > 0.0, "{r}");
        } else {
            assert_eq!(mean, 0.0, "{r}");
            assert_eq!(r["to_schedule"], 0, "{r}");
        }
    }
    // Hard coverage: the schedule claims every interval covered; check it, and check the
    // coverage against the shift list itself.
    assert_ne!(plan["totals"]["schedule_status"], "Infeasible");
    let cover = coverage_from_shifts(shifts, 30);
    let target = f(&plan["scenario"]["staffing"]["service_level"]);
    for r in intervals {
        let (required, to_schedule, scheduled) =
            (f(&r["required"]), f(&r["to_schedule"]), f(&r["scheduled"]));
        assert!(to_schedule >= required, "{r}");
        assert!(scheduled >= to_schedule, "{r}");
        assert_eq!(f(&r["shortfall"]), 0.0, "{r}");
        assert!(f(&r["on_phones"]) >= required, "{r}");
        let key = (
            r["date"].as_str().unwrap().to_owned(),
            minutes(r["start"].as_str().unwrap()),
        );
        assert_eq!(cover.get(&key).copied().unwrap_or(0.0), scheduled, "{r}");
        if let Some(sl) = r["erlang_service_level"].as_f64() {
            assert!(sl >= target - 1e-9, "{r}");
        }
    }
    // Totals add up: intervals → days → totals, shifts → cost.
    let hours = 0.5;
    for (d, day) in days.iter().enumerate() {
        let rows = &intervals[d * 48..(d + 1) * 48];
        let sum = |k: &str| rows.iter().map(|r| f(&r[k])).sum::<f64>();
        assert!(close(sum("forecast_mean"), f(&day["forecast_volume"])));
        assert!(close(
            sum("required") * hours,
            f(&day["required_agent_hours"])
        ));
        assert!(close(
            sum("scheduled") * hours,
            f(&day["scheduled_agent_hours"])
        ));
        let day_shifts: Vec<&Value> = shifts.iter().filter(|s| s["date"] == day["date"]).collect();
        assert_eq!(day_shifts.len() as u64, day["shifts"].as_u64().unwrap());
        let cost: f64 = day_shifts.iter().map(|s| f(&s["cost"])).sum();
        assert!(close(cost, f(&day["cost"])));
    }
    let totals = &plan["totals"];
    for key in [
        "forecast_volume",
        "required_agent_hours",
        "scheduled_agent_hours",
        "cost",
    ] {
        let sum: f64 = days.iter().map(|d| f(&d[key])).sum();
        assert!(close(sum, f(&totals[key])), "{key}");
    }
    assert_eq!(totals["shifts"].as_u64().unwrap(), shifts.len() as u64);

    check_simulation(&plan);
}

/// The simulation: arrivals match the forecast within Poisson noise (per day: the mean of 100
/// replications of Poisson counts has sd sqrt(volume / 100)); agents on duty follow the
/// scheduled coverage after shrinkage.
fn check_simulation(plan: &Value) {
    let (days, intervals) = (
        plan["days"].as_array().unwrap(),
        plan["intervals"].as_array().unwrap(),
    );
    assert_eq!(plan["simulated"], true);
    let replications = 100.0;
    for day in days {
        let (volume, offered) = (f(&day["forecast_volume"]), f(&day["sim_offered"]));
        let sd = (volume / replications).sqrt().max(0.1);
        assert!((offered - volume).abs() <= 4.0 * sd, "{day}");
        if volume > 0.0 {
            for key in ["sim_service_level", "sim_abandon", "sim_occupancy"] {
                assert!((0.0..=1.0).contains(&f(&day[key])), "{key}: {day}");
            }
            assert!(f(&day["sim_asa_s"]) >= 0.0);
        }
    }
    let (mut agents, mut coverage) = (0.0, 0.0);
    for r in intervals {
        // Agents finishing a contact past their shift end count beyond it, so only the
        // week's total is compared.
        agents += f(&r["sim_agents"]);
        coverage += f(&r["scheduled"]);
        if r["open"].as_bool().unwrap() {
            let (lo, sl, hi) = (
                f(&r["sim_service_level_low"]),
                f(&r["sim_service_level"]),
                f(&r["sim_service_level_high"]),
            );
            assert!(lo <= sl && sl <= hi, "{r}");
        }
    }
    let keep = 1.0 - f(&plan["scenario"]["staffing"]["shrinkage"]);
    // Whole shifts are left out for shrinkage; time spent finishing contacts past a shift
    // end or break start adds a little (about 250 s per such event at this occupancy).
    let ratio = agents / coverage;
    assert!(
        ratio > keep - 0.002 && ratio < keep + 0.025,
        "simulated agent time {agents} vs coverage {coverage} after shrinkage"
    );
}

#[test]
fn summary_goes_to_stdout_and_nothing_else() {
    let out = callwright(&["plan"]);
    ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Mon 2003-10-27"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("total")), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no escape codes in data: {text:?}"
    );
    // Progress is drawn only on a terminal: the captured stderr stays empty.
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn stages_chain_through_csv_files() {
    let dir = temp_dir("chain");
    let forecast = callwright(&["forecast"]);
    ok(&forecast);
    let forecast_csv = dir.join("forecast.csv");
    std::fs::write(&forecast_csv, &forecast.stdout).unwrap();
    let header = String::from_utf8_lossy(&forecast.stdout)
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(header, "date,start,volume,low,high");

    let staff = callwright(&[
        "staff",
        forecast_csv.to_str().unwrap(),
        "--csv",
        "--shrinkage",
        "0.3",
    ]);
    ok(&staff);
    let staff_csv = dir.join("staff.csv");
    std::fs::write(&staff_csv, &staff.stdout).unwrap();

    let schedule = callwright(&["schedule", staff_csv.to_str().unwrap(), "--json"]);
    ok(&schedule);
    let result: Value = serde_json::from_slice(&schedule.stdout).unwrap();
    let coverage = result["coverage"].as_array().unwrap();
    assert_eq!(coverage.len(), 5 * 48, "Monday to Friday");
    assert!(
        coverage
            .iter()
            .all(|c| f(&c["staffed"]) >= f(&c["required"]))
    );
    let staffed_rows = String::from_utf8_lossy(&staff.stdout).lines().count() - 1;
    assert_eq!(staffed_rows, 5 * 28, "open intervals of five weekdays");

    let shifts = callwright(&["schedule", staff_csv.to_str().unwrap()]);
    ok(&shifts);
    let shifts_csv = dir.join("shifts.csv");
    std::fs::write(&shifts_csv, &shifts.stdout).unwrap();
    let simulated = callwright(&[
        "simulate",
        shifts_csv.to_str().unwrap(),
        "--forecast",
        forecast_csv.to_str().unwrap(),
        "--replications",
        "5",
    ]);
    ok(&simulated);
    let text = String::from_utf8_lossy(&simulated.stdout);
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("date,start,offered,service_level")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 5 * 28);
    let offered: f64 = rows.iter().map(|r| r[2].parse::<f64>().unwrap()).sum();
    let forecast: f64 = String::from_utf8_lossy(&forecast.stdout)
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap().parse::<f64>().unwrap())
        .sum();
    // Five replications of Poisson counts: sd of the mean is sqrt(forecast / 5).
    assert!((offered - forecast).abs() < 4.0 * (forecast / 5.0).sqrt());
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn failures_give_one_line_and_a_hint_and_write_nothing() {
    let dir = temp_dir("errors");
    let bad_toml = write(
        &dir,
        "typo.toml",
        "[staffing]\naht_s = 240\nshrinkgae = 0.3\n",
    );
    let bad_value = write(&dir, "value.toml", "[staffing]\nservice_level = 1.2\n");
    let missing_history = write(&dir, "nohist.toml", "[history]\nfile = \"nope.csv\"\n");
    write(
        &dir,
        "bad.csv",
        "date,start,calls\n2003-03-03,07:00,12\n2003-03-03,07:30,many\n",
    );
    let bad_history = write(&dir, "badhist.toml", "[history]\nfile = \"bad.csv\"\n");
    let infeasible = write(
        &dir,
        "infeasible.toml",
        "[[schedule.templates]]\nname = \"few\"\nmax_per_day = 3\n",
    );
    let unservable = write(
        &dir,
        "unservable.toml",
        "[[schedule.templates]]\nname = \"mondays\"\nweekdays = [\"mon\"]\n",
    );
    let unservable_routing = write(
        &dir,
        "routing.toml",
        "[simulation.routing]\nskills = [\"billing\"]\n\
         profiles = [{ id = \"p\", queues = [{ queue = \"billing\" }] }]\n\
         [[simulation.routing.queues]]\nid = \"billing\"\n\
         stages = [{ requirement = \"billing >= 50\" }]\n\
         [[simulation.contact_types]]\nid = \"billing\"\nshare = 1.0\n\
         service = { dist = \"exponential\", mean_s = 300 }\n\
         [[simulation.agent_groups]]\nid = \"juniors\"\nshare = 1.0\nprofile = \"p\"\n\
         skills = { billing = 20 }\n",
    );
    let bad_shares = write(
        &dir,
        "shares.toml",
        "[simulation]\nreplications = 10\n[simulation.routing]\n\
         [[simulation.contact_types]]\nid = \"a\"\nshare = 0.5\n\
         service = { dist = \"exponential\", mean_s = 300 }\n\
         [[simulation.agent_groups]]\nid = \"g\"\nshare = 1.0\nprofile = \"p\"\n",
    );
    let cases: [(&Path, &str); 9] = [
        (
            Path::new("/no/such/scenario.toml"),
            "cannot read /no/such/scenario.toml",
        ),
        (&bad_toml, "line 3: unknown field `shrinkgae`"),
        (&bad_value, "line 2: staffing.service_level"),
        (&missing_history, "nope.csv"),
        (&bad_history, "line 3: calls \"many\""),
        (&infeasible, "no schedule meets the requirement"),
        (&unservable, "2003-10-28 07:00 needs"),
        (
            &unservable_routing,
            "no agent can serve contact type `billing`",
        ),
        (
            &bad_shares,
            "line 4: simulation.contact_types: the shares must add up to 1",
        ),
    ];
    for (scenario, expected) in cases {
        let out_dir = dir.join("out");
        let out = callwright(&[
            "plan",
            scenario.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{scenario:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{scenario:?} wrote to stdout");
        assert!(stderr.contains(expected), "{scenario:?}: {stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{scenario:?}: {stderr}");
        assert!(lines[0].starts_with("error: "), "{stderr}");
        assert!(lines[1].starts_with("hint: "), "{stderr}");
        assert!(!out_dir.exists(), "{scenario:?} left an output directory");
        let leftovers = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .count();
        assert_eq!(leftovers, 0, "temporary files left behind");
    }
}

#[test]
fn existing_output_directory_keeps_other_files() {
    let dir = temp_dir("existing");
    write(&dir, "notes.txt", "mine");
    let out = callwright(&["plan", "--out", dir.to_str().unwrap()]);
    ok(&out);
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(dir.join("report.html").is_file());
}

#[test]
fn without_simulation_the_report_says_so() {
    let dir = temp_dir("nosim");
    let scenario = write(&dir, "nosim.toml", "[simulation]\nreplications = 0\n");
    let out_dir = dir.join("out");
    let out = callwright(&[
        "plan",
        scenario.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--json",
    ]);
    ok(&out);
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["simulated"], false);
    assert!(
        plan["intervals"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["sim_service_level"].is_null() && r["sim_offered"].is_null())
    );
    let html = std::fs::read_to_string(out_dir.join("report.html")).unwrap();
    assert!(html.contains("Not simulated"));
    assert!(html.contains("Erlang prediction (not simulated)"));
}
