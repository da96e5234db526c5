//! Guided onboarding: seven steps from sign-up to a first assessment result and program. The
//! answers are saved as typed at every step (leaving and coming back resumes at the same step,
//! on any device); each step is checked on its own; the last one turns the answers into the
//! assessment and generates the program, through the same services as the pages.
use std::sync::Arc;

use crate::domain::onboarding::profile::{answers_from_profile, profile_after_step};
use crate::domain::onboarding::result::{FirstResult, OnboardingView};
use crate::domain::onboarding::{
    answer_in_chat, chat_question, step_of_field, to_draft, validate_step, Go, OnboardingAnswers,
    Step,
};
use crate::domain::profile::FieldError;
use crate::server::clock::Clock;
use crate::server::services::assessment::{AssessmentError, AssessmentService};
use crate::server::services::profile::ProfileService;
use crate::server::services::program::{ProgramError, ProgramService};
use crate::server::stores::{OnboardingRecord, OnboardingStore, StoreError};

/// `OnboardingRecord::step` once the climber has their first program: the result step's
/// number (7, as before About you became step 6), which is only ever saved on finishing.
pub const FINISHED: u8 = 7;
const _: () = assert!(FINISHED == Step::Result.number());
/// Saved answers beyond this are refused (a form never gets close; a script might).
pub const ANSWERS_MAX_BYTES: usize = 16 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum OnboardingError {
    /// A field to fix; `step` is where it is asked (the climber is sent back there).
    #[error("{error}")]
    Invalid { step: Step, error: FieldError },
    #[error("onboarding is already finished")]
    AlreadyFinished,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Assessment(AssessmentError),
    #[error(transparent)]
    Program(ProgramError),
}

pub struct OnboardingService {
    store: Arc<dyn OnboardingStore>,
    assessments: Arc<AssessmentService>,
    /// The bodyweight and goal told here become the profile's.
    profiles: Arc<ProfileService>,
    programs: Arc<ProgramService>,
    clock: Arc<dyn Clock>,
}

impl OnboardingService {
    pub fn new(
        store: Arc<dyn OnboardingStore>,
        assessments: Arc<AssessmentService>,
        profiles: Arc<ProfileService>,
        programs: Arc<ProgramService>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            assessments,
            profiles,
            programs,
            clock,
        }
    }

    /// The climber's record, or a fresh one at step 1 (not saved until they answer), starting
    /// from what their profile already says.
    pub async fn record(&self, user_id: &str) -> Result<OnboardingRecord, OnboardingError> {
        Ok(match self.store.get(user_id).await? {
            Some(r) => r,
            None => {
                let now = self.clock.now_ms();
                let answers = match self.profiles.get(user_id).await {
                    Ok(profile) => answers_from_profile(&profile),
                    Err(e) => {
                        tracing::warn!(error = %e, "profile unread: onboarding starts blank");
                        OnboardingAnswers::default()
                    }
                };
                OnboardingRecord {
                    step: 1,
                    furthest: 1,
                    answers,
                    started_at: now,
                    updated_at: now,
                    finished_at: None,
                }
            }
        })
    }

    /// Saves `answers` (always, as typed), then moves: back one step, or on to the next once
    /// this step's answers are valid. Leaving the About you step finishes: the assessment is
    /// saved and the first program generated. Returns the updated record.
    pub async fn save(
        &self,
        user_id: &str,
        step: Step,
        answers: OnboardingAnswers,
        go: Go,
    ) -> Result<OnboardingRecord, OnboardingError> {
        let size = serde_json::to_vec(&answers)
            .map(|v| v.len())
            .unwrap_or(usize::MAX);
        if size > ANSWERS_MAX_BYTES {
            return Err(OnboardingError::Invalid {
                step,
                error: FieldError::new("", "Those answers are far too long. Please shorten them."),
            });
        }
        let mut record = self.record(user_id).await?;
        let previous = std::mem::replace(&mut record.answers, answers);
        record.updated_at = self.clock.now_ms();
        // The result step's number means "finished": only `finish` writes it.
        if step != Step::Result {
            record.step = step.number();
        }
        // Nothing typed is lost, whatever happens next.
        self.store.save(user_id, &record).await?;
        let today = self.clock.today();
        match go {
            Go::Back => {
                record.step = step.prev().unwrap_or(Step::Goal).number();
            }
            Go::Next => {
                if let Err(error) = validate_step(step, &record.answers, today) {
                    return Err(OnboardingError::Invalid { step, error });
                }
                self.tell_profile(user_id, step, &previous, &record.answers)
                    .await;
                match step.next() {
                    Some(Step::Result) | None => self.finish(user_id, &mut record).await?,
                    Some(next) => record.step = next.number(),
                }
            }
        }
        record.furthest = record.furthest.max(record.step);
        self.store.save(user_id, &record).await?;
        tracing::info!(step = record.step, "onboarding step reached");
        Ok(record)
    }

    /// What a submitted step tells the profile (bodyweight, goal: [`profile_after_step`]).
    /// A failure is logged, not returned: the answers themselves are saved.
    async fn tell_profile(
        &self,
        user_id: &str,
        step: Step,
        previous: &OnboardingAnswers,
        answers: &OnboardingAnswers,
    ) {
        let result = match self.profiles.get(user_id).await {
            Ok(profile) => {
                match profile_after_step(&profile, step, previous, answers, self.clock.today()) {
                    Some(next) => self.profiles.put(user_id, &next).await.map(|_| ()),
                    None => Ok(()),
                }
            }
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "onboarding answer not copied to the profile");
        }
    }

    /// The assessment from the answers, then the first program. An answer the full check
    /// refuses sends the climber back to the step that asks it.
    async fn finish(
        &self,
        user_id: &str,
        record: &mut OnboardingRecord,
    ) -> Result<(), OnboardingError> {
        let today = self.clock.today();
        let back_to = |error: FieldError| OnboardingError::Invalid {
            step: step_of_field(error.field),
            error,
        };
        let draft = to_draft(&record.answers, today).map_err(back_to)?;
        // The profile got the bodyweight when the check step was answered (and may have been
        // changed on the profile page since): the assessment leaves it alone.
        match self
            .assessments
            .finish_without_profile(user_id, &draft)
            .await
        {
            Ok(_) => {}
            Err(AssessmentError::Invalid(e)) => return Err(back_to(e)),
            Err(e) => return Err(OnboardingError::Assessment(e)),
        }
        // Answers given before the profile learnt from onboarding: a blank profile is filled,
        // anything the climber saved there is kept (the answers count as unchanged).
        for step in [Step::Goal, Step::Check, Step::AboutYou] {
            self.tell_profile(user_id, step, &record.answers, &record.answers)
                .await;
        }
        match self.programs.generate(user_id, false).await {
            // A climber who already had a program keeps it: onboarding never replaces one.
            Ok(_) | Err(ProgramError::NeedsConfirmation) => {}
            Err(ProgramError::Invalid(e)) => return Err(back_to(e)),
            Err(e) => return Err(OnboardingError::Program(e)),
        }
        record.step = FINISHED;
        record.finished_at = Some(self.clock.now_ms());
        Ok(())
    }

    /// One chat reply as the answer to the current step's question: applied to the answers,
    /// then saved and checked exactly as the page's Next button does.
    pub async fn answer_in_chat(
        &self,
        user_id: &str,
        text: &str,
    ) -> Result<OnboardingRecord, OnboardingError> {
        let record = self.record(user_id).await?;
        let Some(step) = Step::from_number(record.step).filter(|s| *s != Step::Result) else {
            return Err(OnboardingError::AlreadyFinished);
        };
        let mut answers = record.answers.clone();
        let today = self.clock.today();
        if let Err(error) = answer_in_chat(step, text, &mut answers, today) {
            return Err(OnboardingError::Invalid { step, error });
        }
        // "7a by june, climbing 6b+ for 2 years" answers the level step too: it is saved
        // and checked as its own Next would, so the coach goes on to the physical check.
        let level_told = step == Step::Goal && validate_step(Step::Level, &answers, today).is_ok();
        let saved = self.save(user_id, step, answers, Go::Next).await?;
        match level_told && saved.step == Step::Level.number() {
            true => {
                let answers = saved.answers.clone();
                self.save(user_id, Step::Level, answers, Go::Next).await
            }
            false => Ok(saved),
        }
    }

    /// The step a climber still has to answer and the coach's question for it, worded for
    /// what they already said ([`chat_question`]: the level step asks only for the years
    /// when the goal message named their grade).
    pub async fn pending_question(
        &self,
        user_id: &str,
    ) -> Result<Option<(Step, String)>, OnboardingError> {
        let record = self.store.get(user_id).await?;
        let Some(step) = self.step_to_answer(user_id, record.as_ref()).await? else {
            return Ok(None);
        };
        let answers = record.map(|r| r.answers).unwrap_or_default();
        Ok(Some((step, chat_question(step, &answers))))
    }

    /// The step a climber still has to answer, if they are part-way through.
    /// Climbers who took the assessment before onboarding existed are not asked again.
    pub async fn current_step(&self, user_id: &str) -> Result<Option<Step>, OnboardingError> {
        let record = self.store.get(user_id).await?;
        self.step_to_answer(user_id, record.as_ref()).await
    }

    async fn step_to_answer(
        &self,
        user_id: &str,
        record: Option<&OnboardingRecord>,
    ) -> Result<Option<Step>, OnboardingError> {
        match record {
            Some(record) => Ok(Step::from_number(record.step).filter(|s| *s != Step::Result)),
            None => match self.assessments.latest(user_id).await {
                Ok(_) => Ok(None),
                Err(AssessmentError::NoAssessment) => Ok(Some(Step::Goal)),
                Err(e) => Err(OnboardingError::Assessment(e)),
            },
        }
    }

    /// What the onboarding page shows for this climber now.
    pub async fn view(&self, user_id: &str) -> Result<OnboardingView, OnboardingError> {
        let record = self.record(user_id).await?;
        self.view_of(user_id, record).await
    }

    /// [`Self::save`], answered with what the page shows next.
    pub async fn submit(
        &self,
        user_id: &str,
        step: Step,
        answers: OnboardingAnswers,
        go: Go,
    ) -> Result<OnboardingView, OnboardingError> {
        let record = self.save(user_id, step, answers, go).await?;
        self.view_of(user_id, record).await
    }

    async fn view_of(
        &self,
        user_id: &str,
        record: OnboardingRecord,
    ) -> Result<OnboardingView, OnboardingError> {
        let finished = record.step >= FINISHED;
        let result = match finished {
            true => self.first_result(user_id).await?,
            false => None,
        };
        Ok(OnboardingView {
            step: Step::from_number(record.step).unwrap_or(Step::Result),
            finished,
            answers: record.answers,
            result,
        })
    }

    /// The first assessment and program in a few lines, once onboarding is finished.
    pub async fn first_result(
        &self,
        user_id: &str,
    ) -> Result<Option<FirstResult>, OnboardingError> {
        let report = self
            .assessments
            .report(user_id)
            .await
            .map_err(OnboardingError::Assessment)?;
        if report.latest.is_none() {
            return Ok(None);
        }
        let program = self
            .programs
            .current(user_id)
            .await
            .map_err(OnboardingError::Program)?;
        Ok(Some(FirstResult::new(&report, program.as_ref())))
    }

    /// For operators: how many climbers reached each step (7 = finished).
    pub async fn funnel(&self) -> Result<Vec<(u8, u64)>, OnboardingError> {
        Ok(self.store.funnel().await?)
    }
}
