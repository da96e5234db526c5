use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::Login;
use crate::ui::app::AuthActions;
use crate::ui::components::form::{field_message, FieldMessage, Fields, FormAlert, PostForm};

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = expect_context::<AuthActions>().login;
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let result = Signal::derive(move || login.value().get());
    view! {
        <Title text="Log in — ClimbingPill"/>
        <section class="auth-card">
            <h1>"Log in"</h1>
            <PostForm action={login} read={|f: &Fields| Login { email: f.text("email"), password: f.text("password"), next: f.optional("next") }}>
                <input type="hidden" name="next" value={next}/>
                <div class="field">
                    <label for="email">"Email"</label>
                    <input id="email" name="email" type="email" autocomplete="email" required aria-describedby="email-error"/>
                    <FieldMessage id="email-error" message={field_message(result, "email")}/>
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <FormAlert result/>
                <button type="submit" disabled={move || login.pending().get()}>"Log in"</button>
            </PostForm>
            <p>"New here? " <a href="/signup">"Create an account"</a></p>
        </section>
    }
}
