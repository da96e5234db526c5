//! Coach-proposed program changes (issue 21). The coach's side, on an athlete's page: propose
//! a new program from the athlete's latest assessment, or a few moved and skipped sessions,
//! each with a note; and the coach's recent proposals with what became of them. The athlete's
//! side, on the programs page: a card per pending proposal with the coach's note, what it
//! changes, and Accept / Decline. The lists load after hydration (client-side), so the
//! server-rendered page and the hydrating one are the same.
use leptos::prelude::*;

use crate::api::proposals::{
    accept_proposal, coach_proposals, decline_proposal, my_proposals, propose_changes,
    propose_generated,
};
use crate::domain::program::proposal::{
    ProposalKind, ProposalStatus, ProposalView, SessionChange, NOTE_MAX_CHARS,
};
use crate::domain::program::tracking::{ProgramView, SessionStatus};
use crate::ui::components::deferred::{deferred, not_loaded, split_part};

/// What a proposal changes, in a line or a few.
#[component]
fn ProposalSummaryView(p: ProposalView) -> impl IntoView {
    let s = p.summary;
    match p.kind {
        ProposalKind::Generate => {
            let now = match (s.weeks_before, s.sessions_before) {
                (Some(w), Some(n)) => {
                    format!(" The current program ({w} weeks, {n} sessions) stays in the history.")
                }
                _ => String::new(),
            };
            view! {
                <p class="proposal-summary">
                    {format!(
                        "A new program from the latest assessment: {} weeks, {} sessions, {} to {}.{now}",
                        s.weeks_after, s.sessions_after, s.start, s.end
                    )}
                </p>
            }
            .into_any()
        }
        ProposalKind::Edit => view! {
            <ul class="proposal-changes">
                {s.moved.into_iter().map(|m| view! {
                    <li>{format!("{}: moved from {} to {}", m.title, m.from, m.to)}</li>
                }).collect_view()}
                {s.skipped.into_iter().map(|k| view! {
                    <li>{format!("{} on {}: skipped", k.title, k.date)}</li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

/// The athlete's cards: "Your coach proposes…", Accept and Decline. The pending proposals are
/// fetched once the page is live; the cards' code (see [`proposal_cards_view`]) only when there
/// is one, which most visits to the programs page never need.
#[component]
pub fn ProposalCards(on_changed: Callback<()>) -> impl IntoView {
    let list = RwSignal::new(Vec::<ProposalView>::new());
    let reload = RwSignal::new(0usize);
    // Once a card has been shown it stays mounted, so "Accepted…" outlives the last card.
    let shown = RwSignal::new(false);
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move {
            if let Ok(l) = my_proposals().await {
                if !l.is_empty() {
                    shown.set(true);
                }
                list.set(l);
            }
        });
    });
    deferred(
        move || shown.get(),
        |failed: bool| failed.then(not_loaded),
        move || proposal_cards_view(list, reload, on_changed),
    )
}

fn proposal_cards(
    list: RwSignal<Vec<ProposalView>>,
    reload: RwSignal<usize>,
    on_changed: Callback<()>,
) -> AnyView {
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let decide = move |id: String, accept: bool| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = if accept {
                accept_proposal(id).await
            } else {
                decline_proposal(id).await
            };
            match r {
                Ok(()) => {
                    error.set(None);
                    done.set(Some(if accept {
                        "Accepted: your program below is updated.".into()
                    } else {
                        "Declined. Your program stays as it is.".into()
                    }));
                    reload.update(|n| *n += 1);
                    on_changed.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        {move || done.get().map(|m| view! { <p class="form-ok" role="status">{m}</p> })}
        {move || error.get().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
        <For each={move || list.get()} key={|p| p.id.clone()} let:p>
            {
                let title_id = format!("proposal-{}", p.id);
                let labelled_by = title_id.clone();
                let heading = match p.kind {
                    ProposalKind::Generate => "Your coach proposes a new program",
                    ProposalKind::Edit => "Your coach proposes changes to your program",
                };
                let (a, d) = (p.id.clone(), p.id.clone());
                let stale = p.stale;
                view! {
                    <section class="proposal-card" aria-labelledby={labelled_by}>
                        <h2 id={title_id}>{heading}</h2>
                        <p class="muted">{format!("From {}", p.coach_name)}</p>
                        {(!p.note.is_empty()).then(|| view! { <blockquote class="proposal-note">{p.note.clone()}</blockquote> })}
                        <ProposalSummaryView p={p.clone()}/>
                        {stale.then(|| view! {
                            <p class="warn-note">"Your program has changed since this was proposed, so it can't be applied. Decline it and ask your coach for a new one."</p>
                        })}
                        <p class="muted">"Nothing changes until you accept."</p>
                        <div class="proposal-actions">
                            <button type="button" disabled={move || busy.get() || stale}
                                on:click={move |_| decide(a.clone(), true)}>"Accept"</button>
                            <button type="button" class="secondary" disabled={move || busy.get()}
                                on:click={move |_| decide(d.clone(), false)}>"Decline"</button>
                        </div>
                    </section>
                }
            }
        </For>
    }
    .into_any()
}

/// The coach's side on an athlete's page (shown only while programs are shared).
///
/// The panel is drawn once the page is live (see [`CoachProposals`]), with its code from
/// [`coach_proposals_view`].
fn coach_panel(athlete_id: String, name: String, program: Option<ProgramView>) -> AnyView {
    let ids = StoredValue::new(athlete_id);
    let sent = RwSignal::new(Vec::<ProposalView>::new());
    let reload = RwSignal::new(0usize);
    Effect::new(move |_| {
        reload.track();
        let id = ids.get_value();
        leptos::task::spawn_local(async move {
            if let Ok(l) = coach_proposals(id).await {
                sent.set(l);
            }
        });
    });
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let changes = RwSignal::new(Vec::<(SessionChange, String)>::new());
    let who = StoredValue::new(name.clone());
    let finish = move |r: Result<ProposalView, crate::api::ApiError>| {
        match r {
            Ok(_) => {
                error.set(None);
                note.set(String::new());
                changes.set(Vec::new());
                done.set(Some(format!(
                    "Proposed. {} sees it on their programs page and decides.",
                    who.get_value()
                )));
                reload.update(|n| *n += 1);
            }
            Err(e) => {
                done.set(None);
                error.set(Some(e.to_string()));
            }
        }
        busy.set(false);
    };
    let generate = move |_| {
        busy.set(true);
        let (id, n) = (ids.get_value(), note.get_untracked());
        leptos::task::spawn_local(async move { finish(propose_generated(id, n).await) });
    };
    let send_changes = move |_| {
        busy.set(true);
        let (id, n) = (ids.get_value(), note.get_untracked());
        let list: Vec<SessionChange> = changes
            .get_untracked()
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        leptos::task::spawn_local(async move { finish(propose_changes(id, list, n).await) });
    };

    // The editor: planned sessions from today on, each movable within its week.
    let editable: Vec<(String, String, String, String)> = program
        .as_ref()
        .map(|p| {
            p.sessions
                .iter()
                .filter(|s| s.status == SessionStatus::Planned && s.date >= p.today)
                .map(|s| {
                    let week = p
                        .program
                        .plan
                        .weeks
                        .iter()
                        .find(|w| w.number == s.planned.week);
                    let (from, to) = week
                        .map(|w| (w.starts.max(p.today), w.starts.add_days(6)))
                        .unwrap_or((p.today, p.today));
                    (
                        s.id.clone(),
                        format!("{} · {}", s.date, s.planned.title),
                        from.to_string(),
                        to.to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let has_editor = !editable.is_empty();
    let editable = StoredValue::new(editable);
    let pick =
        RwSignal::new(editable.with_value(|e| e.first().map(|x| x.0.clone()).unwrap_or_default()));
    let action = RwSignal::new("move".to_string());
    let day = RwSignal::new(String::new());
    let bounds = move || {
        let id = pick.get();
        editable.with_value(|e| {
            e.iter()
                .find(|x| x.0 == id)
                .map(|x| (x.2.clone(), x.3.clone()))
                .unwrap_or_default()
        })
    };
    let add = move |_| {
        let id = pick.get_untracked();
        let label = editable.with_value(|e| {
            e.iter()
                .find(|x| x.0 == id)
                .map(|x| x.1.clone())
                .unwrap_or_default()
        });
        let act = action.get_untracked();
        let date = day.get_untracked();
        if act == "move" && date.is_empty() {
            error.set(Some("Pick the day to move it to.".into()));
            return;
        }
        error.set(None);
        let what = if act == "move" {
            format!("{label}: move to {date}")
        } else {
            format!("{label}: skip")
        };
        changes.update(|c| {
            c.retain(|(x, _)| x.session_id != id);
            c.push((
                SessionChange {
                    session_id: id,
                    action: act,
                    date,
                },
                what,
            ))
        });
    };
    let note_id = "proposal-note";
    view! {
        <section class="coach-proposals" aria-labelledby="coach-proposals-title">
            <h3 id="coach-proposals-title">"Propose a change"</h3>
            <p class="muted">{format!("{name} sees your proposal on their programs page; nothing changes until they accept.")}</p>
            <label for={note_id}>"Note for your athlete (optional)"</label>
            <textarea id={note_id} rows="2" maxlength={NOTE_MAX_CHARS.to_string()}
                placeholder="Why this change"
                prop:value={move || note.get()}
                on:input={move |ev| note.set(event_target_value(&ev))}></textarea>
            <div class="proposal-actions">
                <button type="button" disabled={move || busy.get()} on:click={generate}>
                    "Propose a new program from their latest assessment"
                </button>
            </div>
            {has_editor.then(|| view! {
                <fieldset class="session-editor">
                    <legend>"Move or skip sessions"</legend>
                    <label for="proposal-session">"Session"</label>
                    <select id="proposal-session"
                        prop:value={move || pick.get()}
                        on:change={move |ev| { pick.set(event_target_value(&ev)); day.set(String::new()); }}>
                        {editable.with_value(|e| e.iter().map(|(id, label, _, _)| view! {
                            <option value={id.clone()}>{label.clone()}</option>
                        }).collect_view())}
                    </select>
                    <div class="editor-row">
                        <label><input type="radio" name="proposal-action" value="move"
                            prop:checked={move || action.get() == "move"}
                            on:change={move |_| action.set("move".into())}/>" Move to"</label>
                        <input type="date" aria-label="New day"
                            min={move || bounds().0} max={move || bounds().1}
                            disabled={move || action.get() != "move"}
                            prop:value={move || day.get()}
                            on:input={move |ev| day.set(event_target_value(&ev))}/>
                        <label><input type="radio" name="proposal-action" value="skip"
                            prop:checked={move || action.get() == "skip"}
                            on:change={move |_| action.set("skip".into())}/>" Skip"</label>
                    </div>
                    <p class="muted">{move || { let (a, b) = bounds(); format!("Within its week: {a} to {b}.") }}</p>
                    <button type="button" class="secondary" on:click={add}>"Add change"</button>
                    <ul class="proposal-changes">
                        <For each={move || changes.get()} key={|(c, _)| c.session_id.clone()} let:item>
                            {
                                let sid = item.0.session_id.clone();
                                view! {
                                    <li>{item.1.clone()}" "
                                        <button type="button" class="link-button"
                                            on:click={move |_| changes.update(|c| c.retain(|(x, _)| x.session_id != sid))}>"Remove"</button>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                    <button type="button" disabled={move || busy.get() || changes.with(Vec::is_empty)}
                        on:click={send_changes}>"Propose these changes"</button>
                </fieldset>
            })}
            {move || done.get().map(|m| view! { <p class="form-ok" role="status">{m}</p> })}
            {move || error.get().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
            {move || {
                let list = sent.get();
                (!list.is_empty()).then(|| view! {
                    <h4>"Your recent proposals"</h4>
                    <ul class="sent-proposals">
                        {list.into_iter().map(|p| {
                            let state = if p.status == ProposalStatus::Pending && p.stale {
                                "Out of date: their program changed".to_string()
                            } else {
                                p.status.label().to_string()
                            };
                            view! {
                                <li>
                                    <strong>{p.kind.label()}</strong>" · "<span class="badge">{state}</span>
                                    {(!p.note.is_empty()).then(|| view! { <span class="muted">{format!(" · “{}”", p.note)}</span> })}
                                    <ProposalSummaryView p={p.clone()}/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        </section>
    }
    .into_any()
}

/// The coach's proposal panel on an athlete's page. The server draws its heading; the browser
/// hydrates the page, then fetches the panel's code and puts it in place, so the athlete's page
/// is interactive before the editor's code arrives.
#[component]
pub fn CoachProposals(
    athlete_id: String,
    name: String,
    /// The athlete's active program, if any.
    program: Option<ProgramView>,
) -> impl IntoView {
    let placeholder = |failed: bool| {
        view! {
            <section class="coach-proposals" aria-labelledby="coach-proposals-title" aria-busy={(!failed).then_some("true")}>
                <h3 id="coach-proposals-title">"Propose a change"</h3>
                {if failed { not_loaded().into_any() } else { view! { <p class="muted">"Loading…"</p> }.into_any() }}
            </section>
        }
    };
    let args = StoredValue::new((athlete_id, name, program));
    deferred(
        || true,
        placeholder,
        move || {
            let (id, name, program) = args.get_value();
            coach_proposals_view(id, name, program)
        },
    )
}

// In the browser, both panels' code is in the progress page's split group (`progress_pages`,
// see `lazy_page!` in `src/ui/app.rs`), fetched when first needed: the group with the most
// room under issue 16's 350 KB, so /progress and /profile carry it and the programs and
// team pages, near or over the budget, don't. A group of their own would split every chunk
// they share with the other groups in two (each page would then fetch more, smaller files).
split_part!(
    progress_pages,
    fn proposal_cards_view(
        list: RwSignal<Vec<ProposalView>>,
        reload: RwSignal<usize>,
        on_changed: Callback<()>,
    ) => proposal_cards(list, reload, on_changed)
);

split_part!(
    progress_pages,
    fn coach_proposals_view(id: String, name: String, program: Option<ProgramView>)
        => coach_panel(id, name, program)
);
