//! Coach-proposed program changes (issue 21). A coach proposes a new program generated from
//! the athlete's latest assessment (read through the sharing check) or moved and skipped
//! sessions of the athlete's active program; the athlete accepts or declines. Nothing
//! replaces or changes the active program without the athlete's accept, and an edit made
//! against a program that has changed since is refused.
use std::sync::Arc;

use crate::domain::assessment::score::score;
use crate::domain::profile::FieldError;
use crate::domain::program::proposal::{
    apply_changes, fingerprint, shift_to, summarize, validate_note, ProposalKind, ProposalStatus,
    ProposalView, ProposedProgram, SessionChange,
};
use crate::domain::program::rules::violations;
use crate::domain::program::tracking::{Program, ProgramSession, SessionStatus};
use crate::domain::program::{generate, generate::ProgramError as GenerateError, ProgramPlan};
use crate::server::clock::Clock;
use crate::server::services::profile::{ProfileError, ProfileService};
use crate::server::services::program::{request_from, RECENT_PAIN_DAYS};
use crate::server::stores::proposals::{AcceptOutcome, Applying, ProposalRecord, ProposalStore};
use crate::server::stores::teams::{JournalUse, TeamStore};
use crate::server::stores::{ProgramStore, StoreError};

/// Decided proposals kept per coach and athlete (pending ones: one per coach and athlete).
pub const KEEP_DECIDED: u32 = 20;
/// Proposals a coach sees on an athlete's page.
pub const COACH_SHOWN: u32 = 5;

pub const STALE: &str = "Your program has changed since your coach proposed this (a session was done, moved or skipped). Decline it and ask your coach for a new proposal.";

#[derive(Debug, thiserror::Error)]
pub enum ProposalError {
    #[error(transparent)]
    Invalid(#[from] FieldError),
    /// Not an athlete of the coach's, or not the athlete's proposal: one answer for both.
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Generate(#[from] GenerateError),
    /// The generator broke a rule: a bug, never shown as a plan.
    #[error("generated plan broke a rule: {0}")]
    Broken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
}

impl crate::server::services::store_cause::StoreCause for ProposalError {
    fn store_cause(&self) -> Option<&StoreError> {
        match self {
            Self::Store(s) => Some(s),
            Self::Profile(p) => p.store_cause(),
            _ => None,
        }
    }
}

pub struct ProposalService {
    store: Arc<dyn ProposalStore>,
    teams: Arc<dyn TeamStore>,
    programs: Arc<dyn ProgramStore>,
    profiles: Arc<ProfileService>,
    clock: Arc<dyn Clock>,
}

fn refused(m: impl Into<String>) -> ProposalError {
    ProposalError::Refused(m.into())
}

impl ProposalService {
    pub fn new(
        store: Arc<dyn ProposalStore>,
        teams: Arc<dyn TeamStore>,
        programs: Arc<dyn ProgramStore>,
        profiles: Arc<ProfileService>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            teams,
            programs,
            profiles,
            clock,
        }
    }

    /// The coach's name as athletes see it (never the account's e-mail).
    async fn coach_name(&self, coach_id: &str) -> Result<String, ProposalError> {
        let name = self.profiles.get(coach_id).await?.display_name;
        let name = name.trim();
        Ok(if name.is_empty() {
            "Your coach".to_string()
        } else {
            name.chars().take(60).collect()
        })
    }

    /// The athlete's name on the team, once programs are shared with the coach.
    async fn programs_shared(
        &self,
        coach_id: &str,
        athlete_id: &str,
    ) -> Result<(String, crate::domain::team::Sharing), ProposalError> {
        let (name, sharing) = self
            .teams
            .shared_with(coach_id, athlete_id)
            .await?
            .ok_or(ProposalError::NotFound)?;
        if !sharing.programs {
            return Err(refused(format!(
                "{name} doesn't share their program with you, so you can't propose changes to it."
            )));
        }
        Ok((name, sharing))
    }

    async fn save(
        &self,
        coach_id: &str,
        athlete_id: &str,
        kind: ProposalKind,
        program: ProposedProgram,
        base: Option<(&Program, &[ProgramSession])>,
        note: String,
    ) -> Result<ProposalView, ProposalError> {
        let now = self.clock.now_ms();
        let record = ProposalRecord {
            id: uuid::Uuid::new_v4().to_string(),
            team_id: String::new(),
            coach_id: coach_id.to_string(),
            coach_name: self.coach_name(coach_id).await?,
            athlete_id: athlete_id.to_string(),
            kind,
            program,
            base_program_id: base.map(|(p, _)| p.id.clone()),
            base_version: base.map(|(_, s)| fingerprint(s)).unwrap_or_default(),
            note,
            status: ProposalStatus::Pending,
            created_at: now,
            decided_at: None,
        };
        // Sharing is checked again in the store's own statement: unsharing in between wins.
        if !self.store.propose(&record, KEEP_DECIDED, now).await? {
            return Err(ProposalError::NotFound);
        }
        Ok(view(record, base.map(|(p, s)| (&p.plan, s)), false))
    }

    /// A new program from the athlete's latest assessment (shared with the coach), proposed.
    pub async fn propose_generated(
        &self,
        coach_id: &str,
        athlete_id: &str,
        note: &str,
    ) -> Result<ProposalView, ProposalError> {
        let note = validate_note(note)?;
        let (name, sharing) = self.programs_shared(coach_id, athlete_id).await?;
        if !sharing.assessments {
            return Err(refused(format!(
                "{name} doesn't share their assessments with you, and a new program is built from the latest one. They can share assessments on their Team page."
            )));
        }
        let assessment = self
            .teams
            .athlete_assessments(coach_id, athlete_id, 1)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                refused(format!(
                    "{name} hasn't taken an assessment yet, and a new program is built from the latest one."
                ))
            })?;
        let today = self.clock.today();
        // Pain logged lately counts as an injury, as when the athlete generates it; read only
        // when the journal (or its figures) is shared. Holds apply on display either way.
        let pain = if sharing.journal || sharing.progress {
            self.teams
                .athlete_journal(
                    coach_id,
                    athlete_id,
                    JournalUse::Progress,
                    today.add_days(-RECENT_PAIN_DAYS),
                    500,
                )
                .await?
                .iter()
                .any(|e| !e.data.pain.is_empty())
        } else {
            false
        };
        let result = score(&assessment, today);
        let request = request_from(&assessment, &result, pain, today);
        let plan = generate(&request)?;
        if let Some(v) = violations(&request, &plan).into_iter().next() {
            return Err(ProposalError::Broken(v));
        }
        let sessions = plan
            .sessions
            .iter()
            .enumerate()
            .map(|(i, p)| {
                ProgramSession::planned(
                    uuid::Uuid::new_v4().to_string(),
                    String::new(),
                    i as u32,
                    p.clone(),
                )
            })
            .collect();
        let program = ProposedProgram {
            assessment_id: Some(assessment.id.clone()),
            plan: ProgramPlan {
                sessions: Vec::new(),
                ..plan
            },
            sessions,
        };
        let current = self.teams.athlete_program(coach_id, athlete_id).await?;
        self.save(
            coach_id,
            athlete_id,
            ProposalKind::Generate,
            program,
            current.as_ref().map(|(p, s)| (p, s.as_slice())),
            note,
        )
        .await
    }

    /// Moved and skipped sessions of the athlete's active program, proposed.
    pub async fn propose_changes(
        &self,
        coach_id: &str,
        athlete_id: &str,
        changes: &[SessionChange],
        note: &str,
    ) -> Result<ProposalView, ProposalError> {
        let note = validate_note(note)?;
        let (name, _) = self.programs_shared(coach_id, athlete_id).await?;
        let (program, sessions) = self
            .teams
            .athlete_program(coach_id, athlete_id)
            .await?
            .ok_or_else(|| {
                refused(format!(
                    "{name} has no active program to change. Propose a new one from their latest assessment."
                ))
            })?;
        let changed = apply_changes(&program.plan, &sessions, changes, self.clock.today())?;
        let proposed = ProposedProgram {
            assessment_id: program.assessment_id.clone(),
            plan: program.plan.clone(),
            sessions: changed,
        };
        self.save(
            coach_id,
            athlete_id,
            ProposalKind::Edit,
            proposed,
            Some((&program, &sessions)),
            note,
        )
        .await
    }

    /// The coach's latest proposals for the athlete (while programs are shared).
    pub async fn for_coach(
        &self,
        coach_id: &str,
        athlete_id: &str,
    ) -> Result<Vec<ProposalView>, ProposalError> {
        let list = self
            .store
            .coach_proposals(coach_id, athlete_id, COACH_SHOWN)
            .await?;
        if list.is_empty() {
            return Ok(Vec::new());
        }
        let current = self.teams.athlete_program(coach_id, athlete_id).await?;
        Ok(list
            .into_iter()
            .map(|r| compare(r, current.as_ref()))
            .collect())
    }

    /// The athlete's pending proposals, each compared with their active program.
    pub async fn pending(&self, athlete_id: &str) -> Result<Vec<ProposalView>, ProposalError> {
        let list = self.store.pending(athlete_id).await?;
        if list.is_empty() {
            return Ok(Vec::new());
        }
        let current = self.active(athlete_id).await?;
        Ok(list
            .into_iter()
            .map(|r| compare(r, current.as_ref()))
            .collect())
    }

    async fn active(
        &self,
        athlete_id: &str,
    ) -> Result<Option<(Program, Vec<ProgramSession>)>, ProposalError> {
        let Some(program) = self.programs.active(athlete_id).await? else {
            return Ok(None);
        };
        let sessions = self.programs.sessions(athlete_id, &program.id).await?;
        Ok(Some((program, sessions)))
    }

    /// Applies the proposal to the athlete's program and marks it accepted, in one
    /// transaction.
    pub async fn accept(&self, athlete_id: &str, id: &str) -> Result<(), ProposalError> {
        let record = self
            .store
            .get(athlete_id, id)
            .await?
            .ok_or(ProposalError::NotFound)?;
        if record.status != ProposalStatus::Pending {
            return Err(refused(format!(
                "This proposal is no longer open ({}).",
                record.status.label().to_lowercase()
            )));
        }
        let now = self.clock.now_ms();
        let today = self.clock.today();
        let outcome = match record.kind {
            ProposalKind::Generate => {
                let mut proposed = record.program.clone();
                shift_to(&mut proposed, today);
                let program_id = uuid::Uuid::new_v4().to_string();
                let sessions: Vec<ProgramSession> = proposed
                    .sessions
                    .iter()
                    .map(|s| ProgramSession {
                        id: uuid::Uuid::new_v4().to_string(),
                        program_id: program_id.clone(),
                        ..s.clone()
                    })
                    .collect();
                let program = Program {
                    id: program_id,
                    assessment_id: proposed.assessment_id.clone(),
                    active: true,
                    plan: proposed.plan,
                    created_at: now,
                    archived_at: None,
                };
                self.store
                    .accept(
                        athlete_id,
                        id,
                        Applying::NewProgram {
                            program: &program,
                            sessions: &sessions,
                        },
                        now,
                    )
                    .await?
            }
            ProposalKind::Edit => {
                let base = record.base_program_id.as_deref().unwrap_or_default();
                // A move to a day that has passed since can't be done any more.
                if let Some((_, current)) = self.active(athlete_id).await? {
                    let late = record.program.sessions.iter().any(|s| {
                        s.status == SessionStatus::Planned
                            && s.date < today
                            && current.iter().any(|o| o.id == s.id && o.date != s.date)
                    });
                    if late {
                        return Err(refused(
                            "This proposal moves a session to a day that has passed. Decline it and ask your coach for a new one.",
                        ));
                    }
                }
                self.store
                    .accept(
                        athlete_id,
                        id,
                        Applying::Edit {
                            base_program_id: base,
                            base_version: &record.base_version,
                            sessions: &record.program.sessions,
                        },
                        now,
                    )
                    .await?
            }
        };
        match outcome {
            AcceptOutcome::Accepted => Ok(()),
            AcceptOutcome::NotFound => Err(ProposalError::NotFound),
            AcceptOutcome::Stale => Err(refused(STALE)),
        }
    }

    pub async fn decline(&self, athlete_id: &str, id: &str) -> Result<(), ProposalError> {
        if self
            .store
            .decline(athlete_id, id, self.clock.now_ms())
            .await?
        {
            Ok(())
        } else {
            Err(ProposalError::NotFound)
        }
    }
}

/// The view of a proposal against the program as it is now.
fn compare(r: ProposalRecord, current: Option<&(Program, Vec<ProgramSession>)>) -> ProposalView {
    let stale = r.kind == ProposalKind::Edit
        && r.status == ProposalStatus::Pending
        && current.is_none_or(|(p, s)| {
            Some(p.id.as_str()) != r.base_program_id.as_deref() || fingerprint(s) != r.base_version
        });
    view(r, current.map(|(p, s)| (&p.plan, s.as_slice())), stale)
}

fn view(
    r: ProposalRecord,
    current: Option<(&ProgramPlan, &[ProgramSession])>,
    stale: bool,
) -> ProposalView {
    ProposalView {
        summary: summarize(current, &r.program),
        id: r.id,
        coach_name: r.coach_name,
        note: r.note,
        kind: r.kind,
        status: r.status,
        created_at: r.created_at,
        decided_at: r.decided_at,
        stale,
    }
}
