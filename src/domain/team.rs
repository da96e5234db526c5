//! Coaching organisations (issue 21): what an athlete shares with a team, and the Team page's
//! figures per athlete, computed from the rows the coach may read. Pure: no I/O.
use serde::{Deserialize, Serialize};

use crate::domain::load::{acwr, chronic_established, AcwrZone};
use crate::domain::program::tracking::SessionStatus;
use crate::domain::when::Date;

/// What an athlete can share with a team, one switch per area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Area {
    Journal,
    Assessments,
    Programs,
    Progress,
}

impl Area {
    pub const ALL: [Area; 4] = [
        Area::Journal,
        Area::Assessments,
        Area::Programs,
        Area::Progress,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Area::Journal => "Journal",
            Area::Assessments => "Assessment results",
            Area::Programs => "Training program",
            Area::Progress => "Progress (load, grades, pain flags)",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Area::Journal => "journal",
            Area::Assessments => "assessments",
            Area::Programs => "programs",
            Area::Progress => "progress",
        }
    }
}

/// The athlete's sharing choice for one team. Defaults to everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sharing {
    pub journal: bool,
    pub assessments: bool,
    pub programs: bool,
    pub progress: bool,
}

impl Default for Sharing {
    fn default() -> Self {
        Self::all()
    }
}

impl Sharing {
    pub fn all() -> Self {
        Self {
            journal: true,
            assessments: true,
            programs: true,
            progress: true,
        }
    }

    pub fn none() -> Self {
        Self {
            journal: false,
            assessments: false,
            programs: false,
            progress: false,
        }
    }

    pub fn allows(&self, area: Area) -> bool {
        match area {
            Area::Journal => self.journal,
            Area::Assessments => self.assessments,
            Area::Programs => self.programs,
            Area::Progress => self.progress,
        }
    }

    pub fn set(&mut self, area: Area, on: bool) {
        match area {
            Area::Journal => self.journal = on,
            Area::Assessments => self.assessments = on,
            Area::Programs => self.programs = on,
            Area::Progress => self.progress = on,
        }
    }

    /// Either of two teams' choices (a coach of both sees what either allows).
    pub fn union(self, other: Sharing) -> Sharing {
        Sharing {
            journal: self.journal || other.journal,
            assessments: self.assessments || other.assessments,
            programs: self.programs || other.programs,
            progress: self.progress || other.progress,
        }
    }

    pub fn is_empty(&self) -> bool {
        !Area::ALL.iter().any(|a| self.allows(*a))
    }

    /// Load, pain flags and last activity come from the journal rows.
    pub fn activity(&self) -> bool {
        self.journal || self.progress
    }

    /// "Journal, Training program" — for messages.
    pub fn describe(&self) -> String {
        let shared: Vec<&str> = Area::ALL
            .iter()
            .filter(|a| self.allows(**a))
            .map(|a| a.label())
            .collect();
        if shared.is_empty() {
            "nothing".into()
        } else {
            shared.join(", ")
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TeamRole {
    Coach,
    Athlete,
}

/// One of the signed-in climber's teams.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub team_id: String,
    pub team_name: String,
    pub role: TeamRole,
    /// What the climber shares (athletes; everything off for a coach's own row).
    pub sharing: Sharing,
    /// The coach who invited the athlete (empty for coaches).
    pub invited_by: String,
    /// Unix milliseconds.
    pub joined_at: i64,
    /// The climber made the team (its first coach, who can't leave it).
    #[serde(default)]
    pub maker: bool,
    /// Every coach of the team, by name: on an athlete's card, everyone who can see what
    /// they share (filled by the service).
    #[serde(default)]
    pub coaches: Vec<String>,
}

/// An athlete on a coach's roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamAthlete {
    pub user_id: String,
    pub name: String,
    pub sharing: Sharing,
    pub joined_at: i64,
}

/// What the invite page shows before the athlete accepts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitePreview {
    pub team_name: String,
    pub inviter_name: String,
    /// Unix milliseconds.
    pub expires_at: i64,
    /// The athlete's display name, offered as the name the team sees ("" without one).
    pub suggested_name: String,
    /// A co-coach's link: accepting makes the climber a coach of the team (nothing shared).
    #[serde(default)]
    pub for_coach: bool,
    /// The team's coaches now, by name: everyone who would see what the athlete shares.
    #[serde(default)]
    pub coaches: Vec<String>,
}

/// A new invite link: the path holds the token, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteLink {
    /// `/invite/<token>`.
    pub path: String,
    /// Unix milliseconds.
    pub expires_at: i64,
}

/// A team the climber coaches, with its athletes' rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoachedTeam {
    pub team_id: String,
    pub name: String,
    /// The climber made the team; a co-coach (false) may leave it.
    #[serde(default)]
    pub maker: bool,
    pub athletes: Vec<AthleteSummary>,
}

/// The Team page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamOverview {
    pub memberships: Vec<Membership>,
    pub coached: Vec<CoachedTeam>,
    pub today: Date,
    /// Coach comments on the climber's own entries and sessions not read yet.
    pub unread_comments: u64,
}

/// An athlete's pages as a coach sees them; `None` = not shared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AthleteView {
    pub user_id: String,
    pub name: String,
    pub sharing: Sharing,
    pub journal: Option<Vec<crate::domain::journal::JournalEntry>>,
    pub progress: Option<crate::domain::progress::Progress>,
    pub assessments: Option<Vec<crate::domain::assessment::Assessment>>,
    /// `Some(None)`: shared, but no active program.
    pub program: Option<Option<crate::domain::program::tracking::ProgramView>>,
}

/// A coach's comment as either party sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: String,
    /// "journal" or "session".
    pub target: String,
    /// The journal entry's or program session's id.
    pub target_id: String,
    pub coach_name: String,
    pub body: String,
    pub created_at: i64,
    /// New to the athlete reading it now.
    pub unread: bool,
    /// Written by the climber reading it (a coach), who may delete it.
    #[serde(default)]
    pub yours: bool,
}

/// Longest team name.
pub const TEAM_NAME_MAX: usize = 80;
/// Longest coach comment.
pub const COMMENT_MAX: usize = 2000;
/// Comments one coach may write on one athlete's rows in 24 hours.
pub const COMMENTS_PER_DAY: u64 = 200;
/// Comments a list shows (newest first).
pub const COMMENTS_SHOWN: u32 = 200;
/// The header counts unread comments up to this (and shows "99+" past it).
pub const UNREAD_CAP: u32 = 100;
/// Longest name an athlete shows to a team.
pub const MEMBER_NAME_MAX: usize = 60;

fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect::<String>()
        .trim()
        .to_string()
}

pub fn validate_team_name(name: &str) -> Result<String, String> {
    let name = clean(name).replace('\n', " ");
    if name.is_empty() {
        return Err("Give the team a name.".into());
    }
    if name.chars().count() > TEAM_NAME_MAX {
        return Err(format!(
            "A team name is at most {TEAM_NAME_MAX} characters."
        ));
    }
    Ok(name)
}

pub fn validate_member_name(name: &str) -> Result<String, String> {
    let name = clean(name).replace('\n', " ");
    if name.is_empty() {
        return Err("Say the name your coach knows you by.".into());
    }
    if name.chars().count() > MEMBER_NAME_MAX {
        return Err(format!("A name is at most {MEMBER_NAME_MAX} characters."));
    }
    Ok(name)
}

pub fn validate_comment(body: &str) -> Result<String, String> {
    let body = clean(body);
    if body.is_empty() {
        return Err("Write a comment first.".into());
    }
    if body.chars().count() > COMMENT_MAX {
        return Err(format!("A comment is at most {COMMENT_MAX} characters."));
    }
    Ok(body)
}

/// One journal day as the Team page needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayMark {
    pub date: Date,
    pub load: Option<u32>,
    pub pain: bool,
}

/// One session of the athlete's active program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionMark {
    pub date: Date,
    pub status: SessionStatus,
    pub title: String,
}

/// The rows of one athlete a coach may read for the Team page. `None` = the area isn't
/// shared (nothing was read).
#[derive(Clone, Debug, PartialEq)]
pub struct AthleteActivity {
    pub athlete: TeamAthlete,
    /// Entries since the Team page's look-back (35 days: this week and the 4 before).
    pub days: Option<Vec<DayMark>>,
    pub last_entry: Option<Date>,
    pub sessions: Option<Vec<SessionMark>>,
}

/// Days of journal the Team page reads: the acute week and the 4 chronic weeks of the ACWR.
pub const ACTIVITY_DAYS: i64 = 35;
/// "Pain flagged in the last 14 days".
pub const PAIN_DAYS: i64 = 14;

/// One row of the Team page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AthleteSummary {
    pub user_id: String,
    pub name: String,
    pub sharing: Sharing,
    pub last_activity: Option<Date>,
    /// This week's (Monday to today) session load; None when not shared.
    pub week_load: Option<u32>,
    pub acwr: Option<f64>,
    pub acwr_band: Option<AcwrZone>,
    /// The ratio's 4 chronic weeks hold logs (otherwise it overstates a spike).
    pub acwr_established: bool,
    /// Days with a pain flag in the last 14 days.
    pub pain_days: Option<u32>,
    /// Sessions done, and sessions due by today (done, skipped or missed).
    pub adherence: Option<(u32, u32)>,
    pub next_session: Option<(Date, String)>,
    /// Shares programs but has no active program.
    pub no_program: bool,
}

/// The Team page's row for an athlete, from what the coach may read.
pub fn summarize(a: &AthleteActivity, today: Date) -> AthleteSummary {
    let share = a.athlete.sharing;
    let mut s = AthleteSummary {
        user_id: a.athlete.user_id.clone(),
        name: a.athlete.name.clone(),
        sharing: share,
        last_activity: None,
        week_load: None,
        acwr: None,
        acwr_band: None,
        acwr_established: false,
        pain_days: None,
        adherence: None,
        next_session: None,
        no_program: false,
    };
    if let Some(days) = &a.days {
        s.last_activity = a.last_entry;
        let loads: Vec<(Date, u32)> = days
            .iter()
            .filter_map(|d| d.load.map(|l| (d.date, l)))
            .collect();
        let monday = today.start_of_week();
        s.week_load = Some(
            loads
                .iter()
                .filter(|(d, _)| *d >= monday && *d <= today)
                .map(|(_, l)| *l)
                .sum(),
        );
        s.acwr = acwr(&loads, today);
        s.acwr_band = s.acwr.map(AcwrZone::of);
        s.acwr_established = chronic_established(&loads, today);
        let since = today.add_days(1 - PAIN_DAYS);
        let mut pain: Vec<Date> = days
            .iter()
            .filter(|d| d.pain && d.date >= since && d.date <= today)
            .map(|d| d.date)
            .collect();
        pain.dedup();
        s.pain_days = Some(pain.len() as u32);
    }
    if let Some(sessions) = &a.sessions {
        if sessions.is_empty() {
            s.no_program = true;
        } else {
            let done = sessions
                .iter()
                .filter(|x| x.status == SessionStatus::Done)
                .count() as u32;
            let due = sessions
                .iter()
                .filter(|x| x.status != SessionStatus::Planned || x.date < today)
                .count() as u32;
            s.adherence = Some((done, due.max(done)));
            s.next_session = sessions
                .iter()
                .filter(|x| x.status == SessionStatus::Planned && x.date >= today)
                .min_by_key(|x| x.date)
                .map(|x| (x.date, x.title.clone()));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: i64) -> Date {
        Date::new(2027, 3, 1).unwrap().add_days(day)
    }

    fn athlete(sharing: Sharing) -> TeamAthlete {
        TeamAthlete {
            user_id: "u".into(),
            name: "Sam".into(),
            sharing,
            joined_at: 0,
        }
    }

    #[test]
    fn sharing_defaults_to_everything_and_describes_itself() {
        assert_eq!(Sharing::default(), Sharing::all());
        let mut s = Sharing::none();
        assert!(s.is_empty());
        assert_eq!(s.describe(), "nothing");
        s.set(Area::Journal, true);
        assert_eq!(s.describe(), "Journal");
        assert!(s.activity());
        assert!(!Sharing::none().union(s).is_empty());
    }

    #[test]
    fn names_and_comments_are_validated() {
        assert_eq!(validate_team_name("  Crimp Crew \n").unwrap(), "Crimp Crew");
        assert!(validate_team_name("   ").is_err());
        assert!(validate_team_name(&"x".repeat(81)).is_err());
        assert!(validate_comment("").is_err());
        assert_eq!(validate_comment("Nice send!\n").unwrap(), "Nice send!");
        assert!(validate_member_name("\u{7}").is_err());
    }

    #[test]
    fn summary_uses_the_load_domain_code() {
        // Monday 2027-03-01 + 28 = Monday 2027-03-29 is "today".
        let today = d(28);
        assert_eq!(today.weekday(), d(0).weekday());
        let mut days: Vec<DayMark> = (0..4)
            .map(|w| DayMark {
                date: d(w * 7),
                load: Some(400),
                pain: false,
            })
            .collect();
        days.push(DayMark {
            date: today,
            load: Some(600),
            pain: true,
        });
        let a = AthleteActivity {
            athlete: athlete(Sharing::all()),
            days: Some(days.clone()),
            last_entry: Some(today),
            sessions: Some(vec![
                SessionMark {
                    date: d(20),
                    status: SessionStatus::Done,
                    title: "Limit".into(),
                },
                SessionMark {
                    date: d(22),
                    status: SessionStatus::Planned,
                    title: "Missed".into(),
                },
                SessionMark {
                    date: d(30),
                    status: SessionStatus::Planned,
                    title: "Power".into(),
                },
            ]),
        };
        let s = summarize(&a, today);
        assert_eq!(s.week_load, Some(600));
        let loads: Vec<(Date, u32)> = days.iter().map(|x| (x.date, x.load.unwrap())).collect();
        assert_eq!(s.acwr, acwr(&loads, today));
        assert_eq!(s.acwr, Some(1.5));
        assert_eq!(s.acwr_band, Some(AcwrZone::Danger));
        assert_eq!(s.pain_days, Some(1));
        assert_eq!(s.adherence, Some((1, 2)));
        assert_eq!(s.next_session, Some((d(30), "Power".to_string())));
        assert_eq!(s.last_activity, Some(today));
    }

    #[test]
    fn nothing_is_computed_from_an_unshared_area() {
        let a = AthleteActivity {
            athlete: athlete(Sharing::none()),
            days: None,
            last_entry: Some(d(1)),
            sessions: None,
        };
        let s = summarize(&a, d(3));
        assert_eq!(
            (s.last_activity, s.week_load, s.pain_days, s.adherence),
            (None, None, None, None)
        );
        assert!(!s.no_program);
    }
}
