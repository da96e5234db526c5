//! Parts of a page whose code is fetched after the page is live (issue 16): the server draws a
//! placeholder, the browser hydrates it, then loads the part's split group and swaps it in.
use std::future::Future;

use leptos::either::Either;
use leptos::prelude::*;

/// `placeholder` until `preload` (a split function's preload: the part's code) has finished
/// once `wanted` is true, then the part from `load`. Nothing is fetched on the server or while
/// hydrating (effects run only in the live page). Lighter than `Show` around `Suspense`: once
/// the code is there, `load`'s future is ready on its first poll, so the placeholder never
/// blinks out.
pub fn deferred<P, V, Pre, Fut>(
    wanted: impl Fn() -> bool + Send + Sync + 'static,
    placeholder: impl Fn() -> P + Send + Sync + 'static,
    preload: fn() -> Pre,
    load: impl Fn() -> Fut + Send + Sync + 'static,
) -> impl IntoView
where
    P: IntoView + 'static,
    V: IntoView + 'static,
    Pre: Future<Output = ()> + 'static,
    Fut: Future<Output = V> + Send + 'static,
{
    let ready = RwSignal::new(false);
    Effect::new(move |_| {
        if wanted() && !ready.get_untracked() {
            leptos::task::spawn_local(async move {
                preload().await;
                ready.set(true);
            });
        }
    });
    move || {
        if ready.get() {
            Either::Right(Suspend::new(load()))
        } else {
            Either::Left(placeholder())
        }
    }
}
