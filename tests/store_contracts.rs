//! One contract per store trait, run with identical expectations against every backend: the
//! embedded libSQL file and PostgreSQL (a fresh database per test, RLS on, queries as the
//! climber). The Postgres half needs `TEST_DATABASE_URL`, which `scripts/test.sh` provides.
use std::sync::Arc;

mod support;

use climbingpill::domain::assessment::{
    Assessment, AssessmentDraft, Background, MaxHang, TestResults, Tested,
};
use climbingpill::domain::grade::{Discipline, Grade};
use climbingpill::domain::journal::{ClimbStyle, EntryData, JournalEntry, SessionKind};
use climbingpill::domain::onboarding::OnboardingAnswers;
use climbingpill::domain::profile::{BoulderGradeSystem, Profile, RouteGradeSystem};
use climbingpill::domain::program::tracking::{Program, ProgramSession, SessionStatus};
use climbingpill::domain::program::{
    FingerLoad, Model, Phase, PlannedSession, PlannedWeek, ProgramPlan,
};
use climbingpill::domain::team::{Sharing, TeamRole};
use climbingpill::domain::training::{Equipment, Level};
use climbingpill::domain::when::Date;
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::stores::backend::AppStores;
use climbingpill::server::stores::teams::{
    AcceptOutcome, CommentRecord, CommentTarget, InviteRecord, JournalUse, TeamRecord, TeamStore,
};
use climbingpill::server::stores::{
    AccountRecord, AccountStore, AssessmentStore, JournalFilter, JournalStore, OnboardingRecord,
    OnboardingStore, ProfileStore, ProgramStore, PromptSize, RunLogStore, RunRecord, RunStatus,
    SessionStore, StoreError, ToolOutcome,
};

/// A test id: a readable name mapped to a fixed uuid, the form every backend stores ids in
/// (Postgres columns are `uuid`).
fn id(name: &str) -> &'static str {
    let n = name
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(131).wrapping_add(b.into()));
    Box::leak(format!("00000000-0000-4000-8000-{:012x}", n & 0xffff_ffff_ffff).into_boxed_str())
}

fn account(id: &str, email: &str) -> AccountRecord {
    AccountRecord {
        id: id.into(),
        email: email.into(),
        password_hash: "h".into(),
        created_at: 1,
    }
}

async fn account_contract(accounts: Arc<dyn AccountStore>) {
    accounts
        .create(&account(id("u1"), "one@example.com"))
        .await
        .unwrap();
    assert_eq!(
        accounts.find_by_email("one@example.com").await.unwrap(),
        Some(account(id("u1"), "one@example.com"))
    );
    assert_eq!(
        accounts.find_by_email("two@example.com").await.unwrap(),
        None
    );
    let dup = accounts.create(&account(id("u2"), "one@example.com")).await;
    assert!(matches!(dup, Err(StoreError::Duplicate)), "{dup:?}");
}

async fn session_contract(accounts: Arc<dyn AccountStore>, sessions: Arc<dyn SessionStore>) {
    accounts
        .create(&account(id("s1"), "s1@example.com"))
        .await
        .unwrap();
    accounts
        .create(&account(id("s2"), "s2@example.com"))
        .await
        .unwrap();
    sessions.insert(id("h1"), id("s1"), 100).await.unwrap();
    sessions.insert(id("h2"), id("s2"), 100).await.unwrap();
    let s = sessions.get(id("h1")).await.unwrap().unwrap();
    assert_eq!(
        (
            s.user_id.as_str(),
            s.email.as_str(),
            s.created_at,
            s.last_seen_at
        ),
        (id("s1"), "s1@example.com", 100, 100)
    );
    sessions.touch(id("h1"), 150).await.unwrap();
    assert_eq!(
        sessions.get(id("h1")).await.unwrap().unwrap().last_seen_at,
        150
    );
    assert_eq!(
        sessions.get(id("h2")).await.unwrap().unwrap().last_seen_at,
        100,
        "touch is per session"
    );
    assert_eq!(sessions.delete_expired(120, 0).await.unwrap(), 1);
    assert!(sessions.get(id("h2")).await.unwrap().is_none());
    sessions.delete(id("h1")).await.unwrap();
    assert!(sessions.get(id("h1")).await.unwrap().is_none());
    assert!(
        sessions
            .insert(id("h3"), id("no-such-user"), 1)
            .await
            .is_err(),
        "sessions belong to real accounts"
    );
}

async fn profile_contract(accounts: Arc<dyn AccountStore>, profiles: Arc<dyn ProfileStore>) {
    accounts
        .create(&account(id("p1"), "p1@example.com"))
        .await
        .unwrap();
    accounts
        .create(&account(id("p2"), "p2@example.com"))
        .await
        .unwrap();
    assert_eq!(profiles.get(id("p1")).await.unwrap(), None);
    let p = Profile {
        display_name: "Lynn".into(),
        bodyweight_kg: Some(52.5),
        boulder_grades: BoulderGradeSystem::Font,
        route_grades: RouteGradeSystem::Uiaa,
        goals: "Free the Nose".into(),
        age: Some(55),
        hangboard_history: Some(false),
    };
    profiles.upsert(id("p1"), &p, 10).await.unwrap();
    assert_eq!(profiles.get(id("p1")).await.unwrap(), Some(p.clone()));
    assert_eq!(
        profiles.get(id("p2")).await.unwrap(),
        None,
        "never another user's row"
    );
    let p2 = Profile {
        bodyweight_kg: None,
        ..p.clone()
    };
    profiles.upsert(id("p1"), &p2, 11).await.unwrap();
    assert_eq!(profiles.get(id("p1")).await.unwrap(), Some(p2.clone()));
    // Age and hangboard history (issue 22): changed, then cleared ("not said"), both kept
    // exactly; the other fields untouched.
    for (age, history) in [(Some(34), Some(true)), (None, None), (Some(8), Some(false))] {
        let p3 = Profile {
            age,
            hangboard_history: history,
            ..p2.clone()
        };
        profiles.upsert(id("p1"), &p3, 12).await.unwrap();
        assert_eq!(profiles.get(id("p1")).await.unwrap(), Some(p3));
    }
}

fn day(d: u8) -> Date {
    Date::new(2027, 1, d).unwrap()
}

fn assessment(id: &str, created_at: i64, added_kg: f64) -> Assessment {
    Assessment {
        id: id.into(),
        taken_on: day(15),
        background: Background {
            years_climbing: 3.5,
            hardest_boulder: Some(climbingpill::domain::assessment::GradeWithStyle {
                grade: Grade::parse("V5").unwrap(),
                style: ClimbStyle::Flash,
            }),
            hardest_route: None,
            goal_discipline: Discipline::Boulder,
            goal_grade: Some(Grade::parse("V7").unwrap()),
            target_date: Some(day(30)),
            days_per_week: 3,
            session_minutes: 90,
            equipment: vec![Equipment::Gym, Equipment::Hangboard],
            injuries: String::new(),
            age: Some(41),
            hangboard_history: Some(true),
        },
        tests: TestResults {
            bodyweight_kg: Some(70.0),
            max_hang: Some(Tested {
                result: MaxHang {
                    added_kg,
                    seconds: 10,
                },
                tested_on: day(15),
            }),
            ..TestResults::default()
        },
        created_at,
    }
}

async fn assessment_contract(accounts: Arc<dyn AccountStore>, store: Arc<dyn AssessmentStore>) {
    accounts
        .create(&account(id("a1"), "a1@example.com"))
        .await
        .unwrap();
    accounts
        .create(&account(id("a2"), "a2@example.com"))
        .await
        .unwrap();
    assert!(store.list(id("a1"), 10).await.unwrap().is_empty());
    assert_eq!(store.draft(id("a1")).await.unwrap(), None);
    let mut draft = AssessmentDraft::default();
    draft.background.hardest_boulder = "V5".into();
    store.save_draft(id("a1"), &draft, 1).await.unwrap();
    draft.tests.bodyweight_kg = "70".into();
    store.save_draft(id("a1"), &draft, 2).await.unwrap();
    assert_eq!(store.draft(id("a1")).await.unwrap(), Some(draft.clone()));
    assert_eq!(
        store.draft(id("a2")).await.unwrap(),
        None,
        "drafts are per climber"
    );

    store
        .insert(id("a1"), &assessment(id("x1"), 10, 5.0))
        .await
        .unwrap();
    store
        .finish(id("a1"), &assessment(id("x2"), 20, 7.5))
        .await
        .unwrap();
    assert_eq!(
        store.draft(id("a1")).await.unwrap(),
        None,
        "finishing removes the draft"
    );
    let all = store.list(id("a1"), 10).await.unwrap();
    assert_eq!(
        all.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        [id("x2"), id("x1")],
        "newest first"
    );
    assert_eq!(all[0], assessment(id("x2"), 20, 7.5), "round trip");
    assert_eq!(store.list(id("a1"), 1).await.unwrap().len(), 1);
    assert_eq!(
        store.get(id("a1"), id("x1")).await.unwrap(),
        Some(assessment(id("x1"), 10, 5.0))
    );
    assert_eq!(
        store.get(id("a2"), id("x1")).await.unwrap(),
        None,
        "never another climber's"
    );
    assert!(store.list(id("a2"), 10).await.unwrap().is_empty());
    let dup = store.insert(id("a1"), &assessment(id("x1"), 30, 1.0)).await;
    assert!(matches!(dup, Err(StoreError::Duplicate)), "{dup:?}");
}

fn plan() -> ProgramPlan {
    ProgramPlan {
        model: Model::FourThreeTwoOne,
        level: Level::Intermediate,
        start: day(18),
        end: day(31),
        weeks: vec![
            PlannedWeek {
                number: 1,
                phase: Phase::Skill,
                starts: day(18),
            },
            PlannedWeek {
                number: 2,
                phase: Phase::Deload,
                starts: day(25),
            },
        ],
        sessions: Vec::new(),
        focus: Vec::new(),
        notes: vec!["A note.".into()],
    }
}

fn program(id: &str, created_at: i64) -> Program {
    Program {
        id: id.into(),
        assessment_id: None,
        active: true,
        plan: plan(),
        created_at,
        archived_at: None,
    }
}

fn planned_session(program_id: &str, id: &str, position: u32, date: Date) -> ProgramSession {
    ProgramSession {
        id: id.into(),
        program_id: program_id.into(),
        position,
        date,
        planned: PlannedSession {
            date,
            week: 1,
            phase: Phase::Skill,
            title: format!("Session {position}"),
            minutes: 90,
            finger_load: FingerLoad::Low,
            journal_kind: SessionKind::Bouldering,
            exercises: Vec::new(),
            why: "Because.".into(),
        },
        status: SessionStatus::Planned,
        rpe: None,
        notes: String::new(),
        journal_entry_id: None,
        completed_at: None,
        held_for_pain: false,
    }
}

fn journal_entry(id: &str) -> JournalEntry {
    JournalEntry {
        id: id.into(),
        data: EntryData {
            date: day(15),
            kind: SessionKind::Bouldering,
            location: String::new(),
            duration_min: 90,
            rpe: Some(7),
            climbs: Vec::new(),
            energy: None,
            sleep: None,
            mood: None,
            pain: Vec::new(),
            notes: "Program session".into(),
            tags: vec!["program".into()],
        },
        load: Some(630),
        created_at: 5,
        updated_at: 5,
    }
}

async fn program_contract(
    accounts: Arc<dyn AccountStore>,
    store: Arc<dyn ProgramStore>,
    journal: Arc<dyn JournalStore>,
) {
    accounts
        .create(&account(id("g1"), "g1@example.com"))
        .await
        .unwrap();
    accounts
        .create(&account(id("g2"), "g2@example.com"))
        .await
        .unwrap();
    assert_eq!(store.active(id("g1")).await.unwrap(), None);
    let sessions = vec![
        planned_session(id("p1"), id("s1"), 0, day(18)),
        planned_session(id("p1"), id("s2"), 1, day(20)),
    ];
    store
        .create(id("g1"), &program(id("p1"), 10), &sessions, false, 10)
        .await
        .unwrap();
    assert_eq!(
        store.active(id("g1")).await.unwrap(),
        Some(program(id("p1"), 10))
    );
    assert_eq!(store.sessions(id("g1"), id("p1")).await.unwrap(), sessions);
    assert_eq!(
        store.active(id("g2")).await.unwrap(),
        None,
        "never another climber's"
    );
    assert!(store.sessions(id("g2"), id("p1")).await.unwrap().is_empty());
    assert_eq!(store.session(id("g2"), id("s1")).await.unwrap(), None);

    // A second active program needs `replace_active`; without it nothing is written.
    let other = vec![planned_session(id("p2"), id("t1"), 0, day(19))];
    let refused = store
        .create(id("g1"), &program(id("p2"), 20), &other, false, 20)
        .await;
    assert!(matches!(refused, Err(StoreError::Duplicate)), "{refused:?}");
    assert_eq!(
        store.session(id("g1"), id("t1")).await.unwrap(),
        None,
        "all or nothing"
    );

    // Moving and skipping touch only date and status, and only while planned.
    assert!(store
        .reschedule(id("g1"), id("s2"), day(21), SessionStatus::Planned)
        .await
        .unwrap());
    assert!(
        !store
            .reschedule(id("g2"), id("s2"), day(22), SessionStatus::Skipped)
            .await
            .unwrap(),
        "not g2's"
    );
    assert!(store
        .reschedule(id("g1"), id("s2"), day(21), SessionStatus::Skipped)
        .await
        .unwrap());
    let mut s2 = sessions[1].clone();
    s2.date = day(21);
    s2.status = SessionStatus::Skipped;
    assert_eq!(
        store.session(id("g1"), id("s2")).await.unwrap(),
        Some(s2.clone())
    );
    assert!(
        !store
            .reschedule(id("g1"), id("s2"), day(20), SessionStatus::Planned)
            .await
            .unwrap(),
        "a skipped session is not planned again behind the climber's back"
    );

    // Completing writes the journal entry in the same transaction, once.
    let mut s1 = sessions[0].clone();
    s1.status = SessionStatus::Done;
    s1.rpe = Some(7);
    s1.journal_entry_id = Some(id("j1").into());
    s1.completed_at = Some(99);
    assert!(!store
        .complete_session(id("g2"), &s1, &journal_entry(id("j0")))
        .await
        .unwrap());
    assert_eq!(journal.get(id("g2"), id("j0")).await.unwrap(), None);
    assert!(store
        .complete_session(id("g1"), &s1, &journal_entry(id("j1")))
        .await
        .unwrap());
    assert_eq!(
        store.session(id("g1"), id("s1")).await.unwrap(),
        Some(s1.clone())
    );
    assert_eq!(
        journal.get(id("g1"), id("j1")).await.unwrap(),
        Some(journal_entry(id("j1")))
    );
    assert!(
        !store
            .complete_session(id("g1"), &s1, &journal_entry(id("j2")))
            .await
            .unwrap(),
        "a done session is not completed twice"
    );
    let (entries, total) = journal
        .list(id("g1"), &JournalFilter::default(), 0, 10)
        .await
        .unwrap();
    assert_eq!((entries.len(), total), (1, 1));

    // Replacing archives the old one, which keeps its sessions.
    store
        .create(id("g1"), &program(id("p2"), 20), &other, true, 20)
        .await
        .unwrap();
    assert_eq!(store.active(id("g1")).await.unwrap().unwrap().id, id("p2"));
    let history = store.list(id("g1")).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|p| (p.id.as_str(), p.active))
            .collect::<Vec<_>>(),
        [(id("p2"), true), (id("p1"), false)]
    );
    assert_eq!(history[1].archived_at, Some(20));
    assert_eq!(store.sessions(id("g1"), id("p1")).await.unwrap().len(), 2);
    assert!(store.list(id("g2")).await.unwrap().is_empty());

    // A replacement that fails half-way (its second session clashes with the first) leaves
    // everything as it was: the old program still active, nothing of the new one saved.
    let clashing = vec![
        planned_session(id("p3"), id("u1"), 0, day(25)),
        planned_session(id("p3"), id("u2"), 0, day(26)),
    ];
    assert!(store
        .create(id("g1"), &program(id("p3"), 30), &clashing, true, 30)
        .await
        .is_err());
    assert_eq!(store.active(id("g1")).await.unwrap().unwrap().id, id("p2"));
    assert_eq!(store.list(id("g1")).await.unwrap().len(), 2);
    assert_eq!(store.session(id("g1"), id("u1")).await.unwrap(), None);
}

fn onboarding(step: u8, furthest: u8, goal: &str, now: i64) -> OnboardingRecord {
    OnboardingRecord {
        step,
        furthest,
        answers: OnboardingAnswers {
            goal: goal.into(),
            ..OnboardingAnswers::default()
        },
        started_at: 1,
        updated_at: now,
        finished_at: None,
    }
}

async fn onboarding_contract(accounts: Arc<dyn AccountStore>, store: Arc<dyn OnboardingStore>) {
    for (id, email) in [
        (id("o1"), "o1@example.com"),
        (id("o2"), "o2@example.com"),
        (id("o3"), "o3@example.com"),
    ] {
        accounts.create(&account(id, email)).await.unwrap();
    }
    assert_eq!(store.get(id("o1")).await.unwrap(), None);
    let first = onboarding(2, 2, "7c by June", 10);
    store.save(id("o1"), &first).await.unwrap();
    assert_eq!(store.get(id("o1")).await.unwrap(), Some(first));
    // Going back keeps the furthest step reached (the funnel) and the answers as sent.
    store
        .save(id("o1"), &onboarding(1, 1, "8a one day", 11))
        .await
        .unwrap();
    let back = store.get(id("o1")).await.unwrap().unwrap();
    assert_eq!(
        (back.step, back.furthest, back.answers.goal.as_str()),
        (1, 2, "8a one day")
    );
    // Finishing is kept even if a later save forgets it.
    let mut done = onboarding(7, 7, "8a one day", 12);
    done.finished_at = Some(12);
    store.save(id("o2"), &done).await.unwrap();
    store
        .save(id("o2"), &onboarding(7, 7, "8a one day", 13))
        .await
        .unwrap();
    assert_eq!(
        store.get(id("o2")).await.unwrap().unwrap().finished_at,
        Some(12)
    );
    // Climbers never see each other's record.
    assert_eq!(store.get(id("o3")).await.unwrap(), None);
    store
        .save(id("o3"), &onboarding(4, 4, "", 14))
        .await
        .unwrap();
    let funnel = store.funnel().await.unwrap();
    let reached = |k: u8| funnel.iter().find(|(s, _)| *s == k).unwrap().1;
    assert_eq!(funnel.len(), 7);
    assert_eq!(
        (reached(1), reached(2), reached(3), reached(4)),
        (3, 3, 2, 2)
    );
    assert_eq!((reached(5), reached(6), reached(7)), (1, 1, 1));
}

fn run(id_: &str, user: &str, created_at: i64, status: RunStatus) -> RunRecord {
    RunRecord {
        id: id_.into(),
        user_id: user.into(),
        thread_id: "thread-1".into(),
        provider: "offline".into(),
        model: "offline-coach".into(),
        tools: vec![
            ToolOutcome {
                name: "log_session".into(),
                ok: true,
            },
            ToolOutcome {
                name: "query_journal".into(),
                ok: false,
            },
        ],
        steps: 2,
        tokens_in: Some(120),
        tokens_out: None,
        latency_ms: 35,
        status,
        error: (status == RunStatus::Error).then(|| "provider 500".into()),
        created_at,
        // The prompt's size is logged (a cancelled run may end before there is one).
        prompt: (status != RunStatus::Cancelled).then_some(PromptSize {
            tokens: 15_873,
            history_kept: 12,
            history_dropped: 18,
        }),
    }
}

async fn run_log_contract(accounts: Arc<dyn AccountStore>, runs: Arc<dyn RunLogStore>) {
    for (u, e) in [("r1", "r1@example.com"), ("r2", "r2@example.com")] {
        accounts.create(&account(id(u), e)).await.unwrap();
    }
    let first = run(id("x1"), id("r1"), 1_000, RunStatus::Ok);
    let second = run(id("x2"), id("r1"), 2_000, RunStatus::Error);
    runs.record(&first).await.unwrap();
    runs.record(&second).await.unwrap();
    runs.record(&run(id("x3"), id("r2"), 3_000, RunStatus::Cancelled))
        .await
        .unwrap();
    // Two runs in the same millisecond: the one logged last comes first.
    let same_ms = run(id("x0"), id("r1"), 2_000, RunStatus::Ok);
    runs.record(&same_ms).await.unwrap();
    assert_eq!(
        runs.recent(id("r1"), 10).await.unwrap(),
        [same_ms.clone(), second, first]
    );
    assert_eq!(runs.recent(id("r1"), 1).await.unwrap(), [same_ms]);
    let other = runs.recent(id("r2"), 10).await.unwrap();
    assert_eq!(other.len(), 1, "each climber sees only their own runs");
    assert_eq!(other[0].status, RunStatus::Cancelled);
}

/// Two tabs replacing the program at once: both succeed one after the other, and exactly one
/// program is active at the end.
async fn concurrent_replace_contract(
    accounts: Arc<dyn AccountStore>,
    store: Arc<dyn ProgramStore>,
) {
    accounts
        .create(&account(id("c1"), "c1@example.com"))
        .await
        .unwrap();
    let sessions = |p: &str, s: &str| vec![planned_session(p, s, 0, day(18))];
    let (a, b) = (program(id("pa"), 10), program(id("pb"), 10));
    let (sa, sb) = (sessions(id("pa"), id("sa")), sessions(id("pb"), id("sb")));
    let (ra, rb) = tokio::join!(
        store.create(id("c1"), &a, &sa, true, 10),
        store.create(id("c1"), &b, &sb, true, 10),
    );
    ra.unwrap();
    rb.unwrap();
    let all = store.list(id("c1")).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all.iter().filter(|p| p.active).count(), 1);
}

/// The journal's usage (kept by a trigger on each backend) follows inserts, edits and
/// deletes; the quota wrappers over this backend's stores refuse what would go past a quota,
/// save nothing then, and leave what was saved.
async fn journal_quota_contract(
    accounts: Arc<dyn AccountStore>,
    journal: Arc<dyn JournalStore>,
    programs: Arc<dyn ProgramStore>,
) {
    use climbingpill::domain::quota::{QuotaKind, QuotaLimits};
    use climbingpill::server::services::quota::{QuotaJournal, QuotaPrograms, QuotaService};
    use climbingpill::server::stores::JournalUsage;
    for (u, e) in [("q1", "q1@example.com"), ("q2", "q2@example.com")] {
        accounts.create(&account(id(u), e)).await.unwrap();
    }
    let (q1, q2) = (id("q1"), id("q2"));
    assert_eq!(journal.usage(q1).await.unwrap(), JournalUsage::default());
    let mut a = journal_entry(id("qa"));
    a.data.notes = "abc".into();
    journal.insert(q1, &a).await.unwrap();
    let one = journal.usage(q1).await.unwrap();
    assert_eq!(one.entries, 1);
    assert!(one.bytes >= 3 + "program".len() as u64, "{one:?}");
    journal
        .insert_many(q1, &[journal_entry(id("qb")), journal_entry(id("qc"))])
        .await
        .unwrap();
    let three = journal.usage(q1).await.unwrap();
    assert_eq!(three.entries, 3);
    assert!(three.bytes > one.bytes);
    // An edit changes the bytes by exactly what it adds.
    a.data.notes = "abc0123456789".into();
    assert!(journal.update(q1, &a).await.unwrap());
    let edited = journal.usage(q1).await.unwrap();
    assert_eq!((edited.entries, edited.bytes), (3, three.bytes + 10));
    assert!(journal.delete(q1, id("qa")).await.unwrap());
    let two = journal.usage(q1).await.unwrap();
    assert_eq!((two.entries, two.bytes), (2, edited.bytes - one.bytes - 10));
    assert_eq!(journal.usage(q2).await.unwrap(), JournalUsage::default());

    // The quotas over this backend (conversations live in libSQL on either backend).
    let (_mem_dir, mem_db) = libsql_db().await;
    let memory = Arc::new(climbingpill::server::memory::libsql::LibsqlMemory::new(
        mem_db,
        Arc::new(climbingpill::server::clock::SystemClock),
    ));
    let limits = QuotaLimits {
        journal_entries: 3,
        ..QuotaLimits::default()
    };
    let quotas = Arc::new(QuotaService::new(limits, memory.clone(), journal.clone()));
    let guarded = QuotaJournal::new(journal.clone(), quotas.clone());
    let over = |r: Result<(), StoreError>, kind: QuotaKind| match r {
        Err(StoreError::OverQuota(q)) => assert_eq!(q.kind, kind, "{q:?}"),
        other => panic!("expected {kind:?} over quota, got {other:?}"),
    };
    // Two on top of two: refused whole.
    over(
        guarded
            .insert_many(q1, &[journal_entry(id("qd")), journal_entry(id("qe"))])
            .await,
        QuotaKind::JournalEntries,
    );
    assert_eq!(journal.usage(q1).await.unwrap(), two);
    guarded.insert(q1, &journal_entry(id("qd"))).await.unwrap();
    over(
        guarded.insert(q1, &journal_entry(id("qe"))).await,
        QuotaKind::JournalEntries,
    );
    let all = journal
        .list(q1, &JournalFilter::default(), 0, 10)
        .await
        .unwrap();
    assert_eq!(all.1, 3, "the three saved entries stay");
    // Other climbers are not counted against q1.
    guarded.insert(q2, &journal_entry(id("qf"))).await.unwrap();
    // A program session ticked off at the quota: refused, the session stays planned.
    let guarded_programs = QuotaPrograms::new(programs.clone(), quotas.clone());
    let s = planned_session(id("qp"), id("qs"), 0, day(18));
    guarded_programs
        .create(
            q1,
            &program(id("qp"), 10),
            std::slice::from_ref(&s),
            true,
            10,
        )
        .await
        .unwrap();
    let ticked = guarded_programs
        .complete_session(q1, &s, &journal_entry(id("qg")))
        .await
        .map(|_| ());
    over(ticked, QuotaKind::JournalEntries);
    let still = programs.session(q1, id("qs")).await.unwrap().unwrap();
    assert_eq!(still.status, SessionStatus::Planned);
    // Stored bytes: a quota just above what q2 keeps refuses a long entry (413's kind).
    let kept = journal.usage(q2).await.unwrap().bytes;
    let tight = QuotaService::new(
        QuotaLimits {
            stored_bytes: kept + 50,
            ..QuotaLimits::default()
        },
        memory,
        journal.clone(),
    );
    let tight = QuotaJournal::new(journal.clone(), Arc::new(tight));
    let mut long = journal_entry(id("qh"));
    long.data.notes = "x".repeat(200);
    over(tight.insert(q2, &long).await, QuotaKind::StoredBytes);
    assert_eq!(journal.usage(q2).await.unwrap().entries, 1);
}

async fn libsql_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("c.db")).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    (dir, db)
}

/// Runs `$contract` against every backend: the libSQL file, and PostgreSQL (with RLS, as
/// the climber) when a server is configured. `$stores` picks the stores it needs.
macro_rules! on_every_backend {
    ($libsql:ident, $postgres:ident, |$s:ident| $call:expr) => {
        #[tokio::test]
        async fn $libsql() {
            let (_dir, db) = libsql_db().await;
            let $s = AppStores::libsql(&db);
            $call.await;
        }

        #[tokio::test]
        async fn $postgres() {
            let Some(test_pg) = support::postgres::TestPg::fresh().await else {
                return;
            };
            let $s = AppStores::postgres(&test_pg.pg);
            $call.await;
        }
    };
}

on_every_backend!(libsql_accounts, postgres_accounts, |s| account_contract(
    s.accounts
));
on_every_backend!(libsql_sessions, postgres_sessions, |s| session_contract(
    s.accounts, s.sessions
));
on_every_backend!(libsql_profiles, postgres_profiles, |s| profile_contract(
    s.accounts, s.profiles
));
on_every_backend!(libsql_assessments, postgres_assessments, |s| {
    assessment_contract(s.accounts, s.assessments)
});
on_every_backend!(libsql_programs, postgres_programs, |s| program_contract(
    s.accounts, s.programs, s.journal
));
on_every_backend!(libsql_run_log, postgres_run_log, |s| run_log_contract(
    s.accounts, s.runs
));
on_every_backend!(
    libsql_concurrent_replace,
    postgres_concurrent_replace,
    |s| concurrent_replace_contract(s.accounts, s.programs)
);
on_every_backend!(libsql_onboarding, postgres_onboarding, |s| {
    onboarding_contract(s.accounts, s.onboarding)
});
on_every_backend!(libsql_journal_quota, postgres_journal_quota, |s| {
    journal_quota_contract(s.accounts, s.journal, s.programs)
});

// ---------------------------------------------------------------------------------------
// Teams (issue 21): who reads an athlete's rows, before accept, after, unshared, after leaving
// ---------------------------------------------------------------------------------------

/// What `viewer` (as a coach) can read of `athlete`: journal entries, progress rows,
/// assessments, program sessions, and whether the athlete is on a roster row of `team`.
async fn coach_sees(
    teams: &Arc<dyn TeamStore>,
    viewer: &str,
    athlete: &str,
    team: &str,
) -> (usize, usize, usize, Option<usize>, bool) {
    let from = day(1);
    let journal = teams
        .athlete_journal(viewer, athlete, JournalUse::Journal, from, 50)
        .await
        .unwrap()
        .len();
    let progress = teams
        .athlete_journal(viewer, athlete, JournalUse::Progress, from, 50)
        .await
        .unwrap()
        .len();
    let assessments = teams
        .athlete_assessments(viewer, athlete, 10)
        .await
        .unwrap()
        .len();
    let program = teams
        .athlete_program(viewer, athlete)
        .await
        .unwrap()
        .map(|(_, s)| s.len());
    let on_roster = teams
        .activity(viewer, team, from)
        .await
        .unwrap()
        .iter()
        .any(|a| a.athlete.user_id == athlete);
    (journal, progress, assessments, program, on_roster)
}

async fn team_contract(s: AppStores) {
    let teams = s.teams.clone();
    let (coach, other_coach, mate, athlete) = (id("tc"), id("tx"), id("ts"), id("tb"));
    for (who, email) in [
        (coach, "tc@example.com"),
        (other_coach, "tx@example.com"),
        (mate, "ts@example.com"),
        (athlete, "tb@example.com"),
    ] {
        s.accounts.create(&account(who, email)).await.unwrap();
    }
    let (t1, t2) = (id("team-1"), id("team-2"));
    let team = |id_: &str, name: &str| TeamRecord {
        id: id_.into(),
        name: name.into(),
        created_at: 10,
    };
    teams
        .create_team(coach, &team(t1, "Crimpers"), "Coach Cam")
        .await
        .unwrap();
    teams
        .create_team(other_coach, &team(t2, "Slopers"), "Coach Xi")
        .await
        .unwrap();
    assert_eq!(teams.teams_created(coach).await.unwrap(), 1);
    assert_eq!(teams.teams_created(athlete).await.unwrap(), 0);
    let mine = teams.memberships(coach).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(
        (mine[0].team_name.as_str(), mine[0].role),
        ("Crimpers", TeamRole::Coach)
    );

    // B's rows: a journal entry (with load and a pain flag), an assessment, a program.
    let mut entry = journal_entry(id("tb-entry"));
    entry.data.pain = vec![climbingpill::domain::journal::PainFlag {
        body_part: "fingers".into(),
        notes: String::new(),
    }];
    s.journal.insert(athlete, &entry).await.unwrap();
    s.assessments
        .insert(athlete, &assessment(id("tb-assess"), 20, 12.0))
        .await
        .unwrap();
    let sessions = [
        planned_session(id("tb-prog"), id("tb-s1"), 0, day(18)),
        planned_session(id("tb-prog"), id("tb-s2"), 1, day(20)),
    ];
    s.programs
        .create(athlete, &program(id("tb-prog"), 30), &sessions, true, 30)
        .await
        .unwrap();
    // The mate's rows, to show a team mate's membership opens nothing of B's.
    s.journal
        .insert(mate, &journal_entry(id("ts-entry")))
        .await
        .unwrap();

    let invite = |n: &str, team_id: &str, expires_at: i64| InviteRecord {
        id: id(&format!("inv-{n}")).into(),
        team_id: team_id.into(),
        token_hash: format!("hash-{n}"),
        inviter_name: "Coach Cam".into(),
        team_name: "Crimpers".into(),
        created_at: 100,
        expires_at,
        used_at: None,
    };
    // Only a coach of the team makes invites.
    assert!(teams
        .create_invite(coach, &invite("b", t1, 1_000))
        .await
        .unwrap());
    assert!(!teams
        .create_invite(athlete, &invite("z", t1, 1_000))
        .await
        .unwrap());
    assert!(!teams
        .create_invite(other_coach, &invite("z2", t1, 1_000))
        .await
        .unwrap());
    assert!(teams
        .create_invite(coach, &invite("s", t1, 1_000))
        .await
        .unwrap());
    assert!(teams
        .create_invite(coach, &invite("old", t1, 150))
        .await
        .unwrap());
    let found = teams.find_invite("hash-b").await.unwrap().unwrap();
    assert_eq!(
        (found.team_name.as_str(), found.used_at),
        ("Crimpers", None)
    );
    assert_eq!(teams.find_invite("hash-none").await.unwrap(), None);

    // Before accept: nobody sees anything of B.
    let nothing = (0, 0, 0, None, false);
    for viewer in [coach, other_coach, mate, athlete] {
        assert_eq!(
            coach_sees(&teams, viewer, athlete, t1).await,
            nothing,
            "before accept"
        );
    }
    assert_eq!(teams.shared_with(coach, athlete).await.unwrap(), None);
    // The header's figures: on no team yet, nothing unread.
    assert_eq!(teams.nav_status(athlete, 100).await.unwrap(), (false, 0));
    assert_eq!(teams.nav_status(coach, 100).await.unwrap(), (true, 0));

    // Accept: expired, unknown, then the real one; reusing it is refused.
    assert_eq!(
        teams
            .accept_invite(athlete, "hash-old", "Bea", Sharing::all(), 200)
            .await
            .unwrap(),
        AcceptOutcome::Expired
    );
    assert_eq!(
        teams
            .accept_invite(athlete, "hash-none", "Bea", Sharing::all(), 200)
            .await
            .unwrap(),
        AcceptOutcome::NotFound
    );
    assert_eq!(
        teams
            .accept_invite(athlete, "hash-b", "Bea", Sharing::all(), 200)
            .await
            .unwrap(),
        AcceptOutcome::Joined { team_id: t1.into() }
    );
    assert_eq!(
        teams
            .accept_invite(mate, "hash-b", "Sol", Sharing::all(), 201)
            .await
            .unwrap(),
        AcceptOutcome::Used
    );
    assert!(teams
        .find_invite("hash-b")
        .await
        .unwrap()
        .unwrap()
        .used_at
        .is_some());
    // Already on the team: refused, and the invite stays usable.
    assert!(teams
        .create_invite(coach, &invite("b2", t1, 1_000))
        .await
        .unwrap());
    assert_eq!(
        teams
            .accept_invite(athlete, "hash-b2", "Bea", Sharing::all(), 202)
            .await
            .unwrap(),
        AcceptOutcome::AlreadyMember
    );
    assert_eq!(
        teams.find_invite("hash-b2").await.unwrap().unwrap().used_at,
        None
    );
    assert_eq!(
        teams
            .accept_invite(mate, "hash-s", "Sol", Sharing::all(), 203)
            .await
            .unwrap(),
        AcceptOutcome::Joined { team_id: t1.into() }
    );

    // After accept, everything shared: the coach sees all of B; nobody else does.
    assert_eq!(
        coach_sees(&teams, coach, athlete, t1).await,
        (1, 1, 1, Some(2), true)
    );
    for viewer in [other_coach, mate, athlete] {
        assert_eq!(
            coach_sees(&teams, viewer, athlete, t1).await,
            nothing,
            "after accept"
        );
    }
    assert_eq!(
        teams.shared_with(coach, athlete).await.unwrap(),
        Some(("Bea".to_string(), Sharing::all()))
    );
    let roster = teams.athletes(coach, t1).await.unwrap();
    assert_eq!(
        roster.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["Bea", "Sol"]
    );
    assert!(teams.athletes(other_coach, t1).await.unwrap().is_empty());
    assert!(teams.athletes(athlete, t1).await.unwrap().is_empty());
    let activity = teams.activity(coach, t1, day(1)).await.unwrap();
    let b = activity
        .iter()
        .find(|a| a.athlete.user_id == athlete)
        .unwrap();
    assert_eq!(
        b.days.as_deref(),
        Some(
            &[climbingpill::domain::team::DayMark {
                date: day(15),
                load: Some(630),
                pain: true
            }][..]
        )
    );
    assert_eq!(b.last_entry, Some(day(15)));
    let titles: Vec<&str> = b
        .sessions
        .as_ref()
        .unwrap()
        .iter()
        .map(|x| x.title.as_str())
        .collect();
    assert_eq!(titles, ["Session 0", "Session 1"]);
    let b_teams = teams.memberships(athlete).await.unwrap();
    assert_eq!(
        (
            b_teams[0].role,
            b_teams[0].invited_by.as_str(),
            b_teams[0].sharing
        ),
        (TeamRole::Athlete, "Coach Cam", Sharing::all())
    );

    // Comments: the coach on B's entry and session; the other coach can't; B reads them.
    let comment = |n: &str, by: &str, target: CommentTarget, target_id: &str| CommentRecord {
        id: id(&format!("cm-{n}")).into(),
        coach_id: by.into(),
        coach_name: "Coach Cam".into(),
        athlete_id: athlete.into(),
        target,
        target_id: target_id.into(),
        body: format!("Comment {n}"),
        created_at: 300,
        read_at: None,
    };
    let entry_id = id("tb-entry");
    assert!(teams
        .add_comment(&comment("1", coach, CommentTarget::Journal, entry_id))
        .await
        .unwrap());
    assert!(teams
        .add_comment(&comment("2", coach, CommentTarget::Session, id("tb-s1")))
        .await
        .unwrap());
    assert!(!teams
        .add_comment(&comment("3", other_coach, CommentTarget::Journal, entry_id))
        .await
        .unwrap());
    assert!(!teams
        .add_comment(&comment("4", mate, CommentTarget::Journal, entry_id))
        .await
        .unwrap());
    let on_entry = |who: &'static str| {
        let teams = teams.clone();
        async move {
            teams
                .comments(who, athlete, CommentTarget::Journal, entry_id)
                .await
                .unwrap()
                .len()
        }
    };
    assert_eq!(on_entry(athlete).await, 1);
    assert_eq!(on_entry(coach).await, 1);
    assert_eq!(on_entry(other_coach).await, 0);
    assert_eq!(on_entry(mate).await, 0);
    assert_eq!(teams.unread_comments(athlete).await.unwrap(), 2);
    assert_eq!(teams.unread_comments(coach).await.unwrap(), 0);
    assert_eq!(teams.nav_status(athlete, 100).await.unwrap(), (true, 2));
    // The count stops at the cap.
    assert_eq!(teams.nav_status(athlete, 1).await.unwrap(), (true, 1));
    assert_eq!(teams.nav_status(coach, 100).await.unwrap(), (true, 0));
    // The target must be the athlete's own, of the kind named: a team mate's entry, an id
    // that names nothing, a session as a journal entry and an entry as a session are refused.
    for (n, target, target_id) in [
        ("f1", CommentTarget::Journal, id("ts-entry")),
        ("f2", CommentTarget::Journal, id("tb-nothing")),
        ("f3", CommentTarget::Journal, id("tb-s1")),
        ("f4", CommentTarget::Session, entry_id),
        ("f5", CommentTarget::Session, id("tb-nothing")),
    ] {
        assert!(
            !teams
                .add_comment(&comment(n, coach, target, target_id))
                .await
                .unwrap(),
            "foreign target {n}"
        );
    }
    // The daily bound's count: the coach's own on this athlete, since a time.
    assert_eq!(
        teams
            .comments_written_since(coach, athlete, 0)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        teams
            .comments_written_since(coach, athlete, 301)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        teams
            .comments_written_since(other_coach, athlete, 0)
            .await
            .unwrap(),
        0
    );
    // Lists: the athlete sees every coach's, of one kind or both; the coach their own;
    // nobody else any; LIMITed.
    let listed = |who: &'static str, target: Option<CommentTarget>, limit: u32| {
        let teams = teams.clone();
        async move {
            teams
                .comment_list(who, athlete, target, limit)
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.target_id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(listed(athlete, None, 10).await.len(), 2);
    assert_eq!(listed(athlete, None, 1).await.len(), 1);
    assert_eq!(
        listed(athlete, Some(CommentTarget::Session), 10).await,
        [id("tb-s1")]
    );
    assert_eq!(
        listed(athlete, Some(CommentTarget::Journal), 10).await,
        [entry_id]
    );
    assert_eq!(listed(coach, None, 10).await.len(), 2);
    assert!(listed(other_coach, None, 10).await.is_empty());
    assert!(listed(mate, None, 10).await.is_empty());
    // Only the athlete marks their comments read.
    assert_eq!(
        teams
            .mark_read(coach, CommentTarget::Journal, entry_id, 400)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        teams
            .mark_read(athlete, CommentTarget::Journal, entry_id, 400)
            .await
            .unwrap(),
        1
    );
    assert_eq!(teams.unread_comments(athlete).await.unwrap(), 1);
    // By id: nobody but the athlete marks them; ids that aren't the athlete's comments
    // (or aren't ids) are left alone.
    let session_comment = id("cm-2").to_string();
    for who in [coach, other_coach, mate] {
        assert_eq!(
            teams
                .mark_comments_read(who, std::slice::from_ref(&session_comment), 400)
                .await
                .unwrap(),
            0
        );
    }
    assert_eq!(teams.unread_comments(athlete).await.unwrap(), 1);
    assert_eq!(
        teams
            .mark_comments_read(
                athlete,
                &[
                    session_comment.clone(),
                    id("cm-none").to_string(),
                    "not-an-id".to_string()
                ],
                400
            )
            .await
            .unwrap(),
        1
    );
    assert_eq!(teams.unread_comments(athlete).await.unwrap(), 0);
    assert_eq!(teams.nav_status(athlete, 100).await.unwrap(), (true, 0));
    assert!(teams
        .comment_list(athlete, athlete, None, 10)
        .await
        .unwrap()
        .iter()
        .all(|c| c.read_at == Some(400)));

    // Unshare journal and progress: the coach's next read has no journal, the rest stays.
    let mut less = Sharing::all();
    less.journal = false;
    less.progress = false;
    assert!(teams.set_sharing(athlete, t1, less).await.unwrap());
    assert!(!teams.set_sharing(athlete, t2, less).await.unwrap());
    assert_eq!(
        coach_sees(&teams, coach, athlete, t1).await,
        (0, 0, 1, Some(2), true)
    );
    let b = teams.activity(coach, t1, day(1)).await.unwrap();
    let b = b.iter().find(|a| a.athlete.user_id == athlete).unwrap();
    assert_eq!((b.days.as_ref(), b.last_entry), (None, None));
    assert!(!teams
        .add_comment(&comment("5", coach, CommentTarget::Journal, entry_id))
        .await
        .unwrap());
    // Progress alone opens the rows for figures, not the journal page.
    less.progress = true;
    assert!(teams.set_sharing(athlete, t1, less).await.unwrap());
    assert_eq!(
        coach_sees(&teams, coach, athlete, t1).await,
        (0, 1, 1, Some(2), true)
    );
    for viewer in [other_coach, mate] {
        assert_eq!(
            coach_sees(&teams, viewer, athlete, t1).await,
            nothing,
            "unshared"
        );
    }
    // Programs unshared: no comment on a session either.
    assert!(teams
        .add_comment(&comment("6", coach, CommentTarget::Session, id("tb-s2")))
        .await
        .unwrap());
    // Only the coach who wrote a comment deletes it.
    assert!(teams
        .add_comment(&comment("6b", coach, CommentTarget::Session, id("tb-s2")))
        .await
        .unwrap());
    let typo = id("cm-6b");
    for who in [other_coach, athlete, mate] {
        assert!(!teams.delete_comment(who, typo).await.unwrap());
    }
    assert!(!teams
        .delete_comment(coach, "no-such-comment")
        .await
        .unwrap());
    assert!(teams.delete_comment(coach, typo).await.unwrap());
    assert!(!teams.delete_comment(coach, typo).await.unwrap());
    assert!(teams
        .comment_list(athlete, athlete, None, 10)
        .await
        .unwrap()
        .iter()
        .all(|c| c.id != typo));
    less.programs = false;
    assert!(teams.set_sharing(athlete, t1, less).await.unwrap());
    assert!(!teams
        .add_comment(&comment("7", coach, CommentTarget::Session, id("tb-s2")))
        .await
        .unwrap());

    // After leaving: nothing, and the roster no longer lists B.
    assert!(teams.leave(athlete, t1).await.unwrap());
    assert!(!teams.leave(athlete, t1).await.unwrap());
    for viewer in [coach, other_coach, mate, athlete] {
        assert_eq!(
            coach_sees(&teams, viewer, athlete, t1).await,
            nothing,
            "after leaving"
        );
    }
    assert_eq!(teams.shared_with(coach, athlete).await.unwrap(), None);
    assert!(teams.memberships(athlete).await.unwrap().is_empty());
    // Off the team; the comment written before leaving (on tb-s2) stays theirs, unread.
    assert_eq!(teams.nav_status(athlete, 100).await.unwrap(), (false, 1));
    // The mate is still there.
    assert_eq!(teams.athletes(coach, t1).await.unwrap().len(), 1);
    // B's own data is untouched by all of it.
    assert_eq!(s.journal.usage(athlete).await.unwrap().entries, 1);
}

on_every_backend!(libsql_teams, postgres_teams, |s| team_contract(s));
