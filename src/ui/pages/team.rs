//! Coaching organisations (issue 21): `/team` (a coach's athletes, an athlete's sharing, and
//! making a team), `/team/athlete/:id` (an athlete's shared pages, read-only) and
//! `/invite/:token` (who asks, what to share, accept).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::team::{
    accept_invite, create_coach_invite, create_invite, create_team, get_athlete,
    get_athlete_comments, get_team_overview, leave_team, preview_invite, set_sharing,
};
use crate::api::ApiError;
use crate::domain::team::{
    Area, AthleteSummary, AthleteView, CoachedTeam, CommentView, Membership, Sharing, TeamOverview,
    TeamRole,
};
use crate::ui::app::NavRefresh;
use crate::ui::components::charts::LoadChartLater;
use crate::ui::components::comments::{comments_on, CoachCommentThread, CommentForm};
use crate::ui::components::proposals::CoachProposals;
use crate::ui::data;

fn alert(e: &ApiError) -> AnyView {
    view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any()
}

/// This site's address, for a link to copy (the browser's; empty while rendering on the
/// server, where no link is ever shown).
fn origin() -> String {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window()
            .location()
            .origin()
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// One checkbox per area, bound to `sharing`.
#[component]
fn SharingChoice(sharing: RwSignal<Sharing>, id_prefix: String) -> impl IntoView {
    view! {
        <fieldset class="sharing-choice">
            <legend>"Shared with the team's coaches"</legend>
            {Area::ALL.iter().map(|&area| {
                let id = format!("{id_prefix}-{}", area.code());
                let for_id = id.clone();
                view! {
                    <label class="check" for={for_id}>
                        <input type="checkbox" id={id}
                            prop:checked={move || sharing.get().allows(area)}
                            on:change={move |ev| sharing.update(|s| s.set(area, event_target_checked(&ev)))}/>
                        {area.label()}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// `/team`.
#[component]
pub fn TeamPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let data = data::resource(move || version.get(), |_| get_team_overview());
    let changed = Callback::new(move |_: ()| version.update(|n| *n += 1));
    view! {
        <Title text="Team — ClimbingPill"/>
        <section class="page team-page">
            <h1>"Team"</h1>
            {data::loaded(|| view! { <p>"Loading your teams…"</p> }, move || async move {
                    match data.await {
                        Ok(o) => view! { <Overview o changed/> }.into_any(),
                        Err(e) => alert(&e),
                    }
                })}
        </section>
    }
}

#[component]
fn Overview(o: TeamOverview, changed: Callback<()>) -> impl IntoView {
    let athlete_of: Vec<Membership> = o
        .memberships
        .iter()
        .filter(|m| m.role == TeamRole::Athlete)
        .cloned()
        .collect();
    let nothing = o.memberships.is_empty();
    view! {
        {nothing.then(|| view! {
            <p class="lead">"Coach climbers, or train with a coach: a coach makes a team and sends \
                each athlete an invite link. Athletes choose what the team's coaches see, and can \
                stop sharing at any time."</p>
        })}
        {o.coached.into_iter().map(|t| view! { <CoachedTeamView t changed/> }).collect_view()}
        {(!athlete_of.is_empty()).then(|| view! {
            <h2>"Teams you're on"</h2>
            {athlete_of.into_iter().map(|m| view! { <AthleteMembership m changed/> }).collect_view()}
        })}
        <CreateTeam changed/>
    }
}

#[component]
fn CreateTeam(changed: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let create = Action::new(move |n: &String| {
        let n = n.clone();
        async move { create_team(n).await }
    });
    // The header's Team link appears now, not on the next page load.
    let nav = use_context::<NavRefresh>();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            name.set(String::new());
            error.set(None);
            changed.run(());
            if let Some(nav) = nav {
                nav.bump();
            }
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    view! {
        <form class="create-team" on:submit={move |ev| {
            ev.prevent_default();
            create.dispatch(name.get_untracked());
        }}>
            <h2>"Create a team"</h2>
            <p class="muted">"You'll be its coach. Athletes join with an invite link."</p>
            <div class="field">
                <label for="team-name">"Team name"</label>
                <input id="team-name" type="text" maxlength="80"
                    prop:value={move || name.get()}
                    on:input={move |ev| name.set(event_target_value(&ev))}/>
                <p class="field-error" role="alert">{move || error.get()}</p>
            </div>
            <button type="submit" class="button" disabled={move || create.pending().get()}>"Create team"</button>
        </form>
    }
}

#[component]
fn CoachedTeamView(t: CoachedTeam, changed: Callback<()>) -> impl IntoView {
    let team_id = t.team_id.clone();
    let link = RwSignal::new(None::<Result<(String, String, bool), String>>);
    // (team, for a co-coach?)
    let invite = Action::new(move |(id, for_coach): &(String, bool)| {
        let (id, for_coach) = (id.clone(), *for_coach);
        async move {
            let r = if for_coach {
                create_coach_invite(id).await
            } else {
                create_invite(id).await
            };
            link.set(Some(
                r.map(|l| {
                    let until = crate::domain::when::Date::from_days_since_epoch(
                        l.expires_at.div_euclid(86_400_000),
                    );
                    (
                        format!("{}{}", origin(), l.path),
                        until.to_string(),
                        for_coach,
                    )
                })
                .map_err(|e| e.to_string()),
            ));
        }
    });
    let coach_team_id = team_id.clone();
    // A co-coach may leave (the maker stays the team's coach): the same leave as an
    // athlete's.
    let leave_error = RwSignal::new(None::<String>);
    let leave = leave_action(changed, move |e| leave_error.set(Some(e)));
    let leave_team_id = StoredValue::new(team_id.clone());
    let co_coach = !t.maker;
    let empty = t.athletes.is_empty();
    let heading = format!("{} — your athletes", t.name);
    view! {
        <div class="team-block">
            <h2>{heading}</h2>
            <div class="invite">
                <button type="button" class="button"
                    on:click={move |_| { invite.dispatch((team_id.clone(), false)); }}
                    disabled={move || invite.pending().get()}>"Create invite link"</button>
                " "
                <button type="button" class="button secondary"
                    on:click={move |_| { invite.dispatch((coach_team_id.clone(), true)); }}
                    disabled={move || invite.pending().get()}>"Invite a coach"</button>
                {move || link.get().map(|r| match r {
                    Ok((url, until, for_coach)) => view! {
                        <div class="invite-link">
                            <label for="invite-url">{if for_coach {
                                "Send this link to one coach: they will see your athletes' shared areas as you do (it works once, until "
                            } else {
                                "Send this link to one athlete (it works once, until "
                            }}{until}")"</label>
                            <input id="invite-url" type="text" readonly prop:value={url}/>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="form-alert" role="alert">{e}</p> }.into_any(),
                })}
            </div>
            {if empty {
                view! { <p class="muted">"No athletes yet. Create an invite link and send it to an athlete."</p> }.into_any()
            } else {
                view! { <AthleteTable rows={t.athletes}/> }.into_any()
            }}
            {co_coach.then(|| view! {
                <div class="actions">
                    <button type="button" class="link-button danger"
                        on:click={move |_| { leave.dispatch(leave_team_id.get_value()); }}
                        disabled={move || leave.pending().get()}>"Stop coaching this team"</button>
                    <p class="field-error" role="alert">{move || leave_error.get()}</p>
                </div>
            })}
        </div>
    }
}

const NOT_SHARED: &str = "not shared";

#[component]
fn AthleteTable(rows: Vec<AthleteSummary>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="team-table">
                <thead>
                    <tr>
                        <th scope="col">"Athlete"</th>
                        <th scope="col">"Last activity"</th>
                        <th scope="col">"Load this week"</th>
                        <th scope="col">"ACWR"</th>
                        <th scope="col">"Pain (14 days)"</th>
                        <th scope="col">"Sessions done / due"</th>
                        <th scope="col">"Next session"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|a| view! { <AthleteRow a/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AthleteRow(a: AthleteSummary) -> impl IntoView {
    let href = format!("/team/athlete/{}", a.user_id);
    let activity = a.sharing.activity();
    let cell = |shared: bool, text: String| if shared { text } else { NOT_SHARED.to_string() };
    let last = cell(
        activity,
        a.last_activity
            .map(|d| d.to_string())
            .unwrap_or_else(|| "nothing logged".into()),
    );
    let load = cell(activity, a.week_load.unwrap_or(0).to_string());
    let acwr = cell(
        activity,
        match (a.acwr, a.acwr_band) {
            (Some(r), Some(band)) => format!(
                "{r:.2} ({}){}",
                band.label(),
                if a.acwr_established {
                    ""
                } else {
                    ", early days"
                }
            ),
            _ => "no load in the last 4 weeks".into(),
        },
    );
    let pain = cell(
        activity,
        match a.pain_days.unwrap_or(0) {
            0 => "none".to_string(),
            1 => "1 day".to_string(),
            n => format!("{n} days"),
        },
    );
    let programs = a.sharing.programs;
    let adherence = cell(
        programs,
        match a.adherence {
            Some((done, due)) => format!("{done} / {due}"),
            None => "no program".into(),
        },
    );
    let next = cell(
        programs,
        match &a.next_session {
            Some((d, title)) => format!("{d}: {title}"),
            None if a.no_program => "no program".into(),
            None => "none planned".into(),
        },
    );
    let stopped = a.sharing.is_empty();
    view! {
        <tr class:stopped={stopped}>
            <th scope="row">
                <a href={href}>{a.name}</a>
                {stopped.then(|| view! { <span class="badge">"stopped sharing"</span> })}
            </th>
            <td>{last}</td>
            <td>{load}</td>
            <td>{acwr}</td>
            <td>{pain}</td>
            <td>{adherence}</td>
            <td>{next}</td>
        </tr>
    }
}

/// Leaving a team (as an athlete or a co-coach; the team's id is the input): on success the
/// Team page reloads (`changed`) and so does the header, whose Team link goes with the last
/// team; a refusal goes to `on_error`.
fn leave_action(
    changed: Callback<()>,
    on_error: impl Fn(String) + Copy + Send + Sync + 'static,
) -> Action<String, ()> {
    let nav = use_context::<NavRefresh>();
    Action::new(move |id: &String| {
        let id = id.clone();
        async move {
            match leave_team(id).await {
                Ok(()) => {
                    changed.run(());
                    if let Some(nav) = nav {
                        nav.bump();
                    }
                }
                Err(e) => on_error(e.to_string()),
            }
        }
    })
}

#[component]
fn AthleteMembership(m: Membership, changed: Callback<()>) -> impl IntoView {
    let sharing = RwSignal::new(m.sharing);
    let status = RwSignal::new(None::<Result<String, String>>);
    let team_id = StoredValue::new(m.team_id.clone());
    let save = Action::new(move |s: &Sharing| {
        let s = *s;
        async move {
            let r = set_sharing(team_id.get_value(), s).await;
            status.set(Some(
                r.map(|_| format!("Saved. The coaches now see: {}.", s.describe()))
                    .map_err(|e| e.to_string()),
            ));
        }
    });
    let leave = leave_action(changed, move |e| status.set(Some(Err(e))));
    let prefix = format!("share-{}", m.team_id);
    view! {
        <div class="team-block membership">
            <h3>{m.team_name.clone()}</h3>
            <p class="muted">"Invited by "{m.invited_by.clone()}". The team's coaches see only what you tick, from their next visit on."</p>
            {(!m.coaches.is_empty()).then(|| view! {
                <p class="team-coaches">"Coaches who see what you share: "{m.coaches.join(", ")}</p>
            })}
            <SharingChoice sharing id_prefix={prefix}/>
            <div class="actions">
                <button type="button" class="button" on:click={move |_| { save.dispatch(sharing.get_untracked()); }}
                    disabled={move || save.pending().get()}>"Save sharing"</button>
                <button type="button" class="link-button danger" on:click={move |_| { leave.dispatch(team_id.get_value()); }}
                    disabled={move || leave.pending().get()}>"Leave team"</button>
            </div>
            {move || status.get().map(|r| match r {
                Ok(m) => view! { <p class="form-ok" role="status">{m}</p> }.into_any(),
                Err(e) => view! { <p class="form-alert" role="alert">{e}</p> }.into_any(),
            })}
        </div>
    }
}

/// `/invite/:token`.
#[component]
pub fn InvitePage() -> impl IntoView {
    let params = use_params_map();
    let token = Signal::derive(move || params.read().get("token").unwrap_or_default());
    let preview = data::resource(move || token.get(), preview_invite);
    view! {
        <Title text="Team invite — ClimbingPill"/>
        <section class="page invite-page">
            <h1>"Team invite"</h1>
            {data::loaded(|| view! { <p>"Checking the invite…"</p> }, move || async move {
                    match preview.await {
                        Ok(p) => view! { <AcceptForm p token={token.get_untracked()}/> }.into_any(),
                        Err(e) => view! {
                            {alert(&e)}
                            <p><a href="/team">"Go to the Team page"</a></p>
                        }.into_any(),
                    }
                })}
        </section>
    }
}

#[component]
fn AcceptForm(p: crate::domain::team::InvitePreview, token: String) -> AnyView {
    let sharing = RwSignal::new(Sharing::all());
    let name = RwSignal::new(p.suggested_name.clone());
    let error = RwSignal::new(None::<ApiError>);
    let navigate = use_navigate();
    let accept = Action::new(move |args: &(String, String, Sharing)| {
        let (t, n, s) = args.clone();
        async move { accept_invite(t, n, s).await }
    });
    let nav = use_context::<NavRefresh>();
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(_)) => {
            if let Some(nav) = nav {
                nav.bump();
            }
            navigate("/team", Default::default())
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let token = StoredValue::new(token);
    let coaches = p.coaches.join(", ");
    if p.for_coach {
        return view! {
            <p class="lead"><strong>{p.inviter_name.clone()}</strong>" invites you to coach "
                <strong>{p.team_name.clone()}</strong>" with them."</p>
            <p>"As a coach you see what each athlete shares with the team, as its other coaches \
                do. You share nothing of your own. Coaches now: "{coaches}"."</p>
            <form on:submit={move |ev| {
                ev.prevent_default();
                accept.dispatch((token.get_value(), name.get_untracked(), Sharing::all()));
            }}>
                <div class="field">
                    <label for="member-name">"Your name, as the team sees it"</label>
                    <input id="member-name" type="text" maxlength="60"
                        prop:value={move || name.get()}
                        on:input={move |ev| name.set(event_target_value(&ev))}/>
                    <p class="field-error" role="alert">{move || error.get().and_then(|e| e.for_field("name"))}</p>
                </div>
                {move || error.get().filter(|e| e.for_field("name").is_none()).map(|e| alert(&e))}
                <button type="submit" class="button" disabled={move || accept.pending().get()}>"Coach the team"</button>
            </form>
        }
        .into_any();
    }
    view! {
        <p class="lead"><strong>{p.inviter_name.clone()}</strong>" invites you to join "
            <strong>{p.team_name.clone()}</strong>" as an athlete."</p>
        <p class="team-coaches">"The team's coaches, who would see what you share: "{coaches}"."</p>
        <p>"Choose what the team's coaches may see. You can change this or leave the team at any \
            time. They never see your conversations with the coach, what it remembers, or your \
            account details."</p>
        <form on:submit={move |ev| {
            ev.prevent_default();
            accept.dispatch((token.get_value(), name.get_untracked(), sharing.get_untracked()));
        }}>
            <SharingChoice sharing id_prefix={"invite".to_string()}/>
            <div class="field">
                <label for="member-name">"Your name, as the team sees it"</label>
                <input id="member-name" type="text" maxlength="60"
                    prop:value={move || name.get()}
                    on:input={move |ev| name.set(event_target_value(&ev))}/>
                <p class="field-error" role="alert">{move || error.get().and_then(|e| e.for_field("name"))}</p>
            </div>
            {move || error.get().filter(|e| e.for_field("name").is_none()).map(|e| alert(&e))}
            <button type="submit" class="button" disabled={move || accept.pending().get()}>"Join the team"</button>
        </form>
    }
    .into_any()
}

/// `/team/athlete/:id`: what the athlete shares with the climber, read-only.
#[component]
pub fn AthletePage() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    let data = data::resource(move || id.get(), get_athlete);
    // The coach's own comments on this athlete's rows; fetched again after each new one.
    let added = RwSignal::new(0u32);
    let comments = data::resource(
        move || (id.get(), added.get()),
        |(id, _)| get_athlete_comments(id),
    );
    let on_comment = Callback::new(move |_| added.update(|n| *n += 1));
    view! {
        <Title text="Athlete — ClimbingPill"/>
        <section class="page athlete-page">
            <p><a href="/team">"← Team"</a></p>
            {data::loaded(|| view! { <p>"Loading…"</p> }, move || async move {
                    let comments = comments.await.unwrap_or_default();
                    match data.await {
                        Ok(v) => view! { <AthleteSections v comments on_comment/> }.into_any(),
                        Err(ApiError::NotFound) => view! {
                            <h1>"Not shared"</h1>
                            <p class="form-alert" role="alert">"This athlete isn't sharing anything with you: they left the team, or the link is wrong."</p>
                        }.into_any(),
                        Err(e) => alert(&e),
                    }
                })}
        </section>
    }
}

fn not_shared(what: &str) -> AnyView {
    view! { <p class="not-shared">{format!("{what}: not shared with you.")}</p> }.into_any()
}

#[component]
fn AthleteSections(
    v: AthleteView,
    /// The coach's comments on this athlete's rows, newest first.
    comments: Vec<CommentView>,
    on_comment: Callback<()>,
) -> impl IntoView {
    // Under each entry and session: the coach's comments on it, and a form for a new one.
    let athlete_id = v.user_id.clone();
    let thread = move |target: &'static str, target_id: String, what: String| {
        view! {
            <CoachCommentThread comments={comments_on(&comments, &target_id)} on_deleted={on_comment}/>
            <CommentForm athlete_id={athlete_id.clone()} target target_id what on_added={on_comment}/>
        }
    };
    let journal = match v.journal {
        None => not_shared("Journal"),
        Some(list) if list.is_empty() => view! { <p class="muted">"Nothing logged in the last year."</p> }.into_any(),
        Some(list) => view! {
            <ul class="athlete-journal">
                {list.into_iter().map(|e| {
                    let d = e.data;
                    let rpe = d.rpe.map(|r| format!(", RPE {r}")).unwrap_or_default();
                    let pain = (!d.pain.is_empty()).then(|| format!(
                        "Pain: {}",
                        d.pain.iter().map(|p| p.body_part.clone()).collect::<Vec<_>>().join(", ")
                    ));
                    view! {
                        <li>
                            <strong>{d.date.to_string()}</strong>" · "{d.kind.label()}" · "
                            {format!("{} min{rpe}", d.duration_min)}
                            {pain.map(|p| view! { <span class="badge warn">{p}</span> })}
                            {(!d.notes.is_empty()).then(|| view! { <p class="notes">{d.notes.clone()}</p> })}
                            {thread("journal", e.id.clone(), format!("the entry of {}", d.date))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any(),
    };
    let progress = match v.progress {
        None => not_shared("Progress"),
        Some(p) => view! { <LoadChartLater weeks={p.weeks}/> }.into_any(),
    };
    let assessments = match v.assessments {
        None => not_shared("Assessment results"),
        Some(list) if list.is_empty() => view! { <p class="muted">"No assessment yet."</p> }.into_any(),
        Some(list) => view! {
            <ul>
                {list.into_iter().map(|a| {
                    let hang = a.tests.max_hang.as_ref().map(|t| format!(
                        "max hang +{} kg for {} s", t.result.added_kg, t.result.seconds
                    ));
                    let weight = a.tests.bodyweight_kg.map(|w| format!("bodyweight {w} kg"));
                    let facts: Vec<String> = [hang, weight].into_iter().flatten().collect();
                    view! {
                        <li><strong>{a.taken_on.to_string()}</strong>" · "
                            {format!("{} years climbing, {} days a week", a.background.years_climbing, a.background.days_per_week)}
                            {(!facts.is_empty()).then(|| format!(" · {}", facts.join(", ")))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any(),
    };
    // The coach's proposals (issue 21), while programs are shared.
    let proposing = v.program.clone().map(|p| {
        view! { <CoachProposals athlete_id={v.user_id.clone()} name={v.name.clone()} program={p}/> }
    });
    let program = match v.program {
        None => not_shared("Training program"),
        Some(None) => view! { <p class="muted">"No active program."</p> }.into_any(),
        Some(Some(p)) => {
            let summary = format!(
                "{} of {} sessions done, {} skipped",
                p.done,
                p.sessions.len(),
                p.skipped
            );
            view! {
                <p>{summary}</p>
                <ul class="athlete-program">
                    {p.sessions.into_iter().map(|s| view! {
                        <li><strong>{s.date.to_string()}</strong>" · "{s.planned.title.clone()}" · "{s.status.label()}
                            {thread("session", s.id.clone(), format!("the session of {}", s.date))}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }
    };
    view! {
        <h1>{v.name.clone()}</h1>
        <p class="muted">{format!("Shares: {}.", v.sharing.describe())}</p>
        <h2>"Journal"</h2>
        {journal}
        <h2>"Progress"</h2>
        {progress}
        <h2>"Assessment results"</h2>
        {assessments}
        <h2>"Training program"</h2>
        {program}
        {proposing}
    }
}
