//! Journal downloads, and importing a CSV file: pasted, checked row by row, then saved all at
//! once, or only its valid rows after the climber confirms.
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::journal::import_journal;
use crate::api::ApiError;
use crate::domain::journal_csv::{
    too_large_to_import, ImportMode, ImportReport, HEADER, MAX_IMPORT_BYTES,
};

/// The import panel's state: the pasted text and what the last check said about it.
#[derive(Clone, Copy)]
struct Panel {
    csv: RwSignal<String>,
    /// The server's report on `csv` as it is now. Cleared whenever the text changes, so an
    /// offer to import "only the N valid rows" always describes the text that would be sent.
    report: RwSignal<Option<ImportReport>>,
    error: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
}

impl Panel {
    fn new() -> Self {
        Self {
            csv: RwSignal::new(String::new()),
            report: RwSignal::new(None),
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// The climber changed the text: what was said about the old text no longer holds.
    fn edit(&self, text: String) {
        self.csv.set(text);
        self.report.set(None);
        self.error.set(None);
    }

    /// Takes the server's answer about `sent`. Returns whether entries were saved. A check
    /// of text that has changed since is dropped; saved entries are always reported.
    fn answered(&self, sent: &str, answer: Result<ImportReport, ApiError>) -> bool {
        let current = self.csv.with_untracked(|t| t == sent);
        match answer {
            Ok(r) if r.saved > 0 => {
                self.error.set(None);
                if current {
                    self.csv.set(String::new());
                }
                self.report.set(Some(r));
                return true;
            }
            _ if !current => {}
            Ok(r) => {
                self.error.set(None);
                self.report.set(Some(r));
            }
            Err(ApiError::Invalid { message, .. } | ApiError::TooLarge(message)) => {
                self.report.set(None);
                self.error.set(Some(message));
            }
            Err(e) => self.error.set(Some(e.to_string())),
        }
        false
    }

    fn summary(&self) -> Option<String> {
        self.report.with(|r| {
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
    }

    /// How many rows "import only the valid rows" would save, when that is worth offering.
    fn valid_only(&self) -> Option<usize> {
        self.report.with(|r| {
            r.as_ref()
                .filter(|r| r.saved == 0 && r.invalid() > 0 && r.invalid() < r.rows.len())
                .map(|r| r.rows.len() - r.invalid())
        })
    }
}

/// The body of `/journal/import`: download links, and the import panel.
#[component]
pub fn ImportExport() -> impl IntoView {
    let panel = Panel::new();
    let Panel {
        csv,
        report,
        error,
        busy,
    } = panel;
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
            let answer = import_journal(text.clone(), mode).await;
            panel.answered(&text, answer);
            busy.set(false);
        });
    };
    let summary = move || panel.summary();
    let valid_only = move || panel.valid_only();
    view! {
        <div class="import-export">
            <p>
                "Download your journal as "
                <a href="/api/journal/export.csv" download>"CSV"</a>" or "
                <a href="/api/journal/export.json" download>"JSON"</a>"."
            </p>
            <div class="field">
                <label for="import-csv">"CSV to import"</label>
                <textarea id="import-csv" rows="5" prop:value={move || csv.get()}
                    on:input={move |ev| panel.edit(event_target_value(&ev))} aria-describedby="import-hint import-error"></textarea>
                <p class="hint" id="import-hint">{format!("Paste a file with the header {}. Climbs are written like \"V5 redpoint x3; 6C+ flash\".", HEADER.join(","))}</p>
                <p class="field-error" id="import-error" role="alert">{move || error.get()}</p>
            </div>
            <div class="form-actions">
                <button type="button" disabled={move || busy.get()} on:click={move |_| run(ImportMode::Preview)}>"Check"</button>
                <button type="button" disabled={move || busy.get()} on:click={move |_| run(ImportMode::All)}>"Import"</button>
                {move || valid_only().map(|n| view! {
                    <button type="button" disabled={move || busy.get()} on:click={move |_| run(ImportMode::ValidOnly)}>
                        {format!("Import only the {n} valid row{}", if n == 1 { "" } else { "s" })}
                    </button>
                })}
            </div>
            <p class="status" role="status">
                {summary}
                {move || report.with(|r| r.as_ref().is_some_and(|r| r.saved > 0)).then(|| view! {
                    " "<a href="/journal">"Open your journal"</a>
                })}
            </p>
            {move || report.get().map(|r| view! {
                <table class="import-rows" aria-label="Import check">
                    <thead><tr><th scope="col">"Line"</th><th scope="col">"Result"</th></tr></thead>
                    <tbody>
                        {r.rows.into_iter().map(|row| view! {
                            <tr class:bad={!row.ok}><td>{row.line}</td><td>{if row.ok { format!("OK: {}", row.message) } else { row.message }}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::journal_csv::ImportRow;

    fn row(line: usize, ok: bool) -> ImportRow {
        ImportRow {
            line,
            ok,
            message: if ok { "fine" } else { "RPE: too high" }.into(),
        }
    }

    fn checked() -> ImportReport {
        ImportReport {
            rows: vec![row(2, true), row(3, false)],
            saved: 0,
        }
    }

    #[test]
    fn editing_the_text_takes_back_the_offer_to_import_the_valid_rows() {
        Owner::new().with(|| {
            let p = Panel::new();
            p.edit("first version".into());
            assert!(!p.answered("first version", Ok(checked())));
            assert_eq!(p.valid_only(), Some(1));
            assert_eq!(
                p.summary().as_deref(),
                Some("1 of 2 rows need fixing. Nothing was saved.")
            );

            p.edit("first version, fixed".into());
            assert_eq!(p.valid_only(), None);
            assert_eq!(p.summary(), None);
        });
    }

    #[test]
    fn a_check_of_text_since_changed_is_dropped_but_saved_entries_are_reported() {
        Owner::new().with(|| {
            let p = Panel::new();
            p.edit("edited while the check ran".into());
            p.answered("the text that was sent", Ok(checked()));
            assert_eq!(p.valid_only(), None);

            let saved = ImportReport {
                saved: 1,
                ..checked()
            };
            assert!(p.answered("the text that was sent", Ok(saved)));
            assert_eq!(p.summary().as_deref(), Some("Imported 1 entry."));
            assert_eq!(
                p.csv.get_untracked(),
                "edited while the check ran",
                "the climber's newer text stays"
            );
        });
    }
}
