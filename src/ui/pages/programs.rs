use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::programs::{current_program, program_history};
use crate::domain::program::tracking::ProgramView;
use crate::domain::team::CommentView;
use crate::ui::components::comments::{comments_on, my_comments, CommentThread};
use crate::ui::components::deferred::{deferred, not_loaded, split_part};
use crate::ui::components::program::{FoldedCalendar, GenerateButton, WeekView};
use crate::ui::components::proposals::ProposalCards;
use crate::ui::data;

#[component]
fn ProgramOverview(view_data: ProgramView) -> impl IntoView {
    let plan = &view_data.program.plan;
    let focus = if plan.focus.is_empty() {
        "balanced".to_string()
    } else {
        plan.focus
            .iter()
            .map(|a| a.label().to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let summary = format!(
        "{} · {} to {} · {} of {} sessions done · focus: {focus}",
        plan.model.label(),
        plan.start,
        plan.end,
        view_data.done,
        view_data.sessions.len()
    );
    let notes = plan.notes.clone();
    view! {
        <p class="program-summary">{summary}</p>
        {(!notes.is_empty()).then(|| view! {
            <ul class="program-notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
        })}
    }
}

/// Coaches' comments on the program's sessions, when there are any: their code is fetched
/// then, from the journal's split group (`journal_pages`, see `lazy_page!` in
/// `src/ui/app.rs`), which draws the same threads under journal entries. A climber without a
/// coach never fetches it, and the programs page loads less before it works (issue 16).
#[component]
fn SessionCommentsLater(view_data: ProgramView, comments: Vec<CommentView>) -> impl IntoView {
    (!comments.is_empty()).then(|| {
        deferred(
            || true,
            |failed: bool| failed.then(not_loaded),
            move || session_comments_view(view_data.clone(), comments.clone()),
        )
    })
}

split_part!(
    journal_pages,
    fn session_comments_view(view_data: ProgramView, comments: Vec<CommentView>)
        => view! { <SessionComments view_data comments/> }
);

/// Coaches' comments on the program's sessions, under each session they are about.
#[component]
fn SessionComments(view_data: ProgramView, comments: Vec<CommentView>) -> impl IntoView {
    let commented: Vec<_> = view_data
        .sessions
        .into_iter()
        .map(|s| {
            let thread = comments_on(&comments, &s.id);
            (s, thread)
        })
        .filter(|(_, thread)| !thread.is_empty())
        .collect();
    (!commented.is_empty()).then(|| {
        view! {
            <section class="session-comments" aria-labelledby="session-comments-title">
                <h2 id="session-comments-title">"Comments from your coach"</h2>
                <ul class="athlete-program">
                    {commented.into_iter().map(|(s, thread)| view! {
                        <li>
                            <strong>{s.date.to_string()}</strong>" · "{s.planned.title.clone()}" · "{s.status.label()}
                            <CommentThread comments={thread}/>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// `/programs`: the active program's week view and calendar, generation, and the history.
#[component]
pub fn ProgramsPage() -> impl IntoView {
    let changed = RwSignal::new(0usize);
    let program = data::resource(move || changed.get(), |_| current_program());
    let history = data::resource(move || changed.get(), |_| program_history());
    let on_changed = Callback::new(move |_| changed.update(|n| *n += 1));
    // Coaches' comments on the program's sessions (marked read once shown).
    let comments = my_comments("session", move || {
        let program = program.get()?.ok()??;
        Some(program.sessions.into_iter().map(|s| s.id).collect())
    });
    view! {
        <Title text="Programs — ClimbingPill"/>
        <section class="page">
            <h1>"Your program"</h1>
            <ProposalCards on_changed/>
            {data::loaded(|| view! { <p>"Loading your program…"</p> }, move || async move {
                    let comments = comments.await.unwrap_or_default();
                    match program.await {
                        Ok(Some(p)) => view! {
                            <ProgramOverview view_data={p.clone()}/>
                            <WeekView view_data={p.clone()} on_changed/>
                            <SessionCommentsLater view_data={p.clone()} comments/>
                            <FoldedCalendar view_data={p}/>
                            <GenerateButton has_active={true} on_generated={on_changed}/>
                        }.into_any(),
                        Ok(None) => view! {
                            <p>"No program yet. It is built from your latest assessment: your weakest areas get the most attention, and the rules keep it safe (rest days, 48 hours between max-finger sessions, deloads)."</p>
                            <GenerateButton has_active={false} on_generated={on_changed}/>
                        }.into_any(),
                        Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            {data::loaded(|| (), move || async move {
                    let past: Vec<_> = history.await.unwrap_or_default().into_iter().filter(|p| !p.active).collect();
                    (!past.is_empty()).then(|| view! {
                        <section aria-labelledby="past-title">
                            <h2 id="past-title">"Earlier programs"</h2>
                            <ul>{past.into_iter().map(|p| view! {
                                <li>{format!("{} · {} to {} · {} weeks", p.plan.model.label(), p.plan.start, p.plan.end, p.plan.weeks.len())}</li>
                            }).collect_view()}</ul>
                        </section>
                    })
                })}
        </section>
    }
}
