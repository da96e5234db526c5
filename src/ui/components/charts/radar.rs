//! The assessment radar: one spoke per area, the climber's result as a multiple of what is
//! typical at their current grade (the dashed ring at 1.0). Areas without a test or without
//! norms get a labelled spoke and no point, so "not tested" never reads as average.
use leptos::prelude::*;

use super::ChartFigure;
use crate::domain::assessment::score::{AreaStatus, AssessmentResult};

const SIZE: f64 = 320.0;
const CENTER: f64 = SIZE / 2.0;
const RADIUS: f64 = 110.0;

/// (x, y) of `value` (in multiples of the norm, scaled so `max` is the rim) on spoke `i`.
fn point(i: usize, n: usize, value: f64, max: f64) -> (f64, f64) {
    let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
    let r = RADIUS * (value / max).clamp(0.0, 1.0);
    (CENTER + r * angle.cos(), CENTER + r * angle.sin())
}

#[component]
pub fn RadarChart(result: AssessmentResult) -> impl IntoView {
    let n = result.areas.len().max(1);
    let ratios: Vec<Option<f64>> = result
        .areas
        .iter()
        .map(|a| match &a.status {
            AreaStatus::Scored {
                measured, expected, ..
            } if *expected > 0.0 => Some(measured / expected),
            _ => None,
        })
        .collect();
    // The rim is at least 1.5 × the norm, further out when someone is far ahead.
    let max = ratios.iter().flatten().fold(1.5f64, |m, r| m.max(*r * 1.1));
    let ring = move |value: f64| {
        (0..n)
            .map(|i| {
                let (x, y) = point(i, n, value, max);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let scored: Vec<(usize, f64)> = ratios
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.map(|r| (i, r)))
        .collect();
    let shape = (scored.len() >= 3).then(|| {
        scored
            .iter()
            .map(|(i, r)| {
                let (x, y) = point(*i, n, *r, max);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    });
    let rows = result
        .areas
        .iter()
        .zip(&ratios)
        .map(|(a, r)| {
            vec![
                a.area.label().to_string(),
                match (&a.status, r) {
                    (_, Some(r)) => format!("{:.2} × typical", r),
                    (AreaStatus::Recorded { .. }, None) => "recorded, not scored".into(),
                    _ => "not tested".into(),
                },
            ]
        })
        .collect();
    let spokes = result
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let (x, y) = point(i, n, max, max);
            let (lx, ly) = point(i, n, max * 1.18, max);
            let anchor = if (lx - CENTER).abs() < 5.0 {
                "middle"
            } else if lx > CENTER {
                "start"
            } else {
                "end"
            };
            let note = match (&a.status, ratios[i]) {
                (_, Some(_)) => None,
                (AreaStatus::Recorded { .. }, None) => Some("not scored"),
                _ => Some("not tested"),
            };
            view! {
                <line x1={CENTER} y1={CENTER} x2={format!("{x:.1}")} y2={format!("{y:.1}")} class="radar-spoke"/>
                <text x={format!("{lx:.1}")} y={format!("{ly:.1}")} text-anchor={anchor} class="radar-label">
                    {a.area.label()}
                    {note.map(|t| view! { <tspan x={format!("{lx:.1}")} dy="1.1em" class="radar-note">{t}</tspan> })}
                </text>
            }
        })
        .collect_view();
    let dots = scored
        .iter()
        .map(|(i, r)| {
            let (x, y) = point(*i, n, *r, max);
            view! { <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="4" class="radar-dot"/> }
        })
        .collect_view();
    view! {
        <ChartFigure id="radar" title="Your areas against your current grade" columns={vec!["Area", "Result"]} rows>
            <svg viewBox={format!("-70 -10 {} {}", SIZE + 140.0, SIZE + 20.0)} role="img"
                aria-label="Radar chart of your tested areas; the dashed ring is typical for your grade">
                <polygon points={ring(max)} class="radar-rim"/>
                <polygon points={ring(1.0)} class="radar-par"/>
                {spokes}
                {shape.map(|p| view! { <polygon points={p} class="radar-shape"/> })}
                {dots}
            </svg>
            <p class="hint">"Dashed ring: typical for climbers at your current grade. Tables marked heuristic are coaching estimates, not research."</p>
        </ChartFigure>
    }
}
