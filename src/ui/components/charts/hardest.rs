use leptos::prelude::*;

use super::ChartFigure;
use crate::domain::progress::HardestPoint;

const H: f64 = 220.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 44.0;

/// The hardest send of each month, on the IRCRA scale, labelled in the climber's system.
#[component]
pub fn HardestChart(
    id: &'static str,
    title: &'static str,
    points: Vec<HardestPoint>,
    empty: &'static str,
) -> impl IntoView {
    if points.is_empty() {
        return view! {
            <figure class="chart">
                <figcaption id={format!("{id}-title")}>{title}</figcaption>
                <p class="hint">{empty}</p>
            </figure>
        }
        .into_any();
    }
    let rows = points
        .iter()
        .map(|p| vec![p.month.clone(), p.label.clone(), format!("{:.1}", p.ircra)])
        .collect();
    view! {
        <ChartFigure id title columns={vec!["Month", "Hardest send", "IRCRA"]} rows>
            {hardest_svg(id, &points, super::WIDE)}
            {hardest_svg(id, &points, super::NARROW)}
        </ChartFigure>
    }
    .into_any()
}

/// The chart drawn `width` units wide (see `super::WIDE` and `super::NARROW`).
fn hardest_svg(id: &'static str, points: &[HardestPoint], width: f64) -> impl IntoView {
    let plot_w = width - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let lo = points
        .iter()
        .map(|p| p.ircra)
        .fold(f32::MAX, f32::min)
        .floor()
        - 1.0;
    let hi = points
        .iter()
        .map(|p| p.ircra)
        .fold(f32::MIN, f32::max)
        .ceil()
        + 1.0;
    let n = points.len();
    let x = move |i: usize| {
        LEFT + if n == 1 {
            plot_w / 2.0
        } else {
            plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y = move |v: f32| TOP + plot_h * f64::from((hi - v) / (hi - lo));
    let line = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.ircra)))
        .collect::<Vec<_>>()
        .join(" ");
    // Label every `step`-th point so labels never overlap: a month ("2026-10") takes about
    // 48 units, a grade about 28.
    let spacing = if n > 1 {
        plot_w / (n - 1) as f64
    } else {
        plot_w
    };
    let step = |needed: f64| ((needed / spacing).ceil() as usize).max(1);
    let (month_step, grade_step) = (step(48.0), step(28.0));
    let marks = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            view! {
                <circle class="acwr-dot" cx={format!("{:.1}", x(i))} cy={format!("{:.1}", y(p.ircra))} r="4"/>
                {(i % grade_step == 0).then(|| view! {
                    <text class="value" x={format!("{:.1}", x(i))} y={format!("{:.1}", y(p.ircra) - 8.0)} text-anchor="middle">{p.label.clone()}</text>
                })}
                {(i % month_step == 0).then(|| view! {
                    <text class="tick" x={format!("{:.1}", x(i))} y={format!("{:.1}", TOP + plot_h + 16.0)} text-anchor="middle">{p.month.clone()}</text>
                })}
            }
        })
        .collect_view();
    view! {
            <svg class={super::svg_class(width)} viewBox={format!("0 0 {width} {H}")} role="img" aria-labelledby={format!("{id}-title")}>
                <line class="axis" x1={LEFT.to_string()} y1={TOP.to_string()} x2={LEFT.to_string()} y2={(TOP + plot_h).to_string()}/>
                <line class="axis" x1={LEFT.to_string()} y1={(TOP + plot_h).to_string()} x2={(width - RIGHT).to_string()} y2={(TOP + plot_h).to_string()}/>
                <polyline class="acwr-line" points={line}/>
                {marks}
                <text class="tick" x={format!("{:.1}", LEFT - 6.0)} y={format!("{:.1}", TOP + 4.0)} text-anchor="end">{format!("{hi:.0}")}</text>
                <text class="tick" x={format!("{:.1}", LEFT - 6.0)} y={format!("{:.1}", TOP + plot_h + 4.0)} text-anchor="end">{format!("{lo:.0}")}</text>
                <text class="axis-title" x={(LEFT + plot_w / 2.0).to_string()} y={(H - 6.0).to_string()} text-anchor="middle">"Month"</text>
                <text class="axis-title" transform={format!("translate(14 {:.1}) rotate(-90)", TOP + plot_h / 2.0)} text-anchor="middle">"Grade (IRCRA)"</text>
            </svg>
    }
}
