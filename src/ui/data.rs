//! A page's data: resources whose hydration data travels as postcard
//! ([`crate::api::codec::Postcard`]), the encoding the server functions answer the page in, so
//! the browser has one reader per answer type (issue 16). Use [`resource`] instead of
//! `Resource::new`.
//!
//! Every page's resources share one resource type underneath: [`Data<T>`] is a typed handle on
//! a `Resource<Packed>`, where [`Packed`] holds the answer itself (fetched on this side) or its
//! postcard bytes (read from the server-rendered page), and is turned back into `T` where the
//! page reads it. Leptos' resource, async-derived signal and hydration code is generic over the
//! value's type, the source's and the fetcher's; with a `Resource<T>` per answer type it was
//! compiled again for each of the ~20 resources, into each page's own file. Type-erased, it is
//! compiled once (measured in issue 16's closing note).
use std::any::Any;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Deserializer, Serialize, Serializer};

use crate::api::codec::Postcard;
use crate::api::ApiError;

/// An answer a page reads: a server function's result.
pub trait Answer: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    /// What the page shows when hydration data can't be read (never expected: the same
    /// build wrote it), until the resource's source changes and it is fetched again.
    fn unreadable() -> Self;
}

impl<X> Answer for Result<X, ApiError>
where
    X: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
{
    fn unreadable() -> Self {
        Err(ApiError::Internal)
    }
}

type Encode = fn(&(dyn Any + Send + Sync)) -> Vec<u8>;

/// A resource's value with its type erased: the answer as fetched, or its postcard bytes as
/// read from the page's hydration data.
#[derive(Clone)]
pub struct Packed(Inner);

#[derive(Clone)]
enum Inner {
    Value(Arc<dyn Any + Send + Sync>, Encode),
    Bytes(Arc<[u8]>),
}

impl Packed {
    fn new<T: Answer>(value: T) -> Self {
        #[cfg(feature = "ssr")]
        let encode: Encode = encode::<T>;
        #[cfg(not(feature = "ssr"))]
        let encode: Encode = no_encode;
        Packed(Inner::Value(Arc::new(value), encode))
    }

    fn unpack<T: Answer>(self) -> T {
        match self.0 {
            Inner::Value(v, _) => v.downcast_ref::<T>().cloned().unwrap_or_else(T::unreadable),
            Inner::Bytes(b) => postcard::from_bytes(&b).unwrap_or_else(|e| {
                leptos::logging::error!("unreadable page data: {e}");
                T::unreadable()
            }),
        }
    }
}

/// Only the server writes hydration data; the browser never serializes a resource.
#[cfg(feature = "ssr")]
fn encode<T: Answer>(v: &(dyn Any + Send + Sync)) -> Vec<u8> {
    match v.downcast_ref::<T>().map(postcard::to_allocvec) {
        Some(Ok(bytes)) => bytes,
        // Never expected (the answers are plain data); the page then shows the error of
        // `Answer::unreadable` until its data is fetched again.
        failed => {
            tracing::error!(
                "page data not written: {:?}",
                failed.map(|r| r.err().map(|e| e.to_string()))
            );
            Vec::new()
        }
    }
}

#[cfg(not(feature = "ssr"))]
fn no_encode(_: &(dyn Any + Send + Sync)) -> Vec<u8> {
    Vec::new()
}

impl Serialize for Packed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Inner::Value(v, encode) => s.serialize_bytes(&encode(&**v)),
            Inner::Bytes(b) => s.serialize_bytes(b),
        }
    }
}

impl<'de> Deserialize<'de> for Packed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Packed;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<Packed, E> {
                Ok(Packed(Inner::Bytes(b.into())))
            }
        }
        d.deserialize_bytes(Bytes)
    }
}

type Fetch = Pin<Box<dyn Future<Output = Packed> + Send>>;

type Shown = Pin<Box<dyn Future<Output = AnyView> + Send>>;

/// `<Transition fallback>{move || Suspend::new(async move { … })}</Transition>`: the view
/// `view` makes once the data it awaits has arrived, `fallback` until then, and the previous
/// view (not the fallback) while it reloads. Every page's transitions are this one
/// `Transition` underneath: its hydration code, generic over the children and the fallback,
/// is compiled once rather than once per use (18 of them; issue 16).
pub fn loaded<V, F, Fut>(
    fallback: impl Fn() -> F + Send + Sync + 'static,
    view: impl Fn() -> Fut + Send + Sync + 'static,
) -> AnyView
where
    F: IntoView + 'static,
    V: IntoView + 'static,
    Fut: Future<Output = V> + Send + 'static,
{
    let fallback = ViewFnOnce::from(move || fallback().into_any());
    let view = Arc::new(move || {
        let shown = view();
        Box::pin(async move { shown.await.into_any() }) as Shown
    });
    transition(fallback, view)
}

fn transition(fallback: ViewFnOnce, view: Arc<dyn Fn() -> Shown + Send + Sync>) -> AnyView {
    view! { <Transition fallback>{move || Suspend::new(view())}</Transition> }.into_any()
}

/// A resource read by a page (see the module docs). Copy, like a `Resource`.
pub struct Data<T> {
    inner: Resource<Packed, Postcard>,
    _answer: PhantomData<fn() -> T>,
}

impl<T> Clone for Data<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Data<T> {}

impl<T: Answer> Data<T> {
    /// The answer, once it has arrived (tracked, like `Resource::get`).
    #[track_caller]
    pub fn get(&self) -> Option<T> {
        self.inner.get().map(Packed::unpack)
    }
}

impl<T: Answer> IntoFuture for Data<T> {
    type Output = T;
    type IntoFuture = Pin<Box<dyn Future<Output = T> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        let answer = self.inner.into_future();
        Box::pin(async move { answer.await.unpack() })
    }
}

/// The one `Resource` every [`Data`] is: the source reduced to its postcard bytes (a change of
/// source is a change of bytes), the fetcher to a boxed future.
#[track_caller]
fn erased(
    source: Arc<dyn Fn() -> Vec<u8> + Send + Sync>,
    fetch: Arc<dyn Fn() -> Fetch + Send + Sync>,
    blocking: bool,
) -> Resource<Packed, Postcard> {
    Resource::new_with_options(move || source(), move |_| fetch(), blocking)
}

#[track_caller]
fn typed<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
    blocking: bool,
) -> Data<T>
where
    T: Answer,
    S: Serialize + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    let source = Arc::new(source);
    let key = {
        let source = Arc::clone(&source);
        Arc::new(move || postcard::to_allocvec(&source()).unwrap_or_default())
    };
    // The fetcher runs right after the source was read for this key: reading it again,
    // untracked, gives the same value.
    let fetch = Arc::new(move || {
        let answer = fetcher(untrack(|| source()));
        Box::pin(async move { Packed::new(answer.await) }) as Fetch
    });
    Data {
        inner: erased(key, fetch, blocking),
        _answer: PhantomData,
    }
}

/// `Resource::new` with postcard hydration data: `fetcher` runs on the server for the first
/// render (its answer goes into the HTML) and in the browser whenever `source` changes.
#[track_caller]
pub fn resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Data<T>
where
    T: Answer,
    S: Serialize + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    typed(source, fetcher, false)
}

/// [`resource`] for a resource the response waits for (its page's status depends on it).
#[track_caller]
pub fn blocking_resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Data<T>
where
    T: Answer,
    S: Serialize + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    typed(source, fetcher, true)
}

// The round trip needs the server's writer (`encode`), so these run with `ssr` (as the test
// command does).
#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn an_answer_reads_back_from_its_bytes_and_as_fetched() {
        let answer: Result<Vec<String>, ApiError> = Ok(vec!["Mon".into(), "Thu".into()]);
        let packed = Packed::new(answer.clone());
        let bytes = postcard::to_allocvec(&packed).unwrap();
        let read: Packed = postcard::from_bytes(&bytes).unwrap();
        assert!(matches!(read.0, Inner::Bytes(_)));
        assert_eq!(read.unpack::<Result<Vec<String>, ApiError>>(), answer);
        assert_eq!(packed.unpack::<Result<Vec<String>, ApiError>>(), answer);
        let err: Result<u8, ApiError> = Err(ApiError::NotFound);
        let bytes = postcard::to_allocvec(&Packed::new(err.clone())).unwrap();
        let read: Packed = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(read.unpack::<Result<u8, ApiError>>(), err);
    }

    #[test]
    fn unreadable_bytes_show_an_error_not_a_panic() {
        let read: Packed =
            postcard::from_bytes(&postcard::to_allocvec(&[0xffu8; 3][..]).unwrap()).unwrap();
        assert_eq!(
            read.unpack::<Result<String, ApiError>>(),
            Err(ApiError::Internal)
        );
    }
}
