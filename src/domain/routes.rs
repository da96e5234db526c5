//! The application's page paths, in one place so the navigation, the router and the
//! server-side login guard cannot drift apart.

/// A page of the app shell that requires a signed-in climber.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppPage {
    pub path: &'static str,
    pub label: &'static str,
}

/// Pages shown in the main navigation, in display order. All require a session.
pub const APP_PAGES: [AppPage; 7] = [
    AppPage {
        path: "/chat",
        label: "Chat",
    },
    AppPage {
        path: "/journal",
        label: "Journal",
    },
    AppPage {
        path: "/assessment",
        label: "Assessment",
    },
    AppPage {
        path: "/programs",
        label: "Programs",
    },
    AppPage {
        path: "/timer",
        label: "Timer",
    },
    AppPage {
        path: "/progress",
        label: "Progress",
    },
    AppPage {
        path: "/profile",
        label: "Profile",
    },
];

/// Where a climber lands after logging in without a `next` page.
pub const HOME_AFTER_LOGIN: &str = "/chat";

/// The guided first steps, where a new climber lands after signing up (not in the menu).
pub const ONBOARDING: &str = "/onboarding";

/// Coaching organisations (issue 21): the Team page, an athlete's pages below it, and invite
/// links. Not in the main list: the header shows Team to climbers on a team.
pub const TEAM_PAGES: [&str; 2] = ["/team", "/invite"];

/// True when `path` is one of the app pages (or below one) and therefore needs a session.
pub fn requires_session(path: &str) -> bool {
    path == ONBOARDING
        || TEAM_PAGES.iter().any(|p| {
            path == *p
                || path
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        || APP_PAGES.iter().any(|p| {
            path == p.path
                || path
                    .strip_prefix(p.path)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// Accepts a post-login redirect target only when it stays on this site, so a crafted
/// `?next=https://evil.example` link cannot turn the login form into an open redirect.
///
/// The target is parsed the way a browser would read it (WHATWG URL rules: tabs and newlines
/// deleted, `\\` read as `/`) against a stand-in origin, and accepted only when the result
/// has that same origin: `/<TAB>/evil.example` parses as `//evil.example`, another host, and
/// is refused. On top of that, only a path is taken (it starts with `/`) and only visible
/// ASCII (a real path is percent-encoded; a control character can't go into a `Location`
/// header at all), and never a backslash.
pub fn safe_next(next: Option<&str>) -> &str {
    match next.map(str::trim) {
        Some(n)
            if n.starts_with('/')
                && n.len() <= 512
                && n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
                && same_origin(n) =>
        {
            n
        }
        _ => HOME_AFTER_LOGIN,
    }
}

/// True when `target`, resolved against the site's origin, stays on that origin.
fn same_origin(target: &str) -> bool {
    // Any origin does: only whether the target keeps it matters. `.invalid` can't exist.
    let site = url::Url::parse("https://climbingpill.invalid/").expect("a valid base URL");
    site.join(target)
        .is_ok_and(|resolved| resolved.origin() == site.origin())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_pages_and_subpaths_need_a_session() {
        for p in APP_PAGES {
            assert!(requires_session(p.path));
            assert!(requires_session(&format!("{}/42", p.path)));
        }
        assert!(requires_session("/journal/new"));
        assert!(requires_session(ONBOARDING));
        assert!(requires_session("/timer"));
        // Issue 21: the Team page, an athlete's pages and invite links.
        assert!(requires_session("/team"));
        assert!(requires_session("/team/athlete/42"));
        assert!(requires_session("/invite/abc"));
        assert!(!requires_session("/teams"));
        assert!(!requires_session("/invites"));
    }

    #[test]
    fn public_pages_do_not_need_a_session() {
        for p in [
            "/",
            "/login",
            "/signup",
            "/healthz",
            "/pkg/climbingpill.js",
            "/chatter",
            "/profiles",
        ] {
            assert!(!requires_session(p), "{p}");
        }
    }

    #[test]
    fn next_accepts_only_local_paths() {
        assert_eq!(safe_next(Some("/profile")), "/profile");
        assert_eq!(safe_next(Some("/journal?page=2")), "/journal?page=2");
        assert_eq!(safe_next(None), HOME_AFTER_LOGIN);
        assert_eq!(safe_next(Some("")), HOME_AFTER_LOGIN);
        assert_eq!(safe_next(Some("https://evil.example")), HOME_AFTER_LOGIN);
        assert_eq!(safe_next(Some("//evil.example")), HOME_AFTER_LOGIN);
        assert_eq!(safe_next(Some("/\\evil.example")), HOME_AFTER_LOGIN);
        assert_eq!(safe_next(Some("/a\r\nSet-Cookie: x")), HOME_AFTER_LOGIN);
        // Browsers drop tabs and newlines from URLs: these would become `//evil.example`.
        assert_eq!(safe_next(Some("/\t/evil.example")), HOME_AFTER_LOGIN);
        assert_eq!(safe_next(Some("/\n/evil.example")), HOME_AFTER_LOGIN);
        assert_eq!(safe_next(Some("/\r/evil.example")), HOME_AFTER_LOGIN);
        // Control characters can't go into a Location header (the redirect would panic).
        assert_eq!(safe_next(Some("/\u{1}")), HOME_AFTER_LOGIN);
        assert_eq!(safe_next(Some("/\u{7f}")), HOME_AFTER_LOGIN);
        assert_eq!(safe_next(Some("/journal\\..\\evil")), HOME_AFTER_LOGIN);
        assert_eq!(safe_next(Some("/journal caf\u{e9}")), HOME_AFTER_LOGIN);
        assert_eq!(
            safe_next(Some("/journal?text=caf%C3%A9")),
            "/journal?text=caf%C3%A9"
        );
    }

    #[test]
    fn the_origin_check_reads_targets_as_a_browser_does() {
        // On its own (without the character filter), parsing catches every trick above.
        for evil in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "https://evil.example/chat",
            "http://climbingpill.invalid/chat",
            "javascript:alert(1)",
        ] {
            assert!(!same_origin(evil), "{evil:?}");
        }
        for local in [
            "/chat",
            "/journal?page=2#top",
            "/a/../b",
            "/%2F%2Fevil.example",
        ] {
            assert!(same_origin(local), "{local:?}");
        }
    }
}
