//! Hand-written SVG line charts for the HTML report: no scripts, no external resources.

use std::fmt::Write as _;

/// How a series is drawn.
pub(crate) enum Mark<'a> {
    /// A polyline through the values.
    Line,
    /// A step line (each value held over its interval).
    Step,
    /// A filled band between `low` (these values) and `high`.
    Band { high: &'a [f64] },
}

/// One series of a chart.
pub(crate) struct Series<'a> {
    pub name: &'a str,
    pub values: &'a [f64],
    pub colour: &'a str,
    pub mark: Mark<'a>,
}

/// A chart: x is the index of the value; `groups` marks where each labelled group (a day)
/// starts.
pub(crate) struct Chart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub y_label: &'a str,
    pub groups: &'a [(usize, String)],
    pub series: Vec<Series<'a>>,
    /// A horizontal reference line with its label.
    pub target: Option<(f64, &'a str)>,
    /// Fixed y range, else from 0 to the data's maximum.
    pub y_max: Option<f64>,
}

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 48.0;

/// Escapes text for XML.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A "nice" axis maximum and tick step at or above `max`.
fn nice_axis(max: f64) -> (f64, f64) {
    if !(max.is_finite() && max > 0.0) {
        return (1.0, 0.25);
    }
    let raw = max / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    ((max / step).ceil() * step, step)
}

/// Renders the chart as an `<svg>` element.
pub(crate) fn render(chart: &Chart<'_>) -> String {
    let n = chart
        .series
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let data_max = chart
        .series
        .iter()
        .flat_map(|s| {
            let high = match s.mark {
                Mark::Band { high } => high,
                _ => &[],
            };
            s.values.iter().chain(high.iter())
        })
        .copied()
        .filter(|v| v.is_finite())
        .fold(chart.target.map_or(0.0, |t| t.0), f64::max);
    let (y_max, y_step) = match chart.y_max {
        Some(m) => (m, m / 5.0),
        None => nice_axis(data_max),
    };
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |i: f64| LEFT + plot_w * i / n as f64;
    let y = |v: f64| TOP + plot_h * (1.0 - (v / y_max).clamp(0.0, 1.0));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg id="{id}" class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{id}-title">"#,
        id = escape(chart.id)
    );
    let _ = write!(
        s,
        r#"<title id="{}-title">{}</title><rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#,
        escape(chart.id),
        escape(chart.title)
    );
    let _ = write!(
        s,
        r#"<text x="{LEFT}" y="20" font-size="15" font-weight="bold">{}</text>"#,
        escape(chart.title)
    );
    // Horizontal grid and y ticks.
    let mut v = 0.0;
    while v <= y_max + 1e-9 {
        let yy = y(v);
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="#e5e5e5"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            tick_label(v, y_step)
        );
        v += y_step;
    }
    let _ = write!(
        s,
        r#"<text transform="translate(14 {:.1}) rotate(-90)" font-size="11" text-anchor="middle">{}</text>"#,
        TOP + plot_h / 2.0,
        escape(chart.y_label)
    );
    // Day separators and labels.
    for (k, (start, label)) in chart.groups.iter().enumerate() {
        let end = chart.groups.get(k + 1).map_or(n, |g| g.0);
        let xx = x(*start as f64);
        let _ = write!(
            s,
            r##"<line x1="{xx:.1}" x2="{xx:.1}" y1="{TOP}" y2="{:.1}" stroke="#bbb"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"##,
            TOP + plot_h,
            x((*start + end) as f64 / 2.0),
            HEIGHT - BOTTOM + 16.0,
            escape(label)
        );
    }
    for series in &chart.series {
        draw_series(&mut s, series, &x, &y);
    }
    if let Some((value, label)) = chart.target {
        let yy = y(value);
        let _ = write!(
            s,
            r##"<line class="target" x1="{LEFT}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="#c00" stroke-dasharray="6 4"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#c00" text-anchor="end">{}</text>"##,
            WIDTH - RIGHT,
            WIDTH - RIGHT - 4.0,
            yy - 4.0,
            escape(label)
        );
    }
    legend(&mut s, &chart.series);
    s.push_str("</svg>");
    s
}

/// Draws the legend along the bottom.
fn legend(s: &mut String, series_list: &[Series<'_>]) {
    let mut lx = LEFT;
    for series in series_list {
        let _ = write!(
            s,
            r#"<rect x="{lx:.1}" y="{:.1}" width="14" height="8" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"#,
            HEIGHT - 16.0,
            series.colour,
            lx + 18.0,
            HEIGHT - 8.0,
            escape(series.name)
        );
        lx += 30.0 + 6.5 * series.name.chars().count() as f64;
    }
}

/// Draws one series into `s`.
fn draw_series(
    s: &mut String,
    series: &Series<'_>,
    x: &dyn Fn(f64) -> f64,
    y: &dyn Fn(f64) -> f64,
) {
    let _ = write!(
        s,
        r#"<g class="series" data-name="{}">"#,
        escape(series.name)
    );
    match series.mark {
        Mark::Band { high } => {
            // Points where both ends are known; undefined ones are left out.
            let n = series.values.len().min(high.len());
            let known = |i: &usize| series.values[*i].is_finite() && high[*i].is_finite();
            let mut points: Vec<String> = (0..n)
                .filter(known)
                .map(|i| format!("{:.1},{:.1}", x(i as f64 + 0.5), y(series.values[i])))
                .collect();
            points.extend(
                (0..n)
                    .rev()
                    .filter(known)
                    .map(|i| format!("{:.1},{:.1}", x(i as f64 + 0.5), y(high[i]))),
            );
            let _ = write!(
                s,
                r#"<polygon points="{}" fill="{}" fill-opacity="0.3" stroke="none"/>"#,
                points.join(" "),
                series.colour
            );
        }
        Mark::Line => {
            let points: Vec<String> = series
                .values
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_finite())
                .map(|(i, &v)| format!("{:.1},{:.1}", x(i as f64 + 0.5), y(v)))
                .collect();
            let _ = write!(
                s,
                r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="1.6"/>"#,
                points.join(" "),
                series.colour
            );
        }
        Mark::Step => {
            let mut points = Vec::with_capacity(2 * series.values.len());
            for (i, &v) in series.values.iter().enumerate() {
                points.push(format!("{:.1},{:.1}", x(i as f64), y(v)));
                points.push(format!("{:.1},{:.1}", x(i as f64 + 1.0), y(v)));
            }
            let _ = write!(
                s,
                r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="1.6"/>"#,
                points.join(" "),
                series.colour
            );
        }
    }
    s.push_str("</g>");
}

fn tick_label(v: f64, step: f64) -> String {
    if step >= 1.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axes() {
        assert_eq!(nice_axis(0.0), (1.0, 0.25));
        assert_eq!(nice_axis(9.0), (10.0, 2.0));
        assert_eq!(nice_axis(1234.0), (1250.0, 250.0));
    }

    #[test]
    fn renders_every_series_escaped() {
        let groups = vec![(0, "Mon".to_owned()), (2, "Tue <2>".to_owned())];
        let chart = Chart {
            id: "c",
            title: "A & B",
            y_label: "agents",
            groups: &groups,
            series: vec![
                Series {
                    name: "band",
                    values: &[1.0, 2.0, 3.0, 4.0],
                    colour: "#888",
                    mark: Mark::Band {
                        high: &[2.0, 3.0, 4.0, 5.0],
                    },
                },
                Series {
                    name: "need",
                    values: &[1.0, 2.0, 3.0, 4.0],
                    colour: "#00f",
                    mark: Mark::Step,
                },
                Series {
                    name: "mean",
                    values: &[1.5, 2.5, f64::NAN, 4.5],
                    colour: "#0a0",
                    mark: Mark::Line,
                },
            ],
            target: Some((3.0, "target")),
            y_max: None,
        };
        let svg = render(&chart);
        assert!(svg.starts_with("<svg id=\"c\""));
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches("class=\"series\"").count(), 3);
        assert!(svg.contains("A &amp; B") && svg.contains("Tue &lt;2&gt;"));
        assert!(svg.contains("class=\"target\""));
        assert!(!svg.contains("NaN"));
    }
}
