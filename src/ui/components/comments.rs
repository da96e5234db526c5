//! Coach comments (issue 21): the thread under a journal entry or program session (both
//! parties see it), the coach's short form, and marking the athlete's shown comments read.
use std::collections::HashSet;

use leptos::prelude::*;

use crate::api::team::{add_comment, delete_comment, get_my_comments, mark_comments_read};
use crate::api::ApiError;
use crate::domain::team::{CommentView, COMMENT_MAX};
use crate::domain::when::Date;
use crate::ui::app::NavRefresh;
use crate::ui::data;

/// The day (UTC) a comment was written.
fn comment_date(ms: i64) -> String {
    Date::from_days_since_epoch(ms.div_euclid(86_400_000)).to_string()
}

/// The comments of `list` (newest first) on `target_id`, oldest first.
pub fn comments_on(list: &[CommentView], target_id: &str) -> Vec<CommentView> {
    let mut out: Vec<CommentView> = list
        .iter()
        .filter(|c| c.target_id == target_id)
        .cloned()
        .collect();
    out.reverse();
    out
}

/// One comment's meta line (who, when, new to the athlete) and text, inside its `<li>`.
fn comment_content(c: CommentView) -> impl IntoView {
    view! {
        <span class="comment-meta"><strong>{c.coach_name}</strong>" · "{comment_date(c.created_at)}</span>
        {c.unread.then(|| view! { <span class="new">"New"</span> })}
        <p class="comment-body">{c.body}</p>
    }
}

/// Comments on one entry or session, oldest first, with who wrote them and when; new ones
/// (to the athlete) are marked. Read-only: the athlete's journal and programs.
#[component]
pub fn CommentThread(comments: Vec<CommentView>) -> impl IntoView {
    (!comments.is_empty()).then(|| {
        view! {
            <ul class="comments" aria-label="Coach comments">
                {comments.into_iter().map(|c| view! {
                    <li class="comment">{comment_content(c)}</li>
                }).collect_view()}
            </ul>
        }
    })
}

/// The coach's view of a thread on an athlete's row: the same list, and a Delete button on
/// each comment they wrote (`yours`); `on_deleted` runs after one is deleted, to fetch the
/// list again. A component of its own so the athlete's pages don't carry its code.
#[component]
pub fn CoachCommentThread(comments: Vec<CommentView>, on_deleted: Callback<()>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let delete = Action::new(move |id: &String| {
        let id = id.clone();
        async move {
            match delete_comment(id).await {
                Ok(()) => {
                    error.set(None);
                    on_deleted.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    });
    (!comments.is_empty()).then(|| {
        view! {
            <ul class="comments" aria-label="Coach comments">
                {comments.into_iter().map(|c| {
                    let id = c.id.clone();
                    let label = format!("Delete your comment of {}", comment_date(c.created_at));
                    let yours = c.yours;
                    view! {
                        <li class="comment">
                            {comment_content(c)}
                            {yours.then(|| view! {
                                <button type="button" class="link-button danger" aria-label={label}
                                    disabled={move || delete.pending().get()}
                                    on:click={move |_| { delete.dispatch(id.clone()); }}>"Delete"</button>
                            })}
                        </li>
                    }
                }).collect_view()}
                {move || error.get().map(|e| view! { <li class="form-alert" role="alert">{e}</li> })}
            </ul>
        }
    })
}

/// The coach's form under an athlete's entry or session: a short text and "Comment".
#[component]
pub fn CommentForm(
    athlete_id: String,
    /// "journal" or "session".
    target: &'static str,
    target_id: String,
    /// What the comment is on, for the field's label ("the entry of 2026-12-01").
    what: String,
    on_added: Callback<()>,
) -> impl IntoView {
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let send = Action::new(move |args: &(String, String, String)| {
        let (a, i, b) = args.clone();
        async move { add_comment(a, target.to_string(), i, b).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(())) => {
            body.set(String::new());
            error.set(None);
            on_added.run(());
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let field = format!("comment-{target}-{target_id}");
    let ids = StoredValue::new((athlete_id, target_id));
    view! {
        <form class="comment-form" on:submit={move |ev| {
            ev.prevent_default();
            let (a, i) = ids.get_value();
            send.dispatch((a, i, body.get_untracked()));
        }}>
            <textarea id={field} rows="1" maxlength={COMMENT_MAX.to_string()}
                aria-label={format!("Comment on {what}")}
                placeholder="Add a comment"
                prop:value={move || body.get()}
                on:input={move |ev| body.set(event_target_value(&ev))}></textarea>
            <button type="submit" class="button" disabled={move || send.pending().get()}>"Comment"</button>
            {move || error.get().map(|e| view! { <p class="form-alert" role="alert">{e}</p> })}
        </form>
    }
}

/// The climber's coaches' comments on their own journal entries or program sessions
/// (`target`: "journal" or "session"), newest first; the unread ones on screen are marked
/// read and the header's count follows. `shown` gives the ids of the entries or sessions on
/// screen, `None` while they load.
pub fn my_comments(
    target: &'static str,
    shown: impl Fn() -> Option<HashSet<String>> + 'static,
) -> data::Data<Result<Vec<CommentView>, ApiError>> {
    let comments = data::resource(|| (), move |_| get_my_comments(target.to_string()));
    let sent = StoredValue::new(HashSet::new());
    let nav = use_context::<NavRefresh>();
    Effect::new(move |_| {
        if let (Some(shown), Some(Ok(list))) = (shown(), comments.get()) {
            mark_shown_read(&list, &shown, sent, nav);
        }
    });
    comments
}

/// Marks read, once, the athlete's unread comments of `comments` whose target is among
/// `shown` (the entries or sessions on screen), then refreshes the header's count. Call
/// from an Effect: it runs in the browser only.
fn mark_shown_read(
    comments: &[CommentView],
    shown: &HashSet<String>,
    sent: StoredValue<HashSet<String>>,
    nav: Option<NavRefresh>,
) {
    let ids: Vec<String> = comments
        .iter()
        .filter(|c| c.unread && shown.contains(&c.target_id))
        .filter(|c| !sent.with_value(|s| s.contains(&c.id)))
        .map(|c| c.id.clone())
        .collect();
    if ids.is_empty() {
        return;
    }
    sent.update_value(|s| s.extend(ids.iter().cloned()));
    leptos::task::spawn_local(async move {
        if matches!(mark_comments_read(ids).await, Ok(n) if n > 0) {
            if let Some(nav) = nav {
                nav.bump();
            }
        }
    });
}
