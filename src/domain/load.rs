//! Training load: session load from RPE, weekly totals, and the acute:chronic workload ratio
//! (ACWR), on calendar [`Date`]s. Pure arithmetic, no I/O.
//!
//! Definitions (DOMAIN.md, "Load monitoring"):
//! - Session load = RPE (Borg CR-10) × minutes: Foster's session-RPE, in arbitrary units.
//! - ACWR = this week's load / mean weekly load of the previous 4 weeks (Hulin et al. 2016,
//!   the "uncoupled" ratio: the chronic weeks do not include the acute one). 0.8-1.3 is the
//!   usual target band and ≥ 1.5 a warning (Gabbett 2016). Validated in team sports, disputed,
//!   and **not validated in climbing**: show it as a guide, not a verdict.
//!
//! Weeks run Monday to Sunday ([`Date::start_of_week`]). Loads are added with saturation,
//! so absurd inputs cannot overflow.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::when::Date;

/// Top of the CR-10 scale.
pub const RPE_MAX: u8 = 10;
/// Days in the acute window: the 7 days ending on the day asked about.
pub const ACUTE_DAYS: i64 = 7;
/// Weeks in the chronic window, just before the acute one (Hulin 2016).
pub const CHRONIC_WEEKS: i64 = 4;

/// Foster's session load: RPE (CR-10, 0-10; above 10 counts as 10) × minutes.
pub fn session_load(rpe: u8, minutes: u32) -> u32 {
    u32::from(rpe.min(RPE_MAX)).saturating_mul(minutes)
}

/// The total load of one Monday-to-Sunday week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekLoad {
    /// The Monday.
    pub week_start: Date,
    pub load: u32,
}

/// Week totals keyed by the Monday's day number ([`Date::days_since_epoch`]).
fn week_totals(sessions: &[(Date, u32)]) -> BTreeMap<i64, u32> {
    let mut totals = BTreeMap::new();
    for (date, load) in sessions {
        let t = totals
            .entry(date.start_of_week().days_since_epoch())
            .or_insert(0u32);
        *t = t.saturating_add(*load);
    }
    totals
}

/// The Mondays of every week that overlaps `from..=to`, in order.
fn mondays(from: Date, to: Date) -> impl Iterator<Item = Date> {
    let first = from.start_of_week();
    let weeks = if from > to {
        0
    } else {
        (to.days_since_epoch() - first.days_since_epoch()) / 7 + 1
    };
    (0..weeks).map(move |w| first.add_days(w * 7))
}

/// The load of every Monday-to-Sunday week that overlaps `from..=to`, oldest first, empty
/// weeks included (load 0). Weeks are whole: a `from` on a Wednesday still counts that
/// week's Monday and Tuesday. Empty when `from` is after `to`. `sessions` are
/// (date, [`session_load`]) pairs in any order; several on one day add up.
pub fn weekly_load(sessions: &[(Date, u32)], from: Date, to: Date) -> Vec<WeekLoad> {
    let totals = week_totals(sessions);
    mondays(from, to)
        .map(|week_start| WeekLoad {
            week_start,
            load: totals
                .get(&week_start.days_since_epoch())
                .copied()
                .unwrap_or(0),
        })
        .collect()
}

/// The total load of sessions dated `first..=last`.
fn load_between(sessions: &[(Date, u32)], first: Date, last: Date) -> u32 {
    sessions
        .iter()
        .filter(|(d, _)| first <= *d && *d <= last)
        .fold(0u32, |sum, (_, load)| sum.saturating_add(*load))
}

/// acute / (chronic_total / 4); `None` without chronic load.
fn ratio(acute: u32, chronic_total: u32) -> Option<f64> {
    (chronic_total > 0).then(|| f64::from(acute) / chronic_mean(chronic_total))
}

fn chronic_mean(chronic_total: u32) -> f64 {
    f64::from(chronic_total) / CHRONIC_WEEKS as f64
}

/// The ACWR on `on` (DOMAIN.md, after Hulin 2016): the load of the 7 days ending on `on`
/// (`on - 6 ..= on`) divided by the mean weekly load of the 4 weeks before them
/// (`on - 34 ..= on - 7`, total / 4). Sessions after `on` are ignored.
///
/// `None` when the 4 chronic weeks hold no load. Days before the climber's first log count
/// as rest, so during their first 4 weeks the ratio is inflated; check
/// [`chronic_established`] before warning anyone.
pub fn acwr(sessions: &[(Date, u32)], on: Date) -> Option<f64> {
    let acute = load_between(sessions, on.add_days(1 - ACUTE_DAYS), on);
    let chronic = load_between(
        sessions,
        on.add_days(-ACUTE_DAYS - 7 * CHRONIC_WEEKS + 1),
        on.add_days(-ACUTE_DAYS),
    );
    ratio(acute, chronic)
}

/// Whether the log reaches into the first of the 4 chronic weeks of [`acwr`] on `on` (a
/// session on or before `on - 28`). Until it does, weeks before the first log read as rest
/// and the ratio overstates the spike. Pass the whole log, not just the last 5 weeks.
pub fn chronic_established(sessions: &[(Date, u32)], on: Date) -> bool {
    let first_week_end = on.add_days(-ACUTE_DAYS - 7 * (CHRONIC_WEEKS - 1));
    sessions.iter().any(|(d, _)| *d <= first_week_end)
}

/// One week of an ACWR chart.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AcwrPoint {
    /// The Monday.
    pub week_start: Date,
    /// This week's load.
    pub acute: u32,
    /// Mean weekly load of the 4 weeks before.
    pub chronic: f64,
    /// `acute / chronic`; `None` without chronic load.
    pub ratio: Option<f64>,
    /// Whether the log reaches into the first of the 4 chronic weeks (see
    /// [`chronic_established`]).
    pub established: bool,
}

impl AcwrPoint {
    pub fn zone(&self) -> Option<AcwrZone> {
        self.ratio.map(AcwrZone::of)
    }
}

/// The ACWR of every Monday-to-Sunday week that overlaps `from..=to`, oldest first: each
/// week's load against the mean of the 4 weeks before it. A week's point equals
/// [`acwr`] on its Sunday; the last week may still be in progress (its load so far).
pub fn acwr_series(sessions: &[(Date, u32)], from: Date, to: Date) -> Vec<AcwrPoint> {
    let totals = week_totals(sessions);
    let week = |monday: i64| totals.get(&monday).copied().unwrap_or(0);
    let earliest = sessions.iter().map(|(d, _)| *d).min();
    mondays(from, to)
        .map(|week_start| {
            let monday = week_start.days_since_epoch();
            let acute = week(monday);
            let chronic_total = (1..=CHRONIC_WEEKS)
                .map(|w| week(monday - 7 * w))
                .fold(0u32, u32::saturating_add);
            // Sunday of the first chronic week.
            let first_week_end = week_start.add_days(-7 * CHRONIC_WEEKS + 6);
            AcwrPoint {
                week_start,
                acute,
                chronic: chronic_mean(chronic_total),
                ratio: ratio(acute, chronic_total),
                established: earliest.is_some_and(|d| d <= first_week_end),
            }
        })
        .collect()
}

/// Where an ACWR falls (DOMAIN.md: 0.8-1.3 is the usual target band, ≥ 1.5 a warning;
/// Gabbett 2016). A guide, not a verdict: the bands come from team sports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AcwrZone {
    /// Below 0.8: less than usual, detraining if it lasts.
    Low,
    /// 0.8 to 1.3 inclusive: the usual target band.
    Sweet,
    /// Above 1.3, below 1.5: a spike; watch it.
    High,
    /// 1.5 and above: the warning zone.
    Danger,
}

impl AcwrZone {
    /// Lowest ratio of the target band.
    pub const SWEET_MIN: f64 = 0.8;
    /// Highest ratio of the target band (inclusive).
    pub const SWEET_MAX: f64 = 1.3;
    /// Lowest ratio of the warning zone.
    pub const DANGER_MIN: f64 = 1.5;

    /// The zone of `ratio` (a NaN counts as Low).
    pub fn of(ratio: f64) -> AcwrZone {
        if ratio >= Self::DANGER_MIN {
            AcwrZone::Danger
        } else if ratio > Self::SWEET_MAX {
            AcwrZone::High
        } else if ratio >= Self::SWEET_MIN {
            AcwrZone::Sweet
        } else {
            AcwrZone::Low
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AcwrZone::Low => "low",
            AcwrZone::Sweet => "in the usual range",
            AcwrZone::High => "high",
            AcwrZone::Danger => "very high",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u8, day: u8) -> Date {
        Date::new(year, month, day).expect("valid date")
    }

    #[test]
    fn session_load_is_rpe_times_minutes() {
        assert_eq!(session_load(7, 90), 630); // 7 × 90
        assert_eq!(session_load(10, 120), 1200); // 10 × 120
        assert_eq!(session_load(0, 60), 0);
        assert_eq!(session_load(5, 0), 0);
        assert_eq!(session_load(11, 10), 100); // RPE capped at 10: 10 × 10
        assert_eq!(session_load(255, 10), 100);
        assert_eq!(session_load(10, u32::MAX), u32::MAX); // saturates
    }

    #[test]
    fn weekly_load_fills_empty_weeks() {
        // 2024-01-01 is a Monday. Weeks: Jan 1-7, Jan 8-14, Jan 15-21, Jan 22-28.
        let sessions = [
            (d(2024, 1, 1), 300),   // Mon, week 1
            (d(2024, 1, 7), 200),   // Sun, still week 1 → 300 + 200 = 500
            (d(2024, 1, 7), 50),    // same day again → 550
            (d(2024, 1, 22), 400),  // Mon, week 4; weeks 2 and 3 are empty
            (d(2023, 12, 31), 999), // Sunday before: outside
            (d(2024, 1, 29), 999),  // Monday after: outside
        ];
        assert_eq!(
            weekly_load(&sessions, d(2024, 1, 1), d(2024, 1, 28)),
            vec![
                WeekLoad {
                    week_start: d(2024, 1, 1),
                    load: 550
                },
                WeekLoad {
                    week_start: d(2024, 1, 8),
                    load: 0
                },
                WeekLoad {
                    week_start: d(2024, 1, 15),
                    load: 0
                },
                WeekLoad {
                    week_start: d(2024, 1, 22),
                    load: 400
                },
            ]
        );
    }

    #[test]
    fn weekly_load_uses_whole_weeks() {
        let sessions = [(d(2024, 1, 1), 300), (d(2024, 1, 5), 100)];
        // From Wednesday Jan 3 to Thursday Jan 4: the whole week of Monday Jan 1 counts.
        assert_eq!(
            weekly_load(&sessions, d(2024, 1, 3), d(2024, 1, 4)),
            vec![WeekLoad {
                week_start: d(2024, 1, 1),
                load: 400
            }]
        );
        // One day, a Sunday: its week.
        assert_eq!(
            weekly_load(&sessions, d(2024, 1, 7), d(2024, 1, 7)).len(),
            1
        );
        // Sunday to the next Monday: two weeks.
        assert_eq!(
            weekly_load(&sessions, d(2024, 1, 7), d(2024, 1, 8))
                .iter()
                .map(|w| (w.week_start, w.load))
                .collect::<Vec<_>>(),
            vec![(d(2024, 1, 1), 400), (d(2024, 1, 8), 0)]
        );
        // Backwards range, or no sessions.
        assert_eq!(weekly_load(&sessions, d(2024, 1, 8), d(2024, 1, 1)), vec![]);
        assert_eq!(
            weekly_load(&[], d(2024, 1, 1), d(2024, 1, 14))
                .iter()
                .map(|w| w.load)
                .collect::<Vec<_>>(),
            vec![0, 0]
        );
    }

    #[test]
    fn weeks_cross_the_new_year() {
        // 2025-01-01 is a Wednesday: its week starts Monday 2024-12-30.
        let sessions = [
            (d(2024, 12, 30), 100),
            (d(2025, 1, 5), 200),
            (d(2025, 1, 6), 50),
        ];
        assert_eq!(
            weekly_load(&sessions, d(2025, 1, 1), d(2025, 1, 6))
                .iter()
                .map(|w| (w.week_start, w.load))
                .collect::<Vec<_>>(),
            vec![(d(2024, 12, 30), 300), (d(2025, 1, 6), 50)]
        );
    }

    /// Four chronic weeks (Jan 1-28 2024) of 1000, 1200, 800, 1000, then the acute week
    /// Mon Jan 29 - Sun Feb 4 holding `acute`.
    fn five_weeks(acute: u32) -> Vec<(Date, u32)> {
        vec![
            (d(2024, 1, 2), 600),
            (d(2024, 1, 4), 400),  // week Jan 1: 1000
            (d(2024, 1, 8), 1200), // week Jan 8: 1200
            (d(2024, 1, 21), 800), // week Jan 15 (Sunday): 800
            (d(2024, 1, 22), 500),
            (d(2024, 1, 28), 500), // week Jan 22: 1000
            (d(2024, 1, 29), acute / 2),
            (d(2024, 2, 4), acute - acute / 2), // acute week
        ]
    }

    #[test]
    fn acwr_hand_worked() {
        let on = d(2024, 2, 4); // Sunday
                                // Acute: Jan 29 - Feb 4. Chronic: on - 34 = Jan 1 .. on - 7 = Jan 28.
                                // Chronic mean = (1000 + 1200 + 800 + 1000) / 4 = 4000 / 4 = 1000.
        assert_eq!(acwr(&five_weeks(1300), on), Some(1.3)); // 1300 / 1000
        assert_eq!(AcwrZone::of(1.3), AcwrZone::Sweet);
        assert_eq!(acwr(&five_weeks(1500), on), Some(1.5)); // 1500 / 1000
        assert_eq!(acwr(&five_weeks(800), on), Some(0.8));
        assert_eq!(acwr(&five_weeks(1400), on), Some(1.4));
        assert_eq!(acwr(&five_weeks(0), on), Some(0.0));
        // Sessions after `on` are ignored.
        let mut later = five_weeks(1300);
        later.push((d(2024, 2, 5), 5000));
        assert_eq!(acwr(&later, on), Some(1.3));
        // A day earlier (Saturday Feb 3): acute = Jan 28 .. Feb 3 = 500 + 650 = 1150;
        // chronic = Dec 31 .. Jan 27 = 1000 + 1200 + 800 + 500 = 3500, mean 875.
        // 1150 / 875 = 1.3142857…
        let r = acwr(&five_weeks(1300), d(2024, 2, 3)).unwrap();
        assert!((r - 1150.0 / 875.0).abs() < 1e-12, "{r}");
        assert_eq!(AcwrZone::of(r), AcwrZone::High);
        // The log starts Tue Jan 2; the first chronic week ends on - 28.
        assert!(chronic_established(&five_weeks(1300), on)); // Feb 4 - 28 = Jan 7
        assert!(chronic_established(&five_weeks(1300), d(2024, 1, 30))); // Jan 2
        assert!(!chronic_established(&five_weeks(1300), d(2024, 1, 29))); // Jan 1 < Jan 2
    }

    #[test]
    fn acwr_edge_cases() {
        let on = d(2024, 2, 4);
        // No data at all.
        assert_eq!(acwr(&[], on), None);
        assert!(!chronic_established(&[], on));
        // One week, the acute one: no chronic load.
        assert_eq!(acwr(&[(d(2024, 1, 30), 900)], on), None);
        // One week, the week before: acute 0 / (900 / 4 = 225) = 0.
        assert_eq!(acwr(&[(d(2024, 1, 23), 900)], on), Some(0.0));
        // A gap: only the oldest chronic week (Jan 1) had load, then a 3-week break.
        // Chronic mean = 1000 / 4 = 250; acute 500 → 500 / 250 = 2.0.
        let gap = [(d(2024, 1, 1), 1000), (d(2024, 2, 1), 500)];
        assert_eq!(acwr(&gap, on), Some(2.0));
        assert_eq!(AcwrZone::of(2.0), AcwrZone::Danger);
        // Jan 1 is exactly on - 34: inside the chronic window; Dec 31 is not.
        assert!(chronic_established(&gap, on));
        assert!(!chronic_established(&[(d(2024, 1, 8), 1)], on)); // after Jan 7
        assert_eq!(
            acwr(&[(d(2023, 12, 31), 1000), (d(2024, 2, 1), 500)], on),
            None
        );
        // New climber: two weeks of 1000, ratio 1000 / (1000 / 4) = 4.0, but not established.
        let new = [(d(2024, 1, 22), 1000), (d(2024, 1, 29), 1000)];
        assert_eq!(acwr(&new, on), Some(4.0));
        assert!(!chronic_established(&new, on));
    }

    #[test]
    fn acwr_across_a_leap_day() {
        // 2024 is a leap year. on = Sunday 2024-03-03.
        // Acute: Feb 26 .. Mar 3 (Feb 26, 27, 28, 29, Mar 1, 2, 3: 7 days).
        // Chronic: on - 34 = Jan 29 .. on - 7 = Feb 25 (28 days).
        let on = d(2024, 3, 3);
        let sessions = [
            (d(2024, 1, 28), 7000), // day before the chronic window: ignored
            (d(2024, 1, 29), 1000), // first chronic day
            (d(2024, 2, 25), 1000), // last chronic day
            (d(2024, 2, 26), 300),  // first acute day
            (d(2024, 2, 29), 200),  // leap day, acute
        ];
        // Chronic mean = 2000 / 4 = 500; acute = 300 + 200 = 500 → 1.0.
        assert_eq!(acwr(&sessions, on), Some(1.0));
        // The leap day falls in the week of Monday Feb 26.
        assert_eq!(
            weekly_load(&sessions, d(2024, 2, 29), d(2024, 2, 29)),
            vec![WeekLoad {
                week_start: d(2024, 2, 26),
                load: 500
            }]
        );
        // 2023 is not: on = Sunday 2023-03-05, acute Feb 27 .. Mar 5, chronic Jan 30 .. Feb 26.
        let sessions = [
            (d(2023, 1, 29), 7000), // outside
            (d(2023, 1, 30), 400),  // first chronic day
            (d(2023, 2, 26), 400),  // last chronic day
            (d(2023, 2, 27), 300),  // first acute day
        ];
        // Chronic mean = 800 / 4 = 200; 300 / 200 = 1.5.
        assert_eq!(acwr(&sessions, d(2023, 3, 5)), Some(1.5));
    }

    #[test]
    fn acwr_series_hand_worked() {
        // Weeks starting Mon Jan 1 2024: 1000, 1000, 1000, 1000, 1300, then nothing.
        let sessions: Vec<(Date, u32)> = [1000, 1000, 1000, 1000, 1300]
            .iter()
            .enumerate()
            .map(|(w, load)| (d(2024, 1, 1).add_days(7 * w as i64), *load))
            .collect();
        let series = acwr_series(&sessions, d(2024, 1, 1), d(2024, 2, 5));
        let got: Vec<_> = series
            .iter()
            .map(|p| (p.week_start, p.acute, p.chronic, p.ratio, p.established))
            .collect();
        assert_eq!(
            got,
            vec![
                // Nothing before: no chronic load.
                (d(2024, 1, 1), 1000, 0.0, None, false),
                // 1000 / (1000 / 4 = 250) = 4.0, but only one week of history.
                (d(2024, 1, 8), 1000, 250.0, Some(4.0), false),
                // 1000 / (2000 / 4 = 500) = 2.0
                (d(2024, 1, 15), 1000, 500.0, Some(2.0), false),
                // 1000 / (3000 / 4 = 750) = 1.333…
                (d(2024, 1, 22), 1000, 750.0, Some(1000.0 / 750.0), false),
                // 1300 / (4000 / 4 = 1000) = 1.3, the log now covers the 4 chronic weeks.
                (d(2024, 1, 29), 1300, 1000.0, Some(1.3), true),
                // 0 / ((1000 + 1000 + 1000 + 1300) / 4 = 1075) = 0.
                (d(2024, 2, 5), 0, 1075.0, Some(0.0), true),
            ]
        );
        let zones: Vec<_> = series.iter().map(AcwrPoint::zone).collect();
        assert_eq!(
            zones,
            vec![
                None,
                Some(AcwrZone::Danger),
                Some(AcwrZone::Danger),
                Some(AcwrZone::High),
                Some(AcwrZone::Sweet),
                Some(AcwrZone::Low),
            ]
        );
        // Each point is the daily ACWR on its Sunday.
        for p in &series {
            assert_eq!(p.ratio, acwr(&sessions, p.week_start.add_days(6)));
        }
        assert_eq!(acwr_series(&sessions, d(2024, 2, 5), d(2024, 1, 1)), vec![]);
    }

    #[test]
    fn zone_thresholds() {
        let cases = [
            (0.0, AcwrZone::Low),
            (0.79, AcwrZone::Low),
            (0.8, AcwrZone::Sweet),
            (1.0, AcwrZone::Sweet),
            (1.3, AcwrZone::Sweet),
            (1.31, AcwrZone::High),
            (1.49, AcwrZone::High),
            (1.5, AcwrZone::Danger),
            (4.0, AcwrZone::Danger),
            (f64::INFINITY, AcwrZone::Danger),
            (f64::NAN, AcwrZone::Low),
        ];
        for (ratio, zone) in cases {
            assert_eq!(AcwrZone::of(ratio), zone, "{ratio}");
        }
        assert_eq!(AcwrZone::Sweet.label(), "in the usual range");
    }
}
