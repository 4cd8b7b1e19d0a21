//! Loading the shared real data (or the committed sample) into typed series. CSV parsing lives
//! here, at the edge, not in the library.

#![allow(
    dead_code,
    reason = "each test binary uses a different subset of the loaders"
)]

use std::path::PathBuf;

use callwright_forecast::{Calendar, DayHours, OperatingHours, Resolution, Series};
use chrono::{NaiveDate, NaiveDateTime};

/// Where a series came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The full files in `../shared/data`.
    Shared,
    /// The committed sample in `forecast/tests/data`.
    Sample,
}

// Paths are relative to the crate's directory, where cargo runs its tests: not baked in at
// build time, since a build cache shared between checkouts may hold a binary built in another.

fn shared_dir() -> PathBuf {
    PathBuf::from("../../shared/data")
}

fn sample_dir() -> PathBuf {
    PathBuf::from("tests/data")
}

/// Reads `shared/data/<shared>` or, when the shared folder is absent, `tests/data/<sample>`,
/// saying which on stderr.
fn read(shared: &str, sample: &str) -> (String, Origin) {
    let dir = shared_dir();
    if dir.is_dir() {
        let path = dir.join(shared);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        (text, Origin::Shared)
    } else {
        eprintln!(
            "note: {} is absent; using the committed sample tests/data/{sample}",
            dir.display()
        );
        let path = sample_dir().join(sample);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        (text, Origin::Sample)
    }
}

/// US bank call centre, 5-minute counts. `DateTime` is local clock time written with a `Z`.
pub fn bank_5min() -> (Series, Origin) {
    let (text, origin) = read("us_bank_calls/bank_calls.csv", "bank_calls_sample.csv");
    let mut s = Series::new(Resolution::new(5).expect("5 divides a day"));
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let mut cols = line.split(',');
        let _row = cols.next();
        let stamp = cols.next().expect("DateTime column");
        let calls: f64 = cols
            .next()
            .expect("Calls column")
            .trim()
            .parse()
            .expect("Calls is a number");
        let t = NaiveDateTime::parse_from_str(stamp.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S")
            .expect("timestamp");
        s.add_at(t, calls).expect("valid count");
    }
    (s, origin)
}

/// US bank call centre at 30 minutes (clock-aligned bins; the lone 21:00-21:05 slot is its own
/// bin).
pub fn bank_30min() -> (Series, Origin) {
    let (s, o) = bank_5min();
    (
        s.aggregate(Resolution::new(30).expect("30 divides a day"))
            .expect("30 is a multiple of 5"),
        o,
    )
}

/// The bank's calendar: weekdays 07:00-21:05 and the usual US holidays.
pub fn bank_calendar() -> Calendar {
    let hours = OperatingHours::weekdays(DayHours {
        open_min: 7 * 60,
        close_min: 21 * 60 + 5,
    })
    .expect("valid hours");
    Calendar::with_hours(hours).with_us_holidays(2003..=2003)
}

/// NYC EMS hourly incidents, one column (`num_calls` for the city, or a borough).
pub fn nyc_hourly(column: &str) -> (Series, Origin) {
    let (text, origin) = read(
        "nyc_ems_hourly/hourlycalls_through2019.csv",
        "nyc_ems_hourly_sample.csv",
    );
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let idx = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (y, m, d, h, c) = (
        idx("year"),
        idx("month"),
        idx("day"),
        idx("hour"),
        idx(column),
    );
    let mut s = Series::new(Resolution::new(60).expect("60 divides a day"));
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split(',').collect();
        let num = |i: usize| -> u32 { cols[i].trim().parse().expect("integer field") };
        let year: i32 = cols[y].trim().parse().expect("year");
        let date = NaiveDate::from_ymd_opt(year, num(m), num(d)).expect("date");
        let value: f64 = cols[c].trim().parse().expect("count");
        let hour: usize = cols[h].trim().parse().expect("hour");
        s.set(date, hour, value).expect("valid count");
    }
    (s, origin)
}

/// NYC calendar: open 24/7, US holidays 2010-2019.
pub fn nyc_calendar() -> Calendar {
    Calendar::default().with_us_holidays(2010..=2019)
}
