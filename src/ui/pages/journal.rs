use std::collections::HashSet;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::journal::{delete_entry, get_entry, list_entries, JournalQuery};
use crate::api::ApiError;
use crate::ui::components::comments::{comments_on, my_comments, CommentThread};
use crate::ui::components::journal::{EntryForm, EntryList, ImportExport};
use crate::ui::data;

/// `/journal`: log a session, and the filtered list of entries.
#[component]
pub fn JournalPage() -> impl IntoView {
    let query = RwSignal::new(JournalQuery {
        page: 1,
        ..JournalQuery::default()
    });
    let saved = RwSignal::new(0usize);
    let list = data::resource(move || (query.get(), saved.get()), |(q, _)| list_entries(q));
    let on_saved = Callback::new(move |_| saved.update(|n| *n += 1));
    // Coaches' comments on the climber's entries, shown under them (those on screen are
    // marked read).
    let comments = my_comments("journal", move || {
        let data = list.get()?.ok()?;
        Some(data.entries.into_iter().map(|e| e.id).collect())
    });
    view! {
        <Title text="Journal — ClimbingPill"/>
        <section class="page">
            <h1>"Training journal"</h1>
            {data::loaded(|| view! { <p>"Loading your journal…"</p> }, move || async move {
                    let comments = comments.await.unwrap_or_default();
                    match list.await {
                        Ok(data) => {
                            // A fresh, empty form after each save.
                            let form = view! { <EntryForm entry={None} today={data.today.clone()} on_saved/> };
                            view! {
                                <details class="new-entry" open={data.total == 0}>
                                    <summary>"Log a session"</summary>
                                    {form}
                                </details>
                                <EntryList data query comments/>
                            }.into_any()
                        }
                        Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            // On a page of its own (/journal/import): its code, a fifth of this page's, is
            // fetched only by a climber who opens it.
            <p><a href="/journal/import">"Export or import"</a></p>
        </section>
    }
}

/// `/journal/import`: download the journal, or import a CSV file.
#[component]
pub fn JournalImportPage() -> impl IntoView {
    view! {
        <Title text="Export or import your journal — ClimbingPill"/>
        <section class="page">
            <p><a href="/journal">"← Back to the journal"</a></p>
            <h1>"Export or import your journal"</h1>
            <ImportExport/>
        </section>
    }
}

/// `/journal/:id`: one entry, its coaches' comments, editable, with delete.
#[component]
pub fn JournalEntryPage() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    let entry = data::resource(move || id.get(), get_entry);
    // The comments on this entry, as under it on /journal (marked read once shown).
    let comments = my_comments("journal", move || {
        Some(HashSet::from([entry.get()?.ok()?.id]))
    });
    let navigate = use_navigate();
    let status = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let delete = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match delete_entry(id.get_untracked()).await {
                Ok(()) => navigate("/journal", Default::default()),
                Err(e) => status.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <Title text="Journal entry — ClimbingPill"/>
        <section class="page">
            <p><a href="/journal">"← Back to the journal"</a></p>
            {data::loaded(|| view! { <p>"Loading the entry…"</p> }, move || async move {
                    let comments = comments.await.unwrap_or_default();
                    match entry.await {
                        Ok(e) => {
                            let title = format!("{} — {}", e.data.date, e.data.kind.label());
                            let today = e.data.date.to_string();
                            let thread = comments_on(&comments, &e.id);
                            let on_saved = Callback::new(move |_| status.set(Some("Saved.".into())));
                            view! {
                                <h1>{title}</h1>
                                <CommentThread comments={thread}/>
                                <EntryForm entry={Some(e)} today on_saved/>
                            }.into_any()
                        }
                        Err(ApiError::NotFound) => view! {
                            <h1>"Entry not found"</h1>
                            <p>"It may have been deleted."</p>
                        }.into_any(),
                        Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            <p class="status" role="status">{move || status.get()}</p>
            <Show
                when={move || confirming.get()}
                fallback={move || view! { <button type="button" class="danger" on:click={move |_| confirming.set(true)}>"Delete entry"</button> }}
            >
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-entry">
                    <p id="confirm-entry">"Delete this entry? This can't be undone."</p>
                    <button type="button" class="danger" on:click={delete.clone()}>"Yes, delete it"</button>
                    <button type="button" class="link-button" on:click={move |_| confirming.set(false)}>"Cancel"</button>
                </div>
            </Show>
        </section>
    }
}
