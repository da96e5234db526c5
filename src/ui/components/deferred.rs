//! Parts of a page whose code is fetched after the page is live (issue 16): the server draws a
//! placeholder, the browser hydrates it, then loads the part's split group and swaps it in.
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

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

/// A deferred part's loader, for [`deferred`]'s `load`: in the browser a `fallible` split
/// function in the split group `$group` (the part's code goes to that group's file, which the
/// browser fetches the first time the part is wanted), drawing `$body`; on the server, where
/// a deferred part only draws its placeholder, the same function without the split. Name a
/// group that has room or already holds the part's code (`lazy_page!` in `src/ui/app.rs`): a
/// group of its own would split every chunk it shares with the others in two.
macro_rules! split_part {
    ($group:ident, fn $name:ident($($arg:ident: $ty:ty),* $(,)?) => $body:expr) => {
        #[cfg(feature = "hydrate")]
        #[::leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name(
            $($arg: $ty),*
        ) -> Result<::leptos::prelude::AnyView, ::leptos::wasm_split::SplitLoaderError> {
            Ok(::leptos::prelude::IntoAny::into_any($body))
        }

        #[cfg(not(feature = "hydrate"))]
        async fn $name(
            $($arg: $ty),*
        ) -> Result<::leptos::prelude::AnyView, ::leptos::wasm_split::SplitLoaderError> {
            Ok(::leptos::prelude::IntoAny::into_any($body))
        }
    };
}
pub(crate) use split_part;

/// Counts the deferred parts that have appeared in a view that provides it: a page whose
/// layout depends on its contents' size tracks it (the chat keeps its newest message in view
/// when a timer card grows into its widget after the page is live).
#[derive(Clone, Copy)]
pub struct PartsShown(pub RwSignal<u32>);

/// Whether a `<details>` is unfolded, for a part that loads when it first is: follows the
/// element's toggle events (`on_toggle` goes on the element) and starts from the element
/// once it is mounted, since a view rebuilt after its data changed keeps the element, folded
/// or not, of the one it replaces.
pub fn unfolded(
    details: NodeRef<leptos::html::Details>,
    initially: bool,
) -> (RwSignal<bool>, impl Fn(leptos::ev::Event) + Copy) {
    let open = RwSignal::new(initially);
    Effect::new(move |_| {
        if let Some(el) = details.get() {
            open.set(el.has_attribute("open"));
        }
    });
    let on_toggle = move |ev: leptos::ev::Event| {
        open.set(event_target::<leptos::web_sys::Element>(&ev).has_attribute("open"));
    };
    (open, on_toggle)
}

/// What a part whose code didn't arrive says, inside its placeholder.
pub fn not_loaded() -> impl IntoView {
    view! {
        <p class="form-alert" role="alert">
            "This part of the page didn't load. Check your connection, then reload the page."
        </p>
    }
}

/// `placeholder(false)` until `wanted` is true and `load` (a `fallible` split function: it
/// fetches the part's code, then draws the part) has finished, then the part;
/// `placeholder(true)` (with [`not_loaded`] in it) if the code didn't arrive. Nothing is
/// fetched on the server or while hydrating (effects run only in the live page), and the
/// placeholder stays until the part is ready, so it never blinks out.
///
/// This shim only boxes its arguments; the part's state, effect and view are in
/// [`deferred_erased`], compiled once for every deferred part. A generic body, with a
/// `Suspend` for the part, was ~20 KB of WASM in each page that has one (issue 16).
pub fn deferred<P, V, Fut>(
    wanted: impl Fn() -> bool + Send + Sync + 'static,
    placeholder: impl Fn(bool) -> P + Send + Sync + 'static,
    load: impl Fn() -> Fut + 'static,
) -> AnyView
where
    P: IntoView + 'static,
    V: IntoView + 'static,
    Fut: Future<Output = Result<V, SplitLoaderError>> + 'static,
{
    deferred_erased(
        Arc::new(wanted),
        Arc::new(move |failed| placeholder(failed).into_any()),
        Box::new(move || {
            let shown = load();
            Box::pin(async move { shown.await.map(IntoAny::into_any) })
        }),
    )
}

type Load = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<AnyView, SplitLoaderError>>>>>;

fn deferred_erased(
    wanted: Arc<dyn Fn() -> bool + Send + Sync>,
    placeholder: Arc<dyn Fn(bool) -> AnyView + Send + Sync>,
    load: Load,
) -> AnyView {
    let part = RwSignal::new(Part::Waiting);
    // The part, drawn by `load` and taken by the view once `part` is `Ready`. Thread-safe
    // storage: the server drops the page's values on any of its threads.
    let shown = StoredValue::new(Mutex::new(None::<AnyView>));
    // The part's signals and effects belong to this component, not to the effect below.
    let owner = Owner::current();
    let parts_shown = use_context::<PartsShown>();
    // Loaded once: folding and unfolding again while the code is on its way starts nothing new.
    let mut started = false;
    Effect::new(move |_| {
        if wanted() && !started {
            started = true;
            let loading = load();
            let task = async move {
                match loading.await {
                    Ok(view) => {
                        shown.with_value(|s| {
                            *s.lock().unwrap_or_else(PoisonError::into_inner) = Some(view)
                        });
                        part.set(Part::Ready);
                        if let Some(PartsShown(n)) = parts_shown {
                            n.update(|n| *n += 1);
                        }
                    }
                    Err(e) => {
                        leptos::logging::error!("a part of the page didn't load: {e}");
                        part.set(Part::Failed);
                    }
                }
            };
            match &owner {
                Some(owner) => owner.with(|| leptos::task::spawn_local_scoped(task)),
                None => leptos::task::spawn_local(task),
            }
        }
    });
    (move || match part.get() {
        Part::Ready => shown
            .try_with_value(|s| s.lock().unwrap_or_else(PoisonError::into_inner).take())
            .flatten()
            .unwrap_or_else(|| placeholder(true)),
        Part::Waiting => placeholder(false),
        Part::Failed => placeholder(true),
    })
    .into_any()
}
