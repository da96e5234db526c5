//! `log_session` and `query_journal`: the coach writes to and reads from the training journal
//! through the same validation as the journal form.
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{ToolContext, ToolError, ToolOutput, TypedTool};
use crate::domain::journal::{
    ClimbInput, EntryInput, JournalEntry, JournalFilter, PainInput, SessionKind,
};
use crate::domain::when::Date;
use crate::server::services::journal::JournalError;

fn map_err(e: JournalError) -> ToolError {
    match e {
        JournalError::Invalid(i) => ToolError::Refused(i.message),
        JournalError::NotFound => ToolError::Refused("no such journal entry".into()),
        JournalError::Store(crate::server::stores::StoreError::OverQuota(q)) => {
            ToolError::Refused(q.message)
        }
        other => ToolError::Internal(other.to_string()),
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClimbArg {
    /// The grade as the climber said it: "V5", "6C+", "5.11c", "7a+".
    pub grade: String,
    /// onsight, flash, redpoint, repeat or attempt (not sent). Default redpoint.
    pub style: Option<String>,
    pub attempts: Option<u32>,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PainArg {
    /// Where it hurts, e.g. "left ring finger".
    pub body_part: String,
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogSessionArgs {
    /// YYYY-MM-DD; today when left out. Never in the future.
    pub date: Option<String>,
    /// bouldering, sport, trad, board, hangboard, strength, endurance, mobility, rest or other.
    pub kind: String,
    pub duration_min: Option<u32>,
    /// Session RPE 1-10.
    pub rpe: Option<u8>,
    pub location: Option<String>,
    #[serde(default)]
    pub climbs: Vec<ClimbArg>,
    #[serde(default)]
    pub pain: Vec<PainArg>,
    pub notes: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// How the climber slept, 1 (badly) to 5 (great).
    pub sleep: Option<u8>,
    /// Energy, 1 (drained) to 5 (fresh).
    pub energy: Option<u8>,
    /// Mood, 1 to 5.
    pub mood: Option<u8>,
}

pub struct LogSession;

fn describe(e: &JournalEntry) -> String {
    let d = &e.data;
    let mut s = if d.kind == SessionKind::Rest {
        "rest day".to_string()
    } else {
        format!("{} min {}", d.duration_min, d.kind.label().to_lowercase())
    };
    let sends = d.sends().count();
    if sends > 0 {
        s.push_str(&format!(
            ", {sends} send{}",
            if sends == 1 { "" } else { "s" }
        ));
    }
    s
}

impl TypedTool for LogSession {
    type Args = LogSessionArgs;
    const NAME: &'static str = "log_session";
    const DESCRIPTION: &'static str = "Save a training session to the climber's journal: date, kind, \
        duration, RPE, climbs with grades and styles, pain, notes. Use it when the climber reports a \
        session they did.";
    const LABEL: &'static str = "Saving to your journal";

    async fn run(&self, ctx: &ToolContext, a: LogSessionArgs) -> Result<ToolOutput, ToolError> {
        let journal = ctx.journal.clone();
        let input = EntryInput {
            date: a.date.unwrap_or_else(|| journal.today().to_string()),
            kind: a.kind,
            location: a.location.unwrap_or_default(),
            duration_min: a.duration_min.map(|d| d.to_string()).unwrap_or_default(),
            rpe: a.rpe.map(|r| r.to_string()).unwrap_or_default(),
            climbs: a
                .climbs
                .into_iter()
                .map(|c| ClimbInput {
                    grade: c.grade,
                    style: c.style.unwrap_or_default(),
                    attempts: c.attempts.map(|n| n.to_string()).unwrap_or_default(),
                    name: c.name.unwrap_or_default(),
                })
                .collect(),
            pain: a
                .pain
                .into_iter()
                .map(|p| PainInput {
                    body_part: p.body_part,
                    notes: p.notes.unwrap_or_default(),
                })
                .collect(),
            notes: a.notes.unwrap_or_default(),
            tags: a.tags.join(","),
            sleep: a.sleep.map(|n| n.to_string()).unwrap_or_default(),
            energy: a.energy.map(|n| n.to_string()).unwrap_or_default(),
            mood: a.mood.map(|n| n.to_string()).unwrap_or_default(),
        };
        let entry = journal
            .create(&ctx.user_id, &input)
            .await
            .map_err(map_err)?;
        Ok(ToolOutput {
            summary: format!("Saved to journal: {}", describe(&entry)),
            link: Some(format!("/journal/{}", entry.id)),
            data: json!({
                "id": entry.id,
                "date": entry.data.date.to_string(),
                "kind": entry.data.kind.code(),
                "duration_min": entry.data.duration_min,
                "load": entry.load,
                "sends": entry.data.sends().map(|c| c.grade.label.clone()).collect::<Vec<_>>(),
            }),
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueryJournalArgs {
    /// First day, YYYY-MM-DD (default: 30 days ago).
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD (default: today).
    pub to: Option<String>,
    /// Only this kind of session.
    pub kind: Option<String>,
    /// Only count sends of this grade (or the same grade in another system).
    pub grade: Option<String>,
}

pub struct QueryJournal;

impl TypedTool for QueryJournal {
    type Args = QueryJournalArgs;
    const NAME: &'static str = "query_journal";
    const DESCRIPTION: &'static str =
        "Look up the climber's journal for a period: sessions, minutes, \
        load (RPE x minutes), sends by grade, and the latest entries.";
    const LABEL: &'static str = "Looking through your journal";

    async fn run(&self, ctx: &ToolContext, a: QueryJournalArgs) -> Result<ToolOutput, ToolError> {
        let today = ctx.journal.today();
        let day = |raw: Option<String>, default: Date, field: &str| -> Result<Date, ToolError> {
            match raw {
                None => Ok(default),
                Some(s) => Date::parse_iso(s.trim()).ok_or_else(|| {
                    ToolError::InvalidArguments(format!("{field} must be YYYY-MM-DD"))
                }),
            }
        };
        let from = day(a.from, today.add_days(-30), "from")?;
        let to = day(a.to, today, "to")?;
        if from > to {
            return Err(ToolError::InvalidArguments("from is after to".into()));
        }
        let kind = match a.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            None => None,
            Some(k) => Some(
                SessionKind::from_code(k)
                    .ok_or_else(|| ToolError::InvalidArguments(format!("unknown kind {k:?}")))?,
            ),
        };
        let grade = match a.grade.as_deref().map(str::trim).filter(|g| !g.is_empty()) {
            None => None,
            Some(g) => Some(
                crate::domain::grade::Grade::parse(g)
                    .map_err(|e| ToolError::InvalidArguments(e.to_string()))?,
            ),
        };
        let filter = JournalFilter {
            from: Some(from),
            to: Some(to),
            kind,
            text: None,
        };
        let entries = ctx
            .journal
            .all_matching(&ctx.user_id, &filter)
            .await
            .map_err(map_err)?;
        let mut sends: BTreeMap<String, u32> = BTreeMap::new();
        // "How many V5s?" also counts the 6C+ sends of a climber who logs in Font: the same
        // IRCRA grade in the same discipline is the same grade.
        let same_grade = |g: &crate::domain::grade::Grade, c: &crate::domain::grade::Grade| {
            g.label == c.label
                || (g.system.is_boulder() == c.system.is_boulder()
                    && g.ircra().is_some()
                    && g.ircra() == c.ircra())
        };
        for e in &entries {
            for c in e.data.sends() {
                if grade.as_ref().is_none_or(|g| same_grade(g, &c.grade)) {
                    *sends.entry(c.grade.label.clone()).or_default() += 1;
                }
            }
        }
        let minutes: u32 = entries.iter().map(|e| e.data.duration_min).sum();
        let load: u32 = entries.iter().filter_map(|e| e.load).sum();
        let loads: Vec<(Date, u32)> = entries
            .iter()
            .filter_map(|e| e.load.map(|l| (e.data.date, l)))
            .collect();
        let load_by_week: Vec<_> = crate::domain::load::weekly_load(&loads, from, to)
            .into_iter()
            .map(|w| json!({ "week_start": w.week_start.to_string(), "load": w.load }))
            .collect();
        // The hardest send of each discipline in the period, by IRCRA.
        let hardest = |boulder: bool| {
            entries
                .iter()
                .flat_map(|e| e.data.sends().map(move |c| (e.data.date, c)))
                .filter(|(_, c)| c.grade.system.is_boulder() == boulder)
                .filter_map(|(d, c)| c.grade.ircra().map(|i| (i, d, c.grade.label.clone())))
                .max_by_key(|(i, d, _)| (*i, std::cmp::Reverse(*d)))
                .map(|(_, d, label)| json!({ "grade": label, "date": d.to_string() }))
        };
        let latest: Vec<_> = entries
            .iter()
            .rev()
            .take(10)
            .map(|e| json!({ "date": e.data.date.to_string(), "kind": e.data.kind.code(),
                             "duration_min": e.data.duration_min, "rpe": e.data.rpe,
                             "sends": e.data.sends().map(|c| c.grade.label.clone()).collect::<Vec<_>>(),
                             "pain": e.data.pain.iter().map(|p| p.body_part.clone()).collect::<Vec<_>>() }))
            .collect();
        let n = entries.len();
        Ok(ToolOutput {
            summary: format!(
                "Looked up your journal: {n} session{} from {from} to {to}",
                if n == 1 { "" } else { "s" }
            ),
            link: Some("/journal".into()),
            data: json!({
                "from": from.to_string(), "to": to.to_string(),
                "sessions": n, "minutes": minutes, "load": load,
                "sends_by_grade": sends, "latest": latest, "load_by_week": load_by_week,
                "hardest_boulder": hardest(true), "hardest_route": hardest(false),
            }),
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingLoadArgs {}

/// The Progress page's load model today: the acute:chronic workload ratio and its zone.
pub struct TrainingLoad;

impl TypedTool for TrainingLoad {
    type Args = TrainingLoadArgs;
    const NAME: &'static str = "training_load";
    const DESCRIPTION: &'static str = "The climber's training load today, as on the Progress \
        page: the load (RPE x minutes) of the last 7 days, the weekly average of the 4 weeks \
        before, their ratio (ACWR; 0.8-1.3 is the usual band, 1.5+ a warning) and whether the \
        log is old enough for it. Use it for \"am I overtraining?\" or \"what's my ACWR\".";
    const LABEL: &'static str = "Working out your training load";

    async fn run(&self, ctx: &ToolContext, _: TrainingLoadArgs) -> Result<ToolOutput, ToolError> {
        use crate::domain::load::{acwr, chronic_established, AcwrZone, ACUTE_DAYS, CHRONIC_WEEKS};
        let today = ctx.journal.today();
        // Far enough back to tell whether the log reaches the first chronic week.
        let filter = JournalFilter {
            from: Some(today.add_days(-ACUTE_DAYS - 7 * CHRONIC_WEEKS - 30)),
            to: Some(today),
            kind: None,
            text: None,
        };
        let entries = ctx
            .journal
            .all_matching(&ctx.user_id, &filter)
            .await
            .map_err(map_err)?;
        let loads: Vec<(Date, u32)> = entries
            .iter()
            .filter_map(|e| e.load.map(|l| (e.data.date, l)))
            .collect();
        let between = |from: Date, to: Date| -> u32 {
            loads
                .iter()
                .filter(|(d, _)| *d >= from && *d <= to)
                .map(|(_, l)| *l)
                .fold(0, u32::saturating_add)
        };
        let acute = between(today.add_days(1 - ACUTE_DAYS), today);
        let chronic = between(
            today.add_days(-ACUTE_DAYS - 7 * CHRONIC_WEEKS + 1),
            today.add_days(-ACUTE_DAYS),
        );
        let ratio = acwr(&loads, today);
        Ok(ToolOutput {
            summary: match ratio {
                Some(r) => format!("Training load: ACWR {r:.2} ({})", AcwrZone::of(r).label()),
                None => "Training load: not enough weeks logged for an ACWR yet".into(),
            },
            link: Some("/progress".into()),
            data: json!({
                "ratio": ratio,
                "zone": ratio.map(|r| AcwrZone::of(r).label()),
                "acute": acute,
                "chronic_weekly": f64::from(chronic) / CHRONIC_WEEKS as f64,
                "established": chronic_established(&loads, today),
            }),
        })
    }
}
