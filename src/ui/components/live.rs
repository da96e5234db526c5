//! Live updates pushed by the server (server-sent events), for pages that show data another
//! tab, device or the coach may change while they are open.
/// Calls `on_change` each time the server says the climber's journal changed, for as long as
/// the calling component is mounted. In the browser only: the server renders the first state,
/// and the browser's EventSource reconnects by itself after a network or server outage.
pub fn on_journal_change(on_change: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::on_cleanup;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;

        use crate::api::progress::{EVENTS_PATH, JOURNAL_CHANGED};

        let Ok(source) = web_sys::EventSource::new(EVENTS_PATH) else {
            return;
        };
        let listener = Closure::<dyn Fn()>::new(on_change);
        let _ = source
            .add_event_listener_with_callback(JOURNAL_CHANGED, listener.as_ref().unchecked_ref());
        // Both live until the page goes away: then the stream is closed and the closure freed.
        let held = send_wrapper::SendWrapper::new((source, listener));
        on_cleanup(move || {
            let (source, _listener) = held.take();
            source.close();
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on_change;
}
