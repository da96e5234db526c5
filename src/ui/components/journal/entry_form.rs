//! The journal entry form, for a new entry or an edit. Errors show next to their field;
//! what the climber typed stays in the form until it is saved.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::journal::save_entry;
use crate::api::ApiError;
use crate::domain::journal::{
    ClimbInput, ClimbStyle, EntryInput, JournalEntry, PainInput, SessionKind, MAX_PAIN_FLAGS,
};

/// One climb of the form.
#[derive(Clone, Copy)]
struct ClimbRow {
    key: usize,
    grade: RwSignal<String>,
    style: RwSignal<String>,
    attempts: RwSignal<String>,
    name: RwSignal<String>,
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
            name: RwSignal::new(c.name.clone()),
        }
    }

    fn input(&self) -> ClimbInput {
        ClimbInput {
            grade: self.grade.get_untracked(),
            style: self.style.get_untracked(),
            attempts: self.attempts.get_untracked(),
            name: self.name.get_untracked(),
        }
    }
}

/// One pain or injury flag of the form.
#[derive(Clone, Copy)]
struct PainRow {
    key: usize,
    body_part: RwSignal<String>,
    notes: RwSignal<String>,
}

impl PainRow {
    fn new(key: usize, p: &PainInput) -> Self {
        Self {
            key,
            body_part: RwSignal::new(p.body_part.clone()),
            notes: RwSignal::new(p.notes.clone()),
        }
    }

    fn input(&self) -> PainInput {
        PainInput {
            body_part: self.body_part.get_untracked(),
            notes: self.notes.get_untracked(),
        }
    }
}

/// The form's starting values: an entry being edited, or an empty one dated `today`.
fn initial(entry: Option<&JournalEntry>, today: &str) -> EntryInput {
    match entry {
        Some(e) => EntryInput::from(&e.data),
        None => EntryInput {
            date: today.to_string(),
            kind: "bouldering".into(),
            ..EntryInput::default()
        },
    }
}

/// Everything the form holds, one signal per field. Every value of the entry being edited
/// has a field here, so saving an edit sends all of it back.
#[derive(Clone, Copy)]
struct Fields {
    date: RwSignal<String>,
    kind: RwSignal<String>,
    location: RwSignal<String>,
    duration: RwSignal<String>,
    rpe: RwSignal<String>,
    energy: RwSignal<String>,
    sleep: RwSignal<String>,
    mood: RwSignal<String>,
    notes: RwSignal<String>,
    tags: RwSignal<String>,
    climbs: RwSignal<Vec<ClimbRow>>,
    pain: RwSignal<Vec<PainRow>>,
    /// Keys of new rows (climbs and pain alike), so each row's field ids stay unique.
    next_key: StoredValue<usize>,
}

impl Fields {
    /// The form filled with `start`, with one empty climb and pain row to type into when
    /// it has none.
    fn new(start: &EntryInput) -> Self {
        let mut key = 0;
        let mut next = || {
            key += 1;
            key - 1
        };
        let climbs: Vec<ClimbRow> = if start.climbs.is_empty() {
            vec![ClimbRow::new(next(), &ClimbInput::default())]
        } else {
            start
                .climbs
                .iter()
                .map(|c| ClimbRow::new(next(), c))
                .collect()
        };
        let pain: Vec<PainRow> = if start.pain.is_empty() {
            vec![PainRow::new(next(), &PainInput::default())]
        } else {
            start.pain.iter().map(|p| PainRow::new(next(), p)).collect()
        };
        Self {
            date: RwSignal::new(start.date.clone()),
            kind: RwSignal::new(start.kind.clone()),
            location: RwSignal::new(start.location.clone()),
            duration: RwSignal::new(start.duration_min.clone()),
            rpe: RwSignal::new(start.rpe.clone()),
            energy: RwSignal::new(start.energy.clone()),
            sleep: RwSignal::new(start.sleep.clone()),
            mood: RwSignal::new(start.mood.clone()),
            notes: RwSignal::new(start.notes.clone()),
            tags: RwSignal::new(start.tags.clone()),
            climbs: RwSignal::new(climbs),
            pain: RwSignal::new(pain),
            next_key: StoredValue::new(next()),
        }
    }

    /// What the form sends: every row, in order, so the server's field names
    /// ("climbs.2.grade", "pain.1.body_part") point at the row on screen.
    fn input(&self) -> EntryInput {
        EntryInput {
            date: self.date.get_untracked(),
            kind: self.kind.get_untracked(),
            location: self.location.get_untracked(),
            duration_min: self.duration.get_untracked(),
            rpe: self.rpe.get_untracked(),
            climbs: self
                .climbs
                .with_untracked(|c| c.iter().map(ClimbRow::input).collect()),
            energy: self.energy.get_untracked(),
            sleep: self.sleep.get_untracked(),
            mood: self.mood.get_untracked(),
            pain: self
                .pain
                .with_untracked(|p| p.iter().map(PainRow::input).collect()),
            notes: self.notes.get_untracked(),
            tags: self.tags.get_untracked(),
        }
    }

    fn new_key(&self) -> usize {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        key
    }

    fn add_climb(&self) {
        let row = ClimbRow::new(self.new_key(), &ClimbInput::default());
        self.climbs.update(|c| c.push(row));
    }

    fn add_pain(&self) {
        let row = PainRow::new(self.new_key(), &PainInput::default());
        self.pain.update(|p| p.push(row));
    }

    fn remove_pain(&self, key: usize) {
        self.pain.update(|p| p.retain(|r| r.key != key));
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
    let f = Fields::new(&initial(entry.as_ref(), &today));
    let Fields {
        date,
        kind,
        location,
        duration,
        rpe,
        energy,
        sleep,
        mood,
        notes,
        tags,
        climbs,
        pain,
        ..
    } = f;
    let error = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let is_new = id.is_none();
    let id = StoredValue::new(id);

    let message_for = move |field: String| {
        Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.for_field(&field))))
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = f.input();
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
                <label for={fid}>{label}</label>
                <input id={fid} type={kind_attr} value={sig.get_untracked()} prop:value={move || sig.get()} on:input={move |ev| sig.set(event_target_value(&ev))}
                    aria-describedby={format!("{fid}-error")}/>
                {hint.map(|h| view! { <p class="hint">{h}</p> })}
                <p class="field-error" id={format!("{fid}-error")} aria-live="polite">{move || msg.get()}</p>
            </div>
        }
    };
    view! {
        <form class="entry-form" on:submit={on_submit} aria-label={if is_new { "New journal entry" } else { "Edit journal entry" }}>
            <Show when={move || form_alert().is_some()}>
                <p class="form-alert" role="alert">{form_alert}</p>
            </Show>
            <div class="form-grid">
                {text_field("date", "Date", date, "date", None)}
                <div class="field">
                    <label for="kind">"Kind"</label>
                    <select id="kind" on:change={move |ev| kind.set(event_target_value(&ev))} aria-describedby="kind-error">
                        {SessionKind::ALL.iter().map(|k| {
                            let code = k.code();
                            view! { <option value={code} selected={move || kind.get() == code}>{k.label()}</option> }
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
                <For each={move || climbs.get().into_iter().enumerate()} key={|(_, r)| r.key} children={move |(i, row)| {
                    let grade_msg = message_for(format!("climbs.{i}.grade"));
                    let style_msg = message_for(format!("climbs.{i}.style"));
                    let attempts_msg = message_for(format!("climbs.{i}.attempts"));
                    let name_msg = message_for(format!("climbs.{i}.name"));
                    let gid = format!("climb-{}-grade", row.key);
                    let sid = format!("climb-{}-style", row.key);
                    let aid = format!("climb-{}-attempts", row.key);
                    let nid = format!("climb-{}-name", row.key);
                    view! {
                        <div class="climb-row">
                            <div class="field">
                                <label for={gid.clone()}>{format!("Grade {}", i + 1)}</label>
                                <input id={gid.clone()} type="text" placeholder="V5, 6C+, 7a, 5.11c" value={row.grade.get_untracked()} prop:value={move || row.grade.get()}
                                    on:input={move |ev| row.grade.set(event_target_value(&ev))} aria-describedby={format!("{gid}-error")}/>
                                <p class="field-error" id={format!("{gid}-error")}>{move || grade_msg.get()}</p>
                            </div>
                            <div class="field">
                                <label for={sid.clone()}>{format!("Style {}", i + 1)}</label>
                                <select id={sid.clone()} on:change={move |ev| row.style.set(event_target_value(&ev))} aria-describedby={format!("{sid}-error")}>
                                    {ClimbStyle::ALL.iter().map(|s| {
                                        let code = s.code();
                                        view! { <option value={code} selected={move || row.style.get() == code}>{s.label()}</option> }
                                    }).collect_view()}
                                </select>
                                <p class="field-error" id={format!("{sid}-error")}>{move || style_msg.get()}</p>
                            </div>
                            <div class="field">
                                <label for={aid.clone()}>{format!("Attempts {}", i + 1)}</label>
                                <input id={aid.clone()} type="text" inputmode="numeric" value={row.attempts.get_untracked()} prop:value={move || row.attempts.get()}
                                    on:input={move |ev| row.attempts.set(event_target_value(&ev))} aria-describedby={format!("{aid}-error")}/>
                                <p class="field-error" id={format!("{aid}-error")}>{move || attempts_msg.get()}</p>
                            </div>
                            <div class="field">
                                <label for={nid.clone()}>{format!("Name {} (optional)", i + 1)}</label>
                                <input id={nid.clone()} type="text" value={row.name.get_untracked()} prop:value={move || row.name.get()}
                                    on:input={move |ev| row.name.set(event_target_value(&ev))} aria-describedby={format!("{nid}-error")}/>
                                <p class="field-error" id={format!("{nid}-error")}>{move || name_msg.get()}</p>
                            </div>
                        </div>
                    }
                }}/>
                <p class="field-error">{move || message_for("climbs".into()).get()}</p>
                <button type="button" class="link-button" on:click={move |_| f.add_climb()}>"Add a climb"</button>
            </fieldset>
            <fieldset class="feel">
                <legend>"How it felt (1 poor - 5 great, optional)"</legend>
                <div class="form-grid">
                    {scale_field("energy", "Energy", energy, message_for("energy".into()))}
                    {scale_field("sleep", "Sleep", sleep, message_for("sleep".into()))}
                    {scale_field("mood", "Mood", mood, message_for("mood".into()))}
                </div>
            </fieldset>
            <fieldset class="pain">
                <legend>"Pain or injury (optional)"</legend>
                <p class="hint">"Where it hurts, e.g. left ring finger, and how."</p>
                // Rows can be removed, so a row's number and its server field name
                // ("pain.1.body_part") follow its current position, not where it started.
                <ForEnumerate each={move || pain.get()} key={|r| r.key} children={move |index: ReadSignal<usize>, row: PainRow| {
                    let part_msg = row_message(error, "pain", index, "body_part");
                    let notes_msg = row_message(error, "pain", index, "notes");
                    let pid = format!("pain-{}-body_part", row.key);
                    let nid = format!("pain-{}-notes", row.key);
                    view! {
                        <div class="pain-row">
                            <div class="field">
                                <label for={pid.clone()}>{move || format!("Pain or injury: where {}", index.get() + 1)}</label>
                                <input id={pid.clone()} type="text" value={row.body_part.get_untracked()} prop:value={move || row.body_part.get()}
                                    on:input={move |ev| row.body_part.set(event_target_value(&ev))} aria-describedby={format!("{pid}-error")}/>
                                <p class="field-error" id={format!("{pid}-error")} aria-live="polite">{move || part_msg.get()}</p>
                            </div>
                            <div class="field">
                                <label for={nid.clone()}>{move || format!("Pain notes {}", index.get() + 1)}</label>
                                <input id={nid.clone()} type="text" value={row.notes.get_untracked()} prop:value={move || row.notes.get()}
                                    on:input={move |ev| row.notes.set(event_target_value(&ev))} aria-describedby={format!("{nid}-error")}/>
                                <p class="field-error" id={format!("{nid}-error")} aria-live="polite">{move || notes_msg.get()}</p>
                            </div>
                            <button type="button" class="link-button danger"
                                aria-label={move || format!("Remove pain note {}", index.get() + 1)}
                                on:click={move |_| {
                                    // Messages name rows by position, which just changed.
                                    error.set(None);
                                    f.remove_pain(row.key);
                                }}>"Remove"</button>
                        </div>
                    }
                }}/>
                <p class="field-error">{move || message_for("pain".into()).get()}</p>
                <Show when={move || pain.with(|p| p.len() < MAX_PAIN_FLAGS)}>
                    <button type="button" class="link-button" on:click={move |_| f.add_pain()}>"Add a pain note"</button>
                </Show>
            </fieldset>
            <div class="form-grid">
                {text_field("tags", "Tags", tags, "text", Some("Comma-separated, e.g. power, limit."))}
            </div>
            <div class="field">
                <label for="notes">"Notes"</label>
                <textarea id="notes" rows="3" prop:value={move || notes.get()} on:input={move |ev| notes.set(event_target_value(&ev))}></textarea>
                <p class="field-error">{move || message_for("notes".into()).get()}</p>
            </div>
            <div class="form-actions">
                <button type="submit" disabled={move || saving.get()}>{if is_new { "Save entry" } else { "Save changes" }}</button>
            </div>
        </form>
    }
}

/// The message for a field of a list row ("pain.1.notes"), following the row's position.
fn row_message(
    error: RwSignal<Option<ApiError>>,
    list: &'static str,
    index: ReadSignal<usize>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        let name = format!("{list}.{}.{field}", index.get());
        error.with(|e| e.as_ref().and_then(|e| e.for_field(&name)))
    })
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
            <label for={id}>{label}</label>
            <select id={id} on:change={move |ev| value.set(event_target_value(&ev))} aria-describedby={format!("{id}-error")}>
                <option value="" selected={move || value.get().is_empty()}>"—"</option>
                {["1", "2", "3", "4", "5"].into_iter().map(|n| view! {
                    <option value={n} selected={move || value.get() == n}>{n}</option>
                }).collect_view()}
            </select>
            <p class="field-error" id={format!("{id}-error")}>{move || message.get()}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Signals live in a reactive owner, as they would in a rendered page.
    fn in_owner<T>(f: impl FnOnce() -> T) -> T {
        Owner::new().with(f)
    }

    fn edited() -> EntryInput {
        let climb = |grade: &str, name: &str| ClimbInput {
            grade: grade.into(),
            style: "redpoint".into(),
            attempts: "2".into(),
            name: name.into(),
        };
        let pain = |part: &str, notes: &str| PainInput {
            body_part: part.into(),
            notes: notes.into(),
        };
        EntryInput {
            date: "2026-11-24".into(),
            kind: "bouldering".into(),
            duration_min: "90".into(),
            climbs: vec![climb("V5", "The Prow"), climb("V6", "Slab Master")],
            pain: vec![
                pain("left ring finger", "a bit sore"),
                pain("right shoulder", ""),
            ],
            ..EntryInput::default()
        }
    }

    #[test]
    fn an_untouched_edit_sends_back_every_climb_name_and_pain_flag() {
        let start = edited();
        assert_eq!(in_owner(|| Fields::new(&start).input()), start);
    }

    #[test]
    fn pain_rows_are_added_and_removed_with_keys_of_their_own() {
        in_owner(rows_are_added_and_removed);
    }

    fn rows_are_added_and_removed() {
        let f = Fields::new(&edited());
        f.add_pain();
        let keys = |f: &Fields| {
            let mut k: Vec<usize> = f
                .climbs
                .with_untracked(|c| c.iter().map(|r| r.key).collect());
            k.extend(
                f.pain
                    .with_untracked(|p| p.iter().map(|r| r.key).collect::<Vec<_>>()),
            );
            k
        };
        let all = keys(&f);
        let mut unique = all.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(all.len(), 5);
        assert_eq!(
            unique.len(),
            5,
            "ids are built from keys, so keys never repeat"
        );
        f.pain
            .with_untracked(|p| p[2].body_part.set("left elbow".into()));
        let first = f.pain.with_untracked(|p| p[0].key);
        f.remove_pain(first);
        let parts: Vec<String> = f.input().pain.into_iter().map(|p| p.body_part).collect();
        assert_eq!(parts, vec!["right shoulder", "left elbow"]);
    }

    #[test]
    fn a_new_entry_starts_with_one_row_of_each_to_type_into() {
        let input = in_owner(|| Fields::new(&initial(None, "2026-11-25")).input());
        assert_eq!(input.date, "2026-11-25");
        assert_eq!((input.climbs.len(), input.pain.len()), (1, 1));
    }
}
