use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::profile::{get_profile, SaveProfile};
use crate::domain::profile::hangboard_code;
use crate::domain::profile::{
    BoulderGradeSystem, Profile, RouteGradeSystem, DISPLAY_NAME_MAX_CHARS, GOALS_MAX_CHARS,
};
use crate::ui::components::form::{
    field_message, FieldMessage, Fields, FormAlert, PostForm, HANGBOARD_CHOICES,
};
use crate::ui::data;

#[component]
pub fn ProfilePage() -> impl IntoView {
    // Loaded once: after a save the form already shows what was saved, and a failed save
    // must keep what the climber typed.
    let profile = data::resource(|| (), |_| get_profile());
    view! {
        <Title text="Profile — ClimbingPill"/>
        <section class="page">
            <h1>"Your profile"</h1>
            <p>"Your coach uses this to pick grades, loads and goals that fit you."</p>
            {data::loaded(|| view! { <p>"Loading your profile…"</p> }, move || async move {
                    match profile.await {
                        Ok(p) => view! { <ProfileForm profile={p}/> }.into_any(),
                        Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            <p class="team-pointer">"Coaching climbers, or training with a coach? "
                <a href="/team">"Create or join a team"</a></p>
        </section>
    }
}

#[component]
fn ProfileForm(profile: Profile) -> impl IntoView {
    let save = ServerAction::<SaveProfile>::new();
    let result = Signal::derive(move || save.value().get());
    let saved = move || matches!(result.get(), Some(Ok(_)));
    let weight = profile
        .bodyweight_kg
        .map(|w| w.to_string())
        .unwrap_or_default();
    let age = profile.age.map(|a| a.to_string()).unwrap_or_default();
    let history = hangboard_code(profile.hangboard_history);
    view! {
        <PostForm action={save} read={|f: &Fields| SaveProfile {
            display_name: f.text("display_name"),
            bodyweight_kg: f.text("bodyweight_kg"),
            boulder_grades: f.text("boulder_grades"),
            route_grades: f.text("route_grades"),
            goals: f.text("goals"),
            age: f.text("age"),
            hangboard_history: f.text("hangboard_history"),
        }}>
            <div class="field">
                <label for="display_name">"Name"</label>
                <input id="display_name" name="display_name" type="text" autocomplete="name"
                    maxlength={DISPLAY_NAME_MAX_CHARS.to_string()} value={profile.display_name}
                    aria-describedby="display_name-error"/>
                <FieldMessage id="display_name-error" message={field_message(result, "display_name")}/>
            </div>
            <div class="field">
                <label for="bodyweight_kg">"Bodyweight (kg)"</label>
                <input id="bodyweight_kg" name="bodyweight_kg" type="text" inputmode="decimal" value={weight}
                    aria-describedby="bodyweight_kg-hint bodyweight_kg-error"/>
                <p class="hint" id="bodyweight_kg-hint">"Optional. Used to compare finger and pulling strength with your grade."</p>
                <FieldMessage id="bodyweight_kg-error" message={field_message(result, "bodyweight_kg")}/>
            </div>
            <div class="field">
                <label for="age">"Age"</label>
                <input id="age" name="age" type="text" inputmode="numeric" autocomplete="off" value={age}
                    aria-describedby="age-hint age-error"/>
                <p class="hint" id="age-hint">"Optional. From 50, warm-ups are longer and hard finger days further apart."</p>
                <FieldMessage id="age-error" message={field_message(result, "age")}/>
            </div>
            <fieldset class="choices" aria-describedby="hangboard_history-error">
                <legend>"Have you trained on a hangboard before?"</legend>
                {HANGBOARD_CHOICES.into_iter().map(|(code, text)| {
                    let id = format!("profile-hangboard-{}", if code.is_empty() { "unsaid" } else { code });
                    let for_id = id.clone();
                    view! {
                        <label class="check" for={for_id}>
                            <input type="radio" id={id} name="hangboard_history" value={code} checked={code == history}/>
                            {text}
                        </label>
                    }
                }).collect_view()}
                <FieldMessage id="hangboard_history-error" message={field_message(result, "hangboard_history")}/>
            </fieldset>
            <div class="field">
                <label for="boulder_grades">"Boulder grades"</label>
                <select id="boulder_grades" name="boulder_grades" aria-describedby="boulder_grades-error">
                    {BoulderGradeSystem::ALL.into_iter().map(|s| view! {
                        <option value={s.code()} selected={s == profile.boulder_grades}>{s.label()}</option>
                    }).collect_view()}
                </select>
                <FieldMessage id="boulder_grades-error" message={field_message(result, "boulder_grades")}/>
            </div>
            <div class="field">
                <label for="route_grades">"Route grades"</label>
                <select id="route_grades" name="route_grades" aria-describedby="route_grades-error">
                    {RouteGradeSystem::ALL.into_iter().map(|s| view! {
                        <option value={s.code()} selected={s == profile.route_grades}>{s.label()}</option>
                    }).collect_view()}
                </select>
                <FieldMessage id="route_grades-error" message={field_message(result, "route_grades")}/>
            </div>
            <div class="field">
                <label for="goals">"Goals"</label>
                <textarea id="goals" name="goals" rows="4" maxlength={GOALS_MAX_CHARS.to_string()}
                    aria-describedby="goals-error">{profile.goals}</textarea>
                <FieldMessage id="goals-error" message={field_message(result, "goals")}/>
            </div>
            <FormAlert result/>
            <div class="form-actions">
                <button type="submit" disabled={move || save.pending().get()}>"Save profile"</button>
                <p class="status" role="status">{move || saved().then_some("Profile saved.")}</p>
            </div>
        </PostForm>
    }
}
