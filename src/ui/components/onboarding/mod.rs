//! The onboarding wizard: a progress indicator and one small form per step. Answers are kept
//! in the page as typed and saved on the server at every step.
mod fields;
mod wizard;

pub use wizard::OnboardingWizard;
