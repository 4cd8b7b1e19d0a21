//! Reading interval tables from CSV: `date`, `start` and a value column, into a [`Series`].

use callwright_forecast::{Resolution, Series};

use super::error::{PlanError, Result};
use super::scenario::{parse_date, parse_hhmm};

/// The embedded history: 30-minute call counts of a US bank (see `data/SOURCE.md`).
pub const BUILT_IN_HISTORY: &str = include_str!("../../data/us_bank_calls_30min.csv");

/// Reads a CSV with a header row, a `date` (`YYYY-MM-DD`) column, a `start` (`HH:MM`) column
/// (or only a `start` column holding `YYYY-MM-DD HH:MM`, as `callwright staff` writes it)
/// and the first of `value_columns` present (matched case-insensitively), into a series at
/// `resolution`. Values on the same interval add up.
///
/// # Examples
///
/// ```
/// use callwright::forecast::Resolution;
/// use callwright::plan::read_interval_csv;
///
/// let csv = "date,start,calls\n2003-03-03,07:00,560\n2003-03-03,07:30,609\n";
/// let s = read_interval_csv(csv.as_bytes(), "calls.csv", Resolution::new(30)?, &["calls"])?;
/// assert_eq!(s.total(), 1169.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`PlanError::Csv`] naming the line: no header, a missing column, a bad date or time, a
/// time not on an interval boundary, a value that is not a number ≥ 0; or no data rows.
pub fn read_interval_csv(
    bytes: &[u8],
    source_name: &str,
    resolution: Resolution,
    value_columns: &[&str],
) -> Result<Series> {
    let bad = |message: String| PlanError::Csv {
        source_name: source_name.to_owned(),
        message,
    };
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| bad(format!("cannot read the header: {e}")))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let date_col = column("date");
    let start_col = column("start").ok_or_else(|| bad("no `start` column".into()))?;
    let value_col = value_columns
        .iter()
        .find_map(|c| column(c))
        .ok_or_else(|| {
            let names: Vec<String> = value_columns.iter().map(|c| format!("`{c}`")).collect();
            bad(format!("no {} column", names.join(" or ")))
        })?;
    let step = resolution.minutes();
    let mut series = Series::new(resolution);
    for (row, record) in reader.records().enumerate() {
        let line = row + 2;
        let record = record.map_err(|e| bad(format!("line {line}: {e}")))?;
        let field = |c: usize| record.get(c).unwrap_or("").trim();
        // Without a `date` column, `start` holds both: `YYYY-MM-DD HH:MM`.
        let (date_text, start_text) = match date_col {
            Some(c) => (field(c), field(start_col)),
            None => field(start_col).split_once(' ').ok_or_else(|| {
                bad(format!(
                    "line {line}: no `date` column, and `start` {:?} is not `YYYY-MM-DD HH:MM`",
                    field(start_col)
                ))
            })?,
        };
        let date = parse_date(date_text).map_err(|m| bad(format!("line {line}: {m}")))?;
        let minute = parse_hhmm(start_text).map_err(|m| bad(format!("line {line}: {m}")))?;
        if minute % step != 0 || minute >= 1440 {
            return Err(bad(format!(
                "line {line}: start {start_text} is not the start of a {step}-minute interval"
            )));
        }
        let text = field(value_col);
        let value: f64 = text
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| {
                bad(format!(
                    "line {line}: {} {text:?} is not a number ≥ 0",
                    &headers[value_col]
                ))
            })?;
        series.add(date, (minute / step) as usize, value)?;
    }
    if series.is_empty() {
        return Err(bad("no data rows".into()));
    }
    Ok(series)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res() -> Resolution {
        Resolution::new(30).unwrap()
    }

    #[test]
    fn built_in_history_reads() {
        let s =
            read_interval_csv(BUILT_IN_HISTORY.as_bytes(), "built-in", res(), &["calls"]).unwrap();
        assert_eq!(s.num_days(), 164);
        assert_eq!(s.iter().count(), 164 * 28);
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            ("date,start\n", "no `calls` column"),
            ("start,calls\n07:00,1\n", "line 2: no `date` column"),
            ("date,start,calls\n", "no data rows"),
            (
                "date,start,calls\n2003-03-03,07:00,x\n",
                "line 2: calls \"x\"",
            ),
            (
                "date,start,calls\n2003-03-03,07:00,1\n2003-3-3x,07:00,1\n",
                "line 3",
            ),
            (
                "date,start,calls\n2003-03-03,07:10,1\n",
                "30-minute interval",
            ),
            ("date,start,calls\n2003-03-03,07:00,-1\n", "≥ 0"),
        ];
        for (text, expected) in cases {
            let e = read_interval_csv(text.as_bytes(), "h.csv", res(), &["calls"])
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("h.csv: "), "{e}");
            assert!(e.contains(expected), "{text}: {e}");
        }
    }
}
