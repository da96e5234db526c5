//! The session cookie: random token out, SHA-256 of it in the database.
use base64::Engine as _;
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};

const PLAIN_NAME: &str = "cp_session";
/// `__Host-` makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
const SECURE_NAME: &str = "__Host-cp_session";

pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_NAME
    } else {
        PLAIN_NAME
    }
}

/// 256 random bits, URL-safe base64.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn set_cookie(token: &str, secure: bool, max_age_secs: u64) -> String {
    let mut c = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}",
        cookie_name(secure)
    );
    if secure {
        c.push_str("; Secure");
    }
    c
}

pub fn clear_cookie(secure: bool) -> String {
    set_cookie("", secure, 0)
}

/// Finds our session token in a `Cookie` request header.
pub fn token_from_header(header: &str, secure: bool) -> Option<&str> {
    let name = cookie_name(secure);
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty() && v.len() <= 128)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn cookie_flags_follow_the_secure_setting() {
        let plain = set_cookie("t", false, 60);
        assert_eq!(
            plain,
            "cp_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=60"
        );
        let secure = set_cookie("t", true, 60);
        assert!(secure.starts_with("__Host-cp_session=t;") && secure.ends_with("; Secure"));
        assert!(clear_cookie(false).contains("Max-Age=0"));
    }

    #[test]
    fn reads_the_token_among_other_cookies() {
        assert_eq!(
            token_from_header("a=1; cp_session=abc; b=2", false),
            Some("abc")
        );
        assert_eq!(token_from_header("a=1; cp_session=abc", true), None);
        assert_eq!(
            token_from_header("__Host-cp_session=xyz", true),
            Some("xyz")
        );
        assert_eq!(token_from_header("cp_session=", false), None);
        assert_eq!(token_from_header("", false), None);
    }
}
