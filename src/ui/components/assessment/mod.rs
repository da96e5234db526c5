//! The assessment: its two-step form and the result view.
mod form;
mod result;

pub use form::AssessmentForm;
pub use result::AssessmentResultView;
