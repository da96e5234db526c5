//! The running timer: big digits, the phase in colour, where you are in the plan, and the
//! controls (buttons and keyboard shortcuts). It keeps time in the browser from a monotonic
//! clock, so it never needs the network once the page has loaded.
use std::time::Duration;

use leptos::prelude::*;

use super::device::{self, Tone};
use super::log::log_when_finished;
use crate::domain::timer::plan::{format_duration, PhaseKind, TimerPlan};
use crate::domain::timer::state::{RunStatus, TimerRun, TimerView};

/// How often the display refreshes. Time itself comes from the clock, not from counting ticks,
/// so a slow tick (a busy phone, a background tab) never makes the timer drift.
const TICK: Duration = Duration::from_millis(100);

#[component]
pub fn TimerWidget(
    plan: TimerPlan,
    /// Space, N and R work anywhere on the page (the timer page), not only on the timer.
    #[prop(optional)]
    page_shortcuts: bool,
) -> impl IntoView {
    let run = RwSignal::new(TimerRun::new(&plan));
    let now = RwSignal::new(0.0_f64);
    let state = Memo::new(move |_| run.with(|r| r.view(now.get())));
    let plan = StoredValue::new(plan);

    Effect::new(move |_| {
        let handle = set_interval_with_handle(move || now.set(device::now_ms()), TICK).ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
            device::release_screen();
        });
    });
    cues(state);

    let act = move |action: Action| {
        let t = device::now_ms();
        now.set(t);
        match action {
            Action::Toggle => match run.with_untracked(|r| r.view(t).status) {
                RunStatus::Idle => {
                    device::unlock_audio();
                    device::keep_screen_on();
                    run.update(|r| r.start(t));
                }
                RunStatus::Running => {
                    run.update(|r| r.pause(t));
                    device::release_screen();
                }
                RunStatus::Paused => {
                    device::unlock_audio();
                    device::keep_screen_on();
                    run.update(|r| r.resume(t));
                }
                RunStatus::Finished => {}
            },
            Action::Skip => run.update(|r| r.skip(t)),
            Action::Reset => {
                run.update(|r| r.reset());
                device::release_screen();
            }
        }
        now.set(device::now_ms());
    };
    if page_shortcuts {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if let Some(action) = shortcut(&ev) {
                ev.prevent_default();
                act(action);
            }
        });
        on_cleanup(move || handle.remove());
    }

    // Every reactive text and attribute goes through these two, so each is a `Signal` of one
    // closure type: Leptos' rendering code is compiled once per closure type, and a closure
    // per display cost the timer's page ~1.5 KB of WASM each (issue 16).
    let text = move |f: fn(&TimerView, &TimerPlan) -> String| {
        Signal::derive(move || state.with(|v| plan.with_value(|p| f(v, p))))
    };
    let flag = move |f: fn(&TimerView) -> bool| Signal::derive(move || state.with(f));
    let press = move |action: Action| move |_: leptos::ev::MouseEvent| act(action);
    let worked_s = move || run.with(|r| r.worked_s(now.get()));
    let label = plan.with_value(|p| p.label.clone());
    let region = format!("Timer: {label}");
    view! {
        <section class={text(|v, _| format!("timer phase-{}", phase_class(v)))} aria-label={region}>
            <h2 class="timer-label">{label}</h2>
            <p class="timer-summary">{plan.with_value(|p| p.summary())}</p>
            <p class="timer-phase" aria-live="assertive">{text(|v, _| phase_word(v))}</p>
            <p class="timer-digits" role="timer" aria-label="Time left in this phase">
                {text(|v, _| clock(v.remaining_ms))}
            </p>
            <p class="timer-where">{text(position)}</p>
            <progress
                class="timer-progress"
                max={text(|v, _| v.total_ms.max(1).to_string())}
                value={text(|v, _| v.elapsed_ms.to_string())}
                aria-label="Progress through the whole timer"
            ></progress>
            <p class="timer-left">{text(|v, _| format!("{} left in all", clock(v.total_ms.saturating_sub(v.elapsed_ms))))}</p>
            <div class="timer-controls">
                <button type="button" class="primary" on:click={press(Action::Toggle)}
                    disabled={flag(|v| v.status == RunStatus::Finished)}>
                    {text(|v, _| toggle_label(v.status).to_string())}
                </button>
                <button type="button" on:click={press(Action::Skip)}
                    disabled={flag(|v| !matches!(v.status, RunStatus::Running | RunStatus::Paused))}>
                    "Skip"
                </button>
                <button type="button" on:click={press(Action::Reset)}>"Reset"</button>
            </div>
            {page_shortcuts.then(|| view! {
                <p class="timer-keys">"Keys: Space start/pause · N skip · R reset"</p>
            })}
            {log_when_finished(
                Memo::new(move |_| state.get().status == RunStatus::Finished).into(),
                plan.with_value(|p| p.label.clone()),
                plan.with_value(|p| p.summary()),
                Signal::derive(worked_s),
            )}
        </section>
    }
}

#[derive(Clone, Copy)]
enum Action {
    Toggle,
    Skip,
    Reset,
}

/// Space or K: start/pause; N or →: skip; R: reset. Not while typing in a field, and not
/// with a modifier (browser shortcuts stay the browser's).
fn shortcut(ev: &leptos::ev::KeyboardEvent) -> Option<Action> {
    if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
        return None;
    }
    let tag = ev
        .target()
        .and_then(|t| {
            use leptos::wasm_bindgen::JsCast;
            t.dyn_into::<leptos::web_sys::Element>().ok()
        })
        .map(|el| el.tag_name())
        .unwrap_or_default();
    let key = ev.key();
    // Typing in a field is typing; Space on a focused button already clicks it.
    if matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || (tag == "BUTTON" && matches!(key.as_str(), " " | "Enter"))
    {
        return None;
    }
    match key.as_str() {
        " " | "k" | "K" => Some(Action::Toggle),
        "n" | "N" | "ArrowRight" => Some(Action::Skip),
        "r" | "R" => Some(Action::Reset),
        _ => None,
    }
}

/// Beeps and buzzes: a tone when a phase starts, ticks in the last three seconds of each
/// phase, a long tone at the end.
fn cues(state: Memo<TimerView>) {
    let last = StoredValue::new((RunStatus::Idle, 0_usize, 0_u64));
    Effect::new(move |_| {
        let v = state.get();
        let secs = v.remaining_ms.div_ceil(1000);
        let (was, index, was_secs) = last.get_value();
        if v.status == RunStatus::Running {
            if v.phase_index != index || was == RunStatus::Idle {
                if let Some(p) = v.phase {
                    match p.kind {
                        PhaseKind::Work => device::cue(Tone::Go),
                        PhaseKind::Rest | PhaseKind::SetRest => device::cue(Tone::Rest),
                        PhaseKind::Prepare => {}
                    }
                }
            } else if secs != was_secs && (1..=3).contains(&secs) {
                device::cue(Tone::Tick);
            }
        }
        if v.status == RunStatus::Finished && was != RunStatus::Finished {
            device::cue(Tone::Done);
            device::release_screen();
        }
        last.set_value((v.status, v.phase_index, secs));
    });
}

/// The class naming the phase: its colour.
fn phase_class(v: &TimerView) -> &'static str {
    match (v.status, v.phase) {
        (RunStatus::Finished, _) | (_, None) => "done",
        (_, Some(p)) => phase_code(p.kind),
    }
}

fn toggle_label(status: RunStatus) -> &'static str {
    match status {
        RunStatus::Idle => "Start",
        RunStatus::Running => "Pause",
        RunStatus::Paused => "Resume",
        RunStatus::Finished => "Finished",
    }
}

fn phase_code(kind: PhaseKind) -> &'static str {
    match kind {
        PhaseKind::Prepare => "prepare",
        PhaseKind::Work => "work",
        PhaseKind::Rest => "rest",
        PhaseKind::SetRest => "set-rest",
    }
}

fn phase_word(v: &TimerView) -> String {
    match (v.status, v.phase) {
        (RunStatus::Finished, _) | (_, None) => "Done".to_string(),
        (RunStatus::Paused, Some(p)) => format!("{} (paused)", p.kind.label()),
        (RunStatus::Idle, Some(_)) => "Ready".to_string(),
        (RunStatus::Running, Some(p)) => p.kind.label().to_string(),
    }
}

fn position(v: &TimerView, plan: &TimerPlan) -> String {
    let Some(p) = v.phase.filter(|_| v.status != RunStatus::Finished) else {
        return format!("Finished: {} in all", format_duration(plan.total_s()));
    };
    let mut parts = Vec::new();
    if plan.sets > 1 {
        parts.push(format!("Set {} of {}", p.set, plan.sets));
    }
    if plan.reps > 1 {
        parts.push(format!("Rep {} of {}", p.rep, plan.reps));
    }
    if parts.is_empty() {
        parts.push(format!("Phase {} of {}", v.phase_index + 1, v.phase_count));
    }
    parts.join(" · ")
}

/// "1:05" or "12:00" (minutes:seconds), "1:02:03" past an hour; rounded up, so the display
/// reaches 0:00 exactly when the phase ends.
pub fn clock(ms: u64) -> String {
    let s = ms.div_ceil(1000);
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn clock_rounds_up_and_pads() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(1), "0:01");
        assert_eq!(clock(7_000), "0:07");
        assert_eq!(clock(65_000), "1:05");
        assert_eq!(clock(120_000), "2:00");
        assert_eq!(clock(3_723_000), "1:02:03");
    }
}
