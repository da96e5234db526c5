//! Route files compressed against the first WASM file: HTTP Compression Dictionary Transport
//! (IETF proposed standard, 2025; Chrome and Edge since 130), content encoding `dcb`.
//!
//! Every page loads the first WASM file; a signed-in page then loads its route's files, which
//! are mostly the same framework code instantiated for other types. So the first file is sent
//! with `Use-As-Dictionary: match="/pkg/*"`: the browser keeps it as a dictionary for later
//! requests under `pkg/` and says so on each of them (`Available-Dictionary: :<SHA-256>:`,
//! `dcb` in `Accept-Encoding`). A route file is then sent as brotli (quality 11, as the build's
//! own copies) compressed with the first file as its dictionary: the header `dcb` defines
//! (magic bytes, the dictionary's SHA-256) and the brotli stream. Measured on the release
//! build, the route files are 15 % smaller that way than as their brotli copies (all of
//! them: 680,770 -> 582,015 bytes). A browser without the feature (Firefox and Safari
//! today), or one that holds another dictionary (an older build's), gets the brotli copy.
//!
//! The copies are made once, when the server starts, from the site folder (before it
//! listens, on up to four cores: 4.5 s on two for a release build's ~50 route files) and kept in
//! memory (under 600 KB); a copy no smaller than the file's brotli copy is not kept.
//! Zstandard (`dcz`) was measured too: 7 % larger than these on the route groups, and a C
//! library more. Nothing here changes what a page contains, only how its files travel.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use base64::Engine;
use leptos::config::LeptosOptions;
use sha2::{Digest, Sha256};

use super::assets::{is_hashed_name, SiteAssets, IMMUTABLE};
use crate::server::config::Config;

/// The `dcb` content encoding's header: these 4 bytes, then the dictionary's SHA-256.
pub const DCB_MAGIC: [u8; 4] = [0xff, 0x44, 0x43, 0x42];
/// `Vary` of every file that may travel dictionary-compressed.
pub const VARY: &str = "accept-encoding, available-dictionary";
/// Brotli quality: the build's own copies use the best, 11.
const QUALITY: u32 = 11;
/// The largest window (log2 bytes) of standard brotli: 16 MB.
const MAX_WINDOW_LOG: u32 = 24;
/// How much of its window brotli can't reach back (`BROTLI_WINDOW_GAP`).
const WINDOW_GAP: usize = 16;
/// Threads compressing at once, whatever the cores.
const MAX_THREADS: usize = 4;

/// The first WASM file as a dictionary, and the route files compressed against it.
pub struct SharedDictionary {
    /// URL path of the dictionary: `/pkg/<output name>.<hash>.wasm`.
    path: String,
    /// Its SHA-256 as `Available-Dictionary` carries it: `:<base64>:`.
    available: String,
    /// URL path of a route file → its `dcb` body.
    files: HashMap<String, Bytes>,
}

/// What [`SharedDictionary::build`] made, for the start-up log.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub files: usize,
    pub raw: usize,
    pub brotli: usize,
    pub dcb: usize,
}

impl SharedDictionary {
    /// From a site folder: `dictionary` and `files` are URL paths of its files (the first
    /// WASM file; the route files the split manifest names). Each of `files` gets its `dcb`
    /// copy when that copy is smaller than its brotli one (`<file>.br`; the raw file when
    /// there is none). `None` when no file gets one.
    pub fn build(
        site_root: &Path,
        dictionary: &str,
        files: &[String],
    ) -> std::io::Result<Option<(Self, Sizes)>> {
        let on_disk = |url: &str| site_root.join(url.trim_start_matches('/'));
        let others: Vec<&String> = files.iter().filter(|f| *f != dictionary).collect();
        if others.is_empty() {
            return Ok(None);
        }
        let dict = std::fs::read(on_disk(dictionary))?;
        let hash: [u8; 32] = Sha256::digest(&dict).into();
        let mut header = DCB_MAGIC.to_vec();
        header.extend_from_slice(&hash);

        // The files shared out among the cores, at most MAX_THREADS (each holds an encoder
        // with the dictionary's hash tables: tens of megabytes).
        let next = std::sync::atomic::AtomicUsize::new(0);
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS));
        let copies = std::thread::scope(|scope| {
            let tasks: Vec<_> = (0..workers.min(others.len()))
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        while let Some(name) =
                            others.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                        {
                            done.extend(compressed(&on_disk(name), &dict)?.map(|c| (*name, c)));
                        }
                        Ok::<_, std::io::Error>(done)
                    })
                })
                .collect();
            tasks
                .into_iter()
                .map(|t| {
                    t.join().unwrap_or_else(|_| {
                        Err(std::io::Error::other("a compressing thread failed"))
                    })
                })
                .collect::<std::io::Result<Vec<_>>>()
        })?;

        let mut files = HashMap::new();
        let mut sizes = Sizes::default();
        for (url, copy) in copies.into_iter().flatten() {
            let body_len = header.len() + copy.stream.len();
            if body_len >= copy.brotli {
                continue;
            }
            let mut body = Vec::with_capacity(body_len);
            body.extend_from_slice(&header);
            body.extend_from_slice(&copy.stream);
            sizes.files += 1;
            sizes.raw += copy.raw;
            sizes.brotli += copy.brotli;
            sizes.dcb += body.len();
            files.insert(url.clone(), Bytes::from(body));
        }
        if files.is_empty() {
            return Ok(None);
        }
        let available = format!(
            ":{}:",
            base64::engine::general_purpose::STANDARD.encode(hash)
        );
        Ok(Some((
            Self {
                path: dictionary.to_string(),
                available,
                files,
            },
            sizes,
        )))
    }

    /// URL path of the dictionary file.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether `path` has a `dcb` copy.
    pub fn has_copy(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// `Use-As-Dictionary` for the dictionary file's answer: later requests under the
    /// same folder may be compressed against it.
    pub fn use_as_dictionary(&self) -> HeaderValue {
        let folder = self.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        HeaderValue::from_str(&format!("match=\"{folder}/*\""))
            .unwrap_or(HeaderValue::from_static("match=\"/pkg/*\""))
    }

    /// The `dcb` answer for a GET (or HEAD: the same headers, no body) of a route file from
    /// a browser that holds this dictionary and accepts `dcb`; `None` otherwise (the caller
    /// sends the file as usual; a range of the file, too).
    pub fn answer(&self, method: &Method, path: &str, headers: &HeaderMap) -> Option<Response> {
        let head = method == Method::HEAD;
        if (method != Method::GET && !head) || headers.contains_key(header::RANGE) {
            return None;
        }
        let body = self.files.get(path)?;
        let holds = headers
            .get("available-dictionary")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() == self.available);
        if !holds || !accepts(headers, "dcb") {
            return None;
        }
        Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, "application/wasm")
            .header(header::CONTENT_ENCODING, "dcb")
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::VARY, VARY)
            .header(header::CACHE_CONTROL, IMMUTABLE)
            .body(if head {
                Body::empty()
            } else {
                Body::from(body.clone())
            })
            .ok()
    }
}

/// The route files of a release site (hashed names, precompressed, split), compressed
/// against its first WASM file, off the async threads; `None` with `COMPRESSION_DICTIONARY`
/// off, for a debug or unsplit site, or when no copy is smaller. A site folder that can't
/// be read is logged and served without: the files still go as their brotli copies.
pub async fn load(
    options: &LeptosOptions,
    assets: &SiteAssets,
    config: &Config,
) -> Option<Arc<SharedDictionary>> {
    let dictionary = assets.entry.iter().find(|u| u.ends_with(".wasm"))?.clone();
    let manifest = assets.split_manifest.clone()?;
    let root = PathBuf::from(&*options.site_root);
    let release = root
        .join(format!("{}.br", dictionary.trim_start_matches('/')))
        .is_file();
    if !config.compression_dictionary || !release {
        return None;
    }
    let started = std::time::Instant::now();
    let pkg = options.site_pkg_dir.trim_matches('/').to_string();
    let built = tokio::task::spawn_blocking(move || {
        let manifest = std::fs::read_to_string(root.join(manifest.trim_start_matches('/')))?;
        SharedDictionary::build(&root, &dictionary, &route_files(&manifest, &pkg))
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r.map_err(|e| e.to_string()));
    match built {
        Ok(Some((dictionary, sizes))) => {
            tracing::info!(
                dictionary = dictionary.path(),
                files = sizes.files,
                raw_bytes = sizes.raw,
                brotli_bytes = sizes.brotli,
                dcb_bytes = sizes.dcb,
                ms = started.elapsed().as_millis() as u64,
                "route files compressed against the first WASM file"
            );
            Some(Arc::new(dictionary))
        }
        Ok(None) => None,
        Err(e) => {
            tracing::error!(error = %e, "route files served without their dictionary copies");
            None
        }
    }
}

/// The URL paths of the route files a split manifest names (wasm-split's
/// `__wasm_split_manifest.<hash>.json`: each group's files, without `.wasm`), each once, in
/// order. Anything else in `pkg/` (an older build's files) is left alone.
pub fn route_files(manifest: &str, pkg_dir: &str) -> Vec<String> {
    let groups: HashMap<String, Vec<String>> = serde_json::from_str(manifest).unwrap_or_default();
    let mut files: Vec<String> = groups
        .into_values()
        .flatten()
        .filter(|stem| is_hashed_name(&format!("{stem}.wasm")))
        .map(|stem| format!("/{pkg_dir}/{stem}.wasm"))
        .collect();
    files.sort();
    files.dedup();
    files
}

/// One route file compressed against the dictionary, with its sizes.
struct Compressed {
    raw: usize,
    /// Its prebuilt brotli copy's size (the raw size without one).
    brotli: usize,
    stream: Vec<u8>,
}

/// The file at `path` compressed against `dict`; `None` when the two don't fit brotli's
/// window.
fn compressed(path: &Path, dict: &[u8]) -> std::io::Result<Option<Compressed>> {
    let raw = std::fs::read(path)?;
    let window = window_log(dict.len() + raw.len());
    if window > MAX_WINDOW_LOG {
        return Ok(None);
    }
    let stream = compress(dict, &raw, window)?;
    let brotli = std::fs::read(format!("{}.br", path.display())).map_or(raw.len(), |b| b.len());
    Ok(Some(Compressed {
        raw: raw.len(),
        brotli,
        stream,
    }))
}

/// The smallest window (log2 bytes) that reaches from the end of a file back to the start
/// of the dictionary before it: brotli reaches back `2^w - 16` bytes. Within that, a `dcb`
/// decoder (which keeps the dictionary apart from the file) reads every distance as the
/// encoder meant it; past it, the two would disagree on where the dictionary ends.
fn window_log(span: usize) -> u32 {
    let span = (span + WINDOW_GAP).max(1 << 10);
    usize::BITS - (span - 1).leading_zeros()
}

/// The brotli stream of `data` with `dict` as a raw dictionary before it (brotli's custom
/// dictionary, which `dcb` decoders take as that same prefix).
fn compress(dict: &[u8], data: &[u8], window: u32) -> std::io::Result<Vec<u8>> {
    use brotli::enc::encode::{
        BrotliEncoderOperation, BrotliEncoderParameter, BrotliEncoderStateStruct,
    };
    let mut enc = BrotliEncoderStateStruct::new(brotli::enc::StandardAlloc::default());
    let set = enc.set_parameter(BrotliEncoderParameter::BROTLI_PARAM_QUALITY, QUALITY)
        && enc.set_parameter(BrotliEncoderParameter::BROTLI_PARAM_LGWIN, window)
        && enc.set_parameter(
            BrotliEncoderParameter::BROTLI_PARAM_SIZE_HINT,
            u32::try_from(data.len()).unwrap_or(u32::MAX),
        );
    if !set {
        return Err(std::io::Error::other("brotli refused its parameters"));
    }
    enc.set_custom_dictionary(dict.len(), dict);
    let mut out = vec![0u8; data.len() + 1024];
    let (mut in_left, mut in_at, mut out_at) = (data.len(), 0, 0);
    while !enc.is_finished() {
        if out_at == out.len() {
            out.resize(out.len() * 2, 0);
        }
        let mut out_left = out.len() - out_at;
        let ok = enc.compress_stream(
            BrotliEncoderOperation::BROTLI_OPERATION_FINISH,
            &mut in_left,
            data,
            &mut in_at,
            &mut out_left,
            &mut out,
            &mut out_at,
            &mut None,
            &mut |_, _, _, _| (),
        );
        if !ok {
            return Err(std::io::Error::other("brotli failed on a route file"));
        }
    }
    out.truncate(out_at);
    Ok(out)
}

/// Whether `Accept-Encoding` names `coding` with a non-zero weight.
pub fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            parts.next().is_some_and(|c| c.eq_ignore_ascii_case(coding))
                && parts.all(|p| match p.split_once('=') {
                    Some((name, q)) if name.trim().eq_ignore_ascii_case("q") => {
                        q.trim().parse::<f32>().is_ok_and(|q| q > 0.0)
                    }
                    _ => true,
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Code-like bytes: a small alphabet, long repeats between the two files.
    fn code(seed: u32, len: usize) -> Vec<u8> {
        let words: [&[u8]; 6] = [
            b"local.get 0 i32.load offset=8 ",
            b"call $reactive_graph::effect ",
            b"i64.store align=4 br_if 1 ",
            b"call $tachys::html::element ",
            b"global.get $__stack_pointer ",
            b"call $serde_json::de::from_str ",
        ];
        let mut out = b"\0asm\x01\0\0\0".to_vec();
        let mut x = seed;
        while out.len() < len {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            out.extend_from_slice(words[(x >> 16) as usize % words.len()]);
            out.extend_from_slice(&x.to_le_bytes()[..1]);
        }
        out
    }

    fn decode(dict: &[u8], body: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let hash: [u8; 32] = Sha256::digest(dict).into();
        assert_eq!(&body[..4], DCB_MAGIC);
        assert_eq!(&body[4..36], hash);
        let mut out = Vec::new();
        brotli::Decompressor::new_with_custom_dict(&body[36..], 4096, dict.to_vec().into())
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn site(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
        for (name, data) in files {
            std::fs::write(dir.path().join("pkg").join(name), data).unwrap();
        }
        dir
    }

    const MAIN: &str = "climbingpill.Qm9vdGhfaGFzaF8yMmNoYQ.wasm";
    const ROUTE: &str = "split_chat_pages.QWJjZGVmZ2hpamtsbW5vcA.wasm";

    /// The site's copies, `MAIN` the dictionary and `files` (names under pkg/) the route files.
    fn build(dir: &tempfile::TempDir, files: &[&str]) -> Option<(SharedDictionary, Sizes)> {
        let urls: Vec<String> = files.iter().map(|f| format!("/pkg/{f}")).collect();
        SharedDictionary::build(dir.path(), &format!("/pkg/{MAIN}"), &urls).unwrap()
    }

    #[test]
    fn route_files_are_compressed_against_the_first_file_and_decode_back() {
        let main = code(1, 300_000);
        let route = code(2, 80_000);
        let dir = site(&[(MAIN, main.clone()), (ROUTE, route.clone())]);
        // The dictionary named among the files gets no copy of itself.
        let (d, sizes) = build(&dir, &[ROUTE, MAIN]).unwrap();
        assert_eq!(d.path(), format!("/pkg/{MAIN}"));
        assert_eq!(d.use_as_dictionary().to_str().unwrap(), "match=\"/pkg/*\"");
        assert!(d.has_copy(&format!("/pkg/{ROUTE}")));
        assert!(!d.has_copy(d.path()), "the dictionary itself has no copy");
        assert_eq!(sizes.files, 1);
        assert_eq!(sizes.raw, route.len());
        assert!(sizes.dcb < sizes.brotli, "{sizes:?}");
        let body = &d.files[&format!("/pkg/{ROUTE}")];
        assert_eq!(decode(&main, body), route, "the route file, byte for byte");
    }

    #[test]
    fn only_a_browser_holding_this_dictionary_and_accepting_dcb_gets_the_copy() {
        let main = code(1, 200_000);
        let dir = site(&[(MAIN, main.clone()), (ROUTE, code(3, 50_000))]);
        let (d, _) = build(&dir, &[ROUTE]).unwrap();
        let route = format!("/pkg/{ROUTE}");
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&main));
        let headers = |accept: &str, available: Option<String>| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, accept.parse().unwrap());
            if let Some(a) = available {
                h.insert("available-dictionary", a.parse().unwrap());
            }
            h
        };
        let ok = headers(
            "gzip, deflate, br, zstd, dcb, dcz",
            Some(format!(":{hash}:")),
        );
        let res = d.answer(&Method::GET, &route, &ok).expect("a dcb answer");
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "dcb");
        assert_eq!(res.headers()[header::VARY], VARY);
        assert_eq!(res.headers()[header::CACHE_CONTROL], IMMUTABLE);
        assert_eq!(res.headers()[header::CONTENT_TYPE], "application/wasm");
        let length = res.headers()[header::CONTENT_LENGTH].clone();
        assert_eq!(length, d.files[&route].len().to_string().as_str());
        // HEAD: the same answer, without its body.
        let head = d.answer(&Method::HEAD, &route, &ok).expect("a dcb HEAD");
        assert_eq!(head.headers()[header::CONTENT_ENCODING], "dcb");
        assert_eq!(head.headers()[header::CONTENT_LENGTH], length);

        // Another dictionary (an older build's), none, no dcb, dcb refused, a range, a POST,
        // a file without a copy: the caller sends the usual copy.
        let other = headers("br, dcb", Some(format!(":{}:", "A".repeat(43) + "=")));
        assert!(d.answer(&Method::GET, &route, &other).is_none());
        assert!(d
            .answer(&Method::GET, &route, &headers("br, dcb", None))
            .is_none());
        for refused in ["br, zstd, dcz", "br, dcb;q=0", "br, dcb; Q = 0"] {
            assert!(
                d.answer(
                    &Method::GET,
                    &route,
                    &headers(refused, Some(format!(":{hash}:")))
                )
                .is_none(),
                "{refused}"
            );
        }
        let mut ranged = ok.clone();
        ranged.insert(header::RANGE, "bytes=0-99".parse().unwrap());
        assert!(d.answer(&Method::GET, &route, &ranged).is_none());
        assert!(d.answer(&Method::POST, &route, &ok).is_none());
        assert!(d.answer(&Method::GET, d.path(), &ok).is_none());
        assert!(d.answer(&Method::GET, "/pkg/other.wasm", &ok).is_none());
    }

    #[test]
    fn no_dictionary_without_route_files_and_an_error_without_the_first_file() {
        let only_main = site(&[(MAIN, code(1, 10_000))]);
        assert!(build(&only_main, &[]).is_none());
        assert!(build(&only_main, &[MAIN]).is_none());
        let no_main = site(&[(ROUTE, code(1, 10_000))]);
        let urls = [format!("/pkg/{ROUTE}")];
        assert!(SharedDictionary::build(no_main.path(), &format!("/pkg/{MAIN}"), &urls).is_err());
    }

    #[test]
    fn a_copy_no_smaller_than_the_brotli_one_is_not_kept() {
        let dir = site(&[(MAIN, code(1, 50_000)), (ROUTE, code(9, 20_000))]);
        // A (pretend) brotli copy of 10 bytes: nothing beats it.
        std::fs::write(
            dir.path().join("pkg").join(format!("{ROUTE}.br")),
            [0u8; 10],
        )
        .unwrap();
        assert!(build(&dir, &[ROUTE]).is_none());
    }

    #[test]
    fn the_route_files_are_those_the_split_manifest_names() {
        let manifest = r#"{
            "chat_pages": ["chunk_7.g5-zw0nBCB2h2XtSQx7GJw", "split_chat_pages.Oe16-wZkLlMDchJJgnpquA"],
            "journal_pages": ["chunk_7.g5-zw0nBCB2h2XtSQx7GJw", "split_journal_pages.PtMkhwVteStQ4W3acsOIjA"],
            "odd": ["not-hashed"]
        }"#;
        assert_eq!(
            route_files(manifest, "pkg"),
            [
                "/pkg/chunk_7.g5-zw0nBCB2h2XtSQx7GJw.wasm",
                "/pkg/split_chat_pages.Oe16-wZkLlMDchJJgnpquA.wasm",
                "/pkg/split_journal_pages.PtMkhwVteStQ4W3acsOIjA.wasm",
            ]
        );
        assert!(route_files("not json", "pkg").is_empty());
    }

    #[test]
    fn accept_encoding_is_read_with_weights() {
        let h = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, v.parse().unwrap());
            h
        };
        assert!(accepts(&h("gzip, br, dcb"), "dcb"));
        assert!(accepts(&h("DCB;q=0.5"), "dcb"));
        assert!(accepts(&h("dcb ; Q = 1"), "dcb"));
        assert!(!accepts(&h("dcb;q=0"), "dcb"));
        assert!(!accepts(&h("dcb; Q=0.000"), "dcb"));
        assert!(!accepts(&h("dcb;q=oops"), "dcb"));
        assert!(!accepts(&h("dcbx, dcz"), "dcb"));
        assert!(!accepts(&HeaderMap::new(), "dcb"));
    }

    #[test]
    fn the_window_reaches_back_over_the_dictionary_and_its_gap() {
        assert_eq!(window_log(1), 10);
        assert_eq!(window_log(1024 - WINDOW_GAP), 10);
        assert_eq!(window_log(1024 - WINDOW_GAP + 1), 11);
        assert_eq!(window_log((1 << 20) - 16), 20);
        assert_eq!(window_log((1 << 20) - 15), 21);
        assert_eq!(window_log(3_000_000), 22);
        assert_eq!(window_log((16 << 20) - 16), 24);
        assert_eq!(window_log(16 << 20), 25, "too far for brotli: no copy");
    }
}
