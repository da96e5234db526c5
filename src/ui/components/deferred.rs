//! Parts of a page whose code is fetched after the page is live (issue 16): the server draws a
//! placeholder, the browser hydrates it, then loads the part's split group and swaps it in.
use std::future::Future;

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Waiting,
    Ready,
    /// The code didn't arrive (offline, or a deploy removed the old files): the placeholder
    /// stays, with a word on what to do; the rest of the page keeps working.
    Failed,
}

/// What a part whose code didn't arrive says, inside its placeholder.
pub fn not_loaded() -> impl IntoView {
    view! {
        <p class="form-alert" role="alert">
            "This part of the page didn't load. Check your connection, then reload the page."
        </p>
    }
}

/// `placeholder(false)` until `preload` (a `fallible` split function's preload: the part's code) has
/// finished once `wanted` is true, then the part from `load`; `placeholder(true)` (with
/// [`not_loaded`] in it) if the code didn't arrive. Nothing is fetched on the server
/// or while hydrating (effects run only in the live page). Lighter than `Show` around
/// `Suspense`: once the code is there, `load`'s future is ready on its first poll, so the
/// placeholder never blinks out.
pub fn deferred<P, V, Pre, Fut>(
    wanted: impl Fn() -> bool + Send + Sync + 'static,
    placeholder: impl Fn(bool) -> P + Send + Sync + 'static,
    preload: fn() -> Pre,
    load: impl Fn() -> Fut + Send + Sync + 'static,
) -> impl IntoView
where
    P: IntoView + 'static,
    V: IntoView + 'static,
    Pre: Future<Output = Result<(), SplitLoaderError>> + 'static,
    Fut: Future<Output = Result<V, SplitLoaderError>> + Send + 'static,
{
    let part = RwSignal::new(Part::Waiting);
    Effect::new(move |_| {
        if wanted() && part.get_untracked() == Part::Waiting {
            leptos::task::spawn_local(async move {
                part.set(match preload().await {
                    Ok(()) => Part::Ready,
                    Err(e) => {
                        leptos::logging::error!("a part of the page didn't load: {e}");
                        Part::Failed
                    }
                });
            });
        }
    });
    move || match part.get() {
        Part::Ready => EitherOf3::A(Suspend::new({
            let shown = load();
            async move { shown.await.ok() }
        })),
        Part::Waiting => EitherOf3::B(placeholder(false)),
        Part::Failed => EitherOf3::C(placeholder(true)),
    }
}
