//! Journal downloads, and importing a CSV file: pasted, checked row by row, then saved all at
//! once, or only its valid rows after the climber confirms.
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::journal::import_journal;
use crate::api::ApiError;
use crate::domain::journal_csv::{
    too_large_to_import, ImportMode, ImportReport, HEADER, MAX_IMPORT_BYTES,
};

#[component]
pub fn ImportExport(
    /// Called after entries were saved, so the list refreshes.
    on_imported: Callback<()>,
) -> impl IntoView {
    let csv = RwSignal::new(String::new());
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run = move |mode: ImportMode| {
        let text = csv.get_untracked();
        // Said here without sending megabytes the server would refuse anyway.
        if text.len() > MAX_IMPORT_BYTES {
            report.set(None);
            error.set(Some(too_large_to_import()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match import_journal(text, mode).await {
                Ok(r) => {
                    error.set(None);
                    if r.saved > 0 {
                        csv.set(String::new());
                        on_imported.run(());
                    }
                    report.set(Some(r));
                }
                Err(ApiError::Invalid { message, .. } | ApiError::TooLarge(message)) => {
                    report.set(None);
                    error.set(Some(message));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let summary = move || {
        report.with(|r| {
            r.as_ref().map(|r| {
                let bad = r.invalid();
                if r.saved > 0 {
                    format!(
                        "Imported {} {}.",
                        r.saved,
                        if r.saved == 1 { "entry" } else { "entries" }
                    )
                } else if bad == 0 {
                    format!("All {} rows are valid.", r.rows.len())
                } else {
                    format!(
                        "{bad} of {} rows need fixing. Nothing was saved.",
                        r.rows.len()
                    )
                }
            })
        })
    };
    let valid_only = move || {
        report.with(|r| {
            r.as_ref()
                .filter(|r| r.saved == 0 && r.invalid() > 0 && r.invalid() < r.rows.len())
                .map(|r| r.rows.len() - r.invalid())
        })
    };
    view! {
        <details class="import-export">
            <summary>"Export or import"</summary>
            <p>
                "Download your journal as "
                <a href="/api/journal/export.csv" download>"CSV"</a>" or "
                <a href="/api/journal/export.json" download>"JSON"</a>"."
            </p>
            <div class="field">
                <label for="import-csv">"CSV to import"</label>
                <textarea id="import-csv" rows="5" prop:value=move || csv.get()
                    on:input=move |ev| csv.set(event_target_value(&ev)) aria-describedby="import-hint import-error"></textarea>
                <p class="hint" id="import-hint">{format!("Paste a file with the header {}. Climbs are written like \"V5 redpoint x3; 6C+ flash\".", HEADER.join(","))}</p>
                <p class="field-error" id="import-error" role="alert">{move || error.get()}</p>
            </div>
            <div class="form-actions">
                <button type="button" disabled=move || busy.get() on:click=move |_| run(ImportMode::Preview)>"Check"</button>
                <button type="button" disabled=move || busy.get() on:click=move |_| run(ImportMode::All)>"Import"</button>
                {move || valid_only().map(|n| view! {
                    <button type="button" disabled=move || busy.get() on:click=move |_| run(ImportMode::ValidOnly)>
                        {format!("Import only the {n} valid row{}", if n == 1 { "" } else { "s" })}
                    </button>
                })}
            </div>
            <p class="status" role="status">{summary}</p>
            {move || report.get().map(|r| view! {
                <table class="import-rows" aria-label="Import check">
                    <thead><tr><th scope="col">"Line"</th><th scope="col">"Result"</th></tr></thead>
                    <tbody>
                        {r.rows.into_iter().map(|row| view! {
                            <tr class:bad=!row.ok><td>{row.line}</td><td>{if row.ok { format!("OK: {}", row.message) } else { row.message }}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </details>
    }
}
