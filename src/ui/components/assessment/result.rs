//! The assessment result: the radar, each area in plain words (not tested shown as such), the
//! ranked weaknesses, the predicted grade band, and the history with what changed.
use leptos::prelude::*;

use crate::domain::assessment::report::AssessmentReport;
use crate::domain::assessment::score::{AreaStatus, AssessmentResult, Verdict};
use crate::domain::grade::{format_in, GradeSystem};
use crate::ui::components::charts::RadarChart;

fn verdict_text(v: &Verdict) -> &'static str {
    match v {
        Verdict::Ahead => "ahead",
        Verdict::OnPar => "on par",
        Verdict::Behind => "behind",
    }
}

fn status_class(s: &AreaStatus) -> &'static str {
    match s {
        AreaStatus::NotTested => "area not-tested",
        AreaStatus::Recorded { .. } => "area recorded",
        AreaStatus::Scored { verdict, .. } => match verdict {
            Verdict::Ahead => "area ahead",
            Verdict::OnPar => "area on-par",
            Verdict::Behind => "area behind",
        },
    }
}

#[component]
fn Areas(result: AssessmentResult) -> impl IntoView {
    view! {
        <ul class="areas" aria-label="Your areas">
            {result.areas.into_iter().map(|a| {
                let tag = match &a.status {
                    AreaStatus::NotTested => "Not tested".to_string(),
                    AreaStatus::Recorded { .. } => "Recorded (no norms)".to_string(),
                    AreaStatus::Scored { verdict, stale, .. } => {
                        let mut t = verdict_text(verdict).to_string();
                        if *stale { t.push_str(" · stale, retest"); }
                        t
                    }
                };
                view! {
                    <li class={status_class(&a.status)}>
                        <strong>{a.area.label()}</strong>" "<span class="badge">{tag}</span>
                        <p>{a.summary}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn AssessmentResultView(report: AssessmentReport) -> impl IntoView {
    let Some(result) = report.result.clone() else {
        return view! {
            <p>"No assessment yet."</p>
            <p><a href="/assessment" class="button">"Take the assessment"</a></p>
        }
        .into_any();
    };
    let taken_on = report
        .latest
        .as_ref()
        .map(|a| a.taken_on.to_string())
        .unwrap_or_default();
    let weaknesses = result.weaknesses.clone();
    let band = result.predicted_band.as_ref().map(|b| {
        format!(
            "Your finger strength is typical of climbers between {} and {} (routes), {} to {} (boulders). This is a rough, heuristic estimate: finger strength explains only about half of grade differences.",
            format_in(b.low, GradeSystem::French),
            format_in(b.high, GradeSystem::French),
            format_in(b.low, GradeSystem::V),
            format_in(b.high, GradeSystem::V),
        )
    });
    let summary = result.summary.clone();
    let changes = report.changes.clone();
    let compared_with = report.compared_with;
    let history = report.history.clone();
    view! {
        <p class="hint">{format!("Assessment of {taken_on}")}</p>
        <div class="result-grid">
            <RadarChart result={result.clone()}/>
            <section aria-labelledby="weak-title">
                <h2 id="weak-title">"What to work on"</h2>
                {if weaknesses.is_empty() {
                    view! { <p>"None of your tested areas is behind your current grade."</p> }.into_any()
                } else {
                    view! {
                        <ol class="weaknesses">
                            {weaknesses.iter().map(|a| view! { <li>{a.label()}</li> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
                <ul class="summary">{summary.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                {band.map(|b| view! { <p class="band">{b}</p> })}
                <p><a href="/programs" class="button">"Build my program"</a></p>
            </section>
        </div>
        <h2>"Each area"</h2>
        <Areas result/>
        {(!changes.is_empty()).then(|| view! {
            <section aria-labelledby="changes-title">
                <h2 id="changes-title">{format!("Since {}", compared_with.map(|d| d.to_string()).unwrap_or_default())}</h2>
                <ul class="changes">
                    {changes.into_iter().map(|c| view! {
                        <li class={if c.within_noise { "within-noise" } else { "real-change" }}>{c.summary}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            <table class="history">
                <thead><tr><th scope="col">"Date"</th><th scope="col">"Behind"</th><th scope="col">"Ahead"</th></tr></thead>
                <tbody>
                    {history.into_iter().map(|h| {
                        let list = |v: &[crate::domain::training::Area]| if v.is_empty() { "—".to_string() } else { v.iter().map(|a| a.label()).collect::<Vec<_>>().join(", ") };
                        view! { <tr><td>{h.taken_on.to_string()}</td><td>{list(&h.weaknesses)}</td><td>{list(&h.strengths)}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}
