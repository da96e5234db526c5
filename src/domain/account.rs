//! Rules for account credentials, shared by the sign-up form and the server.
use super::common_passwords::is_common_password;

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const EMAIL_MAX_CHARS: usize = 254;

/// Why an email or password was refused, worded for the climber.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("Enter your email address.")]
    EmailMissing,
    #[error("That doesn't look like an email address (for example: alex@example.com).")]
    EmailInvalid,
    #[error("That email address is too long.")]
    EmailTooLong,
    #[error("Use at least {PASSWORD_MIN_CHARS} characters for your password.")]
    PasswordTooShort,
    #[error("Use at most {PASSWORD_MAX_CHARS} characters for your password.")]
    PasswordTooLong,
    #[error("That password is too common and easy to guess. Pick something more personal, like a short sentence.")]
    PasswordTooCommon,
    #[error("Don't use your email address as your password.")]
    PasswordIsEmail,
}

/// Trims and lower-cases an email and checks its shape. Returns the normalised form that
/// is stored, so `Alex@Example.com ` and `alex@example.com` are one account.
pub fn normalize_email(raw: &str) -> Result<String, CredentialError> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(CredentialError::EmailMissing);
    }
    if email.chars().count() > EMAIL_MAX_CHARS {
        return Err(CredentialError::EmailTooLong);
    }
    let (local, domain) = email.split_once('@').ok_or(CredentialError::EmailInvalid)?;
    let domain_ok = !domain.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains('@');
    let chars_ok = !email
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"".contains(c));
    if local.is_empty() || !domain_ok || !chars_ok {
        return Err(CredentialError::EmailInvalid);
    }
    Ok(email)
}

/// Checks a new password against the length limits and the common-password list.
/// Length is counted in characters, not bytes, so accented passwords are not penalised.
pub fn validate_new_password(password: &str, email: &str) -> Result<(), CredentialError> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(CredentialError::PasswordTooShort);
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(CredentialError::PasswordTooLong);
    }
    if is_common_password(password) {
        return Err(CredentialError::PasswordTooCommon);
    }
    let lowered = password.to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    if lowered == email || (local.len() >= PASSWORD_MIN_CHARS && lowered == local) {
        return Err(CredentialError::PasswordIsEmail);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        assert_eq!(
            normalize_email("  Alex@Example.COM ").unwrap(),
            "alex@example.com"
        );
    }

    #[test]
    fn malformed_emails_are_refused() {
        assert_eq!(normalize_email(""), Err(CredentialError::EmailMissing));
        assert_eq!(normalize_email("   "), Err(CredentialError::EmailMissing));
        for bad in [
            "alex",
            "alex@",
            "@example.com",
            "alex@example",
            "a b@example.com",
            "alex@.com",
            "alex@example.",
            "alex@ex..com",
            "a@b@c.com",
            "<a>@x.com",
        ] {
            assert_eq!(
                normalize_email(bad),
                Err(CredentialError::EmailInvalid),
                "{bad}"
            );
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(normalize_email(&long), Err(CredentialError::EmailTooLong));
    }

    #[test]
    fn password_length_limits_count_characters() {
        assert_eq!(
            validate_new_password("short", "a@b.co"),
            Err(CredentialError::PasswordTooShort)
        );
        assert_eq!(
            validate_new_password("ééééééé", "a@b.co"),
            Err(CredentialError::PasswordTooShort)
        );
        assert!(validate_new_password("éééééééé", "a@b.co").is_ok());
        assert!(validate_new_password(&"x9".repeat(64), "a@b.co").is_ok());
        assert_eq!(
            validate_new_password(&"x".repeat(129), "a@b.co"),
            Err(CredentialError::PasswordTooLong)
        );
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        for p in [
            "password",
            "Password1",
            "12345678",
            "QWERTY123",
            "iloveyou",
            "letmein1",
        ] {
            assert_eq!(
                validate_new_password(p, "a@b.co"),
                Err(CredentialError::PasswordTooCommon),
                "{p}"
            );
        }
        assert!(validate_new_password("crimpy slab dancer", "a@b.co").is_ok());
    }

    #[test]
    fn password_equal_to_email_is_refused() {
        assert_eq!(
            validate_new_password("climber@example.com", "climber@example.com"),
            Err(CredentialError::PasswordIsEmail)
        );
        assert_eq!(
            validate_new_password("Longclimber", "longclimber@example.com"),
            Err(CredentialError::PasswordIsEmail)
        );
    }
}
