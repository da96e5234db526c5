//! The journal list: filters (dates, kind, text), entries newest first, pages.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::journal::{JournalList, JournalQuery};
use crate::domain::journal::SessionKind;
use crate::domain::team::CommentView;
use crate::ui::components::comments::{comments_on, CommentThread};

/// The filter form (applied on submit) and the list of `data`.
#[component]
pub fn EntryList(
    data: JournalList,
    query: RwSignal<JournalQuery>,
    /// Coaches' comments on the climber's entries (newest first), shown under each.
    #[prop(optional)]
    comments: Vec<CommentView>,
) -> impl IntoView {
    let from = RwSignal::new(query.get_untracked().from);
    let to = RwSignal::new(query.get_untracked().to);
    let kind = RwSignal::new(query.get_untracked().kind);
    let text = RwSignal::new(query.get_untracked().text);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        query.set(JournalQuery {
            from: from.get_untracked(),
            to: to.get_untracked(),
            kind: kind.get_untracked(),
            text: text.get_untracked(),
            page: 1,
        });
    };
    let (page, pages, total) = (data.page, data.pages, data.total);
    let go = move |p: u32| query.update(|q| q.page = p);
    view! {
        <form class="filters" on:submit={apply} aria-label="Filter the journal">
            <div class="field"><label for="f-from">"From"</label>
                <input id="f-from" type="date" prop:value={move || from.get()} on:input={move |ev| from.set(event_target_value(&ev))}/></div>
            <div class="field"><label for="f-to">"To"</label>
                <input id="f-to" type="date" prop:value={move || to.get()} on:input={move |ev| to.set(event_target_value(&ev))}/></div>
            <div class="field"><label for="f-kind">"Kind"</label>
                <select id="f-kind" on:change={move |ev| kind.set(event_target_value(&ev))}>
                    <option value="" selected={move || kind.get().is_empty()}>"All kinds"</option>
                    {SessionKind::ALL.iter().map(|k| {
                        let code = k.code();
                        view! { <option value={code} selected={move || kind.get() == code}>{k.label()}</option> }
                    }).collect_view()}
                </select></div>
            <div class="field"><label for="f-text">"Search"</label>
                <input id="f-text" type="search" prop:value={move || text.get()} on:input={move |ev| text.set(event_target_value(&ev))}/></div>
            <div class="form-actions"><button type="submit">"Filter"</button></div>
        </form>
        <p class="hint">{format!("{total} entr{}", if total == 1 { "y" } else { "ies" })}</p>
        {if data.entries.is_empty() {
            view! { <p>"No entries yet. Log a session above or tell the coach about it in Chat."</p> }.into_any()
        } else {
            view! {
                <ol class="entries" aria-label="Journal entries">
                    // The server sends one summary line per entry, in order.
                    {data.entries.into_iter().zip(data.lines).map(|(e, line)| {
                        let note: String = e.data.notes.chars().take(140).collect();
                        let thread = comments_on(&comments, &e.id);
                        view! {
                            <li>
                                <A href={format!("/journal/{}", e.id)}><strong>{e.data.date.to_string()}</strong></A>
                                " "<span>{line}</span>
                                {(!note.is_empty()).then(|| view! { <p class="hint">{note}</p> })}
                                <CommentThread comments={thread}/>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        <nav class="pager" aria-label="Pages">
            <button type="button" class="link-button" disabled={page <= 1} on:click={move |_| go(page - 1)}>"Newer"</button>
            <span>{format!("Page {page} of {pages}")}</span>
            <button type="button" class="link-button" disabled={page >= pages} on:click={move |_| go(page + 1)}>"Older"</button>
        </nav>
    }
}
