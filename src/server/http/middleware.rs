//! Request middleware: session loading, the login guard, cross-site write refusal and
//! security headers.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::api::ApiError;
use crate::domain::journal_csv::too_large_to_import;
use crate::domain::routes::requires_session;
use crate::server::auth::cookie;
use crate::server::auth::CurrentUser;
use crate::server::state::AppState;

pub fn request_span(req: &Request<Body>) -> tracing::Span {
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    // `client` is filled in by `client_address` once it is known.
    tracing::info_span!(
        "request",
        method = %req.method(),
        path = %loggable_path(req.uri().path()),
        request_id = %request_id,
        client = tracing::field::Empty
    )
}

/// The request path as logs and traces record it: a path that carries a secret (a team
/// invite's token, which works for seven days without a sign-in) is cut to its template,
/// so whoever reads the logs or the trace collector cannot join a team with it.
pub fn loggable_path(path: &str) -> &str {
    match path.strip_prefix("/invite/") {
        Some(token) if !token.is_empty() => "/invite/{token}",
        _ => path,
    }
}

/// The client's address as every per-address limit and the logs see it (see
/// [`client_address`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub std::net::IpAddr);

/// Works out the client's address: the TCP peer, unless the peer is one of
/// `TRUSTED_PROXIES`; then the address that proxy reports in `Forwarded` (or, without it,
/// `X-Forwarded-For`), read from the right and skipping other trusted proxies. A header from
/// any other peer is ignored, so a client can't choose its own address.
pub async fn client_address(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    use axum::extract::connect_info::{ConnectInfo, MockConnectInfo};
    let ext = req.extensions();
    let peer = ext
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0)
        .or_else(|| {
            ext.get::<MockConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0)
        });
    if let Some(peer) = peer {
        let ip = client_ip(peer.ip(), req.headers(), &state.config.trusted_proxies);
        tracing::Span::current().record("client", tracing::field::display(ip));
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}

fn client_ip(
    peer: std::net::IpAddr,
    headers: &HeaderMap,
    trusted: &[ipnet::IpNet],
) -> std::net::IpAddr {
    let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let joined = |name: &str| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",")
    };
    let forwarded = joined("forwarded");
    let hops: Vec<Option<std::net::IpAddr>> = if !forwarded.trim().is_empty() {
        forwarded
            .split(',')
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, v)| parse_node(v))
            })
            .collect()
    } else {
        joined("x-forwarded-for")
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(parse_node)
            .collect()
    };
    // From the nearest hop outwards: the first one that isn't our own proxy is the client.
    // An unreadable hop stops the walk (nothing before it can be trusted).
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop {
            Some(ip) => {
                client = *ip;
                if !is_trusted(ip) {
                    break;
                }
            }
            None => break,
        }
    }
    client
}

/// One address of `Forwarded: for=` or `X-Forwarded-For`: `1.2.3.4`, `1.2.3.4:5678`,
/// `"[2001:db8::1]:4711"`, `2001:db8::1`. Obfuscated ids (`_hidden`, `unknown`) are `None`.
fn parse_node(raw: &str) -> Option<std::net::IpAddr> {
    let v = raw.trim().trim_matches('"');
    if let Ok(ip) = v.parse() {
        return Some(ip);
    }
    if let Some(rest) = v.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    v.parse::<std::net::SocketAddr>().ok().map(|s| s.ip())
}

/// Resolves the session cookie into a `CurrentUser` request extension. A cookie that no
/// longer names a live session is cleared in the response.
pub async fn load_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let secure = state.config.cookie_secure;
    let token = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie::token_from_header(h, secure).map(str::to_owned));
    let mut stale = false;
    let mut account = ACCOUNT_NONE.to_string();
    if let Some(token) = token {
        match state.auth.resolve(&token).await {
            Ok(Some(user)) => {
                account = account_tag(&user.user_id);
                req.extensions_mut().insert(user);
            }
            Ok(None) => stale = true,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                req.extensions_mut().insert(crate::api::SessionLookupFailed);
            }
        }
    }
    let mut res = next.run(req).await;
    if stale && !res.headers().contains_key(header::SET_COOKIE) {
        if let Ok(v) = HeaderValue::from_str(&cookie::clear_cookie(secure)) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    if let Ok(v) = HeaderValue::from_str(&account) {
        res.headers_mut().insert(ACCOUNT_HEADER, v);
    }
    res
}

/// Names the account a response was made for, so the service worker (`public/sw.js`)
/// keeps its page cache for one account only and never shows a page cached for one climber
/// to another. The value is an opaque tag, the same for every session of one account.
pub const ACCOUNT_HEADER: &str = "x-climbingpill-account";

/// The account tag of a response made for nobody (no session, or it expired).
pub const ACCOUNT_NONE: &str = "none";

/// A short, stable, opaque tag for an account (not its id).
pub fn account_tag(user_id: &str) -> String {
    use sha2::{Digest as _, Sha256};
    let digest = Sha256::digest(format!("climbingpill-account:{user_id}").as_bytes());
    hex::encode(&digest[..12])
}

/// What a server function reads from its body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// `input = Json`: JSON only, which a cross-site `<form>` cannot send.
    Json,
    /// `input = JsonOrForm` (`api::codec`): JSON from the hydrated page, or the URL-encoded
    /// body a `<form>` posts before the page's script has run.
    JsonOrForm,
}

impl Input {
    /// Whether a body of this content type (its essence, lower case; `None` when the
    /// request names none, as an empty POST may) is read.
    pub fn accepts(self, sent: Option<&str>) -> bool {
        const JSON: &str = "application/json";
        match self {
            Input::Json => sent == Some(JSON),
            Input::JsonOrForm => matches!(sent, None | Some(JSON | FORM)),
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Input::Json => "This action takes JSON (Content-Type: application/json).",
            Input::JsonOrForm => "This action takes JSON or a form (Content-Type: application/json or application/x-www-form-urlencoded).",
        }
    }
}

const FORM: &str = "application/x-www-form-urlencoded";

/// The input each server function declares, read from its protocol type: a server
/// function with any other input encoding doesn't compile until it is added here.
trait DeclaredInput {
    const INPUT: Input;
}

impl<O> DeclaredInput for leptos::server_fn::Http<leptos::server_fn::codec::Json, O> {
    const INPUT: Input = Input::Json;
}

impl<O> DeclaredInput for leptos::server_fn::Http<crate::api::codec::JsonOrForm, O> {
    const INPUT: Input = Input::JsonOrForm;
}

fn declared<T>() -> (&'static str, Input)
where
    T: leptos::server_fn::ServerFn,
    T::Protocol: DeclaredInput,
{
    (T::PATH, <T::Protocol as DeclaredInput>::INPUT)
}

/// Every server function's path and declared input. `tests/abuse.rs` checks
/// that each registered server function is listed here.
pub fn server_fn_inputs() -> &'static std::collections::HashMap<&'static str, Input> {
    use crate::api::*;
    static INPUTS: std::sync::OnceLock<std::collections::HashMap<&'static str, Input>> =
        std::sync::OnceLock::new();
    INPUTS.get_or_init(|| {
        [
            declared::<assessment::GetDraft>(),
            declared::<assessment::SaveBackground>(),
            declared::<assessment::FinishAssessment>(),
            declared::<assessment::GetReport>(),
            declared::<auth::Signup>(),
            declared::<auth::Login>(),
            declared::<auth::Logout>(),
            declared::<auth::CurrentUser>(),
            declared::<chat::ListThreads>(),
            declared::<chat::ChatGreeting>(),
            declared::<chat::StartChat>(),
            declared::<chat::CreateThread>(),
            declared::<chat::GetThread>(),
            declared::<chat::RenameThread>(),
            declared::<chat::DeleteThread>(),
            declared::<chat::ChatTurn>(),
            declared::<chat::StopTurn>(),
            declared::<journal::ListEntries>(),
            declared::<journal::GetEntry>(),
            declared::<journal::SaveEntry>(),
            declared::<journal::LogTimedSession>(),
            declared::<journal::DeleteEntry>(),
            declared::<journal::ImportJournal>(),
            declared::<onboarding::GetOnboarding>(),
            declared::<onboarding::SaveOnboarding>(),
            declared::<profile::GetProfile>(),
            declared::<profile::SaveProfile>(),
            declared::<programs::CurrentProgram>(),
            declared::<programs::ProgramHistory>(),
            declared::<programs::GenerateProgram>(),
            declared::<programs::CompleteSession>(),
            declared::<programs::SkipSession>(),
            declared::<programs::MoveSession>(),
            declared::<programs::NextSession>(),
            declared::<progress::GetProgress>(),
            declared::<team::GetTeamOverview>(),
            declared::<team::CreateTeam>(),
            declared::<team::CreateInvite>(),
            declared::<team::PreviewInvite>(),
            declared::<team::AcceptInvite>(),
            declared::<team::SetSharing>(),
            declared::<team::LeaveTeam>(),
            declared::<team::GetAthlete>(),
            declared::<team::AddComment>(),
            declared::<team::DeleteComment>(),
            declared::<team::GetComments>(),
            declared::<team::TeamNav>(),
            declared::<team::CreateCoachInvite>(),
            declared::<team::GetAthleteComments>(),
            declared::<team::GetMyComments>(),
            declared::<team::MarkCommentsRead>(),
            declared::<proposals::ProposeGenerated>(),
            declared::<proposals::ProposeChanges>(),
            declared::<proposals::CoachProposals>(),
            declared::<proposals::MyProposals>(),
            declared::<proposals::AcceptProposal>(),
            declared::<proposals::DeclineProposal>(),
            declared::<admin::AdminDashboard>(),
            declared::<admin::AdminBoard>(),
        ]
        .into_iter()
        .collect()
    })
}

/// A server function answers 415 to a body it doesn't read: one declared `input = Json` to
/// anything but JSON (a cross-site `<form>` can only send form, multipart or `text/plain`
/// bodies, so the same-origin check is not the only guard), one declared `JsonOrForm` to
/// anything but JSON or a URL-encoded form.
pub async fn only_declared_input(req: Request, next: Next) -> Response {
    if req.method() == Method::POST {
        if let Some(&input) = server_fn_inputs().get(req.uri().path()) {
            let sent = req.headers().get(header::CONTENT_TYPE).map(|v| {
                v.to_str()
                    .unwrap_or("?")
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            });
            if !input.accepts(sent.as_deref()) {
                use leptos::server_fn::error::FromServerFnError;
                return (
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    [(header::CONTENT_TYPE, "application/json")],
                    ApiError::Invalid {
                        field: String::new(),
                        message: input.refusal().into(),
                    }
                    .ser(),
                )
                    .into_response();
            }
        }
    }
    next.run(req).await
}

/// A logged-out visit to an app page goes to the login page, which brings the climber
/// back afterwards (`?next=`).
pub async fn require_session_for_pages(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // When the session couldn't be looked up (database down), the page renders and its
    // server functions say "try again"; sending the climber to log in would be wrong.
    if req.method() == Method::GET
        && requires_session(path)
        && req.extensions().get::<CurrentUser>().is_none()
        && req
            .extensions()
            .get::<crate::api::SessionLookupFailed>()
            .is_none()
    {
        let target = req.uri().path_and_query().map_or(path, |pq| pq.as_str());
        return Redirect::to(&format!("/login?next={}", encode_query_value(target)))
            .into_response();
    }
    next.run(req).await
}

fn encode_query_value(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Refuses state-changing requests a browser marks as cross-site. Leptos server functions
/// have no CSRF protection of their own; SameSite=Lax covers most cases and this covers
/// the rest (same-site subdomains, old browsers that send `Origin` but not `Sec-Fetch-*`).
pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && is_cross_site(req.headers()) {
        tracing::warn!(method = %req.method(), path = %loggable_path(req.uri().path()), "refused cross-site request");
        return (
            StatusCode::FORBIDDEN,
            "Cross-site requests are not allowed.",
        )
            .into_response();
    }
    next.run(req).await
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // "none" is a navigation the user typed or bookmarked.
        if !matches!(site, "same-origin" | "none") {
            return true;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false; // Not a browser cross-origin request (curl, server-to-server).
    };
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://").map(|(_, rest)| rest))
        .unwrap_or("");
    !origin_host.eq_ignore_ascii_case(host)
}

/// The most bytes a request to `path` may carry, and what to say when it carries more.
/// CSV imports get room for a whole file; everything else the small global limit.
fn body_limit(path: &str) -> (usize, String) {
    use leptos::server_fn::ServerFn;
    if path == crate::api::journal::ImportJournal::PATH {
        (super::IMPORT_BODY_LIMIT_BYTES, too_large_to_import())
    } else {
        (
            super::BODY_LIMIT_BYTES,
            format!(
                "That's more than ClimbingPill accepts at once (limit {} KB). Send less and \
                 try again.",
                super::BODY_LIMIT_BYTES / 1024
            ),
        )
    }
}

/// Refuses a request body over its route's limit with 413 and a message written for the
/// climber, encoded as the `ApiError` a server function returns, so the page shows it
/// instead of "fields missing or malformed". A declared Content-Length is checked before
/// anything is read; a body without one is read up to the limit (hyper ends a body with a
/// Content-Length at that length, so those pass through untouched).
pub async fn limit_body(req: Request, next: Next) -> Response {
    let (limit, message) = body_limit(req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(len) if len > limit as u64 => too_large(message),
        Some(_) => next.run(req).await,
        None => {
            let (parts, body) = req.into_parts();
            match read_at_most(body, limit).await {
                Ok(bytes) => {
                    next.run(Request::from_parts(parts, Body::from(bytes)))
                        .await
                }
                Err(BodyRead::TooLarge) => too_large(message),
                Err(BodyRead::Broken) => (
                    StatusCode::BAD_REQUEST,
                    "The request body could not be read.",
                )
                    .into_response(),
            }
        }
    }
}

enum BodyRead {
    TooLarge,
    Broken,
}

/// The whole body, or `TooLarge` as soon as it passes `limit` bytes (the rest is not read).
async fn read_at_most(body: Body, limit: usize) -> Result<Vec<u8>, BodyRead> {
    use futures::StreamExt;
    let mut stream = body.into_data_stream();
    let mut buf = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| BodyRead::Broken)?;
        if buf.len() + chunk.len() > limit {
            return Err(BodyRead::TooLarge);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

fn too_large(message: String) -> Response {
    use leptos::server_fn::error::FromServerFnError;
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "application/json")],
        ApiError::TooLarge(message).ser(),
    )
        .into_response()
}

/// The service worker's script (`public/sw.js`).
pub const SERVICE_WORKER_PATH: &str = "/sw.js";

/// Security headers on every response. Pages get a nonce-based CSP from the shell
/// (`ui::app::shell`); everything else gets a locked-down default. Behind HTTPS
/// (`COOKIE_SECURE=true`) browsers are also told to use HTTPS only (HSTS, one year).
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_service_worker = req.uri().path() == SERVICE_WORKER_PATH;
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if is_service_worker {
        // A worker's CSP comes from its script's response: it must be allowed to fetch
        // from this origin (pages, static files), and browsers should look for updates.
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        ));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Every "too many" / "busy" answer says when to come back (a route may set its own).
    let retry_after = match res.status() {
        StatusCode::SERVICE_UNAVAILABLE => Some("5"),
        StatusCode::TOO_MANY_REQUESTS => Some("60"),
        _ => None,
    };
    let h = res.headers_mut();
    if let Some(secs) = retry_after {
        h.entry(header::RETRY_AFTER)
            .or_insert(HeaderValue::from_static(secs));
    }
    if state.config.cookie_secure {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    h.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    res
}

/// Runs inside Leptos' render of a page (router context hook): sets a CSP that allows only
/// this response's nonce for inline scripts, our own files, and WASM compilation.
pub fn set_page_csp() {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(v) = HeaderValue::from_str(&page_csp(&nonce)) {
            res.insert_header(header::CONTENT_SECURITY_POLICY, v);
        }
    }
}

fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Per-climber rate limits (GCRA, the `governor` crate), keyed on the session's user id:
/// coach turns per minute and per day, and writes per minute. Reads are never limited.
/// With `REDIS_URL` the same GCRA runs in Redis, shared by every instance
/// (`shared::GCRA`); if Redis doesn't answer, this process's limiters take over.
pub struct ClimberRates {
    turns_minute: governor::DefaultKeyedRateLimiter<String>,
    turns_day: governor::DefaultKeyedRateLimiter<String>,
    writes_minute: governor::DefaultKeyedRateLimiter<String>,
    limits: crate::server::config::ClimberLimits,
    redis: Option<crate::server::shared::Redis>,
}

impl ClimberRates {
    pub fn new(
        limits: crate::server::config::ClimberLimits,
        redis: Option<crate::server::shared::Redis>,
    ) -> Self {
        use governor::{Quota, RateLimiter};
        use std::num::NonZeroU32;
        let n = |v: u32| NonZeroU32::new(v.max(1)).expect("at least 1");
        // "N a day": a burst of N, refilled evenly over the day.
        let per_day = Quota::with_period(
            std::time::Duration::from_secs(86_400) / limits.turns_per_day.max(1),
        )
        .expect("a non-zero period")
        .allow_burst(n(limits.turns_per_day));
        Self {
            turns_minute: RateLimiter::keyed(Quota::per_minute(n(limits.turns_per_minute))),
            turns_day: RateLimiter::keyed(per_day),
            writes_minute: RateLimiter::keyed(Quota::per_minute(n(limits.writes_per_minute))),
            limits,
            redis,
        }
    }

    fn turns_minute_message(&self) -> String {
        format!(
            "You've asked the coach {} times in the last minute. Wait a minute and \
             send your message again.",
            self.limits.turns_per_minute
        )
    }

    fn turns_day_message(&self) -> String {
        format!(
            "You've reached today's {} messages to the coach. Your conversations \
             are saved; come back tomorrow.",
            self.limits.turns_per_day
        )
    }

    fn writes_message(&self) -> String {
        format!(
            "That's more than {} changes in a minute. Wait a minute and try again; \
             everything saved so far is kept.",
            self.limits.writes_per_minute
        )
    }

    /// Counts one request of `kind` for `user`, or says (in words) why it is refused.
    async fn check(&self, kind: RequestKind, user: &str) -> Result<(), String> {
        if kind == RequestKind::Read {
            return Ok(());
        }
        if let Some(redis) = &self.redis {
            match self.check_shared(redis, kind, user).await {
                Ok(result) => return result,
                Err(e) => {
                    tracing::warn!(error = %e, "rate limits: Redis unavailable; this instance's limits only")
                }
            }
        }
        self.check_local(kind, user)
    }

    /// The limits in Redis: the same GCRA quotas as governor's, shared by every instance.
    async fn check_shared(
        &self,
        redis: &crate::server::shared::Redis,
        kind: RequestKind,
        user: &str,
    ) -> Result<Result<(), String>, crate::server::shared::SharedError> {
        use std::time::Duration;
        let per = |period: Duration, n: u32| (period / n.max(1), n.max(1));
        let minute = Duration::from_secs(60);
        let day = Duration::from_secs(86_400);
        Ok(match kind {
            RequestKind::Read => Ok(()),
            RequestKind::Turn => {
                let (i, b) = per(minute, self.limits.turns_per_minute);
                if redis.gcra("turns_minute", user, i, b).await?.is_some() {
                    Err(self.turns_minute_message())
                } else {
                    let (i, b) = per(day, self.limits.turns_per_day);
                    match redis.gcra("turns_day", user, i, b).await? {
                        Some(_) => Err(self.turns_day_message()),
                        None => Ok(()),
                    }
                }
            }
            RequestKind::Write => {
                let (i, b) = per(minute, self.limits.writes_per_minute);
                match redis.gcra("writes_minute", user, i, b).await? {
                    Some(_) => Err(self.writes_message()),
                    None => Ok(()),
                }
            }
        })
    }

    fn check_local(&self, kind: RequestKind, user: &str) -> Result<(), String> {
        let key = user.to_string();
        let result = match kind {
            RequestKind::Read => Ok(()),
            RequestKind::Turn => self
                .turns_minute
                .check_key(&key)
                .map_err(|_| self.turns_minute_message())
                .and_then(|_| {
                    self.turns_day
                        .check_key(&key)
                        .map_err(|_| self.turns_day_message())
                }),
            RequestKind::Write => self
                .writes_minute
                .check_key(&key)
                .map_err(|_| self.writes_message()),
        };
        // Keys are user ids (one per account), and idle ones are dropped now and then.
        for limiter in [&self.turns_minute, &self.writes_minute] {
            if limiter.len() > 10_000 {
                limiter.retain_recent();
            }
        }
        result
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RequestKind {
    Read,
    Turn,
    Write,
}

/// What a request to a server function does, for the per-climber limits.
fn request_kind(path: &str) -> RequestKind {
    use crate::api::*;
    use leptos::server_fn::ServerFn;
    if path == chat::ChatTurn::PATH {
        return RequestKind::Turn;
    }
    let writes = [
        assessment::SaveBackground::PATH,
        assessment::FinishAssessment::PATH,
        chat::StartChat::PATH,
        chat::CreateThread::PATH,
        chat::RenameThread::PATH,
        chat::DeleteThread::PATH,
        journal::SaveEntry::PATH,
        journal::LogTimedSession::PATH,
        journal::DeleteEntry::PATH,
        journal::ImportJournal::PATH,
        onboarding::SaveOnboarding::PATH,
        profile::SaveProfile::PATH,
        programs::GenerateProgram::PATH,
        programs::CompleteSession::PATH,
        programs::SkipSession::PATH,
        programs::MoveSession::PATH,
    ];
    if writes.contains(&path) {
        RequestKind::Write
    } else {
        RequestKind::Read
    }
}

/// Applies [`ClimberRates`] to signed-in climbers' server-function calls: past a limit,
/// 429 with a message in words and `Retry-After`; nothing is read or written.
pub async fn climber_limits(
    State(rates): State<std::sync::Arc<ClimberRates>>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() == Method::POST {
        if let Some(user) = req.extensions().get::<CurrentUser>() {
            let kind = request_kind(req.uri().path());
            if let Err(message) = rates.check(kind, &user.user_id).await {
                use leptos::server_fn::error::FromServerFnError;
                tracing::warn!(kind = ?kind, "climber over a rate limit");
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(header::CONTENT_TYPE, "application/json")],
                    ApiError::RateLimited(message).ser(),
                )
                    .into_response();
            }
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_tokens_never_reach_the_logs() {
        assert_eq!(loggable_path("/invite/Zm9vYmFyYmF6"), "/invite/{token}");
        assert_eq!(loggable_path("/invite/a/b"), "/invite/{token}");
        assert_eq!(loggable_path("/invite/"), "/invite/");
        assert_eq!(loggable_path("/journal/42"), "/journal/42");
        assert_eq!(loggable_path("/invites"), "/invites");
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_detection() {
        assert!(!is_cross_site(&headers(&[])));
        assert!(!is_cross_site(&headers(&[
            ("sec-fetch-site", "same-origin"),
            ("host", "a.com"),
            ("origin", "https://a.com")
        ])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(is_cross_site(&headers(&[
            ("host", "a.com"),
            ("origin", "https://evil.com")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "a.com"),
            ("origin", "null")
        ])));
        assert!(!is_cross_site(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000")
        ])));
    }

    #[test]
    fn only_the_import_gets_room_for_a_whole_file() {
        let (import, message) = body_limit("/api/journal/import");
        assert_eq!(import, super::super::IMPORT_BODY_LIMIT_BYTES);
        assert!(message.contains("limit 4 MB"), "{message}");
        let (other, message) = body_limit("/api/journal/save");
        assert_eq!(other, super::super::BODY_LIMIT_BYTES);
        assert!(message.contains("limit 256 KB"), "{message}");
    }

    #[test]
    fn the_client_address_comes_from_trusted_proxies_only() {
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let proxy = ip("10.0.0.2");
        let xff = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7, 10.0.0.9")]);
        // Behind our proxies, the first address they didn't add (a client may forge the rest).
        assert_eq!(client_ip(proxy, &xff, &trusted), ip("203.0.113.7"));
        // From anyone else the header is ignored.
        assert_eq!(
            client_ip(ip("198.51.100.1"), &xff, &trusted),
            ip("198.51.100.1")
        );
        assert_eq!(client_ip(proxy, &xff, &[]), proxy);
        let fwd = headers(&[(
            "forwarded",
            "for=192.0.2.60;proto=http, for=\"[2001:db8::1]:4711\";by=10.0.0.2",
        )]);
        assert_eq!(client_ip(proxy, &fwd, &trusted), ip("2001:db8::1"));
        // Forwarded wins over X-Forwarded-For; an unreadable hop stops the walk.
        let both = headers(&[("forwarded", "for=_hidden"), ("x-forwarded-for", "6.6.6.6")]);
        assert_eq!(client_ip(proxy, &both, &trusted), proxy);
        assert_eq!(client_ip(proxy, &headers(&[]), &trusted), proxy);
        let port = headers(&[("x-forwarded-for", "203.0.113.9:5555")]);
        assert_eq!(client_ip(proxy, &port, &trusted), ip("203.0.113.9"));
    }

    #[test]
    fn next_is_percent_encoded() {
        assert_eq!(
            encode_query_value("/journal?page=2&x=a b"),
            "/journal%3Fpage%3D2%26x%3Da%20b"
        );
    }
}
