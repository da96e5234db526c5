//! Training programs: generating one from the latest assessment, following it (done, skipped,
//! moved sessions) and the journal entries that completed sessions become.
use std::sync::Arc;

use crate::domain::assessment::score::{score, AssessmentResult};
use crate::domain::assessment::{Assessment, PullTest, TestResults};
use crate::domain::journal::{JournalEntry, JournalFilter};
use crate::domain::profile::FieldError;
use crate::domain::program::rules::violations;
use crate::domain::program::tracking::{
    hold_finger_work, journal_entry_for, next_session, validate_completion, validate_move,
    CompletionInput, Program, ProgramSession, ProgramView, SessionStatus,
};
use crate::domain::program::{generate, generate::ProgramError as GenerateError};
use crate::domain::program::{HangBaseline, ProgramRequest, TestBaseline};
use crate::domain::training::Level;
use crate::domain::when::Date;
use crate::server::clock::Clock;
use crate::server::services::assessment::{AssessmentError, AssessmentService};
use crate::server::services::journal::{JournalError, JournalService};
use crate::server::stores::{ProgramStore, StoreError};

/// Pain logged this many days back counts as a current injury for a new program.
pub const RECENT_PAIN_DAYS: i64 = 14;

#[derive(Debug, thiserror::Error)]
pub enum ProgramError {
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error("take the assessment first")]
    NoAssessment,
    #[error("an active program exists")]
    NeedsConfirmation,
    #[error("no active program")]
    NoProgram,
    /// Unknown session, or another climber's (the same answer).
    #[error("session not found")]
    NotFound,
    #[error(transparent)]
    Generate(#[from] GenerateError),
    /// The generator produced a plan that breaks a rule: a bug, never shown as a plan.
    #[error("generated plan broke a rule: {0}")]
    Broken(String),
    #[error(transparent)]
    Assessment(AssessmentError),
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<AssessmentError> for ProgramError {
    fn from(e: AssessmentError) -> Self {
        match e {
            AssessmentError::NoAssessment => ProgramError::NoAssessment,
            other => ProgramError::Assessment(other),
        }
    }
}

/// The generator's input from the latest assessment and its score. `recent_pain`: a pain flag
/// in the journal counts as an injury, like one written in the assessment (DOMAIN.md: pain
/// removes max-finger work).
pub fn request_from(
    assessment: &Assessment,
    result: &AssessmentResult,
    recent_pain: bool,
    start: Date,
) -> ProgramRequest {
    let b = &assessment.background;
    ProgramRequest {
        start,
        // Background validation demands a hardest grade, so a level is always known; a
        // missing one falls back to the most cautious level.
        level: result.level.unwrap_or(Level::Beginner),
        current_grade: result.current_grade,
        goal_discipline: b.goal_discipline,
        target_date: b.target_date,
        days_per_week: b.days_per_week,
        session_minutes: b.session_minutes,
        equipment: b.equipment.clone(),
        injured: recent_pain || !b.injuries.trim().is_empty(),
        hangboard_ready: result.hangboard_ready,
        weaknesses: result.weaknesses.clone(),
        baseline: baseline_from(&assessment.tests),
        // Told in onboarding, the assessment or the profile (which the assessment starts
        // from): from 50, longer warm-ups and more recovery (`rules::is_older`).
        age: b.age,
        hangboard_history: b.hangboard_history,
    }
}

/// The test numbers the program prescribes loads and reps from (a retest re-derives them).
fn baseline_from(tests: &TestResults) -> TestBaseline {
    let pulling = tests.pulling.as_ref().map(|t| &t.result);
    TestBaseline {
        bodyweight_kg: tests.bodyweight_kg.filter(|w| w.is_finite() && *w > 0.0),
        max_hang: tests.max_hang.as_ref().map(|t| HangBaseline {
            added_kg: t.result.added_kg,
            seconds: t.result.seconds,
        }),
        pull_ups: match pulling {
            Some(PullTest::MaxReps { reps }) => Some(*reps),
            _ => None,
        },
        pull_one_rep_max_added_kg: match pulling {
            Some(PullTest::OneRepMax { added_kg }) => Some(*added_kg),
            _ => None,
        },
    }
}

pub struct ProgramService {
    store: Arc<dyn ProgramStore>,
    assessments: Arc<AssessmentService>,
    journal: Arc<JournalService>,
    clock: Arc<dyn Clock>,
}

impl ProgramService {
    pub fn new(
        store: Arc<dyn ProgramStore>,
        assessments: Arc<AssessmentService>,
        journal: Arc<JournalService>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            assessments,
            journal,
            clock,
        }
    }

    fn today(&self) -> Date {
        self.clock.today()
    }

    /// The first day of pain logged in the journal in the last [`RECENT_PAIN_DAYS`], if any.
    async fn pain_since(&self, user_id: &str, today: Date) -> Result<Option<Date>, ProgramError> {
        let filter = JournalFilter {
            from: Some(today.add_days(-RECENT_PAIN_DAYS)),
            to: Some(today),
            ..JournalFilter::default()
        };
        let entries = self.journal.all_matching(user_id, &filter).await?;
        Ok(entries
            .iter()
            .filter(|e| !e.data.pain.is_empty())
            .map(|e| e.data.date)
            .min())
    }

    /// Generates a program from the latest assessment. An active program is only replaced
    /// (and kept as history) when `replace` confirms it.
    pub async fn generate(
        &self,
        user_id: &str,
        replace: bool,
    ) -> Result<ProgramView, ProgramError> {
        let today = self.today();
        if !replace && self.store.active(user_id).await?.is_some() {
            return Err(ProgramError::NeedsConfirmation);
        }
        let assessment = self.assessments.latest(user_id).await?;
        let result = score(&assessment, today);
        let pain = self.pain_since(user_id, today).await?.is_some();
        let request = request_from(&assessment, &result, pain, today);
        let plan = generate(&request)?;
        // The generator is property-tested against these rules; checking again here means a
        // bug can never hand a climber an unsafe plan.
        if let Some(v) = violations(&request, &plan).into_iter().next() {
            return Err(ProgramError::Broken(v));
        }
        let now = self.clock.now_ms();
        let program_id = uuid::Uuid::new_v4().to_string();
        let sessions: Vec<ProgramSession> = plan
            .sessions
            .iter()
            .enumerate()
            .map(|(i, p)| {
                ProgramSession::planned(
                    uuid::Uuid::new_v4().to_string(),
                    program_id.clone(),
                    i as u32,
                    p.clone(),
                )
            })
            .collect();
        let program = Program {
            id: program_id,
            assessment_id: Some(assessment.id.clone()),
            active: true,
            plan: crate::domain::program::ProgramPlan {
                sessions: Vec::new(),
                ..plan
            },
            created_at: now,
            archived_at: None,
        };
        match self
            .store
            .create(user_id, &program, &sessions, replace, now)
            .await
        {
            // Another tab created one in between: the climber confirms again.
            Err(StoreError::Duplicate) => return Err(ProgramError::NeedsConfirmation),
            other => other?,
        }
        Ok(ProgramView::new(program, sessions, today))
    }

    /// The active program, if any, with max-finger work held back while pain is recent.
    pub async fn current(&self, user_id: &str) -> Result<Option<ProgramView>, ProgramError> {
        let Some(program) = self.store.active(user_id).await? else {
            return Ok(None);
        };
        let today = self.today();
        let mut sessions = self.store.sessions(user_id, &program.id).await?;
        if let Some(since) = self.pain_since(user_id, today).await? {
            hold_finger_work(&mut sessions, today, since);
        }
        Ok(Some(ProgramView::new(program, sessions, today)))
    }

    /// Every program, newest first.
    pub async fn history(&self, user_id: &str) -> Result<Vec<Program>, ProgramError> {
        Ok(self.store.list(user_id).await?)
    }

    pub async fn next_session(
        &self,
        user_id: &str,
    ) -> Result<Option<ProgramSession>, ProgramError> {
        let Some(view) = self.current(user_id).await? else {
            return Ok(None);
        };
        Ok(next_session(&view.sessions, view.today).cloned())
    }

    /// The session "I did today's session" means: the latest planned one up to today (an
    /// overdue one counts). Never a future one: that could tick off a max-finger day early.
    pub async fn session_to_complete(&self, user_id: &str) -> Result<ProgramSession, ProgramError> {
        let view = self
            .current(user_id)
            .await?
            .ok_or(ProgramError::NoProgram)?;
        view.sessions
            .iter()
            .filter(|s| s.status == SessionStatus::Planned && s.date <= view.today)
            .max_by_key(|s| (s.date, s.position))
            .cloned()
            .ok_or_else(|| {
                FieldError::new(
                    "session",
                    "No session was planned for today or earlier. Tick off a later one on the programs page.",
                )
                .into()
            })
    }

    /// A session of the climber's *active* program, as shown (pain holds applied).
    async fn active_session(
        &self,
        user_id: &str,
        id: &str,
    ) -> Result<(ProgramView, ProgramSession), ProgramError> {
        let stored = self
            .store
            .session(user_id, id)
            .await?
            .ok_or(ProgramError::NotFound)?;
        let view = self
            .current(user_id)
            .await?
            .ok_or(ProgramError::NoProgram)?;
        let session = view
            .sessions
            .iter()
            .find(|s| s.id == stored.id)
            .cloned()
            .ok_or_else(|| {
                FieldError::new("session", "That session belongs to an earlier program.")
            })?;
        Ok((view, session))
    }

    fn changed_elsewhere() -> ProgramError {
        FieldError::new(
            "session",
            "This session was just changed (done or skipped elsewhere). Reload to see it.",
        )
        .into()
    }

    /// Marks a session done and logs it to the journal (one transaction). The journal entry
    /// carries the day it was really done; the session keeps its place in the program's week.
    pub async fn complete(
        &self,
        user_id: &str,
        session_id: &str,
        input: &CompletionInput,
    ) -> Result<(ProgramSession, JournalEntry), ProgramError> {
        let (view, mut session) = self.active_session(user_id, session_id).await?;
        let done = validate_completion(input, &session)?;
        let entry = self
            .journal
            .new_entry(journal_entry_for(&session, &done, view.today));
        session.status = SessionStatus::Done;
        session.rpe = Some(done.rpe);
        session.notes = done.notes;
        session.journal_entry_id = Some(entry.id.clone());
        session.completed_at = Some(self.clock.now_ms());
        if !self
            .store
            .complete_session(user_id, &session, &entry)
            .await?
        {
            return Err(Self::changed_elsewhere());
        }
        self.journal.changed(user_id).await;
        Ok((session, entry))
    }

    pub async fn skip(
        &self,
        user_id: &str,
        session_id: &str,
    ) -> Result<ProgramSession, ProgramError> {
        let (_, mut session) = self.active_session(user_id, session_id).await?;
        if session.status != SessionStatus::Planned {
            return Err(
                FieldError::new("session", "Only a planned session can be skipped.").into(),
            );
        }
        session.status = SessionStatus::Skipped;
        if !self
            .store
            .reschedule(user_id, &session.id, session.date, session.status)
            .await?
        {
            return Err(Self::changed_elsewhere());
        }
        Ok(session)
    }

    pub async fn move_session(
        &self,
        user_id: &str,
        session_id: &str,
        to: &str,
    ) -> Result<ProgramSession, ProgramError> {
        let to = Date::parse_iso(to.trim())
            .ok_or_else(|| FieldError::new("date", "Pick a date (YYYY-MM-DD)."))?;
        let (view, mut session) = self.active_session(user_id, session_id).await?;
        validate_move(&view.program.plan, &view.sessions, &session, to, view.today)?;
        session.date = to;
        if !self
            .store
            .reschedule(user_id, &session.id, to, session.status)
            .await?
        {
            return Err(Self::changed_elsewhere());
        }
        Ok(session)
    }
}
