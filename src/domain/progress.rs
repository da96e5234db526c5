//! What the Progress page shows, computed from journal entries: weekly load with the ACWR,
//! grade pyramids of sends, the hardest send month by month, time by kind of session, and
//! guidance banners. Pure: the page, the coach and the bench all get the same numbers.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::grade::{format_in, GradeSystem, Ircra};
use super::journal::{EntryData, SessionKind};
use super::load::{acwr, acwr_series, chronic_established};
use super::when::Date;

/// Weeks of load on the chart.
pub const WEEKS: i64 = 12;
/// Months of hardest sends on the chart.
pub const MONTHS: usize = 12;
/// An ACWR at or above this gets a banner (DOMAIN.md).
pub const ACWR_WARNING: f64 = 1.5;
/// Pain logged this many days back (today included) gets a banner.
pub const PAIN_DAYS: i64 = 7;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekBar {
    pub week_start: Date,
    pub load: u32,
    /// This week's load against the mean of the 4 before; `None` without earlier load.
    pub acwr: Option<f64>,
    /// False while the log is younger than the ACWR's 5 weeks (the ratio overstates).
    pub established: bool,
}

/// One bar of a grade pyramid: sends of one grade as the climber's system names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PyramidRow {
    pub label: String,
    pub sends: u32,
}

/// The hardest send of one month, in the climber's system.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HardestPoint {
    /// "2026-11".
    pub month: String,
    pub ircra: f32,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KindTime {
    pub kind: String,
    pub minutes: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub weeks: Vec<WeekBar>,
    /// Hardest grade first.
    pub boulder_pyramid: Vec<PyramidRow>,
    pub route_pyramid: Vec<PyramidRow>,
    pub hardest_boulder: Vec<HardestPoint>,
    pub hardest_route: Vec<HardestPoint>,
    /// Minutes per kind over the chart's weeks, most first.
    pub time_by_kind: Vec<KindTime>,
    /// Guidance for the banner, worded for climbers (never a diagnosis).
    pub warnings: Vec<String>,
}

/// Builds the page from entries (any order) as of `today`, with grades shown in the
/// climber's preferred systems.
pub fn build(
    entries: &[EntryData],
    today: Date,
    boulder: GradeSystem,
    route: GradeSystem,
) -> Progress {
    let loads: Vec<(Date, u32)> = entries
        .iter()
        .filter_map(|e| e.load().map(|l| (e.date, l)))
        .collect();
    let from = today.start_of_week().add_days(-7 * (WEEKS - 1));
    let weeks = acwr_series(&loads, from, today)
        .into_iter()
        .map(|p| WeekBar {
            week_start: p.week_start,
            load: p.acute,
            acwr: p.ratio,
            established: p.established,
        })
        .collect();

    let mut pyramids: [BTreeMap<String, (Ircra, u32)>; 2] = [BTreeMap::new(), BTreeMap::new()];
    let mut hardest: [BTreeMap<String, Ircra>; 2] = [BTreeMap::new(), BTreeMap::new()];
    let first_month = month_key(months_back(today, MONTHS - 1));
    for e in entries {
        for c in e.sends() {
            let Some(ircra) = c.grade.ircra() else {
                continue;
            };
            let side = usize::from(!c.grade.system.is_boulder());
            let shown = format_in(ircra, if side == 0 { boulder } else { route });
            let row = pyramids[side].entry(shown).or_insert((ircra, 0));
            row.0 = row.0.max(ircra);
            row.1 += 1;
            let month = month_key(e.date);
            if month >= first_month {
                let best = hardest[side].entry(month).or_insert(ircra);
                *best = (*best).max(ircra);
            }
        }
    }
    let pyramid = |rows: &BTreeMap<String, (Ircra, u32)>| {
        let mut v: Vec<(Ircra, PyramidRow)> = rows
            .iter()
            .map(|(label, (ircra, sends))| {
                (
                    *ircra,
                    PyramidRow {
                        label: label.clone(),
                        sends: *sends,
                    },
                )
            })
            .collect();
        v.sort_by_key(|r| std::cmp::Reverse(r.0));
        v.into_iter().map(|(_, r)| r).collect::<Vec<_>>()
    };
    let over_time = |months: &BTreeMap<String, Ircra>, system: GradeSystem| {
        months
            .iter()
            .map(|(month, ircra)| HardestPoint {
                month: month.clone(),
                ircra: ircra.value(),
                label: format_in(*ircra, system),
            })
            .collect::<Vec<_>>()
    };

    let mut minutes: BTreeMap<SessionKind, u32> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.date >= from && e.date <= today) {
        if e.duration_min > 0 {
            *minutes.entry(e.kind).or_default() += e.duration_min;
        }
    }
    let mut time_by_kind: Vec<KindTime> = minutes
        .into_iter()
        .map(|(k, m)| KindTime {
            kind: k.label().to_string(),
            minutes: m,
        })
        .collect();
    time_by_kind.sort_by_key(|k| std::cmp::Reverse(k.minutes));

    Progress {
        weeks,
        boulder_pyramid: pyramid(&pyramids[0]),
        route_pyramid: pyramid(&pyramids[1]),
        hardest_boulder: over_time(&hardest[0], boulder),
        hardest_route: over_time(&hardest[1], route),
        time_by_kind,
        warnings: warnings(entries, &loads, today),
    }
}

fn warnings(entries: &[EntryData], loads: &[(Date, u32)], today: Date) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(ratio) = acwr(loads, today) {
        if ratio >= ACWR_WARNING && chronic_established(loads, today) {
            out.push(format!(
                "Your load over the last 7 days is {ratio:.1}× your weekly average of the 4 weeks before \
                 (ACWR ≥ {ACWR_WARNING}). Sudden jumps like this are linked to more injuries: \
                 consider an easier few days before adding more."
            ));
        }
    }
    let since = today.add_days(1 - PAIN_DAYS);
    let mut parts: Vec<&str> = entries
        .iter()
        .filter(|e| e.date >= since && e.date <= today)
        .flat_map(|e| e.pain.iter().map(|p| p.body_part.as_str()))
        .collect();
    parts.sort_unstable();
    parts.dedup();
    if !parts.is_empty() {
        out.push(format!(
            "You logged pain in the last {PAIN_DAYS} days ({}). This isn't a diagnosis: if it persists or \
             gets worse, see a physio or doctor, and skip max-finger work until it settles.",
            parts.join(", ")
        ));
    }
    out
}

fn month_key(d: Date) -> String {
    format!("{:04}-{:02}", d.year, d.month)
}

/// The first day of the month `n` months before `d`'s.
fn months_back(d: Date, n: usize) -> Date {
    let total = d.year * 12 + i32::from(d.month) - 1 - n as i32;
    Date::new(total.div_euclid(12), (total.rem_euclid(12) + 1) as u8, 1).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grade::Grade;
    use crate::domain::journal::{Climb, ClimbStyle, PainFlag};

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn entry(
        date: &str,
        kind: SessionKind,
        minutes: u32,
        rpe: Option<u8>,
        sends: &[(&str, ClimbStyle)],
    ) -> EntryData {
        EntryData {
            date: d(date),
            kind,
            location: String::new(),
            duration_min: minutes,
            rpe,
            climbs: sends
                .iter()
                .map(|(g, style)| Climb {
                    grade: Grade::parse(g).unwrap(),
                    style: *style,
                    attempts: 1,
                    name: String::new(),
                })
                .collect(),
            energy: None,
            sleep: None,
            mood: None,
            pain: Vec::new(),
            notes: String::new(),
            tags: Vec::new(),
        }
    }

    const TODAY: &str = "2026-11-25"; // a Wednesday

    #[test]
    fn weeks_carry_load_and_acwr() {
        let mut entries = Vec::new();
        // 4 earlier weeks of 100 load each (Mondays), then 300 this week.
        for monday in [
            "2026-10-19",
            "2026-10-26",
            "2026-11-02",
            "2026-11-09",
            "2026-11-16",
        ] {
            entries.push(entry(monday, SessionKind::Bouldering, 20, Some(5), &[]));
        }
        entries.push(entry(
            "2026-11-23",
            SessionKind::Bouldering,
            60,
            Some(5),
            &[],
        ));
        let p = build(&entries, d(TODAY), GradeSystem::V, GradeSystem::French);
        assert_eq!(p.weeks.len(), 12);
        assert_eq!(p.weeks[0].week_start, d("2026-09-07"));
        let last = p.weeks.last().unwrap();
        assert_eq!((last.week_start, last.load), (d("2026-11-23"), 300));
        // 300 / mean(100, 100, 100, 100) = 3.0; the log reaches back 5 weeks.
        assert_eq!(last.acwr, Some(3.0));
        assert!(last.established);
        assert!(p.warnings[0].contains("3.0×"), "{:?}", p.warnings);
    }

    #[test]
    fn a_young_log_gets_no_acwr_banner() {
        let entries = vec![
            entry("2026-11-16", SessionKind::Bouldering, 20, Some(5), &[]),
            entry("2026-11-24", SessionKind::Bouldering, 120, Some(8), &[]),
        ];
        let p = build(&entries, d(TODAY), GradeSystem::V, GradeSystem::French);
        assert!(p.weeks.last().unwrap().acwr.unwrap() >= 1.5);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn pyramids_count_sends_in_the_climbers_systems_hardest_first() {
        use ClimbStyle::*;
        let entries = vec![
            entry(
                "2026-11-20",
                SessionKind::Bouldering,
                90,
                Some(7),
                &[
                    ("V5", Redpoint),
                    ("V5", Flash),
                    ("6C+", Redpoint),
                    ("V7", Attempt),
                ],
            ),
            entry(
                "2026-10-02",
                SessionKind::Sport,
                120,
                None,
                &[("5.11c", Onsight), ("7a", Redpoint)],
            ),
        ];
        let p = build(&entries, d(TODAY), GradeSystem::Font, GradeSystem::French);
        // V5 = 6C in Font; 6C+ stays 6C+; the attempt is not a send.
        assert_eq!(
            p.boulder_pyramid,
            vec![
                PyramidRow {
                    label: "6C+".into(),
                    sends: 1
                },
                PyramidRow {
                    label: "6C".into(),
                    sends: 2
                },
            ]
        );
        // 5.11c = 6c+ in French; 7a stays 7a.
        assert_eq!(
            p.route_pyramid,
            vec![
                PyramidRow {
                    label: "7a".into(),
                    sends: 1
                },
                PyramidRow {
                    label: "6c+".into(),
                    sends: 1
                }
            ]
        );
        assert_eq!(p.hardest_boulder.len(), 1);
        assert_eq!(
            (
                p.hardest_boulder[0].month.as_str(),
                p.hardest_boulder[0].label.as_str()
            ),
            ("2026-11", "6C+")
        );
        assert_eq!(p.hardest_route[0].month, "2026-10");
    }

    #[test]
    fn time_by_kind_and_pain_banner() {
        let mut hurt = entry("2026-11-20", SessionKind::Hangboard, 30, Some(8), &[]);
        hurt.pain.push(PainFlag {
            body_part: "left ring finger".into(),
            notes: String::new(),
        });
        let old_pain = {
            let mut e = entry("2026-11-10", SessionKind::Bouldering, 60, None, &[]);
            e.pain.push(PainFlag {
                body_part: "elbow".into(),
                notes: String::new(),
            });
            e
        };
        let entries = vec![
            hurt,
            old_pain,
            entry("2026-11-21", SessionKind::Rest, 0, None, &[]),
        ];
        let p = build(&entries, d(TODAY), GradeSystem::V, GradeSystem::French);
        assert_eq!(
            p.time_by_kind,
            vec![
                KindTime {
                    kind: "Bouldering".into(),
                    minutes: 60
                },
                KindTime {
                    kind: "Hangboard".into(),
                    minutes: 30
                },
            ]
        );
        assert_eq!(p.warnings.len(), 1);
        assert!(p.warnings[0].contains("(left ring finger)") && !p.warnings[0].contains("elbow"));
        assert!(p.warnings[0].contains("isn't a diagnosis"));
    }

    #[test]
    fn old_months_fall_off_the_hardest_chart_and_empty_logs_are_empty() {
        let entries = vec![entry(
            "2025-10-31",
            SessionKind::Bouldering,
            60,
            None,
            &[("V9", ClimbStyle::Redpoint)],
        )];
        let p = build(&entries, d(TODAY), GradeSystem::V, GradeSystem::French);
        assert!(
            p.hardest_boulder.is_empty(),
            "12 months back starts 2025-12"
        );
        assert_eq!(
            p.boulder_pyramid[0].label, "V9",
            "the pyramid keeps all time"
        );
        assert_eq!(months_back(d("2026-01-15"), 1), d("2025-12-01"));
        let empty = build(&[], d(TODAY), GradeSystem::V, GradeSystem::French);
        assert!(empty.weeks.iter().all(|w| w.load == 0 && w.acwr.is_none()));
        assert!(empty.warnings.is_empty() && empty.boulder_pyramid.is_empty());
    }
}
