use leptos::prelude::*;

use super::{nice_ceiling, ChartFigure};

const H: f64 = 200.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;

/// One value per day as vertical bars, oldest on the left (the admin dashboard's daily
/// counts). Days are `YYYY-MM-DD`; the axis names the first, middle and last.
#[component]
pub fn DayBars(
    id: &'static str,
    title: &'static str,
    /// What the bars count ("Entries", "Tokens").
    value_label: &'static str,
    points: Vec<(String, u64)>,
) -> impl IntoView {
    let rows = points
        .iter()
        .map(|(d, v)| vec![d.clone(), v.to_string()])
        .collect();
    view! {
        <ChartFigure id title columns={vec!["Day (UTC)", value_label]} rows>
            {day_bars_svg(id, &points, value_label, super::WIDE)}
            {day_bars_svg(id, &points, value_label, super::NARROW)}
        </ChartFigure>
    }
}

/// "2027-01-05" → "Jan 5".
fn short_day(day: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = day.split('-').skip(1);
    match (
        parts.next().and_then(|m| m.parse::<usize>().ok()),
        parts.next().and_then(|d| d.parse::<u32>().ok()),
    ) {
        (Some(m @ 1..=12), Some(d)) => format!("{} {d}", MONTHS[m - 1]),
        _ => day.to_string(),
    }
}

/// A count for an axis: 1200 → "1.2k", 3000000 → "3M".
fn compact(v: f64) -> String {
    if v >= 1_000_000.0 {
        format!("{}M", trim(v / 1_000_000.0))
    } else if v >= 1000.0 {
        format!("{}k", trim(v / 1000.0))
    } else {
        format!("{v:.0}")
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

fn day_bars_svg(
    id: &'static str,
    points: &[(String, u64)],
    value_label: &'static str,
    width: f64,
) -> impl IntoView {
    let plot_w = width - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let max = nice_ceiling(points.iter().map(|(_, v)| *v as f64).fold(0.0, f64::max));
    let n = points.len().max(1);
    let slot = plot_w / n as f64;
    let bars = points
        .iter()
        .enumerate()
        .filter(|(_, (_, v))| *v > 0)
        .map(|(i, (_, v))| {
            let h = plot_h * (*v as f64) / max;
            view! {
                <rect class="bar" x={format!("{:.1}", LEFT + slot * i as f64 + slot * 0.15)} y={format!("{:.1}", TOP + plot_h - h)}
                    width={format!("{:.1}", (slot * 0.7).max(1.0))} height={format!("{h:.1}")}/>
            }
        })
        .collect_view();
    let axis_y = TOP + plot_h;
    let ticks = [0, n / 2, n - 1]
        .into_iter()
        .filter_map(|i| points.get(i).map(|(d, _)| (i, short_day(d))))
        .map(|(i, label)| {
            let anchor = if i == 0 {
                "start"
            } else if i == n - 1 {
                "end"
            } else {
                "middle"
            };
            let x = if i == 0 {
                LEFT
            } else if i == n - 1 {
                LEFT + plot_w
            } else {
                LEFT + slot * (i as f64 + 0.5)
            };
            view! { <text class="tick" x={format!("{x:.1}")} y={format!("{:.1}", axis_y + 14.0)} text-anchor={anchor}>{label}</text> }
        })
        .collect_view();
    view! {
        <svg class={super::svg_class(width)} viewBox={format!("0 0 {width} {H}")} role="img" aria-labelledby={format!("{id}-title")}>
            <line class="axis" x1={LEFT.to_string()} y1={TOP.to_string()} x2={LEFT.to_string()} y2={axis_y.to_string()}/>
            <line class="axis" x1={LEFT.to_string()} y1={axis_y.to_string()} x2={(width - RIGHT).to_string()} y2={axis_y.to_string()}/>
            <text class="tick" x={format!("{:.1}", LEFT - 6.0)} y={format!("{:.1}", TOP + 8.0)} text-anchor="end">{compact(max)}</text>
            <text class="tick" x={format!("{:.1}", LEFT - 6.0)} y={axis_y.to_string()} text-anchor="end">"0"</text>
            {bars}
            {ticks}
            <text class="axis-title" x={format!("{:.1}", LEFT + plot_w / 2.0)} y={format!("{:.1}", H - 6.0)} text-anchor="middle">{value_label}" per day"</text>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::{compact, short_day};

    #[test]
    fn axis_labels_are_short() {
        assert_eq!(short_day("2027-01-05"), "Jan 5");
        assert_eq!(short_day("oops"), "oops");
        assert_eq!(compact(500.0), "500");
        assert_eq!(compact(1200.0), "1.2k");
        assert_eq!(compact(2000.0), "2k");
        assert_eq!(compact(5_000_000.0), "5M");
    }
}
