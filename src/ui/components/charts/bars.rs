use leptos::prelude::*;

use super::{nice_ceiling, ChartFigure};

const ROW: f64 = 24.0;
const LEFT: f64 = 110.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 40.0;

/// Horizontal bars, one per row, in the given order (a grade pyramid, time by kind).
#[component]
pub fn BarList(
    id: &'static str,
    title: &'static str,
    /// What the rows are ("Grade", "Kind").
    row_label: &'static str,
    /// What the bars measure ("Sends", "Minutes").
    value_label: &'static str,
    rows: Vec<(String, u32)>,
    /// Shown instead of the chart when there are no rows.
    empty: &'static str,
) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <figure class="chart">
                <figcaption id={format!("{id}-title")}>{title}</figcaption>
                <p class="hint">{empty}</p>
            </figure>
        }
        .into_any();
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|(l, v)| vec![l.clone(), v.to_string()])
        .collect();
    view! {
        <ChartFigure id title columns={vec![row_label, value_label]} rows={table}>
            {bars_svg(id, &rows, row_label, value_label, super::WIDE)}
            {bars_svg(id, &rows, row_label, value_label, super::NARROW)}
        </ChartFigure>
    }
    .into_any()
}

/// The chart drawn `width` units wide (see `super::WIDE` and `super::NARROW`).
fn bars_svg(
    id: &'static str,
    rows: &[(String, u32)],
    row_label: &'static str,
    value_label: &'static str,
    width: f64,
) -> impl IntoView {
    let h = TOP + ROW * rows.len() as f64 + BOTTOM;
    let plot_w = width - LEFT - RIGHT;
    let max = nice_ceiling(rows.iter().map(|(_, v)| f64::from(*v)).fold(0.0, f64::max));
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let y = TOP + ROW * i as f64;
            let w = plot_w * f64::from(*v) / max;
            view! {
                <text class="tick" x={format!("{:.1}", LEFT - 8.0)} y={format!("{:.1}", y + ROW * 0.65)} text-anchor="end">{label.clone()}</text>
                <rect class="bar" x={LEFT.to_string()} y={format!("{:.1}", y + 3.0)} width={format!("{w:.1}")} height={format!("{:.1}", ROW - 6.0)}/>
                <text class="value" x={format!("{:.1}", LEFT + w + 4.0)} y={format!("{:.1}", y + ROW * 0.65)}>{v.to_string()}</text>
            }
        })
        .collect_view();
    let axis_y = TOP + ROW * rows.len() as f64;
    view! {
            <svg class={super::svg_class(width)} viewBox={format!("0 0 {width} {h:.0}")} role="img" aria-labelledby={format!("{id}-title")}>
                <line class="axis" x1={LEFT.to_string()} y1={TOP.to_string()} x2={LEFT.to_string()} y2={axis_y.to_string()}/>
                <line class="axis" x1={LEFT.to_string()} y1={axis_y.to_string()} x2={(width - RIGHT).to_string()} y2={axis_y.to_string()}/>
                {bars}
                <text class="tick" x={LEFT.to_string()} y={format!("{:.1}", axis_y + 14.0)} text-anchor="middle">"0"</text>
                <text class="tick" x={(width - RIGHT).to_string()} y={format!("{:.1}", axis_y + 14.0)} text-anchor="middle">{format!("{max:.0}")}</text>
                <text class="axis-title" x={(LEFT + plot_w / 2.0).to_string()} y={format!("{:.1}", h - 6.0)} text-anchor="middle">{value_label}</text>
                <text class="axis-title" x="8" y={format!("{:.1}", TOP + 10.0)}>{row_label}</text>
            </svg>
    }
}
