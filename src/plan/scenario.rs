//! Scenario files: what to plan, in TOML, with errors that name the key and the line.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::error::{PlanError, Result};
use super::simulate::SimulationConfig;

/// The built-in scenario's source text (documented field by field in
/// `examples/scenarios/README.md`).
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("default_scenario.toml");

/// A whole planning scenario: history, forecast, staffing and schedule settings.
///
/// Every section and key is optional; what is left out takes the value of the built-in
/// scenario ([`Scenario::default`]), which plans the week after the embedded US bank series.
///
/// # Examples
///
/// ```
/// use callwright::plan::Scenario;
///
/// let s = Scenario::from_toml("[staffing]\nshrinkage = 0.25\n", "example.toml")?;
/// assert_eq!(s.staffing.shrinkage, 0.25);
/// assert_eq!(s.forecast.days, 7);
///
/// let err = Scenario::from_toml("[staffing]\nshrinkage = 1.5\n", "bad.toml").unwrap_err();
/// assert!(err.to_string().starts_with("bad.toml line 2: staffing.shrinkage"));
/// # Ok::<(), callwright::plan::PlanError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// A name for the report.
    pub name: String,
    /// Where the arrival history comes from.
    pub history: HistoryConfig,
    /// What to forecast.
    pub forecast: ForecastConfig,
    /// How to turn volumes into agents.
    pub staffing: StaffingConfig,
    /// How to turn agents into shifts.
    pub schedule: ScheduleConfig,
    /// How to simulate the scheduled roster.
    pub simulation: SimulationConfig,
}

/// `[history]`: the arrival counts the forecast learns from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistoryConfig {
    /// CSV with `date`, `start` and `calls` (or `volume`) columns; relative paths are relative
    /// to the scenario file. `None`: the embedded US bank series.
    pub file: Option<PathBuf>,
    /// Interval length of the history and of the plan, minutes: 15, 30 or 60.
    pub interval_min: u32,
}

/// `[forecast]`: the dates to plan and the operating hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ForecastConfig {
    /// First planned day, `YYYY-MM-DD`; `None`: the first Monday after the history.
    pub start: Option<String>,
    /// Number of planned days.
    pub days: u32,
    /// Opening time, `HH:MM`.
    pub open: String,
    /// Closing time, `HH:MM` (after `open`; `24:00` for midnight).
    pub close: String,
    /// Open days: `mon` … `sun`.
    pub weekdays: Vec<String>,
    /// Lower and upper quantiles of the forecast band shown in the report.
    pub band: [f64; 2],
    /// Staff to this quantile of the volume instead of its mean (e.g. 0.7 for a cushion).
    pub staff_quantile: Option<f64>,
    /// Declare US holidays as special days (learned from past occurrences).
    pub us_holidays: bool,
}

/// The queueing model of `[staffing]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelName {
    /// Erlang C: callers never hang up.
    ErlangC,
    /// Erlang A: callers hang up after an exponential patience with mean `patience_s`.
    ErlangA,
}

/// `[staffing]`: handle time, targets and shrinkage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StaffingConfig {
    /// Erlang C or Erlang A.
    pub model: ModelName,
    /// Mean caller patience, seconds (required by Erlang A).
    pub patience_s: Option<f64>,
    /// Average handle time, seconds.
    pub aht_s: f64,
    /// Fraction to answer within `answer_within_s`; 0 disables the target.
    pub service_level: f64,
    /// Answer time of the service-level target, seconds.
    pub answer_within_s: f64,
    /// Maximum average speed of answer, seconds.
    pub max_asa_s: Option<f64>,
    /// Maximum occupancy, in (0, 1].
    pub max_occupancy: Option<f64>,
    /// Maximum probability of abandonment (Erlang A).
    pub max_abandon: Option<f64>,
    /// Shrinkage in [0, 1): the share of paid time not available for contacts.
    pub shrinkage: f64,
}

/// Hard or soft coverage of `[schedule]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageName {
    /// Every interval covered; infeasible when the limits cannot.
    Hard,
    /// Shortfalls allowed at `under_penalty` per agent-interval.
    Soft,
}

/// `[schedule]`: shift templates and solver settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleConfig {
    /// Hard or soft coverage.
    pub coverage: CoverageName,
    /// Soft coverage: cost of one agent missing for one interval.
    pub under_penalty: f64,
    /// Soft coverage: cost of one agent too many for one interval.
    pub over_penalty: f64,
    /// Wall-clock limit of the solver, seconds.
    pub time_limit_s: f64,
    /// Relative optimality gap at which the solver stops.
    pub mip_rel_gap: f64,
    /// The shift templates (`[[schedule.templates]]`).
    pub templates: Vec<TemplateConfig>,
}

/// `[[schedule.templates]]`: a family of allowed shifts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TemplateConfig {
    /// Name shown with every shift.
    pub name: String,
    /// Earliest start, `HH:MM`.
    pub earliest_start: String,
    /// Latest start, `HH:MM`.
    pub latest_start: String,
    /// Minutes between allowed starts.
    pub step_min: u32,
    /// Allowed lengths, hours (breaks included, paid).
    pub lengths_h: Vec<f64>,
    /// Days on which shifts may start: `mon` … `sun`.
    pub weekdays: Vec<String>,
    /// Cost per paid hour.
    pub cost_per_hour: f64,
    /// Minimum number of these shifts starting each allowed day.
    pub min_per_day: u32,
    /// Maximum number of these shifts starting on any day.
    pub max_per_day: Option<u32>,
    /// Breaks every shift of the template takes (`[[schedule.templates.breaks]]`).
    pub breaks: Vec<BreakConfig>,
}

/// `[[schedule.templates.breaks]]`: one break placed by the optimiser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BreakConfig {
    /// Name shown with every break.
    pub name: String,
    /// Earliest start after the shift start, minutes.
    pub earliest_after_min: u32,
    /// Latest start after the shift start, minutes.
    pub latest_after_min: u32,
    /// Allowed durations, minutes.
    pub durations_min: Vec<u32>,
    /// The break applies to shifts at least this long, hours.
    pub min_shift_h: f64,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        Self {
            file: None,
            interval_min: 30,
        }
    }
}

impl Default for ForecastConfig {
    fn default() -> Self {
        Self {
            start: None,
            days: 7,
            open: "07:00".into(),
            close: "21:00".into(),
            weekdays: ["mon", "tue", "wed", "thu", "fri"]
                .map(String::from)
                .to_vec(),
            band: [0.1, 0.9],
            staff_quantile: None,
            us_holidays: true,
        }
    }
}

impl Default for StaffingConfig {
    fn default() -> Self {
        Self {
            model: ModelName::ErlangA,
            patience_s: Some(180.0),
            aht_s: 300.0,
            service_level: 0.8,
            answer_within_s: 20.0,
            max_asa_s: None,
            max_occupancy: None,
            max_abandon: None,
            shrinkage: 0.3,
        }
    }
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        Self {
            coverage: CoverageName::Hard,
            under_penalty: 1000.0,
            over_penalty: 0.0,
            time_limit_s: 60.0,
            mip_rel_gap: 0.005,
            templates: vec![
                TemplateConfig::default(),
                TemplateConfig {
                    name: "part_time".into(),
                    earliest_start: "07:00".into(),
                    latest_start: "17:00".into(),
                    lengths_h: vec![4.0],
                    cost_per_hour: 22.0,
                    breaks: Vec::new(),
                    ..TemplateConfig::default()
                },
            ],
        }
    }
}

impl Default for TemplateConfig {
    fn default() -> Self {
        Self {
            name: "full_time".into(),
            earliest_start: "07:00".into(),
            latest_start: "13:00".into(),
            step_min: 30,
            lengths_h: vec![8.0],
            weekdays: ["mon", "tue", "wed", "thu", "fri"]
                .map(String::from)
                .to_vec(),
            cost_per_hour: 20.0,
            min_per_day: 0,
            max_per_day: None,
            breaks: vec![BreakConfig::default()],
        }
    }
}

impl Default for BreakConfig {
    fn default() -> Self {
        Self {
            name: "lunch".into(),
            earliest_after_min: 180,
            latest_after_min: 300,
            durations_min: vec![30],
            min_shift_h: 6.0,
        }
    }
}

impl Default for Scenario {
    /// The built-in scenario: the week after the embedded US bank series, Erlang A with
    /// 80/20, 30 % shrinkage, full- and part-time shifts on weekdays 07:00–21:00, 100
    /// simulation replications of one voice queue.
    fn default() -> Self {
        Self {
            name: "US bank: the week after the history".into(),
            history: HistoryConfig::default(),
            forecast: ForecastConfig::default(),
            staffing: StaffingConfig::default(),
            schedule: ScheduleConfig::default(),
            simulation: SimulationConfig::default(),
        }
    }
}

impl Scenario {
    /// Parses and checks a scenario. `source_name` names the text in errors.
    ///
    /// # Errors
    ///
    /// [`PlanError::Scenario`] with the line of the offending key or value: TOML syntax, an
    /// unknown key, a value of the wrong type or out of range.
    pub fn from_toml(text: &str, source_name: &str) -> Result<Self> {
        let scenario: Self = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| line_of(text, span.start));
            let snippet = text.lines().nth(line - 1).unwrap_or("").trim();
            let message = e.message().trim_end();
            PlanError::Scenario {
                source_name: source_name.to_owned(),
                line,
                message: if snippet.is_empty() {
                    message.to_owned()
                } else {
                    format!("{message} (at `{snippet}`)")
                },
            }
        })?;
        scenario
            .check()
            .map_err(|(key, message)| PlanError::Scenario {
                source_name: source_name.to_owned(),
                line: locate(text, &key),
                message: format!("{key}: {message}"),
            })?;
        Ok(scenario)
    }

    /// Reads a scenario file; a relative `history.file` becomes relative to the file.
    ///
    /// # Errors
    ///
    /// [`PlanError::Io`] when the file cannot be read, else as [`Scenario::from_toml`].
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| PlanError::Io {
            action: "read",
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let mut scenario = Self::from_toml(&text, &path.display().to_string())?;
        if let Some(file) = &scenario.history.file
            && file.is_relative()
            && let Some(dir) = path.parent()
        {
            scenario.history.file = Some(dir.join(file));
        }
        Ok(scenario)
    }

    /// The built-in scenario, parsed from [`DEFAULT_SCENARIO_TOML`].
    ///
    /// # Errors
    ///
    /// None in practice: a test checks that the embedded text parses to [`Scenario::default`].
    pub fn built_in() -> Result<Self> {
        Self::from_toml(DEFAULT_SCENARIO_TOML, "built-in scenario")
    }

    /// Checks values serde cannot: ranges, times, weekdays. Returns the key path and message.
    fn check(&self) -> std::result::Result<(), (String, String)> {
        let err = |key: &str, msg: String| Err((key.to_owned(), msg));
        if ![15, 30, 60].contains(&self.history.interval_min) {
            return err(
                "history.interval_min",
                format!("must be 15, 30 or 60, got {}", self.history.interval_min),
            );
        }
        let f = &self.forecast;
        if let Some(start) = &f.start {
            parse_date(start).map_err(|m| ("forecast.start".to_owned(), m))?;
        }
        if !(1..=366).contains(&f.days) {
            return err("forecast.days", format!("must be 1 to 366, got {}", f.days));
        }
        let open = parse_hhmm(&f.open).map_err(|m| ("forecast.open".to_owned(), m))?;
        let close = parse_hhmm(&f.close).map_err(|m| ("forecast.close".to_owned(), m))?;
        if close <= open {
            return err(
                "forecast.close",
                format!("must be after open ({}), got {}", f.open, f.close),
            );
        }
        parse_weekdays(&f.weekdays).map_err(|m| ("forecast.weekdays".to_owned(), m))?;
        if !(0.0 < f.band[0] && f.band[0] < f.band[1] && f.band[1] < 1.0) {
            return err(
                "forecast.band",
                format!("must be two quantiles 0 < low < high < 1, got {:?}", f.band),
            );
        }
        if let Some(q) = f.staff_quantile
            && !(0.0 < q && q < 1.0)
        {
            return err(
                "forecast.staff_quantile",
                format!("must be in (0, 1), got {q}"),
            );
        }
        self.check_staffing()?;
        self.check_schedule()?;
        self.simulation.check()
    }

    fn check_staffing(&self) -> std::result::Result<(), (String, String)> {
        let s = &self.staffing;
        let positive = |key: &str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err((
                    key.to_owned(),
                    format!("must be a positive number, got {v}"),
                ))
            }
        };
        positive("staffing.aht_s", s.aht_s)?;
        if !(0.0..1.0).contains(&s.service_level) {
            return Err((
                "staffing.service_level".into(),
                format!("must be in [0, 1), got {}", s.service_level),
            ));
        }
        if !(s.answer_within_s.is_finite() && s.answer_within_s >= 0.0) {
            return Err((
                "staffing.answer_within_s".into(),
                format!("must be at least 0, got {}", s.answer_within_s),
            ));
        }
        if !(0.0..1.0).contains(&s.shrinkage) {
            return Err((
                "staffing.shrinkage".into(),
                format!("must be in [0, 1), got {}", s.shrinkage),
            ));
        }
        if let Some(v) = s.max_asa_s {
            positive("staffing.max_asa_s", v)?;
        }
        if let Some(v) = s.max_occupancy
            && !(v > 0.0 && v <= 1.0)
        {
            return Err((
                "staffing.max_occupancy".into(),
                format!("must be in (0, 1], got {v}"),
            ));
        }
        if let Some(v) = s.max_abandon
            && !(0.0..=1.0).contains(&v)
        {
            return Err((
                "staffing.max_abandon".into(),
                format!("must be in [0, 1], got {v}"),
            ));
        }
        match (s.model, s.patience_s) {
            (ModelName::ErlangA, None) => Err((
                "staffing.model".into(),
                "erlang_a needs `patience_s` (mean caller patience, seconds)".into(),
            )),
            (ModelName::ErlangA, Some(p)) => positive("staffing.patience_s", p),
            (ModelName::ErlangC, _) => Ok(()),
        }
    }

    fn check_schedule(&self) -> std::result::Result<(), (String, String)> {
        let s = &self.schedule;
        let non_negative = |key: &str, v: f64| {
            if v.is_finite() && v >= 0.0 {
                Ok(())
            } else {
                Err((key.to_owned(), format!("must be at least 0, got {v}")))
            }
        };
        non_negative("schedule.under_penalty", s.under_penalty)?;
        non_negative("schedule.over_penalty", s.over_penalty)?;
        if !(s.time_limit_s.is_finite() && s.time_limit_s > 0.0) {
            return Err((
                "schedule.time_limit_s".into(),
                format!(
                    "must be a positive number of seconds, got {}",
                    s.time_limit_s
                ),
            ));
        }
        if !(0.0..=1.0).contains(&s.mip_rel_gap) {
            return Err((
                "schedule.mip_rel_gap".into(),
                format!("must be in [0, 1], got {}", s.mip_rel_gap),
            ));
        }
        if s.templates.is_empty() {
            return Err((
                "schedule.templates".into(),
                "at least one `[[schedule.templates]]` is needed".into(),
            ));
        }
        for (i, t) in s.templates.iter().enumerate() {
            let key = |k: &str| format!("schedule.templates[{i}].{k}");
            let early = parse_hhmm(&t.earliest_start).map_err(|m| (key("earliest_start"), m))?;
            let late = parse_hhmm(&t.latest_start).map_err(|m| (key("latest_start"), m))?;
            if late < early {
                return Err((
                    key("latest_start"),
                    format!("must not be before earliest_start ({})", t.earliest_start),
                ));
            }
            if t.step_min == 0 {
                return Err((key("step_min"), "must be at least 1".into()));
            }
            if t.lengths_h.is_empty() || t.lengths_h.iter().any(|&h| !(h.is_finite() && h > 0.0)) {
                return Err((
                    key("lengths_h"),
                    format!("must list positive lengths in hours, got {:?}", t.lengths_h),
                ));
            }
            parse_weekdays(&t.weekdays).map_err(|m| (key("weekdays"), m))?;
            non_negative(&key("cost_per_hour"), t.cost_per_hour)?;
            for (j, b) in t.breaks.iter().enumerate() {
                let bkey = |k: &str| format!("schedule.templates[{i}].breaks[{j}].{k}");
                if b.latest_after_min < b.earliest_after_min {
                    return Err((
                        bkey("latest_after_min"),
                        "must not be below earliest_after_min".into(),
                    ));
                }
                if b.durations_min.is_empty() || b.durations_min.contains(&0) {
                    return Err((
                        bkey("durations_min"),
                        "must list positive durations in minutes".into(),
                    ));
                }
                non_negative(&bkey("min_shift_h"), b.min_shift_h)?;
            }
        }
        Ok(())
    }
}

/// 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(at)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The 1-based line where `key` (e.g. `schedule.templates[1].lengths_h`) is set in `text`,
/// else where its nearest enclosing table starts, else 1.
fn locate(text: &str, key: &str) -> usize {
    let mut path = key.to_owned();
    loop {
        if let Some(line) = find_key(text, &path) {
            return line;
        }
        match path.rfind('.') {
            Some(dot) => path.truncate(dot),
            None => return 1,
        }
    }
}

/// Finds the line of a dotted key path, or of the table header naming it.
fn find_key(text: &str, path: &str) -> Option<usize> {
    let mut table = String::new();
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(name) = line.strip_prefix("[[").and_then(|l| l.split("]]").next()) {
            let name = name.trim();
            let name = match name.rsplit_once('.') {
                Some((parent, last)) => format!("{}.{}", normalise(parent, &counts), last.trim()),
                None => name.to_owned(),
            };
            if name == path {
                return Some(n + 1);
            }
            let count = counts.entry(name.clone()).or_insert(0);
            table = format!("{name}[{count}]");
            *count += 1;
            if table == path {
                return Some(n + 1);
            }
        } else if let Some(name) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            table = normalise(name.trim(), &counts);
            if table == path {
                return Some(n + 1);
            }
        } else if let Some((k, _)) = line.split_once('=') {
            let k = k.trim().trim_matches('"');
            let full = if table.is_empty() {
                k.to_owned()
            } else {
                format!("{table}.{k}")
            };
            if full == path {
                return Some(n + 1);
            }
        }
    }
    None
}

/// Rewrites a dotted table name so that arrays of tables seen so far carry their current
/// index: `schedule.templates.breaks` → `schedule.templates[1].breaks`.
fn normalise(name: &str, counts: &std::collections::HashMap<String, usize>) -> String {
    let mut out = String::new();
    for part in name.split('.') {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(part.trim());
        if let Some(&c) = counts.get(&out) {
            out = format!("{out}[{}]", c.saturating_sub(1));
        }
    }
    out
}

/// Parses `HH:MM` into minutes after midnight (`24:00` allowed).
///
/// # Errors
///
/// A message naming the expected form.
pub(crate) fn parse_hhmm(text: &str) -> std::result::Result<u32, String> {
    let bad = || format!("expected a time HH:MM, got {text:?}");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Parses `YYYY-MM-DD`.
///
/// # Errors
///
/// A message naming the expected form.
pub(crate) fn parse_date(text: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("expected a date YYYY-MM-DD, got {text:?}"))
}

/// Parses weekday names (`mon` … `sun`, any case, full names too) into a mask, Monday first.
///
/// # Errors
///
/// A message naming the bad entry.
pub(crate) fn parse_weekdays(names: &[String]) -> std::result::Result<[bool; 7], String> {
    let mut mask = [false; 7];
    for name in names {
        let day: Weekday = name
            .parse()
            .map_err(|_| format!("expected weekday names like \"mon\", got {name:?}"))?;
        mask[day.num_days_from_monday() as usize] = true;
    }
    if !mask.contains(&true) {
        return Err("must name at least one weekday".into());
    }
    Ok(mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_text_is_the_default() {
        assert_eq!(Scenario::built_in().unwrap(), Scenario::default());
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let text = "name = \"x\"\n[staffing]\naht_s = 200\nshrinkgae = 0.3\n";
        let e = Scenario::from_toml(text, "s.toml").unwrap_err().to_string();
        assert!(e.starts_with("s.toml line 4:"), "{e}");
        assert!(e.contains("shrinkgae"), "{e}");
    }

    #[test]
    fn wrong_type_names_the_line() {
        let e = Scenario::from_toml("[staffing]\n\naht_s = \"long\"\n", "s.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("s.toml line 3:"), "{e}");
        assert!(e.contains("aht_s"), "{e}");
    }

    #[test]
    fn bad_value_in_an_array_of_tables_names_its_line() {
        let text = "[schedule]\n[[schedule.templates]]\nname = \"a\"\n\
                    [[schedule.templates]]\nname = \"b\"\nlengths_h = [-4]\n\
                    [[schedule.templates.breaks]]\nname = \"x\"\nearliest_after_min = 60\n\
                    latest_after_min = 30\n";
        let e = Scenario::from_toml(text, "s.toml").unwrap_err().to_string();
        assert!(
            e.starts_with("s.toml line 6: schedule.templates[1].lengths_h"),
            "{e}"
        );
        let text = text.replace("[-4]", "[4]");
        let e = Scenario::from_toml(&text, "s.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("s.toml line 10:"), "{e}");
        assert!(e.contains("breaks[0].latest_after_min"), "{e}");
    }

    #[test]
    fn times_dates_and_weekdays() {
        assert_eq!(parse_hhmm("07:30"), Ok(450));
        assert_eq!(parse_hhmm("24:00"), Ok(1440));
        assert!(parse_hhmm("7h").is_err());
        assert!(parse_hhmm("12:60").is_err());
        assert!(parse_date("2003-10-27").is_ok());
        assert!(parse_date("27/10/2003").is_err());
        let mask = parse_weekdays(&["Mon".into(), "friday".into()]).unwrap();
        assert_eq!(mask, [true, false, false, false, true, false, false]);
        assert!(parse_weekdays(&["funday".into()]).is_err());
        assert!(parse_weekdays(&[]).is_err());
    }

    #[test]
    fn erlang_a_needs_patience() {
        let text = "[staffing]\nmodel = \"erlang_a\"\npatience_s = -1\n";
        let e = Scenario::from_toml(text, "s.toml").unwrap_err().to_string();
        assert!(e.contains("line 3: staffing.patience_s"), "{e}");
    }
}
