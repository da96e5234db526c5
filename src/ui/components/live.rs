//! Live updates pushed by the server (server-sent events), for pages that show data another
//! tab, device or the coach may change while they are open.

/// Calls `on_change` each time the server says the climber's journal changed, for as long as
/// the calling component is mounted. In the browser only: the server renders the first state.
///
/// The browser's EventSource retries by itself after a dropped connection, but gives up for
/// good on an error answer (a 503 while the database restarts, a proxy's 502 during a deploy);
/// then a new one is opened 5 s later. After any reconnect `on_change` runs once, because
/// changes made while disconnected were never announced.
pub fn on_journal_change(on_change: impl Fn() + Clone + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::*;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        use web_sys::EventSource;

        use crate::api::progress::{EVENTS_PATH, JOURNAL_CHANGED};

        // Bumped to replace a stream the browser gave up on.
        let attempt = RwSignal::new(0u32);
        let connected_once = StoredValue::new(false);
        Effect::new(move |_| {
            attempt.track();
            let Ok(source) = EventSource::new(EVENTS_PATH) else {
                return;
            };
            let changed = Closure::<dyn Fn()>::new(on_change.clone());
            let catch_up = on_change.clone();
            let opened = Closure::<dyn Fn()>::new(move || {
                if connected_once.get_value() {
                    catch_up();
                }
                connected_once.set_value(true);
            });
            let watched = source.clone();
            let failed = Closure::<dyn Fn()>::new(move || {
                if watched.ready_state() == EventSource::CLOSED {
                    set_timeout(
                        move || attempt.update(|n| *n += 1),
                        std::time::Duration::from_secs(5),
                    );
                }
            });
            for (event, listener) in [
                (JOURNAL_CHANGED, &changed),
                ("open", &opened),
                ("error", &failed),
            ] {
                let _ = source
                    .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
            // Everything lives until the page goes away or the stream is replaced.
            let held = send_wrapper::SendWrapper::new((source, changed, opened, failed));
            on_cleanup(move || {
                let (source, ..) = held.take();
                source.close();
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on_change;
}
