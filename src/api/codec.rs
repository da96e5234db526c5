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
