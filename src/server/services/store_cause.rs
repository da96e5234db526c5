//! Which store failure, if any, is behind a service error: the API answers "try again"
//! (503) for a database that is down or too slow, however deep the failure is wrapped.
use super::assessment::AssessmentError;
use super::journal::JournalError;
use super::onboarding::OnboardingError;
use super::profile::ProfileError;
use super::program::ProgramError;
use super::progress::ProgressError;
use crate::server::stores::StoreError;

pub trait StoreCause {
    fn store_cause(&self) -> Option<&StoreError>;

    /// True when the database was unreachable or too slow: worth a retry.
    fn is_transient(&self) -> bool {
        self.store_cause().is_some_and(StoreError::is_transient)
    }
}

impl StoreCause for ProfileError {
    fn store_cause(&self) -> Option<&StoreError> {
        match self {
            Self::Store(s) => Some(s),
            _ => None,
        }
    }
}

impl StoreCause for JournalError {
    fn store_cause(&self) -> Option<&StoreError> {
        match self {
            Self::Store(s) => Some(s),
            Self::Profile(p) => p.store_cause(),
            _ => None,
        }
    }
}

impl StoreCause for AssessmentError {
    fn store_cause(&self) -> Option<&StoreError> {
        match self {
            Self::Store(s) => Some(s),
            Self::Profile(p) => p.store_cause(),
            _ => None,
        }
    }
}

impl StoreCause for ProgramError {
    fn store_cause(&self) -> Option<&StoreError> {
        match self {
            Self::Store(s) => Some(s),
            Self::Journal(j) => j.store_cause(),
            Self::Assessment(a) => a.store_cause(),
            _ => None,
        }
    }
}

impl StoreCause for OnboardingError {
    fn store_cause(&self) -> Option<&StoreError> {
        match self {
            Self::Store(s) => Some(s),
            Self::Assessment(a) => a.store_cause(),
            Self::Program(p) => p.store_cause(),
            _ => None,
        }
    }
}

impl StoreCause for ProgressError {
    fn store_cause(&self) -> Option<&StoreError> {
        match self {
            Self::Journal(j) => j.store_cause(),
            Self::Profile(p) => p.store_cause(),
        }
    }
}
