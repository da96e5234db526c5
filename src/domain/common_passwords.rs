//! Passwords that appear at the top of every published breach list (a subset of the
//! SecLists / NCSC "top passwords" lists, plus climbing words a climber might reach for).
//! Matching ignores case, so `Password1` is refused like `password1`.

const LIST: &str = include_str!("common_passwords.txt");

pub fn is_common_password(candidate: &str) -> bool {
    let lowered = candidate.trim().to_lowercase();
    LIST.lines().any(|line| line == lowered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_entries_are_lowercase_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for line in LIST.lines() {
            assert_eq!(line, line.to_lowercase(), "{line}");
            assert!(seen.insert(line), "duplicate {line}");
        }
        assert!(seen.len() > 200);
    }

    #[test]
    fn matches_ignore_case() {
        assert!(is_common_password("PassWord"));
        assert!(!is_common_password("the crux move at the lip"));
    }
}
