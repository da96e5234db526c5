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
        use futures::future::{AbortHandle, Abortable};
        use futures::StreamExt;
        use gloo_net::eventsource::futures::EventSource;
        use leptos::prelude::*;

        use crate::api::progress::{EVENTS_PATH, JOURNAL_CHANGED};

        // Bumped to replace a stream the browser gave up on.
        let attempt = RwSignal::new(0u32);
        let connected_once = StoredValue::new(false);
        Effect::new(move |_| {
            attempt.track();
            let Ok(mut source) = EventSource::new(EVENTS_PATH) else {
                return;
            };
            let (Ok(changes), Ok(opens)) =
                (source.subscribe(JOURNAL_CHANGED), source.subscribe("open"))
            else {
                return;
            };
            let on_change = on_change.clone();
            let listen = async move {
                // Dropping the source (when this ends or is aborted) closes the stream.
                let _source = source;
                let mut events = futures::stream::select(changes, opens);
                while let Some(event) = events.next().await {
                    match event {
                        Ok((kind, _)) if kind == "open" => {
                            if connected_once.get_value() {
                                on_change();
                            }
                            connected_once.set_value(true);
                        }
                        Ok(_) => on_change(),
                        // Only when the browser gave up (gloo-net passes over the errors of
                        // a stream that is reconnecting by itself).
                        Err(_) => {
                            set_timeout(
                                move || attempt.update(|n| *n += 1),
                                std::time::Duration::from_secs(5),
                            );
                            break;
                        }
                    }
                }
            };
            // Everything lives until the page goes away or the stream is replaced.
            let (abort, registration) = AbortHandle::new_pair();
            leptos::task::spawn_local(async move {
                let _ = Abortable::new(listen, registration).await;
            });
            on_cleanup(move || abort.abort());
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on_change;
}
