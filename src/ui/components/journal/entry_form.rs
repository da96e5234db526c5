//! The journal entry form, for a new entry or an edit. Errors show next to their field;
//! what the climber typed stays in the form until it is saved.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::journal::save_entry;
use crate::api::ApiError;
use crate::domain::journal::{
    ClimbInput, ClimbStyle, EntryInput, JournalEntry, PainInput, SessionKind,
};

#[derive(Clone, Copy)]
struct ClimbRow {
    key: usize,
    grade: RwSignal<String>,
    style: RwSignal<String>,
    attempts: RwSignal<String>,
}

impl ClimbRow {
    fn new(key: usize, c: &ClimbInput) -> Self {
        Self {
            key,
            grade: RwSignal::new(c.grade.clone()),
            style: RwSignal::new(if c.style.is_empty() {
                "redpoint".into()
            } else {
                c.style.clone()
            }),
            attempts: RwSignal::new(c.attempts.clone()),
        }
    }
}

/// The form's starting values: an entry being edited, or an empty one dated `today`.
fn initial(entry: Option<&JournalEntry>, today: &str) -> EntryInput {
    let Some(e) = entry else {
        return EntryInput {
            date: today.to_string(),
            kind: "bouldering".into(),
            ..EntryInput::default()
        };
    };
    let d = &e.data;
    let n = |v: Option<u8>| v.map(|n| n.to_string()).unwrap_or_default();
    EntryInput {
        date: d.date.to_string(),
        kind: d.kind.code().into(),
        location: d.location.clone(),
        duration_min: d.duration_min.to_string(),
        rpe: n(d.rpe),
        climbs: d
            .climbs
            .iter()
            .map(|c| ClimbInput {
                grade: c.grade.label.clone(),
                style: c.style.code().into(),
                attempts: c.attempts.to_string(),
                name: c.name.clone(),
            })
            .collect(),
        energy: n(d.energy),
        sleep: n(d.sleep),
        mood: n(d.mood),
        pain: d
            .pain
            .iter()
            .map(|p| PainInput {
                body_part: p.body_part.clone(),
                notes: p.notes.clone(),
            })
            .collect(),
        notes: d.notes.clone(),
        tags: d.tags.join(", "),
    }
}

#[component]
pub fn EntryForm(
    entry: Option<JournalEntry>,
    today: String,
    /// Called with the saved entry.
    on_saved: Callback<JournalEntry>,
) -> impl IntoView {
    let id = entry.as_ref().map(|e| e.id.clone());
    let start = initial(entry.as_ref(), &today);
    let date = RwSignal::new(start.date.clone());
    let kind = RwSignal::new(start.kind.clone());
    let location = RwSignal::new(start.location.clone());
    let duration = RwSignal::new(start.duration_min.clone());
    let rpe = RwSignal::new(start.rpe.clone());
    let pain_part = RwSignal::new(
        start
            .pain
            .first()
            .map(|p| p.body_part.clone())
            .unwrap_or_default(),
    );
    let pain_notes = RwSignal::new(
        start
            .pain
            .first()
            .map(|p| p.notes.clone())
            .unwrap_or_default(),
    );
    let notes = RwSignal::new(start.notes.clone());
    let energy = RwSignal::new(start.energy.clone());
    let sleep = RwSignal::new(start.sleep.clone());
    let mood = RwSignal::new(start.mood.clone());
    let tags = RwSignal::new(start.tags.clone());
    let next_key = StoredValue::new(start.climbs.len().max(1));
    let climbs = RwSignal::new(if start.climbs.is_empty() {
        vec![ClimbRow::new(0, &ClimbInput::default())]
    } else {
        start
            .climbs
            .iter()
            .enumerate()
            .map(|(i, c)| ClimbRow::new(i, c))
            .collect()
    });
    let error = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let is_new = id.is_none();
    let id = StoredValue::new(id);

    let message_for = move |field: String| {
        Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.for_field(&field))))
    };
    let add_climb = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        climbs.update(|c| c.push(ClimbRow::new(key, &ClimbInput::default())));
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = EntryInput {
            date: date.get_untracked(),
            kind: kind.get_untracked(),
            location: location.get_untracked(),
            duration_min: duration.get_untracked(),
            rpe: rpe.get_untracked(),
            climbs: climbs
                .get_untracked()
                .iter()
                .map(|r| ClimbInput {
                    grade: r.grade.get_untracked(),
                    style: r.style.get_untracked(),
                    attempts: r.attempts.get_untracked(),
                    name: String::new(),
                })
                .collect(),
            pain: vec![PainInput {
                body_part: pain_part.get_untracked(),
                notes: pain_notes.get_untracked(),
            }],
            notes: notes.get_untracked(),
            tags: tags.get_untracked(),
            energy: energy.get_untracked(),
            sleep: sleep.get_untracked(),
            mood: mood.get_untracked(),
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            match save_entry(id.get_value(), input).await {
                Ok(saved) => {
                    error.set(None);
                    on_saved.run(saved);
                }
                Err(e) => error.set(Some(e)),
            }
            saving.set(false);
        });
    };
    let form_alert = move || {
        error.with(|e| match e {
            Some(ApiError::Invalid { .. }) => {
                Some("Please fix the fields marked below.".to_string())
            }
            Some(e) => Some(e.to_string()),
            None => None,
        })
    };
    let text_field = move |fid: &'static str,
                           label: &'static str,
                           sig: RwSignal<String>,
                           kind_attr: &'static str,
                           hint: Option<&'static str>| {
        let msg = message_for(fid.to_string());
        view! {
            <div class="field">
                <label for=fid>{label}</label>
                <input id=fid type=kind_attr prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev))
                    aria-describedby=format!("{fid}-error")/>
                {hint.map(|h| view! { <p class="hint">{h}</p> })}
                <p class="field-error" id=format!("{fid}-error") aria-live="polite">{move || msg.get()}</p>
            </div>
        }
    };
    view! {
        <form class="entry-form" on:submit=on_submit aria-label=if is_new { "New journal entry" } else { "Edit journal entry" }>
            <Show when=move || form_alert().is_some()>
                <p class="form-alert" role="alert">{form_alert}</p>
            </Show>
            <div class="form-grid">
                {text_field("date", "Date", date, "date", None)}
                <div class="field">
                    <label for="kind">"Kind"</label>
                    <select id="kind" on:change=move |ev| kind.set(event_target_value(&ev)) aria-describedby="kind-error">
                        {SessionKind::ALL.iter().map(|k| {
                            let code = k.code();
                            view! { <option value=code selected=move || kind.get() == code>{k.label()}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="kind-error">{move || message_for("kind".into()).get()}</p>
                </div>
                {text_field("duration_min", "Duration (minutes)", duration, "text", None)}
                {text_field("rpe", "RPE (1-10)", rpe, "text", Some("How hard the whole session felt; load = RPE × minutes."))}
                {text_field("location", "Location", location, "text", None)}
            </div>
            <fieldset class="climbs">
                <legend>"Climbs"</legend>
                <For each=move || climbs.get().into_iter().enumerate() key=|(_, r)| r.key children=move |(i, row)| {
                    let grade_msg = message_for(format!("climbs.{i}.grade"));
                    let style_msg = message_for(format!("climbs.{i}.style"));
                    let attempts_msg = message_for(format!("climbs.{i}.attempts"));
                    let gid = format!("climb-{}-grade", row.key);
                    let sid = format!("climb-{}-style", row.key);
                    let aid = format!("climb-{}-attempts", row.key);
                    view! {
                        <div class="climb-row">
                            <div class="field">
                                <label for=gid.clone()>{format!("Grade {}", i + 1)}</label>
                                <input id=gid type="text" placeholder="V5, 6C+, 7a, 5.11c" prop:value=move || row.grade.get()
                                    on:input=move |ev| row.grade.set(event_target_value(&ev))/>
                                <p class="field-error">{move || grade_msg.get()}</p>
                            </div>
                            <div class="field">
                                <label for=sid.clone()>{format!("Style {}", i + 1)}</label>
                                <select id=sid on:change=move |ev| row.style.set(event_target_value(&ev))>
                                    {ClimbStyle::ALL.iter().map(|s| {
                                        let code = s.code();
                                        view! { <option value=code selected=move || row.style.get() == code>{s.label()}</option> }
                                    }).collect_view()}
                                </select>
                                <p class="field-error">{move || style_msg.get()}</p>
                            </div>
                            <div class="field">
                                <label for=aid.clone()>{format!("Attempts {}", i + 1)}</label>
                                <input id=aid type="text" inputmode="numeric" prop:value=move || row.attempts.get()
                                    on:input=move |ev| row.attempts.set(event_target_value(&ev))/>
                                <p class="field-error">{move || attempts_msg.get()}</p>
                            </div>
                        </div>
                    }
                }/>
                <button type="button" class="link-button" on:click=add_climb>"Add a climb"</button>
            </fieldset>
            <fieldset class="feel">
                <legend>"How it felt (1 poor - 5 great, optional)"</legend>
                <div class="form-grid">
                    {scale_field("energy", "Energy", energy, message_for("energy".into()))}
                    {scale_field("sleep", "Sleep", sleep, message_for("sleep".into()))}
                    {scale_field("mood", "Mood", mood, message_for("mood".into()))}
                </div>
            </fieldset>
            <div class="form-grid">
                {text_field("pain_part", "Pain or injury: where", pain_part, "text", Some("Optional, e.g. left ring finger."))}
                {text_field("pain_notes", "Pain notes", pain_notes, "text", None)}
                {text_field("tags", "Tags", tags, "text", Some("Comma-separated, e.g. power, limit."))}
            </div>
            <div class="field">
                <label for="notes">"Notes"</label>
                <textarea id="notes" rows="3" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                <p class="field-error">{move || message_for("notes".into()).get()}</p>
            </div>
            <div class="form-actions">
                <button type="submit" disabled=move || saving.get()>{if is_new { "Save entry" } else { "Save changes" }}</button>
            </div>
        </form>
    }
}

/// A 1-5 rating, or none.
fn scale_field(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    message: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev)) aria-describedby=format!("{id}-error")>
                <option value="" selected=move || value.get().is_empty()>"—"</option>
                {["1", "2", "3", "4", "5"].into_iter().map(|n| view! {
                    <option value=n selected=move || value.get() == n>{n}</option>
                }).collect_view()}
            </select>
            <p class="field-error" id=format!("{id}-error")>{move || message.get()}</p>
        </div>
    }
}
