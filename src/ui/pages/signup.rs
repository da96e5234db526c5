use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::Signup;
use crate::domain::account::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
use crate::ui::app::AuthActions;
use crate::ui::components::form::{field_message, FieldMessage, Fields, FormAlert, PostForm};

#[component]
pub fn SignupPage() -> impl IntoView {
    let signup = expect_context::<AuthActions>().signup;
    let result = Signal::derive(move || signup.value().get());
    view! {
        <Title text="Sign up — ClimbingPill"/>
        <section class="auth-card">
            <h1>"Create your account"</h1>
            <PostForm action={signup} read={|f: &Fields| Signup { email: f.text("email"), password: f.text("password") }}>
                <div class="field">
                    <label for="email">"Email"</label>
                    <input id="email" name="email" type="email" autocomplete="email" required aria-describedby="email-error"/>
                    <FieldMessage id="email-error" message={field_message(result, "email")}/>
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="new-password"
                        required
                        minlength={PASSWORD_MIN_CHARS.to_string()}
                        maxlength={PASSWORD_MAX_CHARS.to_string()}
                        aria-describedby="password-hint password-error"
                    />
                    <p class="hint" id="password-hint">
                        {format!("{PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters. A short sentence is easy to remember and hard to guess.")}
                    </p>
                    <FieldMessage id="password-error" message={field_message(result, "password")}/>
                </div>
                <FormAlert result/>
                <button type="submit" disabled={move || signup.pending().get()}>"Sign up"</button>
            </PostForm>
            <p>"Already have an account? " <a href="/login">"Log in"</a></p>
        </section>
    }
}
