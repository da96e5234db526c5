//! How the site travels (src/server/http/assets.rs): the build's precompressed files sent
//! as the browser accepts them, hashed names cached for a year, pages and server functions
//! `no-cache` and compressed, and the streams (the coach's answer, live progress) arriving
//! as they are written, never held back by a compressor.
mod support;

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use climbingpill::server::auth::service::AuthLimits;
use climbingpill::server::clock::ManualClock;
use climbingpill::server::config::Config;
use climbingpill::server::http::assets::{SiteAssets, DYNAMIC, IMAGES, IMMUTABLE, REVALIDATE};
use climbingpill::server::http::router;
use climbingpill::server::state::AppState;
use http_body_util::BodyExt;
use support::fake_llm::{slow_text, FakeLlm};
use support::{form, post_json, TestApp};
use tower::ServiceExt;

const HASH: &str = "Qm9vdGhfaGFzaF8yMmNoYQ";

/// A WASM-like file: compressible, but not trivially.
fn bundle() -> Vec<u8> {
    code(7, 200_000)
}

/// WASM-like bytes from `seed`: files from two seeds share their alphabet, as a route file
/// and the first file share the framework's code.
fn code(seed: u32, len: usize) -> Vec<u8> {
    // Sequences that recur, as a framework's code does, each followed by a byte of its own.
    const WORDS: [&[u8]; 8] = [
        b"local.get 0 i32.load offset=8 ",
        b"call $reactive_graph::effect ",
        b"i64.store align=4 br_if 1 ",
        b"call $tachys::html::element ",
        b"global.get $__stack_pointer ",
        b"call $serde_json::de::from_str ",
        b"climbingpill_hang_crimp_",
        b"i32.const 1048576 i32.add ",
    ];
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    let mut x: u32 = seed;
    while out.len() < len {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        out.extend_from_slice(WORDS[(x >> 16) as usize % WORDS.len()]);
        out.push((x >> 8) as u8);
    }
    out
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams::default();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).unwrap();
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn unbrotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(data, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn ungzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// A site folder as `cargo leptos build --release --precompress` leaves it (hashed pkg/
/// files, each with .br and .gz copies), and the app serving it.
struct Site {
    router: Router,
    wasm: Vec<u8>,
    /// A route file of a split build (`pkg/split_chat_pages.<hash>.wasm`).
    route: Vec<u8>,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

const ROUTE_HASH: &str = "Um91dGVfZmlsZV9oYXNoXw";
const MANIFEST_HASH: &str = "TWFuaWZlc3RfaGFzaF9feA";

fn write_with_copies(path: &Path, data: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, data).unwrap();
    std::fs::write(format!("{}.br", path.display()), brotli(data)).unwrap();
    std::fs::write(format!("{}.gz", path.display()), gzip(data)).unwrap();
}

async fn site() -> Site {
    site_with(None).await
}

/// The site; with `Some(COMPRESSION_DICTIONARY)`, as main.rs starts the server from a
/// release build (hash file, split manifest): its route files compressed against the first
/// WASM file unless that setting is false (http::dictionary::load).
async fn site_with(compression_dictionary: Option<bool>) -> Site {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    let wasm = bundle();
    write_with_copies(&root.join(format!("pkg/climbingpill.{HASH}.wasm")), &wasm);
    let route = code(11, 60_000);
    write_with_copies(
        &root.join(format!("pkg/split_chat_pages.{ROUTE_HASH}.wasm")),
        &route,
    );
    // wasm-split's manifest: each lazy group's files.
    write_with_copies(
        &root.join(format!("pkg/__wasm_split_manifest.{MANIFEST_HASH}.json")),
        format!(r#"{{"chat_pages": ["split_chat_pages.{ROUTE_HASH}"]}}"#).as_bytes(),
    );
    write_with_copies(
        &root.join(format!("pkg/climbingpill.{HASH}.js")),
        "export function init() { return 'hydrate'; }\n"
            .repeat(50)
            .as_bytes(),
    );
    write_with_copies(&root.join("sw.js"), &std::fs::read("public/sw.js").unwrap());
    write_with_copies(
        &root.join("manifest.webmanifest"),
        &std::fs::read("public/manifest.webmanifest").unwrap(),
    );
    std::fs::create_dir_all(root.join("icons")).unwrap();
    for icon in ["icon-192.png", "icon.svg"] {
        std::fs::write(
            root.join("icons").join(icon),
            std::fs::read(format!("public/icons/{icon}")).unwrap(),
        )
        .unwrap();
    }

    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().display().to_string();
    let config = Config::from_lookup(|k| match k {
        "CLIMBINGPILL_DATA_DIR" => Some(data_dir.clone()),
        "COMPRESSION_DICTIONARY" => compression_dictionary.map(|on| on.to_string()),
        _ => None,
    })
    .unwrap();
    let options = leptos::config::LeptosOptions::builder()
        .output_name("climbingpill")
        .site_root(root.display().to_string())
        .build();
    let mut state = AppState::build_with(
        config,
        options,
        Arc::new(ManualClock::new(1_800_000_000)),
        AuthLimits::default(),
    )
    .await
    .unwrap();
    if let Some(on) = compression_dictionary {
        let hashes = format!("js: {HASH}\nwasm: {HASH}\ncss: {HASH}\nmanifest: {MANIFEST_HASH}\n");
        let assets = SiteAssets::from_hashes(&state.leptos_options, Some(&hashes));
        state.site_dictionary = climbingpill::server::http::dictionary::load(
            &state.leptos_options,
            &assets,
            &state.config,
        )
        .await;
        assert_eq!(
            state.site_dictionary.is_some(),
            on,
            "COMPRESSION_DICTIONARY={on}"
        );
    }
    let router = router(state).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
    Site {
        router,
        wasm,
        route,
        _dirs: (site, data),
    }
}

struct Got {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

async fn get(router: &Router, path: &str, headers: &[(header::HeaderName, &str)]) -> Got {
    let mut req = Request::get(path).header(header::HOST, "127.0.0.1:3000");
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Got {
        status,
        headers,
        body,
    }
}

fn wasm_path() -> String {
    format!("/pkg/climbingpill.{HASH}.wasm")
}

#[tokio::test]
async fn the_bundle_goes_as_its_brotli_copy_to_browsers_that_accept_it() {
    let s = site().await;
    let r = get(
        &s.router,
        &wasm_path(),
        &[(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::CONTENT_ENCODING), Some("br"));
    assert_eq!(r.header(header::CONTENT_TYPE), Some("application/wasm"));
    assert_eq!(r.header(header::CACHE_CONTROL), Some(IMMUTABLE));
    assert_eq!(r.header(header::VARY), Some("accept-encoding"));
    assert!(
        r.body.len() < s.wasm.len() / 2,
        "{} bytes on the wire for {}",
        r.body.len(),
        s.wasm.len()
    );
    assert_eq!(unbrotli(&r.body), s.wasm, "the bundle, byte for byte");
    // A signed-in page loads a hundred-odd of these: none of the headers meant for pages.
    for page_only in [
        "content-security-policy",
        "x-frame-options",
        "referrer-policy",
        "permissions-policy",
        "x-climbingpill-account",
        "x-request-id",
        "last-modified",
    ] {
        assert!(
            !r.headers.contains_key(page_only),
            "{page_only} on a hashed file: {:?}",
            r.headers
        );
    }
    assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), Some("nosniff"));
    let header_bytes: usize = r
        .headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    assert!(
        header_bytes < 250,
        "{header_bytes} bytes of headers: {:?}",
        r.headers
    );
    // Pages keep theirs.
    let page = get(&s.router, "/login", &[]).await;
    assert!(page.headers.contains_key("content-security-policy"));
    assert!(page.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn route_files_go_compressed_against_the_first_file_to_browsers_that_keep_it() {
    let s = site_with(Some(true)).await;
    let route_path = format!("/pkg/split_chat_pages.{ROUTE_HASH}.wasm");
    // Chrome's first load: the first file, as brotli, offered as a dictionary for pkg/.
    let first = get(
        &s.router,
        &wasm_path(),
        &[(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd")],
    )
    .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header(header::CONTENT_ENCODING), Some("br"));
    assert_eq!(
        first.header(header::HeaderName::from_static("use-as-dictionary")),
        Some("match=\"/pkg/*\"")
    );
    assert_eq!(first.header(header::VARY), Some("accept-encoding"));
    let kept = unbrotli(&first.body);
    assert_eq!(kept, s.wasm);

    // Then the route file, saying which dictionary it holds.
    use base64::Engine;
    use sha2::Digest;
    let available = format!(
        ":{}:",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&kept))
    );
    let r = get(
        &s.router,
        &route_path,
        &[
            (header::ACCEPT_ENCODING, "gzip, deflate, br, zstd, dcb, dcz"),
            (
                header::HeaderName::from_static("available-dictionary"),
                available.as_str(),
            ),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::CONTENT_ENCODING), Some("dcb"));
    assert_eq!(r.header(header::CONTENT_TYPE), Some("application/wasm"));
    assert_eq!(r.header(header::CACHE_CONTROL), Some(IMMUTABLE));
    assert_eq!(
        r.header(header::VARY),
        Some("accept-encoding, available-dictionary")
    );
    assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), Some("nosniff"));
    // The dcb format: magic bytes, the dictionary's SHA-256, a brotli stream that reads
    // the dictionary as what came before it.
    assert_eq!(&r.body[..4], [0xff, 0x44, 0x43, 0x42]);
    assert_eq!(&r.body[4..36], &sha2::Sha256::digest(&kept)[..]);
    let mut decoded = Vec::new();
    brotli::Decompressor::new_with_custom_dict(&r.body[36..], 4096, kept.clone().into())
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, s.route, "the route file, byte for byte");
    let br = brotli(&s.route).len();
    assert!(
        r.body.len() < br,
        "{} bytes against the dictionary, {br} as brotli",
        r.body.len()
    );

    // A browser without the feature, or holding another build's first file: the brotli copy,
    // with the same Vary so a cache keeps the two apart.
    for headers in [
        vec![(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd")],
        vec![
            (header::ACCEPT_ENCODING, "br, dcb"),
            (
                header::HeaderName::from_static("available-dictionary"),
                ":QW5vdGhlcl9idWlsZF9maXJzdF9maWxlX2hhc2hfeHg=:",
            ),
        ],
    ] {
        let plain = get(&s.router, &route_path, &headers).await;
        assert_eq!(plain.status, StatusCode::OK);
        assert_eq!(plain.header(header::CONTENT_ENCODING), Some("br"));
        assert_eq!(
            plain.header(header::VARY),
            Some("accept-encoding, available-dictionary")
        );
        assert_eq!(unbrotli(&plain.body), s.route);
    }

    // HEAD: the same answer without its body.
    let head = s
        .router
        .clone()
        .oneshot(
            Request::head(&route_path)
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::ACCEPT_ENCODING, "br, dcb")
                .header("available-dictionary", available.as_str())
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(head.headers()[header::CONTENT_ENCODING], "dcb");
    assert_eq!(
        head.headers()[header::CONTENT_LENGTH],
        r.body.len().to_string().as_str()
    );
    assert!(head
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .is_empty());

    // With COMPRESSION_DICTIONARY=false: no dictionary offered, the brotli copy for all.
    let off = site_with(Some(false)).await;
    let first = get(
        &off.router,
        &wasm_path(),
        &[(header::ACCEPT_ENCODING, "br")],
    )
    .await;
    assert!(!first.headers.contains_key("use-as-dictionary"));
    let r = get(
        &off.router,
        &route_path,
        &[
            (header::ACCEPT_ENCODING, "br, dcb"),
            (
                header::HeaderName::from_static("available-dictionary"),
                available.as_str(),
            ),
        ],
    )
    .await;
    assert_eq!(r.header(header::CONTENT_ENCODING), Some("br"));
}

#[tokio::test]
async fn gzip_only_browsers_get_the_gzip_copy_and_others_the_file_itself() {
    let s = site().await;
    for accept in ["gzip", "br;q=0, gzip", "gzip, deflate"] {
        let r = get(
            &s.router,
            &wasm_path(),
            &[(header::ACCEPT_ENCODING, accept)],
        )
        .await;
        assert_eq!(r.header(header::CONTENT_ENCODING), Some("gzip"), "{accept}");
        assert_eq!(r.header(header::CACHE_CONTROL), Some(IMMUTABLE));
        assert_eq!(ungzip(&r.body), s.wasm, "{accept}");
    }
    for accept in [None, Some("identity")] {
        let headers: Vec<_> = accept
            .map(|a| (header::ACCEPT_ENCODING, a))
            .into_iter()
            .collect();
        let r = get(&s.router, &wasm_path(), &headers).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header(header::CONTENT_ENCODING), None, "{accept:?}");
        assert_eq!(
            r.header(header::CONTENT_LENGTH),
            Some(s.wasm.len().to_string().as_str())
        );
        assert_eq!(r.body, s.wasm, "{accept:?}");
        assert_eq!(r.header(header::CACHE_CONTROL), Some(IMMUTABLE));
    }
    // A name that doesn't exist is the app's 404 page, not a file.
    let r = get(&s.router, "/pkg/climbingpill.nope.wasm", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn files_with_fixed_names_are_revalidated_and_the_worker_knows_its_build() {
    let s = site().await;
    let br = [(header::ACCEPT_ENCODING, "br")];
    let manifest = get(&s.router, "/manifest.webmanifest", &br).await;
    assert_eq!(manifest.status, StatusCode::OK);
    assert_eq!(manifest.header(header::CACHE_CONTROL), Some(REVALIDATE));
    assert_eq!(manifest.header(header::CONTENT_ENCODING), Some("br"));
    // Unchanged since the browser's copy: 304, nothing sent again.
    let modified = manifest.header(header::LAST_MODIFIED).unwrap().to_string();
    let again = get(
        &s.router,
        "/manifest.webmanifest",
        &[(header::IF_MODIFIED_SINCE, modified.as_str())],
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());

    let icon = get(&s.router, "/icons/icon-192.png", &br).await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.header(header::CACHE_CONTROL), Some(IMAGES));
    assert_eq!(icon.header(header::CONTENT_TYPE), Some("image/png"));
    // The page's favicon (its <link rel="icon">): a few hundred bytes of SVG.
    let favicon = get(&s.router, "/icons/icon.svg", &br).await;
    assert_eq!(favicon.status, StatusCode::OK);
    assert_eq!(favicon.header(header::CACHE_CONTROL), Some(IMAGES));
    assert_eq!(favicon.header(header::CONTENT_TYPE), Some("image/svg+xml"));
    assert!(favicon.body.len() < 400, "{} bytes", favicon.body.len());

    let sw = get(&s.router, "/sw.js", &[]).await;
    assert_eq!(sw.status, StatusCode::OK);
    assert_eq!(sw.header(header::CACHE_CONTROL), Some("no-cache"));
    assert!(sw
        .header(header::CONTENT_TYPE)
        .unwrap()
        .contains("javascript"));
    let text = String::from_utf8(sw.body).unwrap();
    // Plain names here (no hash.txt beside the test binary): the worker's "dev" build.
    assert!(text.contains("const BUILD = \"dev\";"), "{text}");
    assert!(
        text.contains("const ENTRY_FILES = [\"/pkg/climbingpill.js\""),
        "{text}"
    );
}

#[tokio::test]
async fn pages_and_server_functions_are_compressed_and_never_cached() {
    let app = TestApp::new().await;
    let page = get(&app.router, "/login", &[(header::ACCEPT_ENCODING, "br")]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header(header::CONTENT_ENCODING), Some("br"));
    assert_eq!(page.header(header::CACHE_CONTROL), Some(DYNAMIC));
    let html = String::from_utf8(unbrotli(&page.body)).unwrap();
    assert!(
        html.contains("<h1>Log in</h1>") || html.contains("Log in"),
        "{html}"
    );

    let plain = get(&app.router, "/login", &[]).await;
    assert_eq!(plain.header(header::CONTENT_ENCODING), None);
    assert!(String::from_utf8(plain.body).unwrap().contains("Log in"));

    let cookie = app.signup("delivery@example.com").await;
    // A server function's answer (the signed-in climber, as JSON).
    let req = Request::post("/api/me")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(headers[header::CACHE_CONTROL], DYNAMIC);
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    let me: serde_json::Value = serde_json::from_slice(&ungzip(&body)).unwrap();
    assert_eq!(me["email"], "delivery@example.com");
    // The journal export keeps its own rule (no-store).
    let export = app.get("/api/journal/export.csv", Some(&cookie)).await;
    assert_eq!(export.headers[header::CACHE_CONTROL], "no-store");
}

/// The coach's answer streams token by token even when the browser accepts compression: the
/// first token arrives long before the answer ends, uncompressed.
#[tokio::test]
async fn the_coach_answer_still_streams_token_by_token() {
    let llm = FakeLlm::start(vec![slow_text(
        &["one ", "two ", "three ", "four ", "five"],
        Duration::from_millis(250),
    )])
    .await;
    let app = TestApp::with(
        &[
            ("LLM_MODEL", "fake"),
            ("LLM_BASE_URL", llm.base_url.as_str()),
            ("LLM_TIMEOUT_SECS", "5"),
        ],
        AuthLimits::default(),
    )
    .await;
    let cookie = app.signup("stream@example.com").await;
    let r = app.post("/api/chat/new", "", Some(&cookie)).await;
    let thread: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let thread = thread["id"].as_str().unwrap();

    let req = Request::post("/api/chat/turn")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd")
        .body(Body::from(form(&[
            ("thread_id", thread),
            ("text", "count"),
        ])))
        .unwrap();
    let started = Instant::now();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
    let mut body = res.into_body();
    let mut seen = String::new();
    let mut first_token = None;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            seen.push_str(std::str::from_utf8(&data).expect("plain text, not compressed"));
            if first_token.is_none() && seen.contains("\"type\":\"token\"") {
                first_token = Some(started.elapsed());
            }
        }
    }
    let total = started.elapsed();
    let first = first_token.expect("tokens in the stream");
    assert!(seen.contains("five"), "{seen}");
    assert!(
        first + Duration::from_millis(700) < total,
        "first token after {first:?}, answer done after {total:?}: held back"
    );
}

/// Live progress (server-sent events) is never compressed: a change arrives while the
/// stream stays open.
#[tokio::test]
async fn live_progress_events_arrive_uncompressed() {
    let app = TestApp::new().await;
    let cookie = app.signup("live@example.com").await;
    let req = Request::get("/api/progress/events")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::COOKIE, &cookie)
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
    let mut events = res.into_body();
    let saved = post_json(
        &app,
        "/api/journal/save",
        serde_json::json!({"entry": {
            "date": "2027-01-14", "kind": "bouldering", "duration_min": "60", "rpe": "7",
            "location": "", "climbs": [], "pain": [], "notes": "", "tags": ""
        }}),
        &cookie,
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let mut text = String::new();
    while !text.contains("event:") {
        let frame = tokio::time::timeout_at(deadline, events.frame())
            .await
            .expect("the change arrives while the stream is open")
            .unwrap()
            .unwrap();
        if let Ok(data) = frame.into_data() {
            text.push_str(std::str::from_utf8(&data).unwrap());
        }
    }
    assert!(text.contains("journal-changed"), "{text}");
}
