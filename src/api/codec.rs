//! The answer encoding of every server function: JSON, as `server_fn`'s own `Json`, but read
//! in the browser from text (`serde_json::from_str`) rather than bytes (`from_slice`).
//!
//! Why: a page's resources carry the server's answers into hydration as JSON text and read
//! them with `from_str` (Leptos' `JsonSerdeCodec`); `server_fn`'s `Json` reads the same types
//! with `from_slice`. serde_json compiles its reader once per input kind, so every answer type
//! was read by two copies of its decoder in the WASM bundle (measured in issue 16). With this
//! encoding there is one.
use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::{de::DeserializeOwned, Serialize};

/// JSON read from text: see the module docs.
pub struct JsonTextEncoding;

/// `#[server(output = JsonText)]`: answers as `application/json` in the response body.
pub type JsonText = Post<JsonTextEncoding>;

impl ContentType for JsonTextEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonTextEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde::de::Error::custom)?;
        serde_json::from_str(text)
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
