//! `callwright staff`: required agents per interval from a volume curve.

use std::io::Write;
use std::path::PathBuf;

use callwright::erlang::{
    Aht, Model, ServiceLevelDefinition, Targets, performance, required_agents_per_interval,
    scheduled_agents_ceil,
};
use clap::Args;
use serde::Serialize;

use super::CliError;

/// The built-in series: 30-minute call counts of a US bank (see `data/SOURCE.md`).
const BUILT_IN: &str = include_str!("../../data/us_bank_calls_30min.csv");

/// Options of `callwright staff`.
#[derive(Args, Debug)]
pub struct StaffArgs {
    /// CSV of volumes with a header: a `volume` (or `calls`) column, optionally a `start` label
    /// column and an `aht_s` column. Without it: the last day of the built-in US bank series.
    volumes: Option<PathBuf>,
    /// Average handle time in seconds (used where the CSV has no `aht_s` column).
    #[arg(long, default_value_t = 300.0)]
    aht_s: f64,
    /// Interval length in seconds.
    #[arg(long, default_value_t = 1800.0)]
    interval_s: f64,
    /// Service-level target: fraction answered within --answer-within-s (0 to disable).
    #[arg(long, default_value_t = 0.8)]
    service_level: f64,
    /// Answer time of the service-level target, seconds.
    #[arg(long, default_value_t = 20.0)]
    answer_within_s: f64,
    /// Maximum average speed of answer, seconds.
    #[arg(long)]
    max_asa_s: Option<f64>,
    /// Maximum occupancy in (0, 1].
    #[arg(long)]
    max_occupancy: Option<f64>,
    /// Maximum probability of abandonment (needs --patience-s).
    #[arg(long)]
    max_abandon: Option<f64>,
    /// Mean caller patience in seconds: staff with Erlang A instead of Erlang C.
    #[arg(long)]
    patience_s: Option<f64>,
    /// Shrinkage in [0, 1): scheduled = required / (1 − shrinkage), rounded up.
    #[arg(long, default_value_t = 0.0)]
    shrinkage: f64,
    /// Print JSON records instead of a table.
    #[arg(long)]
    json: bool,
    /// Print CSV instead of a table (`callwright schedule` reads it).
    #[arg(long, conflicts_with = "json")]
    csv: bool,
}

/// One interval of the answer.
#[derive(Debug, Serialize)]
struct Row {
    start: String,
    volume: f64,
    aht_s: f64,
    offered_load: f64,
    required: u32,
    scheduled: u32,
    service_level: Option<f64>,
    asa_s: Option<f64>,
    occupancy: Option<f64>,
    prob_abandon: Option<f64>,
}

/// The input volumes, with a label per interval and an optional AHT per interval.
struct Curve {
    labels: Vec<String>,
    volumes: Vec<f64>,
    aht_s: Option<Vec<f64>>,
}

/// Runs `callwright staff`.
pub fn run(args: &StaffArgs) -> Result<(), CliError> {
    let input = match &args.volumes {
        Some(path) => read_csv(path)?,
        None => built_in_last_day()?,
    };
    let model = match args.patience_s {
        Some(patience_s) => Model::ErlangA { patience_s },
        None => Model::ErlangC,
    };
    let mut targets = Targets::none();
    if args.service_level > 0.0 {
        targets = targets.with_service_level(args.service_level, args.answer_within_s);
    }
    targets.max_asa_s = args.max_asa_s;
    targets.max_occupancy = args.max_occupancy;
    targets.max_abandon = args.max_abandon;
    let aht = match &input.aht_s {
        Some(values) => Aht::PerInterval(values),
        None => Aht::Constant(args.aht_s),
    };
    let required =
        required_agents_per_interval(model, &input.volumes, aht, args.interval_s, &targets)
            .map_err(|e| {
                CliError::new(
                    e.to_string(),
                    "check the volumes, --aht-s, --interval-s and the targets",
                )
            })?;
    let rows = rows(args, model, &input, &required)?;
    let out = if args.json {
        serde_json::to_string_pretty(&rows).map_err(|e| CliError::new(e.to_string(), "a bug"))?
    } else if args.csv {
        let mut w = csv::Writer::from_writer(Vec::new());
        for r in &rows {
            w.serialize(r)
                .map_err(|e| CliError::new(e.to_string(), "a bug"))?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| CliError::new(e.to_string(), "a bug"))?;
        String::from_utf8_lossy(&bytes).trim_end().to_owned()
    } else {
        table(&rows, args.interval_s)
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{out}")
        .map_err(|e| CliError::new(format!("cannot write output: {e}"), "check stdout"))
}

fn rows(
    args: &StaffArgs,
    model: Model,
    input: &Curve,
    required: &[u32],
) -> Result<Vec<Row>, CliError> {
    let mut rows = Vec::with_capacity(required.len());
    for (i, (&volume, &n)) in input.volumes.iter().zip(required).enumerate() {
        let aht_s = input.aht_s.as_ref().map_or(args.aht_s, |a| a[i]);
        let offered_load = volume * aht_s / args.interval_s;
        let scheduled = scheduled_agents_ceil(n, args.shrinkage).map_err(|e| {
            CliError::new(
                e.to_string(),
                "--shrinkage is a fraction in [0, 1), e.g. 0.3",
            )
        })?;
        let measures = if n == 0 {
            None
        } else {
            Some(
                performance(
                    model,
                    f64::from(n),
                    offered_load,
                    aht_s,
                    args.answer_within_s,
                    ServiceLevelDefinition::OfOffered,
                )
                .map_err(|e| CliError::new(e.to_string(), "check the targets"))?,
            )
        };
        rows.push(Row {
            start: input.labels[i].clone(),
            volume,
            aht_s,
            offered_load,
            required: n,
            scheduled,
            service_level: measures.map(|m| m.service_level),
            asa_s: measures.map(|m| m.asa_s),
            occupancy: measures.map(|m| m.occupancy),
            prob_abandon: measures.map(|m| m.prob_abandon),
        });
    }
    Ok(rows)
}

fn table(rows: &[Row], interval_s: f64) -> String {
    use std::fmt::Write as _;
    let fmt = |v: Option<f64>, scale: f64, digits: usize| {
        v.map_or_else(|| "-".to_owned(), |x| format!("{:.digits$}", x * scale))
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<17} {:>8} {:>9} {:>8} {:>9} {:>7} {:>8} {:>6} {:>8}",
        "start", "volume", "load_erl", "required", "scheduled", "sl_%", "asa_s", "occ_%", "aband_%"
    );
    for r in rows {
        let _ = writeln!(
            s,
            "{:<17} {:>8.1} {:>9.2} {:>8} {:>9} {:>7} {:>8} {:>6} {:>8}",
            r.start,
            r.volume,
            r.offered_load,
            r.required,
            r.scheduled,
            fmt(r.service_level, 100.0, 1),
            fmt(r.asa_s, 1.0, 1),
            fmt(r.occupancy, 100.0, 1),
            fmt(r.prob_abandon, 100.0, 2),
        );
    }
    let hours = interval_s / 3600.0;
    let volume: f64 = rows.iter().map(|r| r.volume).sum();
    let required: f64 = rows.iter().map(|r| f64::from(r.required) * hours).sum();
    let scheduled: f64 = rows.iter().map(|r| f64::from(r.scheduled) * hours).sum();
    let _ = write!(
        s,
        "total volume {volume:.0}, required {required:.1} agent-hours, scheduled {scheduled:.1} \
         agent-hours"
    );
    s
}

fn built_in_last_day() -> Result<Curve, CliError> {
    let all = parse_csv(BUILT_IN.as_bytes(), "built-in data")?;
    let last_date = all
        .labels
        .last()
        .and_then(|l| l.split(' ').next())
        .unwrap_or_default()
        .to_owned();
    let keep: Vec<usize> = (0..all.labels.len())
        .filter(|&i| all.labels[i].starts_with(&last_date))
        .collect();
    Ok(Curve {
        labels: keep.iter().map(|&i| all.labels[i].clone()).collect(),
        volumes: keep.iter().map(|&i| all.volumes[i]).collect(),
        aht_s: None,
    })
}

fn read_csv(path: &PathBuf) -> Result<Curve, CliError> {
    let bytes = std::fs::read(path).map_err(|e| {
        CliError::new(
            format!("cannot read {}: {e}", path.display()),
            "pass the path of a CSV file with a header and a `volume` column",
        )
    })?;
    parse_csv(&bytes, &path.display().to_string())
}

/// Reads `volume`/`calls`, and optionally `date`, `start` and `aht_s` columns.
fn parse_csv(bytes: &[u8], source: &str) -> Result<Curve, CliError> {
    let mut reader = csv::Reader::from_reader(bytes);
    let bad = |what: String| {
        CliError::new(
            format!("{source}: {what}"),
            "the CSV needs a header row and a numeric `volume` (or `calls`) column; \
             optional columns: `date`, `start`, `aht_s`",
        )
    };
    let headers = reader
        .headers()
        .map_err(|e| bad(format!("cannot read the header: {e}")))?
        .clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let volume_col = column(&["volume", "calls"])
        .ok_or_else(|| bad("no `volume` or `calls` column".to_owned()))?;
    let (date_col, start_col, aht_col) =
        (column(&["date"]), column(&["start"]), column(&["aht_s"]));
    let mut out = Curve {
        labels: Vec::new(),
        volumes: Vec::new(),
        aht_s: aht_col.map(|_| Vec::new()),
    };
    for (row, record) in reader.records().enumerate() {
        let line = row + 2;
        let record = record.map_err(|e| bad(format!("line {line}: {e}")))?;
        let number = |col: usize, name: &str| {
            let text = record.get(col).unwrap_or("").trim();
            text.parse::<f64>()
                .map_err(|_| bad(format!("line {line}: {name} {text:?} is not a number")))
        };
        out.volumes.push(number(volume_col, "volume")?);
        if let (Some(col), Some(ahts)) = (aht_col, out.aht_s.as_mut()) {
            ahts.push(number(col, "aht_s")?);
        }
        let label: Vec<&str> = [date_col, start_col]
            .into_iter()
            .flatten()
            .filter_map(|c| record.get(c))
            .collect();
        out.labels.push(if label.is_empty() {
            format!("#{}", row + 1)
        } else {
            label.join(" ")
        });
    }
    if out.volumes.is_empty() {
        return Err(bad("no data rows".to_owned()));
    }
    Ok(out)
}
