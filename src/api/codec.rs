//! How server functions travel.
//!
//! Answers ([`Compact`]): the app's own pages ask for postcard (`application/x-postcard`) and
//! get it; any other client (curl, the tests, a script) gets the same answer as JSON. The
//! pages' hydration data (the answers a page's resources carried from the server-rendered
//! HTML) is postcard too ([`Postcard`], through [`crate::ui::data::resource`]), so each
//! answer type has one reader in the browser, postcard's.
//!
//! Why: in the WASM bundle, serde_json's reader costs about 4.6 KB of code per answer type
//! (it matches field names and takes objects or arrays for every struct) and postcard's about
//! 1.5 KB (fields in order); on the team and assessment pages serde_json's readers were a
//! fifth of the code (issue 16). postcard is not self-describing: an answer type must
//! serialize the fields it reads, so types that serde writes as maps (`flatten`) or reads
//! through a buffer (internally tagged enums) say how they travel (see `JournalEntry`,
//! `domain::assessment::wire`), whose tests read them back from postcard, and
//! `tests/onboarding.rs` reads the first pages' answers both ways and compares them.
use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::{de::DeserializeOwned, Serialize};

/// The content type a page asks its answers in.
pub const POSTCARD: &str = "application/x-postcard";

/// Postcard for the app's pages, JSON for anyone else: see the module docs.
pub struct CompactEncoding;

/// `#[server(output = Compact)]`: see [`CompactEncoding`].
pub type Compact = Post<CompactEncoding>;

impl ContentType for CompactEncoding {
    /// What the browser's request accepts (server_fn sends the output's type as `Accept`).
    const CONTENT_TYPE: &'static str = POSTCARD;
}

impl FormatType for CompactEncoding {
    const FORMAT_TYPE: Format = Format::Binary;
}

impl<T: Serialize> Encodes<T> for CompactEncoding {
    type Error = String;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        #[cfg(feature = "ssr")]
        if !asked_for_postcard() {
            return serde_json::to_vec(output)
                .map(Bytes::from)
                .map_err(|e| e.to_string());
        }
        postcard::to_extend(output, vec![POSTCARD_MARK])
            .map(Bytes::from)
            .map_err(|e| e.to_string())
    }
}

impl<T: DeserializeOwned> Decodes<T> for CompactEncoding {
    type Error = String;

    /// Only the browser reads answers, and it asked for postcard. An answer without the mark
    /// is JSON from a server that predates this encoding (a page newer than the instance
    /// answering it, during a rolling deploy): refused rather than misread.
    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        match bytes.split_first() {
            Some((&POSTCARD_MARK, rest)) => postcard::from_bytes(rest).map_err(|e| e.to_string()),
            _ => Err("the answer is not postcard: the app was updated, reload the page".into()),
        }
    }
}

/// The first byte of a postcard answer: never the first byte of JSON (or of UTF-8 text).
const POSTCARD_MARK: u8 = 0xFF;

/// Whether the request being answered accepts postcard (the app's pages do); if not, the
/// answer is JSON and says so (server_fn would label it with [`POSTCARD`]). Runs inside the
/// server function's handler, where leptos_axum provides the request and the response
/// options.
#[cfg(feature = "ssr")]
fn asked_for_postcard() -> bool {
    use leptos::prelude::use_context;
    let accepts = use_context::<http::request::Parts>().is_some_and(|p| {
        p.headers
            .get_all(http::header::ACCEPT)
            .iter()
            .any(|v| v.to_str().is_ok_and(|v| v.contains(POSTCARD)))
    });
    if !accepts {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.insert_header(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
        }
    }
    accepts
}

/// Postcard for a page's hydration data: a resource's answer, written into the server-rendered
/// HTML (base64) and read back by the hydrating page. `Resource::new` would use JSON, adding a
/// second reader per answer type to the bundle; pages make resources with
/// [`crate::ui::data::resource`].
pub struct Postcard;

impl<T: Serialize> leptos::server::codee::Encoder<T> for Postcard {
    type Error = postcard::Error;
    type Encoded = Vec<u8>;

    fn encode(val: &T) -> Result<Self::Encoded, Self::Error> {
        postcard::to_allocvec(val)
    }
}

impl<T: DeserializeOwned> leptos::server::codee::Decoder<T> for Postcard {
    type Error = postcard::Error;
    type Encoded = [u8];

    fn decode(val: &Self::Encoded) -> Result<T, Self::Error> {
        postcard::from_bytes(val)
    }
}

/// The input of a server function that a `<form>` also posts before the page's script has
/// run (log in, sign up, log out, the profile, renaming and deleting a conversation), and
/// of the chat's other functions: the hydrated page sends JSON, like every other server
/// function, and the server reads JSON or the URL-encoded body a form posts.
///
/// Why not `server_fn`'s `PostUrl`: its browser half writes the arguments with serde_qs,
/// and `ActionForm` reads a form with it, which put serde_qs's code in every page's first
/// WASM file (issue 16). Here serde_qs runs on the server only.
pub struct JsonOrFormEncoding;

/// `#[server(input = JsonOrForm)]`: see [`JsonOrFormEncoding`].
pub type JsonOrForm = Post<JsonOrFormEncoding>;

impl ContentType for JsonOrFormEncoding {
    /// What the browser sends once hydrated; forms send their own type.
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonOrFormEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonOrFormEncoding {
    type Error = serde_json::Error;

    fn encode(input: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(input).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonOrFormEncoding {
    type Error = String;

    /// A JSON body is an object, so it starts with `{`; a URL-encoded form never does (a
    /// browser writes `{` in a field as `%7B`), and an empty one is a form without fields.
    /// The content type isn't offered to a decoder; `middleware::only_declared_input` refuses
    /// any type besides these two.
    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            return serde_json::from_slice(&bytes).map_err(|e| e.to_string());
        }
        decode_form(&bytes)
    }
}

#[cfg(feature = "ssr")]
fn decode_form<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    // As `PostUrl` reads it: nested fields up to 5 deep, non-strict brackets.
    serde_qs::Config::new(5, false)
        .deserialize_bytes(bytes)
        .map_err(|e| e.to_string())
}

/// The browser never reads a request.
#[cfg(not(feature = "ssr"))]
fn decode_form<T: DeserializeOwned>(_: &[u8]) -> Result<T, String> {
    Err("forms are read on the server".into())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    struct Args {
        id: String,
        #[serde(default)]
        title: String,
        next: Option<String>,
    }

    fn read(body: &str) -> Result<Args, String> {
        <JsonOrFormEncoding as Decodes<Args>>::decode(Bytes::from(body.to_string()))
    }

    #[test]
    fn reads_the_json_the_page_sends() {
        let sent = Args {
            id: "t1".into(),
            title: "Crimps {week 3}".into(),
            next: None,
        };
        let body = <JsonOrFormEncoding as Encodes<Args>>::encode(&sent).unwrap();
        assert_eq!(read(std::str::from_utf8(&body).unwrap()), Ok(sent));
        // Leading whitespace is still JSON.
        assert_eq!(read("\n {\"id\":\"t2\"}").unwrap().id, "t2");
    }

    #[test]
    fn reads_the_form_a_browser_posts() {
        let args = read("id=t1&title=Slopers%2C+week+4%7B%7D&next=%2Fjournal").unwrap();
        assert_eq!(args.title, "Slopers, week 4{}");
        assert_eq!(args.next.as_deref(), Some("/journal"));
        // A form without the optional fields, one with `next` empty, one without fields.
        let bare = read("id=t1").unwrap();
        assert_eq!((bare.title.as_str(), bare.next), ("", None));
        assert_eq!(read("id=t1&next=").unwrap().next, None);
        #[derive(Debug, Deserialize)]
        struct Nothing {}
        assert!(<JsonOrFormEncoding as Decodes<Nothing>>::decode(Bytes::new()).is_ok());
    }

    #[test]
    fn refuses_what_does_not_fit_the_arguments() {
        assert!(read("{\"id\":5}").is_err());
        assert!(read("{\"id\":\"t1\"").is_err());
        assert!(read("title=no+id").is_err());
    }
}
