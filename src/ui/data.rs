//! A page's data: resources whose hydration data travels as postcard
//! ([`crate::api::codec::Postcard`]), the encoding the server functions answer the page in, so
//! the browser has one reader per answer type (issue 16). Use [`resource`] instead of
//! `Resource::new`.
use std::future::Future;

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

use crate::api::codec::Postcard;

/// A resource read by a page (see the module docs).
pub type Data<T> = Resource<T, Postcard>;

/// `Resource::new` with postcard hydration data: `fetcher` runs on the server for the first
/// render (its answer goes into the HTML) and in the browser whenever `source` changes.
#[track_caller]
pub fn resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Data<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// [`resource`] for a resource the response waits for (its page's status depends on it).
#[track_caller]
pub fn blocking_resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Data<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, true)
}
