use leptos::prelude::*;

use super::{nice_ceiling, ChartFigure};
use crate::domain::progress::WeekBar;
use crate::ui::components::deferred::{deferred, not_loaded, split_part};

const H: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 48.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 44.0;
/// The ACWR axis runs 0 to this.
const ACWR_MAX: f64 = 2.0;

/// [`LoadChart`] on a page that draws no other chart (a coach's view of an athlete): the
/// server draws a placeholder, and the chart's code comes after the page is live, from the
/// progress page's split group (`progress_pages`, see `lazy_page!` in `src/ui/app.rs`), which
/// holds it already, so it costs that group nothing and the team pages ~4 KB less than
/// drawing it (issue 16).
#[component]
pub fn LoadChartLater(weeks: Vec<WeekBar>) -> impl IntoView {
    deferred(
        || true,
        |failed: bool| {
            view! {
                <figure class="chart" aria-busy={(!failed).then_some("true")}>
                    <figcaption>"Weekly load and ACWR"</figcaption>
                    {if failed { not_loaded().into_any() } else { view! { <p class="muted">"Drawing the chart…"</p> }.into_any() }}
                </figure>
            }
        },
        move || load_chart_view(weeks.clone()),
    )
}

split_part!(
    progress_pages,
    fn load_chart_view(weeks: Vec<WeekBar>) => view! { <LoadChart weeks/> }
);

/// Weekly load as bars, the ACWR as a line on its own axis, and the 0.8-1.3 band.
#[component]
pub fn LoadChart(weeks: Vec<WeekBar>) -> impl IntoView {
    let rows = weeks
        .iter()
        .map(|w| {
            vec![
                w.week_start.to_string(),
                w.load.to_string(),
                match (w.acwr, w.established) {
                    (Some(r), true) => format!("{r:.2}"),
                    (Some(r), false) => format!("{r:.2} (log under 5 weeks old)"),
                    (None, _) => "—".to_string(),
                },
            ]
        })
        .collect();
    view! {
        <ChartFigure id="load" title="Weekly load and ACWR" columns={vec!["Week starting", "Load (RPE × min)", "ACWR"]} rows>
            {load_svg(&weeks, super::WIDE)}
            {load_svg(&weeks, super::NARROW)}
        </ChartFigure>
    }
}

/// The chart drawn `width` units wide (see `super::WIDE` and `super::NARROW`).
fn load_svg(weeks: &[WeekBar], width: f64) -> impl IntoView {
    let plot_w = width - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let max = nice_ceiling(weeks.iter().map(|w| f64::from(w.load)).fold(0.0, f64::max));
    let n = weeks.len().max(1) as f64;
    let slot = plot_w / n;
    let y_load = move |v: f64| TOP + plot_h * (1.0 - v / max);
    let y_acwr = move |r: f64| TOP + plot_h * (1.0 - r.min(ACWR_MAX) / ACWR_MAX);
    let x_mid = move |i: usize| LEFT + slot * (i as f64 + 0.5);
    let bars = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let y = y_load(f64::from(w.load));
            view! {
                <rect class="bar" x={format!("{:.1}", LEFT + slot * i as f64 + slot * 0.15)} y={format!("{y:.1}")}
                    width={format!("{:.1}", slot * 0.7)} height={format!("{:.1}", TOP + plot_h - y)}/>
            }
        })
        .collect_view();
    let line: String = weeks
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.acwr.map(|r| format!("{:.1},{:.1}", x_mid(i), y_acwr(r))))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = weeks
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            w.acwr.map(|r| {
                let class = if w.established { "acwr-dot" } else { "acwr-dot early" };
                view! { <circle class={class} cx={format!("{:.1}", x_mid(i))} cy={format!("{:.1}", y_acwr(r))} r="3.5"/> }
            })
        })
        .collect_view();
    // A label every `step` weeks, so they never touch (about 40 units each).
    let step = ((40.0 / slot).ceil() as usize).max(1);
    let x_labels = weeks
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0)
        .map(|(i, w)| {
            view! {
                <text class="tick" x={format!("{:.1}", x_mid(i))} y={format!("{:.1}", TOP + plot_h + 16.0)} text-anchor="middle">
                    {format!("{:02}-{:02}", w.week_start.month, w.week_start.day)}
                </text>
            }
        })
        .collect_view();
    let y_ticks = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|f| {
            let v = max * f;
            view! {
                <text class="tick" x={format!("{:.1}", LEFT - 6.0)} y={format!("{:.1}", y_load(v) + 4.0)} text-anchor="end">{format!("{v:.0}")}</text>
            }
        })
        .collect_view();
    let r_ticks = [0.0, 0.8, 1.3, 2.0]
        .into_iter()
        .map(|r| view! {
            <text class="tick" x={format!("{:.1}", width - RIGHT + 6.0)} y={format!("{:.1}", y_acwr(r) + 4.0)}>{format!("{r:.1}")}</text>
        })
        .collect_view();
    view! {
            <svg class={super::svg_class(width)} viewBox={format!("0 0 {width} {H}")} role="img" aria-labelledby="load-title">
                <rect class="acwr-band" x={LEFT.to_string()} y={format!("{:.1}", y_acwr(1.3))} width={plot_w.to_string()}
                    height={format!("{:.1}", y_acwr(0.8) - y_acwr(1.3))}/>
                <line class="axis" x1={LEFT.to_string()} y1={TOP.to_string()} x2={LEFT.to_string()} y2={(TOP + plot_h).to_string()}/>
                <line class="axis" x1={LEFT.to_string()} y1={(TOP + plot_h).to_string()} x2={(width - RIGHT).to_string()} y2={(TOP + plot_h).to_string()}/>
                {bars}
                <polyline class="acwr-line" points={line}/>
                {dots}
                {x_labels}
                {y_ticks}
                {r_ticks}
                <text class="axis-title" x={(LEFT + plot_w / 2.0).to_string()} y={(H - 6.0).to_string()} text-anchor="middle">"Week starting (month-day)"</text>
                <text class="axis-title" transform={format!("translate(14 {:.1}) rotate(-90)", TOP + plot_h / 2.0)} text-anchor="middle">"Load (RPE × min)"</text>
                <text class="axis-title" transform={format!("translate({:.1} {:.1}) rotate(90)", width - 8.0, TOP + plot_h / 2.0)} text-anchor="middle">"ACWR (band 0.8-1.3)"</text>
            </svg>
    }
}
