//! The two-step assessment form: background, then the tests (each optional, each with its
//! protocol). Every keystroke stays in the page; each step is saved as a draft on the server,
//! so leaving and coming back resumes where the climber stopped.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::assessment::{finish_assessment, save_background};
use crate::api::ApiError;
use crate::domain::assessment::protocols::protocol;
use crate::domain::assessment::{AssessmentDraft, BackgroundInput, FrontLever, TestsInput};
use crate::domain::journal::ClimbStyle;
use crate::domain::training::Area;
use crate::ui::components::form::{EquipmentChecks, HangboardRadios, SelectField, TextField};

/// Every field of the draft as a signal.
#[derive(Clone, Copy)]
struct Fields {
    years: RwSignal<String>,
    boulder: RwSignal<String>,
    boulder_style: RwSignal<String>,
    route: RwSignal<String>,
    route_style: RwSignal<String>,
    goal_discipline: RwSignal<String>,
    goal_grade: RwSignal<String>,
    target_date: RwSignal<String>,
    days: RwSignal<String>,
    minutes: RwSignal<String>,
    equipment: RwSignal<Vec<String>>,
    injuries: RwSignal<String>,
    age: RwSignal<String>,
    hangboard_history: RwSignal<String>,
    bodyweight: RwSignal<String>,
    hang_kg: RwSignal<String>,
    hang_s: RwSignal<String>,
    pull_kind: RwSignal<String>,
    pull_value: RwSignal<String>,
    endurance_kind: RwSignal<String>,
    endurance_value: RwSignal<String>,
    power_kind: RwSignal<String>,
    power_value: RwSignal<String>,
    core_kind: RwSignal<String>,
    core_value: RwSignal<String>,
    leg_span: RwSignal<String>,
}

fn or(v: &str, default: &str) -> String {
    if v.is_empty() {
        default.to_string()
    } else {
        v.to_string()
    }
}

impl Fields {
    fn new(d: &AssessmentDraft) -> Self {
        let (b, t) = (&d.background, &d.tests);
        let s = |v: &str| RwSignal::new(v.to_string());
        Self {
            years: s(&b.years_climbing),
            boulder: s(&b.hardest_boulder),
            boulder_style: RwSignal::new(or(&b.hardest_boulder_style, "redpoint")),
            route: s(&b.hardest_route),
            route_style: RwSignal::new(or(&b.hardest_route_style, "redpoint")),
            goal_discipline: RwSignal::new(or(&b.goal_discipline, "boulder")),
            goal_grade: s(&b.goal_grade),
            target_date: s(&b.target_date),
            days: RwSignal::new(or(&b.days_per_week, "3")),
            minutes: RwSignal::new(or(&b.session_minutes, "90")),
            equipment: RwSignal::new(b.equipment.clone()),
            injuries: s(&b.injuries),
            age: s(&b.age),
            hangboard_history: s(&b.hangboard_history),
            bodyweight: s(&t.bodyweight_kg),
            hang_kg: s(&t.max_hang_added_kg),
            hang_s: RwSignal::new(or(&t.max_hang_seconds, "10")),
            pull_kind: RwSignal::new(or(&t.pull_kind, "max_reps")),
            pull_value: s(&t.pull_value),
            endurance_kind: RwSignal::new(or(&t.endurance_kind, "repeaters")),
            endurance_value: s(&t.endurance_value),
            power_kind: RwSignal::new(or(&t.power_kind, "campus_reach")),
            power_value: s(&t.power_value),
            core_kind: RwSignal::new(or(&t.core_kind, "leg_raises")),
            core_value: s(&t.core_value),
            leg_span: s(&t.leg_span_cm),
        }
    }

    fn draft(&self) -> AssessmentDraft {
        let g = |s: RwSignal<String>| s.get_untracked();
        // A protocol choice means nothing without its value: send it only with one, so an
        // untouched test stays "not tested".
        let kind = |k: RwSignal<String>, v: RwSignal<String>| {
            if v.get_untracked().trim().is_empty() {
                String::new()
            } else {
                k.get_untracked()
            }
        };
        let hang_s = if g(self.hang_kg).trim().is_empty() {
            String::new()
        } else {
            g(self.hang_s)
        };
        AssessmentDraft {
            background: BackgroundInput {
                years_climbing: g(self.years),
                hardest_boulder: g(self.boulder),
                hardest_boulder_style: g(self.boulder_style),
                hardest_route: g(self.route),
                hardest_route_style: g(self.route_style),
                goal_discipline: g(self.goal_discipline),
                goal_grade: g(self.goal_grade),
                target_date: g(self.target_date),
                days_per_week: g(self.days),
                session_minutes: g(self.minutes),
                equipment: self.equipment.get_untracked(),
                injuries: g(self.injuries),
                age: g(self.age),
                hangboard_history: g(self.hangboard_history),
            },
            tests: TestsInput {
                bodyweight_kg: g(self.bodyweight),
                max_hang_added_kg: g(self.hang_kg),
                max_hang_seconds: hang_s,
                pull_kind: kind(self.pull_kind, self.pull_value),
                pull_value: g(self.pull_value),
                endurance_kind: kind(self.endurance_kind, self.endurance_value),
                endurance_value: g(self.endurance_value),
                power_kind: kind(self.power_kind, self.power_value),
                power_value: g(self.power_value),
                core_kind: kind(self.core_kind, self.core_value),
                core_value: g(self.core_value),
                leg_span_cm: g(self.leg_span),
            },
        }
    }
}

const SEND_STYLES: [ClimbStyle; 4] = [
    ClimbStyle::Redpoint,
    ClimbStyle::Flash,
    ClimbStyle::Onsight,
    ClimbStyle::Repeat,
];

fn style_options() -> Vec<(&'static str, &'static str)> {
    SEND_STYLES.iter().map(|s| (s.code(), s.label())).collect()
}

/// A test's protocol, shown above its inputs.
#[component]
fn Protocol(area: Area) -> impl IntoView {
    let p = protocol(area);
    view! {
        <details class="protocol">
            <summary>{format!("How to do it: {}", p.title)}</summary>
            <p>{p.how}</p>
            <p class="hint">{p.caution}</p>
        </details>
    }
}

#[component]
pub fn AssessmentForm(
    draft: AssessmentDraft,
    /// Called with the new assessment's id once it is saved.
    on_finished: Callback<String>,
) -> impl IntoView {
    let f = Fields::new(&draft);
    let step = RwSignal::new(1u8);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let msg = move |field: &'static str| {
        Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.for_field(field))))
    };
    let alert = move || {
        error.with(|e| match e {
            Some(ApiError::Invalid { field, message }) if field.is_empty() => Some(message.clone()),
            Some(ApiError::Invalid { .. }) => Some("Please fix the fields marked below.".into()),
            Some(e) => Some(e.to_string()),
            None => None,
        })
    };
    let on_background = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match save_background(f.draft()).await {
                Ok(()) => {
                    error.set(None);
                    step.set(2);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let on_tests = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match finish_assessment(f.draft()).await {
                Ok(id) => {
                    error.set(None);
                    on_finished.run(id);
                }
                Err(e) => {
                    // A background problem (edited in another tab, say) sends them back to it.
                    let background_field = matches!(&e, ApiError::Invalid { field, .. }
                        if BACKGROUND_FIELDS.contains(&field.as_str()));
                    if background_field {
                        step.set(1);
                    }
                    error.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <p class="steps" aria-live="polite">{move || format!("Step {} of 2: {}", step.get(), if step.get() == 1 { "your climbing" } else { "physical tests" })}</p>
        <Show when={move || alert().is_some()}>
            <p class="form-alert" role="alert">{alert}</p>
        </Show>
        <Show when={move || step.get() == 1}>
            <form class="assessment-form" aria-label="Your climbing" on:submit={on_background}>
                <div class="form-grid">
                    <TextField id="years_climbing" label="Years climbing" value={f.years} message={msg("years_climbing")}/>
                    <TextField id="hardest_boulder" label="Hardest boulder" value={f.boulder} placeholder="V5 or 6C+" message={msg("hardest_boulder")}/>
                    <SelectField id="hardest_boulder_style" label="Boulder: how" value={f.boulder_style} options={style_options()} message={msg("hardest_boulder_style")}/>
                    <TextField id="hardest_route" label="Hardest route" value={f.route} placeholder="7a or 5.11d" message={msg("hardest_route")}/>
                    <SelectField id="hardest_route_style" label="Route: how" value={f.route_style} options={style_options()} message={msg("hardest_route_style")}/>
                    <SelectField id="goal_discipline" label="Goal" value={f.goal_discipline} options={vec![("boulder", "Bouldering"), ("route", "Routes")]} message={msg("goal_discipline")}/>
                    <TextField id="goal_grade" label="Goal grade (optional)" value={f.goal_grade} message={msg("goal_grade")}/>
                    <TextField id="target_date" label="Target date (optional)" kind="date" value={f.target_date} message={msg("target_date")}/>
                    <TextField id="days_per_week" label="Training days per week" value={f.days} hint="1-6: programs keep a rest day." message={msg("days_per_week")}/>
                    <TextField id="session_minutes" label="Session length (minutes)" value={f.minutes} message={msg("session_minutes")}/>
                </div>
                <fieldset>
                    <legend>"Equipment you can use"</legend>
                    <EquipmentChecks selected={f.equipment} id_prefix="equipment"/>
                    <p class="field-error" aria-live="polite">{move || msg("equipment").get()}</p>
                </fieldset>
                <TextField id="injuries" label="Current injuries" value={f.injuries} hint="Leave blank if none. Any injury keeps finger-intensive work out of your program." message={msg("injuries")}/>
                <TextField id="age" label="Age (optional)" value={f.age} inputmode="numeric"
                    hint="From 50, warm-ups are longer and hard finger days further apart." message={msg("age")}/>
                <HangboardRadios value={f.hangboard_history} id_prefix="assessment-hangboard" message={msg("hangboard_history")}/>
                <div class="form-actions">
                    <button type="submit" disabled={move || busy.get()}>"Next: tests"</button>
                </div>
            </form>
        </Show>
        <Show when={move || step.get() == 2}>
            <form class="assessment-form" aria-label="Physical tests" on:submit={on_tests}>
                <p class="hint">"Every test is optional: leave a test blank and it shows as not tested."</p>
                <TextField id="bodyweight_kg" label="Bodyweight (kg)" value={f.bodyweight} hint="Needed for strength ratios; lb works too (e.g. 150 lb)." message={msg("bodyweight_kg")}/>
                <fieldset><legend>"Finger strength"</legend>
                    <Protocol area={Area::FingerStrength}/>
                    <div class="form-grid">
                        <TextField id="max_hang_added_kg" label="Max hang: added kg" value={f.hang_kg} hint="Negative if you took weight off." message={msg("max_hang_added_kg")}/>
                        <TextField id="max_hang_seconds" label="Max hang: seconds" value={f.hang_s} message={msg("max_hang_seconds")}/>
                    </div>
                </fieldset>
                <fieldset><legend>"Pulling strength"</legend>
                    <Protocol area={Area::PullingStrength}/>
                    <div class="form-grid">
                        <SelectField id="pull_kind" label="Pulling test" value={f.pull_kind} options={vec![("max_reps", "Max pull-ups (reps)"), ("one_rep_max", "Weighted pull-up 1RM (added kg)")]} message={msg("pull_kind")}/>
                        <TextField id="pull_value" label="Pulling result" value={f.pull_value} message={msg("pull_value")}/>
                    </div>
                </fieldset>
                <fieldset><legend>"Finger endurance"</legend>
                    <Protocol area={Area::FingerEndurance}/>
                    <div class="form-grid">
                        <SelectField id="endurance_kind" label="Endurance test" value={f.endurance_kind} options={vec![("repeaters", "7:3 repeaters (hangs)"), ("critical_force", "Critical force (kg)")]} message={msg("endurance_kind")}/>
                        <TextField id="endurance_value" label="Endurance result" value={f.endurance_value} message={msg("endurance_value")}/>
                    </div>
                </fieldset>
                <fieldset><legend>"Power"</legend>
                    <Protocol area={Area::Power}/>
                    <div class="form-grid">
                        <SelectField id="power_kind" label="Power test" value={f.power_kind} options={vec![("campus_reach", "Campus max reach (rung)"), ("max_moves", "Campus max moves")]} message={msg("power_kind")}/>
                        <TextField id="power_value" label="Power result" value={f.power_value} message={msg("power_value")}/>
                    </div>
                </fieldset>
                <fieldset><legend>"Core"</legend>
                    <Protocol area={Area::Core}/>
                    <div class="form-grid">
                        <SelectField id="core_kind" label="Core test" value={f.core_kind} options={vec![("leg_raises", "Hanging leg raises (reps)"), ("front_lever", "Front lever (position)")]} message={msg("core_kind")}/>
                        <TextField id="core_value" label="Core result" value={f.core_value} hint={front_lever_hint()} message={msg("core_value")}/>
                    </div>
                </fieldset>
                <fieldset><legend>"Flexibility"</legend>
                    <Protocol area={Area::Flexibility}/>
                    <TextField id="leg_span_cm" label="Leg span (cm)" value={f.leg_span} message={msg("leg_span_cm")}/>
                </fieldset>
                <div class="form-actions">
                    <button type="button" class="link-button" on:click={move |_| step.set(1)}>"Back"</button>
                    <button type="submit" disabled={move || busy.get()}>"See my results"</button>
                </div>
            </form>
        </Show>
    }
}

const BACKGROUND_FIELDS: [&str; 14] = [
    "years_climbing",
    "hardest_boulder",
    "hardest_boulder_style",
    "hardest_route",
    "hardest_route_style",
    "goal_discipline",
    "goal_grade",
    "target_date",
    "days_per_week",
    "session_minutes",
    "equipment",
    "injuries",
    "age",
    "hangboard_history",
];

fn front_lever_hint() -> &'static str {
    // Spelled out once so the hint lists exactly the codes the server accepts.
    const _: () = assert!(FrontLever::ALL.len() == 5);
    "Front lever: tuck, advanced_tuck, one_leg, straddle or full."
}
