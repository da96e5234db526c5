//! How the static site travels: the files cargo-leptos wrote to the site folder (the WASM
//! bundle, its JS glue, the stylesheet, icons, the manifest, the service worker), and the
//! compression and caching of everything else.
//!
//! - A release build is made with `cargo leptos build --release --precompress`, which writes
//!   a brotli (`.br`) and a gzip (`.gz`) copy beside every file of the site. [`ServeDir`]
//!   sends the copy the browser accepts (`Accept-Encoding`), so nothing is compressed per
//!   request. Without those copies (a debug build) [`compression`] compresses on the fly.
//! - With cargo-leptos' `hash-files`, every file under `pkg/` carries a hash of its content
//!   in its name (`climbingpill.<hash>.wasm`); such a name never changes meaning, so it is
//!   cached for a year, `immutable`. Other static files are revalidated (`no-cache`, answered
//!   304 while unchanged), except images, which may be kept a day.
//! - Pages and server functions are `no-cache` (personal: also `private`) and compressed,
//!   except the streams ([`STREAMED_PATHS`]): the coach's answer and the live progress feed
//!   must reach the browser as they are written, and a compressor holds bytes back until it
//!   has enough of them.
//! - `/sw.js` is served with the build's id and entry files written into it, so each deploy
//!   is a new service worker, which drops the old build's caches when it takes over.
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use tower::ServiceExt;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

use super::dictionary::SharedDictionary;
use crate::server::state::AppState;

/// Hashed files: the name changes whenever the content does.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Files with a fixed name that must stay in step with the pages (scripts, styles, the
/// manifest, an unhashed bundle): the browser asks again each time and gets 304 while unchanged.
pub const REVALIDATE: &str = "no-cache";
/// Images with a fixed name (icons): a day is short enough for a new icon to show.
pub const IMAGES: &str = "public, max-age=86400";
/// Pages and server functions: personal, always fresh.
pub const DYNAMIC: &str = "private, no-cache";

/// Requests whose answers are streamed and so are never compressed: the coach's turn
/// (one JSON line per event, as the model writes) and the live progress feed (SSE).
pub fn streamed_paths() -> [&'static str; 2] {
    use leptos::server_fn::ServerFn;
    [
        <crate::api::chat::ChatTurn as ServerFn>::PATH,
        crate::api::progress::EVENTS_PATH,
    ]
}

/// The layer that compresses pages and server-function answers (brotli or gzip, as the
/// browser accepts). Server-sent events, images and answers under 32 bytes are left alone
/// ([`DefaultPredicate`]); the streams of [`streamed_paths`] never reach it with an
/// `Accept-Encoding` ([`streams_uncompressed`]).
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .compress_when(DefaultPredicate::new())
}

/// Runs before [`compression`]: a streamed answer is asked for without `Accept-Encoding`,
/// so it travels as written, each event flushed on its own.
pub async fn streams_uncompressed(mut req: Request, next: Next) -> Response {
    if streamed_paths().contains(&req.uri().path()) {
        req.headers_mut().remove(header::ACCEPT_ENCODING);
    }
    next.run(req).await
}

/// Pages, server functions and every other answer that didn't say how to cache it:
/// [`DYNAMIC`].
pub async fn no_cache_by_default(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(DYNAMIC));
    res
}

/// The outermost layer: a hashed build file's answer carries only what the browser needs to
/// use and cache it (type, encoding, length, `Vary`, `Cache-Control`, `nosniff`). The
/// headers meant for pages (CSP, frame and referrer policies, the account tag, the request
/// id, `Last-Modified` of a file never revalidated) go: over HTTP/1.1 they were ~360 of the
/// ~610 bytes sent with each of the hundred-odd route files a signed-in page loads.
pub async fn lean_static_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if res
        .headers()
        .get(header::CACHE_CONTROL)
        .is_some_and(|v| v == IMMUTABLE)
    {
        let h = res.headers_mut();
        for name in [
            header::CONTENT_SECURITY_POLICY,
            header::X_FRAME_OPTIONS,
            header::REFERRER_POLICY,
            header::LAST_MODIFIED,
            header::HeaderName::from_static("permissions-policy"),
            header::HeaderName::from_static(crate::server::http::middleware::ACCOUNT_HEADER),
            header::HeaderName::from_static("x-request-id"),
        ] {
            h.remove(name);
        }
    }
    res
}

/// Whether a file name carries cargo-leptos' content hash: the part before the extension is
/// 22 characters of URL-safe base64 (an MD5), as in `climbingpill.<hash>.wasm` or
/// `__wasm_split.<hash>.js`.
pub fn is_hashed_name(file_name: &str) -> bool {
    let Some((stem, _ext)) = file_name.rsplit_once('.') else {
        return false;
    };
    let Some((_, hash)) = stem.rsplit_once('.') else {
        return false;
    };
    // (The split loader's unhashed name holds 22 underscores: not a hash.)
    hash.len() == 22
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && hash.bytes().any(|b| b.is_ascii_alphanumeric())
}

/// The `Cache-Control` of a static file at `path` (the request's path).
pub fn static_cache_control(path: &str, pkg_dir: &str) -> &'static str {
    let file_name = path.rsplit('/').next().unwrap_or_default();
    let in_pkg = path
        .strip_prefix('/')
        .and_then(|p| p.strip_prefix(pkg_dir.trim_matches('/')))
        .is_some_and(|rest| rest.starts_with('/'));
    if in_pkg && is_hashed_name(file_name) {
        IMMUTABLE
    } else if [
        ".png", ".jpg", ".jpeg", ".webp", ".svg", ".ico", ".avif", ".gif",
    ]
    .iter()
    .any(|ext| file_name.ends_with(ext))
    {
        IMAGES
    } else {
        REVALIDATE
    }
}

/// Serves a file of the site folder (its `.br` / `.gz` copy when the browser accepts one,
/// or a route file's `dcb` copy when it holds the first WASM file as a dictionary: see
/// [`SharedDictionary`]), with its `Cache-Control` and `Vary`. `None` when there is no such
/// file, so the caller can answer with the app's 404 page.
pub async fn serve_static(
    options: &LeptosOptions,
    dictionary: Option<&SharedDictionary>,
    req: &http::request::Parts,
) -> Option<Response> {
    if req.method != Method::GET && req.method != Method::HEAD {
        return None;
    }
    let path = req.uri.path();
    if let Some(res) = dictionary.and_then(|d| d.answer(&req.method, path, &req.headers)) {
        return Some(res);
    }
    let mut file_req = Request::new(Body::empty());
    *file_req.method_mut() = req.method.clone();
    *file_req.uri_mut() = req.uri.clone();
    *file_req.headers_mut() = req.headers.clone();
    let res = ServeDir::new(&*options.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(file_req)
        .await
        .ok()?;
    if res.status() == StatusCode::NOT_FOUND || res.status() == StatusCode::METHOD_NOT_ALLOWED {
        return None;
    }
    let mut res = res.map(Body::new);
    let status = res.status();
    let h = res.headers_mut();
    // Which copy was sent depends on Accept-Encoding (and, for a route file that has a
    // `dcb` copy, on the dictionary the browser holds): caches must keep them apart.
    let has_copy = dictionary.is_some_and(|d| d.has_copy(path));
    h.insert(
        header::VARY,
        HeaderValue::from_static(if has_copy {
            super::dictionary::VARY
        } else {
            "accept-encoding"
        }),
    );
    if let Some(d) = dictionary.filter(|d| d.path() == path) {
        if status == StatusCode::OK {
            h.insert("use-as-dictionary", d.use_as_dictionary());
        }
    }
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(static_cache_control(path, &options.site_pkg_dir)),
        );
    }
    Some(res)
}

/// The hashed names of the build (cargo-leptos' hash file: `js: <hash>`, `wasm: <hash>`,
/// `css: <hash>`, and with `--split` `manifest:` / `split:`), or the plain names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteAssets {
    /// Changes with every build whose files changed; "dev" without hashed names.
    pub build: String,
    /// The files every page loads: the JS glue, the WASM bundle, the stylesheet (URLs).
    pub entry: Vec<String>,
    /// A split build's manifest (`__wasm_split_manifest.<hash>.json`: each lazy group's
    /// files), when the hash file names one (URL).
    pub split_manifest: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AssetsError {
    #[error(
        "file names are hashed (LEPTOS_HASH_FILES) but {0} can't be read: copy hash.txt from \
         the build (target/release/hash.txt) next to the binary"
    )]
    NoHashFile(String),
    #[error("{0} names {1}, which is not in the site folder: copy the site from the same build as the binary")]
    Missing(String, String),
}

/// Where leptos looks for the hash file: beside the running binary.
pub fn hash_file_path(options: &LeptosOptions) -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default()
        .join(options.hash_file.as_ref())
}

/// cargo-leptos sets `LEPTOS_HASH_FILES` when it starts the server; a binary started by
/// hand (a deploy, a debug server) finds out from the hash file beside it. Without this, a
/// hashed build run without the variable would send pages naming files that don't exist.
pub fn detect_hash_files(mut options: LeptosOptions) -> LeptosOptions {
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() && hash_file_path(&options).is_file() {
        options.hash_files = true;
    }
    options
}

impl SiteAssets {
    /// The build's assets, checked: with hashed names, each file the hash file names must
    /// be in the site folder (a binary and a site from different builds fail here, at start).
    pub fn load(options: &LeptosOptions) -> Result<Self, AssetsError> {
        if !options.hash_files {
            return Ok(Self::from_hashes(options, None));
        }
        let path = hash_file_path(options);
        let text = std::fs::read_to_string(&path)
            .map_err(|_| AssetsError::NoHashFile(path.display().to_string()))?;
        let assets = Self::from_hashes(options, Some(&text));
        for url in &assets.entry {
            let file = Path::new(&*options.site_root).join(url.trim_start_matches('/'));
            if !file.is_file() {
                return Err(AssetsError::Missing(
                    path.display().to_string(),
                    file.display().to_string(),
                ));
            }
        }
        Ok(assets)
    }

    /// The assets named by a hash file's text (`None`: plain names).
    pub fn from_hashes(options: &LeptosOptions, hash_file: Option<&str>) -> Self {
        let hashes: HashMap<&str, &str> = hash_file
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim(), v.trim()))
            .collect();
        let pkg = options.site_pkg_dir.trim_matches('/');
        let name = &options.output_name;
        let entry = ["js", "wasm", "css"]
            .iter()
            .map(|ext| match hashes.get(ext) {
                Some(hash) => format!("/{pkg}/{name}.{hash}.{ext}"),
                None => format!("/{pkg}/{name}.{ext}"),
            })
            .collect();
        let split_manifest = hashes
            .get("manifest")
            .map(|hash| format!("/{pkg}/__wasm_split_manifest.{hash}.json"));
        let build = match hash_file {
            Some(text) if !hashes.is_empty() => {
                use sha2::Digest;
                hex::encode(&sha2::Sha256::digest(text.as_bytes())[..8])
            }
            _ => "dev".to_string(),
        };
        Self {
            build,
            entry,
            split_manifest,
        }
    }
}

/// The service worker's source with this build written in: `const BUILD = "…";` and
/// `const ENTRY_FILES = […];` (the lines public/sw.js starts with).
pub fn service_worker_source(source: &str, assets: &SiteAssets) -> String {
    let entry = serde_json::to_string(&assets.entry).unwrap_or_else(|_| "[]".into());
    source
        .lines()
        .map(|line| {
            if line.starts_with("const BUILD = ") {
                format!(
                    "const BUILD = {};",
                    serde_json::Value::from(assets.build.clone())
                )
            } else if line.starts_with("const ENTRY_FILES = ") {
                format!("const ENTRY_FILES = {entry};")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// `GET /sw.js`: the site's service worker with the build written in ([`service_worker_source`]).
/// Never cached by the browser: a new deploy must reach it (the worker then updates).
pub async fn service_worker(State(state): State<AppState>) -> Response {
    let options = &state.leptos_options;
    let path = Path::new(&*options.site_root).join("sw.js");
    let Ok(source) = tokio::fs::read_to_string(&path).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let assets = SiteAssets::load(options).unwrap_or_else(|e| {
        tracing::error!(error = %e, "service worker served without the build's files");
        SiteAssets::from_hashes(options, None)
    });
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, REVALIDATE),
        ],
        service_worker_source(&source, &assets),
    )
        .into_response()
}

/// Logs, at start, a release site that was built without `--precompress` (every answer
/// would then be compressed per request, at a lower ratio).
pub fn warn_if_not_precompressed(options: &LeptosOptions, assets: &SiteAssets) {
    let Some(wasm) = assets.entry.iter().find(|u| u.ends_with(".wasm")) else {
        return;
    };
    let file = Path::new(&*options.site_root).join(wasm.trim_start_matches('/'));
    let br = PathBuf::from(format!("{}.br", file.display()));
    if file.is_file() && !br.is_file() && !cfg!(debug_assertions) {
        tracing::warn!(
            file = %file.display(),
            "static files are not precompressed: build with `cargo leptos build --release --precompress`"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed_name("climbingpill.Ab3_-9xYz0123456789abc.wasm"));
        assert!(is_hashed_name("__wasm_split.Ab3_-9xYz0123456789abc.js"));
        assert!(!is_hashed_name("climbingpill.wasm"));
        assert!(!is_hashed_name("climbingpill.css"));
        assert!(!is_hashed_name("icon-192.png"));
        assert!(!is_hashed_name("climbingpill.short.js"));
        assert!(!is_hashed_name("__wasm_split.______________________.js"));
    }

    #[test]
    fn cache_control_by_name() {
        let h = "/pkg/climbingpill.Ab3_-9xYz0123456789abc.wasm";
        assert_eq!(static_cache_control(h, "pkg"), IMMUTABLE);
        assert_eq!(
            static_cache_control("/pkg/climbingpill.wasm", "pkg"),
            REVALIDATE
        );
        assert_eq!(
            static_cache_control("/pkg/snippets/x/inline0.js", "pkg"),
            REVALIDATE
        );
        assert_eq!(static_cache_control("/sw.js", "pkg"), REVALIDATE);
        assert_eq!(
            static_cache_control("/manifest.webmanifest", "pkg"),
            REVALIDATE
        );
        assert_eq!(static_cache_control("/icons/icon-192.png", "pkg"), IMAGES);
        // Hashed-looking names outside pkg/ are not the build's.
        assert_eq!(
            static_cache_control("/icons/a.Ab3_-9xYz0123456789abc.js", "pkg"),
            REVALIDATE
        );
    }

    fn options() -> LeptosOptions {
        LeptosOptions::builder().output_name("climbingpill").build()
    }

    #[test]
    fn assets_from_the_hash_file() {
        let text = "js: AAAAAAAAAAAAAAAAAAAAAA\nwasm: BBBBBBBBBBBBBBBBBBBBBB\ncss: CCCCCCCCCCCCCCCCCCCCCC\n";
        let a = SiteAssets::from_hashes(&options(), Some(text));
        assert_eq!(
            a.entry,
            [
                "/pkg/climbingpill.AAAAAAAAAAAAAAAAAAAAAA.js",
                "/pkg/climbingpill.BBBBBBBBBBBBBBBBBBBBBB.wasm",
                "/pkg/climbingpill.CCCCCCCCCCCCCCCCCCCCCC.css",
            ]
        );
        assert_eq!(a.build.len(), 16);
        assert_eq!(a.split_manifest, None);
        let split = SiteAssets::from_hashes(
            &options(),
            Some(&format!("{text}manifest: MMMMMMMMMMMMMMMMMMMMMM\n")),
        );
        assert_eq!(
            split.split_manifest.as_deref(),
            Some("/pkg/__wasm_split_manifest.MMMMMMMMMMMMMMMMMMMMMM.json")
        );
        let other = SiteAssets::from_hashes(&options(), Some(&text.replace('B', "D")));
        assert_ne!(a.build, other.build, "a new bundle is a new build");
        let plain = SiteAssets::from_hashes(&options(), None);
        assert_eq!(plain.build, "dev");
        assert_eq!(plain.entry[1], "/pkg/climbingpill.wasm");
    }

    #[test]
    fn the_service_worker_gets_the_build_written_in() {
        let source = std::fs::read_to_string("public/sw.js").unwrap();
        let text = "js: AAAAAAAAAAAAAAAAAAAAAA\nwasm: BBBBBBBBBBBBBBBBBBBBBB\ncss: CCCCCCCCCCCCCCCCCCCCCC\n";
        let a = SiteAssets::from_hashes(&options(), Some(text));
        let sw = service_worker_source(&source, &a);
        assert!(
            sw.contains(&format!("const BUILD = \"{}\";", a.build)),
            "{sw}"
        );
        assert!(
            sw.contains("const ENTRY_FILES = [\"/pkg/climbingpill.AAAAAAAAAAAAAAAAAAAAAA.js\","),
            "{sw}"
        );
        assert!(!sw.contains("const BUILD = \"dev\""));
    }
}
