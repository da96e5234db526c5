//! The training journal: what a climber logged, and the rules an entry must meet before it is
//! saved (from the journal form, an import, or the coach's `log_session` tool alike).
use serde::{Deserialize, Serialize};

use super::code_enum::code_enum;
use super::grade::{Discipline, Grade, GradeSystem};
use super::when::Date;

pub const LOCATION_MAX_CHARS: usize = 100;
pub const NOTES_MAX_CHARS: usize = 5000;
pub const NAME_MAX_CHARS: usize = 100;
pub const BODY_PART_MAX_CHARS: usize = 60;
pub const MAX_CLIMBS: usize = 200;
pub const MAX_PAIN_FLAGS: usize = 10;
pub const MAX_TAGS: usize = 10;
pub const TAG_MAX_CHARS: usize = 30;
/// A day; longer sessions are a typo.
pub const DURATION_MAX_MIN: u32 = 24 * 60;

code_enum!(
    /// What kind of session it was.
    SessionKind {
        Bouldering => "bouldering", "Bouldering";
        Sport => "sport", "Sport climbing";
        Trad => "trad", "Trad climbing";
        Board => "board", "Board climbing";
        Hangboard => "hangboard", "Hangboard";
        Strength => "strength", "Strength";
        Endurance => "endurance", "Endurance";
        Mobility => "mobility", "Mobility";
        Rest => "rest", "Rest day";
        Other => "other", "Other";
    }
);

code_enum!(
    /// How a climb went.
    ClimbStyle {
        Onsight => "onsight", "Onsight";
        Flash => "flash", "Flash";
        Redpoint => "redpoint", "Redpoint";
        Repeat => "repeat", "Repeat";
        Attempt => "attempt", "Attempt (not sent)";
    }
);

impl SessionKind {
    /// Whether the climbs of this kind of session are boulders or routes: it decides what a
    /// lower-case "6c" means (Font on a boulder, French on a route). `None` when the kind
    /// doesn't say (endurance laps may be either), and then a grade reads as `Grade::parse`.
    pub fn discipline(self) -> Option<Discipline> {
        match self {
            SessionKind::Bouldering | SessionKind::Board => Some(Discipline::Boulder),
            SessionKind::Sport | SessionKind::Trad => Some(Discipline::Route),
            _ => None,
        }
    }
}

impl ClimbStyle {
    pub fn is_send(self) -> bool {
        !matches!(self, ClimbStyle::Attempt)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Climb {
    /// The grade as the climber typed it, normalised ("V5", "6C+", "5.11c", "7a+").
    pub grade: Grade,
    pub style: ClimbStyle,
    pub attempts: u32,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PainFlag {
    pub body_part: String,
    pub notes: String,
}

/// A validated entry, ready to store. (Read inside a [`JournalEntry`] through `EntryWire`:
/// keep its fields and serde attributes in step.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryData {
    pub date: Date,
    pub kind: SessionKind,
    pub location: String,
    pub duration_min: u32,
    /// Session RPE, CR-10 scale.
    pub rpe: Option<u8>,
    pub climbs: Vec<Climb>,
    /// How it felt, 1 (poor) to 5 (great).
    pub energy: Option<u8>,
    pub sleep: Option<u8>,
    pub mood: Option<u8>,
    pub pain: Vec<PainFlag>,
    pub notes: String,
    pub tags: Vec<String>,
}

impl EntryData {
    /// Session load: RPE × minutes (sRPE, Foster), when the RPE is known.
    pub fn load(&self) -> Option<u32> {
        self.rpe.map(|r| u32::from(r) * self.duration_min)
    }

    /// Sends (not attempts), counting each climb once.
    pub fn sends(&self) -> impl Iterator<Item = &Climb> {
        self.climbs.iter().filter(|c| c.style.is_send())
    }
}

/// A stored entry: its id and the entry's fields side by side. Written and read through
/// [`EntryWire`]: serde's reader for a flattened struct buffers the whole object into an
/// intermediate tree first (that reader was about 20 KB of the journal pages' WASM, before
/// wasm-opt and compression; 4.3 KB of brotli), and its writer makes a map of unknown
/// length, which postcard (the pages' answers, `api::codec`) can't write.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "EntryWire", into = "EntryWire")]
pub struct JournalEntry {
    pub id: String,
    pub data: EntryData,
    pub load: Option<u32>,
    /// Unix milliseconds.
    pub created_at: i64,
    pub updated_at: i64,
}

/// [`JournalEntry`] as written: the fields of [`EntryData`] listed out, so that reading one
/// needs no buffering. The `From` below names every field of `EntryData`, so a new field
/// doesn't compile until it is here too; a serde attribute added to `EntryData` must be
/// copied here (`journal_entry_reads_back_as_written` checks the round trip).
#[derive(Serialize, Deserialize)]
struct EntryWire {
    id: String,
    date: Date,
    kind: SessionKind,
    location: String,
    duration_min: u32,
    rpe: Option<u8>,
    climbs: Vec<Climb>,
    energy: Option<u8>,
    sleep: Option<u8>,
    mood: Option<u8>,
    pain: Vec<PainFlag>,
    notes: String,
    tags: Vec<String>,
    load: Option<u32>,
    created_at: i64,
    updated_at: i64,
}

impl From<EntryWire> for JournalEntry {
    fn from(w: EntryWire) -> Self {
        Self {
            id: w.id,
            data: EntryData {
                date: w.date,
                kind: w.kind,
                location: w.location,
                duration_min: w.duration_min,
                rpe: w.rpe,
                climbs: w.climbs,
                energy: w.energy,
                sleep: w.sleep,
                mood: w.mood,
                pain: w.pain,
                notes: w.notes,
                tags: w.tags,
            },
            load: w.load,
            created_at: w.created_at,
            updated_at: w.updated_at,
        }
    }
}

impl From<JournalEntry> for EntryWire {
    fn from(e: JournalEntry) -> Self {
        let d = e.data;
        Self {
            id: e.id,
            date: d.date,
            kind: d.kind,
            location: d.location,
            duration_min: d.duration_min,
            rpe: d.rpe,
            climbs: d.climbs,
            energy: d.energy,
            sleep: d.sleep,
            mood: d.mood,
            pain: d.pain,
            notes: d.notes,
            tags: d.tags,
            load: e.load,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

impl JournalEntry {
    /// The entry on one line of the journal list: kind and length (or a rest day), RPE,
    /// load, the sends in the climber's grade systems (`boulder`, `route`; as typed when a
    /// grade has no conversion) and whether pain was noted. Made on the server, so the list
    /// carries no grade conversion to the browser.
    pub fn summary(&self, boulder: GradeSystem, route: GradeSystem) -> String {
        let d = &self.data;
        let mut parts = vec![if d.kind == SessionKind::Rest {
            "Rest day".to_string()
        } else {
            format!("{} · {} min", d.kind.label(), d.duration_min)
        }];
        if let Some(rpe) = d.rpe {
            parts.push(format!("RPE {rpe}"));
        }
        if let Some(load) = self.load {
            parts.push(format!("load {load}"));
        }
        let sends: Vec<String> = d
            .sends()
            .map(|c| {
                let target = if c.grade.system.is_boulder() {
                    boulder
                } else {
                    route
                };
                c.grade
                    .to_system(target)
                    .map(|g| g.display_label())
                    .unwrap_or_else(|| c.grade.display_label())
            })
            .collect();
        if !sends.is_empty() {
            parts.push(format!("sent {}", sends.join(", ")));
        }
        if !d.pain.is_empty() {
            parts.push("pain noted".into());
        }
        parts.join(" · ")
    }
}

/// A climb as typed into the form or sent by the coach.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClimbInput {
    pub grade: String,
    pub style: String,
    #[serde(default)]
    pub attempts: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PainInput {
    pub body_part: String,
    #[serde(default)]
    pub notes: String,
}

/// An entry as typed: every field a string, so the form can show exactly what was wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryInput {
    pub date: String,
    pub kind: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub duration_min: String,
    #[serde(default)]
    pub rpe: String,
    #[serde(default)]
    pub climbs: Vec<ClimbInput>,
    #[serde(default)]
    pub energy: String,
    #[serde(default)]
    pub sleep: String,
    #[serde(default)]
    pub mood: String,
    #[serde(default)]
    pub pain: Vec<PainInput>,
    #[serde(default)]
    pub notes: String,
    /// Comma-separated.
    #[serde(default)]
    pub tags: String,
}

impl From<&EntryData> for EntryInput {
    /// A saved entry as the form shows it for an edit: saving it unchanged gives the same
    /// entry back, so an edit never loses a field the climber didn't touch.
    fn from(d: &EntryData) -> Self {
        let n = |v: Option<u8>| v.map(|n| n.to_string()).unwrap_or_default();
        EntryInput {
            date: d.date.to_string(),
            kind: d.kind.code().into(),
            location: d.location.clone(),
            duration_min: d.duration_min.to_string(),
            rpe: n(d.rpe),
            climbs: d
                .climbs
                .iter()
                .map(|c| ClimbInput {
                    grade: c.grade.label.clone(),
                    style: c.style.code().into(),
                    attempts: c.attempts.to_string(),
                    name: c.name.clone(),
                })
                .collect(),
            energy: n(d.energy),
            sleep: n(d.sleep),
            mood: n(d.mood),
            pain: d
                .pain
                .iter()
                .map(|p| PainInput {
                    body_part: p.body_part.clone(),
                    notes: p.notes.clone(),
                })
                .collect(),
            notes: d.notes.clone(),
            tags: d.tags.join(", "),
        }
    }
}

/// What to fix, and where: `field` is the form field's name ("rpe", "climbs.2.grade").
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EntryError {
    pub field: String,
    pub message: String,
}

/// A field name as a climber would say it, for messages shown away from the form (an
/// import's row errors): "climbs.0.grade" is "climb 1 grade", "duration_min" is "duration".
pub fn field_label(field: &str) -> String {
    let mut parts = field.split('.');
    let (list, index, leaf) = (parts.next(), parts.next(), parts.next());
    match (list, index.and_then(|i| i.parse::<usize>().ok()), leaf) {
        (Some("climbs"), Some(i), Some(leaf)) => format!("climb {} {}", i + 1, words(leaf)),
        (Some("pain"), Some(i), Some(leaf)) => format!("pain {} {}", i + 1, words(leaf)),
        _ => match field {
            "duration_min" => "duration".into(),
            "rpe" => "RPE".into(),
            other => words(other),
        },
    }
}

fn words(name: &str) -> String {
    name.replace(['_', '.'], " ")
}

fn err(field: impl Into<String>, message: impl Into<String>) -> EntryError {
    EntryError {
        field: field.into(),
        message: message.into(),
    }
}

fn clean(text: &str, max: usize, field: &str, what: &str) -> Result<String, EntryError> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    if t.chars().count() > max {
        return Err(err(field, format!("Keep {what} under {max} characters.")));
    }
    Ok(t)
}

fn small_number(
    raw: &str,
    field: &str,
    range: std::ops::RangeInclusive<u32>,
    what: &str,
) -> Result<Option<u32>, EntryError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<u32>() {
        Ok(n) if range.contains(&n) => Ok(Some(n)),
        _ => Err(err(
            field,
            format!(
                "{what} must be a whole number from {} to {}.",
                range.start(),
                range.end()
            ),
        )),
    }
}

/// Which entries a journal list shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JournalFilter {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub kind: Option<SessionKind>,
    /// Case-insensitive text in the location, notes or tags.
    pub text: Option<String>,
}

/// Longest text a journal search may be.
pub const SEARCH_MAX_CHARS: usize = 100;

impl JournalFilter {
    /// The text search as a SQL `LIKE … ESCAPE '\'` pattern, lower-cased, with the wildcard
    /// characters the climber typed taken literally. Shared by every store backend.
    pub fn like_pattern(&self) -> Option<String> {
        self.text.as_ref().map(|t| {
            let escaped = t
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        })
    }

    /// The list page's filter fields as typed; empty means "no limit".
    pub fn parse(from: &str, to: &str, kind: &str, text: &str) -> Result<Self, EntryError> {
        let day = |raw: &str, field: &str| -> Result<Option<Date>, EntryError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(None);
            }
            Date::parse_iso(raw)
                .map(Some)
                .ok_or_else(|| err(field, "Enter the date as YYYY-MM-DD."))
        };
        let kind = match kind.trim() {
            "" => None,
            k => Some(
                SessionKind::from_code(k).ok_or_else(|| err("kind", "Unknown kind of session."))?,
            ),
        };
        let text = Some(text.trim().to_string()).filter(|t| !t.is_empty());
        if text
            .as_ref()
            .is_some_and(|t| t.chars().count() > SEARCH_MAX_CHARS)
        {
            return Err(err(
                "text",
                format!("Search for at most {SEARCH_MAX_CHARS} characters."),
            ));
        }
        Ok(Self {
            from: day(from, "from")?,
            to: day(to, "to")?,
            kind,
            text,
        })
    }
}

/// How many days after the server's `today` an entry may be dated. The server's day is UTC
/// and profiles carry no time zone yet; a climber's local date runs up to 14 hours ahead of
/// UTC (UTC+14, Kiribati), so this morning's session in Auckland or Sydney is dated
/// "tomorrow" in UTC. One day covers every zone; anything later really is in the future.
pub const FUTURE_GRACE_DAYS: i64 = 1;

/// Checks an entry; `today` is the server's (UTC) date. No entries in the future, as far as
/// any climber's local calendar can tell (see [`FUTURE_GRACE_DAYS`]).
pub fn validate_entry(input: &EntryInput, today: Date) -> Result<EntryData, EntryError> {
    let date = Date::parse_iso(input.date.trim())
        .ok_or_else(|| err("date", "Enter the date as YYYY-MM-DD."))?;
    if date > today.add_days(FUTURE_GRACE_DAYS) {
        return Err(err(
            "date",
            "That date is in the future. Log sessions once they've happened.",
        ));
    }
    if date < Date::new(1950, 1, 1).unwrap_or(Date::MIN) {
        return Err(err("date", "That date is too far in the past."));
    }
    let kind = SessionKind::from_code(&input.kind).ok_or_else(|| {
        err("kind", "Pick a kind of session (bouldering, sport, trad, board, hangboard, strength, endurance, mobility, rest or other).")
    })?;
    let location = clean(
        &input.location,
        LOCATION_MAX_CHARS,
        "location",
        "the location",
    )?;
    let duration_min = match small_number(
        &input.duration_min,
        "duration_min",
        0..=DURATION_MAX_MIN,
        "Duration (minutes)",
    )? {
        Some(d) => d,
        None if kind == SessionKind::Rest => 0,
        None => return Err(err("duration_min", "How long was the session, in minutes?")),
    };
    if duration_min == 0 && kind != SessionKind::Rest {
        return Err(err("duration_min", "A session lasts at least a minute."));
    }
    let rpe = small_number(&input.rpe, "rpe", 1..=10, "RPE")?.map(|n| n as u8);
    let energy = small_number(&input.energy, "energy", 1..=5, "Energy")?.map(|n| n as u8);
    let sleep = small_number(&input.sleep, "sleep", 1..=5, "Sleep")?.map(|n| n as u8);
    let mood = small_number(&input.mood, "mood", 1..=5, "Mood")?.map(|n| n as u8);
    if input.climbs.len() > MAX_CLIMBS {
        return Err(err(
            "climbs",
            format!("At most {MAX_CLIMBS} climbs per entry."),
        ));
    }
    let mut climbs = Vec::new();
    for (i, c) in input.climbs.iter().enumerate() {
        if c.grade.trim().is_empty() && c.name.trim().is_empty() {
            continue; // an empty row of the form
        }
        let parsed = match kind.discipline() {
            Some(d) => Grade::parse_in(&c.grade, d),
            None => Grade::parse(&c.grade),
        };
        // British trad grades ("E1 5b", "HVS") have no IRCRA row: they are kept as the
        // French grade they roughly equal, and the climb says so, typed grade included.
        let mut british_note = None;
        let grade = match parsed {
            Ok(g) => g,
            Err(e) => match crate::domain::grade::british::parse(&c.grade) {
                Ok(b) if kind.discipline() != Some(crate::domain::grade::Discipline::Boulder) => {
                    let french = b.french_rough();
                    british_note = Some(format!("{b} (British, roughly French {})", french.label));
                    french
                }
                _ => return Err(err(format!("climbs.{i}.grade"), e.to_string())),
            },
        };
        let style = if c.style.trim().is_empty() {
            ClimbStyle::Redpoint
        } else {
            ClimbStyle::from_code(&c.style).ok_or_else(|| {
                err(
                    format!("climbs.{i}.style"),
                    "Style is one of onsight, flash, redpoint, repeat or attempt.",
                )
            })?
        };
        let attempts = small_number(
            &c.attempts,
            &format!("climbs.{i}.attempts"),
            1..=999,
            "Attempts",
        )?
        .unwrap_or(1);
        if matches!(style, ClimbStyle::Onsight | ClimbStyle::Flash) && attempts > 1 {
            return Err(err(
                format!("climbs.{i}.attempts"),
                "An onsight or flash is done first go (1 attempt).",
            ));
        }
        let mut name = clean(
            &c.name,
            NAME_MAX_CHARS,
            &format!("climbs.{i}.name"),
            "the climb's name",
        )?;
        if let Some(note) = british_note {
            let joined = if name.is_empty() {
                note
            } else {
                format!("{name} — {note}")
            };
            name = joined.chars().take(NAME_MAX_CHARS).collect();
        }
        climbs.push(Climb {
            grade,
            style,
            attempts,
            name,
        });
    }
    if input.pain.len() > MAX_PAIN_FLAGS {
        return Err(err(
            "pain",
            format!("At most {MAX_PAIN_FLAGS} pain notes per entry."),
        ));
    }
    let mut pain = Vec::new();
    for (i, p) in input.pain.iter().enumerate() {
        let body_part = clean(
            &p.body_part,
            BODY_PART_MAX_CHARS,
            &format!("pain.{i}.body_part"),
            "the body part",
        )?;
        let notes = clean(&p.notes, 500, &format!("pain.{i}.notes"), "pain notes")?;
        if body_part.is_empty() {
            if notes.is_empty() {
                continue;
            }
            return Err(err(
                format!("pain.{i}.body_part"),
                "Say where it hurts (e.g. left ring finger).",
            ));
        }
        pain.push(PainFlag { body_part, notes });
    }
    let notes = clean(&input.notes, NOTES_MAX_CHARS, "notes", "notes")?;
    let mut tags: Vec<String> = Vec::new();
    for t in input.tags.split(',') {
        let t = t.trim().to_lowercase();
        if t.is_empty() || tags.contains(&t) {
            continue;
        }
        if t.chars().count() > TAG_MAX_CHARS {
            return Err(err(
                "tags",
                format!("Keep each tag under {TAG_MAX_CHARS} characters."),
            ));
        }
        tags.push(t);
    }
    if tags.len() > MAX_TAGS {
        return Err(err("tags", format!("At most {MAX_TAGS} tags.")));
    }
    Ok(EntryData {
        date,
        kind,
        location,
        duration_min,
        rpe,
        climbs,
        energy,
        sleep,
        mood,
        pain,
        notes,
        tags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_a_like_pattern_with_wildcards_taken_literally() {
        let f = |t: &str| JournalFilter {
            text: Some(t.into()),
            ..JournalFilter::default()
        };
        assert_eq!(f("Crimp").like_pattern().as_deref(), Some("%crimp%"));
        assert_eq!(
            f("50%_a\\b").like_pattern().as_deref(),
            Some("%50\\%\\_a\\\\b%")
        );
        assert_eq!(JournalFilter::default().like_pattern(), None);
    }

    fn today() -> Date {
        Date::new(2026, 11, 25).unwrap()
    }

    fn input() -> EntryInput {
        EntryInput {
            date: "2026-11-24".into(),
            kind: "bouldering".into(),
            location: " The Arch ".into(),
            duration_min: "90".into(),
            rpe: "8".into(),
            climbs: vec![
                ClimbInput {
                    grade: "v5".into(),
                    style: "redpoint".into(),
                    attempts: "3".into(),
                    name: String::new(),
                },
                ClimbInput {
                    grade: "V6".into(),
                    style: "flash".into(),
                    attempts: String::new(),
                    name: "The Prow".into(),
                },
                ClimbInput {
                    grade: "v7".into(),
                    style: "attempt".into(),
                    attempts: "5".into(),
                    name: String::new(),
                },
                ClimbInput::default(),
            ],
            pain: vec![PainInput {
                body_part: "left ring finger".into(),
                notes: "a bit sore".into(),
            }],
            tags: "power, Limit, power".into(),
            ..EntryInput::default()
        }
    }

    #[test]
    fn a_full_entry_is_cleaned_and_its_load_computed() {
        let e = validate_entry(&input(), today()).unwrap();
        assert_eq!(e.location, "The Arch");
        assert_eq!((e.duration_min, e.rpe, e.load()), (90, Some(8), Some(720)));
        assert_eq!(e.climbs.len(), 3, "the empty row is skipped");
        assert_eq!(e.climbs[0].grade.label, "V5");
        assert_eq!((e.climbs[0].attempts, e.climbs[1].attempts), (3, 1));
        assert_eq!(e.sends().count(), 2);
        assert_eq!(e.tags, vec!["power", "limit"]);
        assert_eq!(e.pain[0].body_part, "left ring finger");
    }

    #[test]
    fn journal_entry_reads_back_as_written() {
        let mut data = validate_entry(&input(), today()).unwrap();
        (data.energy, data.sleep, data.mood) = (Some(4), Some(3), Some(5));
        let entry = JournalEntry {
            id: "e1".into(),
            load: data.load(),
            data,
            created_at: 1,
            updated_at: 2,
        };
        let json = serde_json::to_value(&entry).unwrap();
        // The entry's fields sit beside the id, as before.
        assert_eq!(json["kind"], "bouldering");
        assert_eq!(json["location"], "The Arch");
        assert!(json.get("data").is_none());
        assert_eq!(serde_json::from_value::<JournalEntry>(json).unwrap(), entry);
        // As the pages get it (postcard: every field, in order).
        let bytes = postcard::to_allocvec(&entry).unwrap();
        assert_eq!(postcard::from_bytes::<JournalEntry>(&bytes).unwrap(), entry);
        // And with every optional field empty.
        let bare = JournalEntry {
            data: EntryData {
                rpe: None,
                energy: None,
                sleep: None,
                mood: None,
                climbs: vec![],
                pain: vec![],
                tags: vec![],
                notes: String::new(),
                ..entry.data.clone()
            },
            load: None,
            ..entry
        };
        let json = serde_json::to_string(&bare).unwrap();
        assert_eq!(serde_json::from_str::<JournalEntry>(&json).unwrap(), bare);
        let bytes = postcard::to_allocvec(&bare).unwrap();
        assert_eq!(postcard::from_bytes::<JournalEntry>(&bytes).unwrap(), bare);
    }

    #[test]
    fn an_entry_is_one_line_of_the_list_with_its_sends_in_the_climbers_systems() {
        let data = validate_entry(&input(), today()).unwrap();
        let entry = JournalEntry {
            id: "e1".into(),
            load: data.load(),
            data,
            created_at: 0,
            updated_at: 0,
        };
        // The two sends (not the attempt), in the climber's systems or as typed.
        assert_eq!(
            entry.summary(GradeSystem::V, GradeSystem::Yds),
            "Bouldering · 90 min · RPE 8 · load 720 · sent V5, V6 · pain noted"
        );
        assert_eq!(
            entry.summary(GradeSystem::Font, GradeSystem::French),
            "Bouldering · 90 min · RPE 8 · load 720 · sent 6C, 7A · pain noted"
        );
        let rest = JournalEntry {
            data: EntryData {
                kind: SessionKind::Rest,
                rpe: None,
                climbs: vec![],
                pain: vec![],
                ..entry.data.clone()
            },
            load: None,
            ..entry
        };
        assert_eq!(rest.summary(GradeSystem::V, GradeSystem::Yds), "Rest day");
    }

    #[test]
    fn an_entry_shown_for_editing_saves_back_unchanged() {
        let mut i = input();
        i.pain.push(PainInput {
            body_part: "right shoulder".into(),
            notes: String::new(),
        });
        i.energy = "2".into();
        let saved = validate_entry(&i, today()).unwrap();
        let shown = EntryInput::from(&saved);
        assert_eq!(shown.climbs[1].name, "The Prow");
        assert_eq!(shown.pain.len(), 2);
        assert_eq!(validate_entry(&shown, today()).unwrap(), saved);
    }

    fn field_of(mut f: impl FnMut(&mut EntryInput)) -> String {
        let mut i = input();
        f(&mut i);
        validate_entry(&i, today()).unwrap_err().field
    }

    #[test]
    fn each_bad_field_is_named() {
        assert_eq!(field_of(|i| i.date = "2026-11-27".into()), "date");
        assert_eq!(field_of(|i| i.date = "24/11/2026".into()), "date");
        assert_eq!(field_of(|i| i.kind = "yoga".into()), "kind");
        assert_eq!(field_of(|i| i.rpe = "11".into()), "rpe");
        assert_eq!(field_of(|i| i.rpe = "0".into()), "rpe");
        assert_eq!(field_of(|i| i.duration_min = "-5".into()), "duration_min");
        assert_eq!(field_of(|i| i.duration_min = "".into()), "duration_min");
        assert_eq!(field_of(|i| i.duration_min = "1441".into()), "duration_min");
        assert_eq!(
            field_of(|i| i.climbs[1].grade = "V99".into()),
            "climbs.1.grade"
        );
        assert_eq!(
            field_of(|i| i.climbs[0].style = "dyno".into()),
            "climbs.0.style"
        );
        assert_eq!(
            field_of(|i| i.climbs[1].attempts = "4".into()),
            "climbs.1.attempts"
        );
        assert_eq!(field_of(|i| i.notes = "x".repeat(10_000)), "notes");
        assert_eq!(field_of(|i| i.mood = "6".into()), "mood");
        assert_eq!(
            field_of(|i| i.pain[0].body_part = "".into()),
            "pain.0.body_part"
        );
        assert_eq!(
            field_of(|i| i.tags = "a,b,c,d,e,f,g,h,i,j,k".into()),
            "tags"
        );
    }

    #[test]
    fn messages_are_written_for_climbers() {
        let mut i = input();
        i.climbs[0].grade = "V99".into();
        let e = validate_entry(&i, today()).unwrap_err();
        assert!(e.message.contains("V5"), "{}", e.message);
        i = input();
        i.date = "2027-01-01".into();
        assert!(validate_entry(&i, today())
            .unwrap_err()
            .message
            .contains("future"));
    }

    fn grades_in(kind: &str, typed: &[&str]) -> Vec<(GradeSystem, String)> {
        let mut i = input();
        i.kind = kind.into();
        i.climbs = typed
            .iter()
            .map(|g| ClimbInput {
                grade: (*g).into(),
                style: "redpoint".into(),
                ..ClimbInput::default()
            })
            .collect();
        let e = validate_entry(&i, today()).unwrap();
        e.climbs
            .into_iter()
            .map(|c| (c.grade.system, c.grade.label))
            .collect()
    }

    #[test]
    fn lower_case_grades_follow_the_kind_of_session() {
        use GradeSystem::{Font, French, V};
        let font = |l: &str| (Font, l.to_string());
        let french = |l: &str| (French, l.to_string());
        // A boulderer typing "6c" means Font 6C, on the wall or on a board.
        for kind in ["bouldering", "board"] {
            assert_eq!(
                grades_in(kind, &["6c", "7a+", "V5"]),
                vec![font("6C"), font("7A+"), (V, "V5".into())],
                "{kind}"
            );
        }
        // On a rope it is French.
        for kind in ["sport", "trad"] {
            assert_eq!(
                grades_in(kind, &["6c", "7a+"]),
                vec![french("6c"), french("7a+")],
                "{kind}"
            );
        }
        // Other kinds don't say, so the usual reading applies; upper case is always Font.
        assert_eq!(
            grades_in("endurance", &["6c", "6C"]),
            vec![french("6c"), font("6C")]
        );
    }

    #[test]
    fn british_trad_grades_are_kept_as_a_rough_french_grade_and_say_so() {
        use GradeSystem::French;
        assert_eq!(
            grades_in("trad", &["E1 5b", "HVS", "E5 5c"]),
            vec![
                (French, "6a".to_string()),
                (French, "5+".to_string()),
                (French, "6b".to_string())
            ],
            "the lower of the two parts"
        );
        let mut i = input();
        i.kind = "trad".into();
        i.climbs = vec![ClimbInput {
            grade: "E1 5b".into(),
            name: "Valkyrie".into(),
            ..ClimbInput::default()
        }];
        let e = validate_entry(&i, today()).unwrap();
        assert_eq!(
            e.climbs[0].name,
            "Valkyrie — E1 5b (British, roughly French 6a)"
        );
        // Saving it again (an edit) doesn't add the note twice.
        let again = validate_entry(&EntryInput::from(&e), today()).unwrap();
        assert_eq!(again.climbs[0].name, e.climbs[0].name);
        // Not on a boulder, and nonsense is still an error naming the field.
        i.kind = "bouldering".into();
        assert_eq!(
            validate_entry(&i, today()).unwrap_err().field,
            "climbs.0.grade"
        );
        i.kind = "trad".into();
        i.climbs[0].grade = "E99".into();
        assert_eq!(
            validate_entry(&i, today()).unwrap_err().field,
            "climbs.0.grade"
        );
    }

    #[test]
    fn tomorrow_in_utc_is_today_somewhere_but_the_day_after_is_the_future() {
        // The server's UTC day is 2026-11-25; in UTC+13 it is already the 26th.
        let dated = |d: &str| {
            let mut i = input();
            i.date = d.into();
            validate_entry(&i, today())
        };
        assert_eq!(dated("2026-11-25").unwrap().date, today());
        assert_eq!(
            dated("2026-11-26").unwrap().date,
            Date::new(2026, 11, 26).unwrap()
        );
        let e = dated("2026-11-27").unwrap_err();
        assert_eq!(e.field, "date");
        assert!(e.message.contains("future"), "{}", e.message);
    }

    #[test]
    fn a_rest_day_needs_no_duration() {
        let mut i = EntryInput {
            date: "2026-11-25".into(),
            kind: "rest".into(),
            ..EntryInput::default()
        };
        let e = validate_entry(&i, today()).unwrap();
        assert_eq!((e.duration_min, e.load()), (0, None));
        i.kind = "sport".into();
        assert_eq!(
            validate_entry(&i, today()).unwrap_err().field,
            "duration_min"
        );
    }

    #[test]
    fn list_filters_are_parsed_or_named() {
        assert_eq!(
            JournalFilter::parse("", " ", "", "  ").unwrap(),
            JournalFilter::default()
        );
        let f = JournalFilter::parse("2026-11-01", "", "Sport", " crimps ").unwrap();
        assert_eq!(f.from, Date::new(2026, 11, 1));
        assert_eq!(f.kind, Some(SessionKind::Sport));
        assert_eq!(f.text.as_deref(), Some("crimps"));
        assert_eq!(
            JournalFilter::parse("1/11", "", "", "").unwrap_err().field,
            "from"
        );
        assert_eq!(
            JournalFilter::parse("", "x", "", "").unwrap_err().field,
            "to"
        );
        assert_eq!(
            JournalFilter::parse("", "", "yoga", "").unwrap_err().field,
            "kind"
        );
        assert_eq!(
            JournalFilter::parse("", "", "", &"a".repeat(101))
                .unwrap_err()
                .field,
            "text"
        );
    }

    #[test]
    fn field_names_read_as_words() {
        for (field, label) in [
            ("climbs.0.grade", "climb 1 grade"),
            ("climbs.11.attempts", "climb 12 attempts"),
            ("pain.0.body_part", "pain 1 body part"),
            ("pain.2.notes", "pain 3 notes"),
            ("duration_min", "duration"),
            ("rpe", "RPE"),
            ("date", "date"),
            ("climbs", "climbs"),
            ("tags", "tags"),
        ] {
            assert_eq!(field_label(field), label, "{field}");
        }
        // Every field validation names has words.
        let mut i = input();
        i.climbs[2].grade = "V99".into();
        let e = validate_entry(&i, today()).unwrap_err();
        assert_eq!(field_label(&e.field), "climb 3 grade");
    }

    #[test]
    fn codes_round_trip() {
        for k in SessionKind::ALL {
            assert_eq!(SessionKind::from_code(k.code()), Some(*k));
        }
        for s in ClimbStyle::ALL {
            assert_eq!(ClimbStyle::from_code(&s.code().to_uppercase()), Some(*s));
        }
    }
}
