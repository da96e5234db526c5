//! Compares two assessments test by test and says whether each change is bigger than the
//! test's day-to-day noise. DOMAIN.md: critical force varies about 21 % between honest
//! attempts (Giles 2021), so "a change under 20 % is noise — say so when comparing
//! assessments". Each test's noise is in [`super::norms`].
use serde::{Deserialize, Serialize};

use super::model::Assessment;
use super::norms::TestKind;
use super::score::{format_number, format_value, measure, Measurement};
use crate::domain::training::Area;

/// How one test changed between two assessments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestChange {
    pub area: Area,
    /// A [`TestKind`] code, as in [`super::score::AreaStatus`].
    pub test: String,
    /// In `unit`: a ratio to bodyweight for strength tests (the bodyweight of each
    /// assessment, so losing weight shows as a gain), else the raw count, rung, level or cm.
    pub before: f64,
    pub after: f64,
    pub unit: String,
    /// (after − before) / before × 100, rounded to 0.1 (relative to 1 when `before` is 0, so
    /// 0 → 3 pull-ups reads +300 %).
    pub change_pct: f64,
    /// |change_pct| is below the test's noise: not a real change yet.
    pub within_noise: bool,
    pub summary: String,
}

/// One [`TestChange`] per test present in both assessments with the same protocol, in
/// [`Area::ALL`] order. A test whose protocol changed (a one-rep max, then max pull-ups) is
/// left out: the numbers don't compare.
pub fn compare(before: &Assessment, after: &Assessment) -> Vec<TestChange> {
    Area::ALL
        .iter()
        .filter_map(|&area| {
            let b = measure(&before.tests, area)?;
            let a = measure(&after.tests, area)?;
            change(&b, &a)
        })
        .collect()
}

/// Same protocol, same kind of number. An added load kept in kilograms (stored without a
/// bodyweight, only possible for unvalidated data) is left out: a percentage of an added
/// load (0 → 5 kg) means nothing. A critical force in kilograms still compares.
fn comparable(before: &Measurement, after: &Measurement) -> bool {
    before.test == after.test
        && before.raw_kg == after.raw_kg
        && (!before.raw_kg || before.test == TestKind::CriticalForce)
}

fn change(before: &Measurement, after: &Measurement) -> Option<TestChange> {
    if !comparable(before, after) {
        return None;
    }
    let change_pct = change_pct(before.value, after.value);
    let noise_pct = before.test.noise().pct;
    let within_noise = change_pct.abs() < noise_pct;
    Some(TestChange {
        area: before.test.area(),
        test: before.test.code().to_string(),
        before: before.value,
        after: after.value,
        unit: after.unit().to_string(),
        change_pct,
        within_noise,
        summary: summary(before, after, change_pct, within_noise, noise_pct),
    })
}

/// Relative change in percent, rounded to 0.1 (so 1.00 → 1.05 is exactly 5 %, at the noise
/// of a max hang rather than a hair above it). A count that started at 0 has no relative
/// change; it is measured against one unit instead.
pub fn change_pct(before: f64, after: f64) -> f64 {
    let base = if before > 0.0 { before } else { 1.0 };
    ((after - before) / base * 1000.0).round() / 10.0
}

/// "Finger endurance: 14 → 16 hangs (+14 %), within the test's 20 % noise — not a real change
/// yet."
fn summary(
    before: &Measurement,
    after: &Measurement,
    change_pct: f64,
    within_noise: bool,
    noise_pct: f64,
) -> String {
    let values = match before.test {
        // A unit before the number, or a name: write both in full.
        TestKind::CampusReach | TestKind::FrontLever => format!(
            "{} → {}",
            format_value(before.test, before.value, before.raw_kg),
            format_value(after.test, after.value, after.raw_kg)
        ),
        _ => format!(
            "{} → {}",
            format_number(before.test, before.value, before.raw_kg),
            format_value(after.test, after.value, after.raw_kg)
        ),
    };
    let noise = format!("the test's {noise_pct:.0} % noise");
    let verdict = if within_noise {
        format!("within {noise} — not a real change yet")
    } else if change_pct > 0.0 {
        format!("more than {noise} — likely a real gain")
    } else {
        format!("more than {noise} — likely a real drop")
    };
    format!(
        "{}: {values} ({}), {verdict}.",
        before.test.area().label(),
        signed_pct(change_pct)
    )
}

/// "+14 %", "-8 %", "0 %"; under 10 % with one decimal ("+5.3 %"), so that a change just
/// past a 5 % noise does not read "+5 %, more than the test's 5 % noise".
fn signed_pct(pct: f64) -> String {
    let shown = if pct.abs() < 10.0 {
        (pct * 10.0).round() / 10.0
    } else {
        pct.round()
    };
    if shown == 0.0 {
        "0 %".to_string()
    } else if shown.fract() == 0.0 {
        format!("{shown:+.0} %")
    } else {
        format!("{shown:+.1} %")
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::{
        Background, CoreTest, EnduranceTest, Flexibility, FrontLever, MaxHang, PowerTest, PullTest,
        TestResults, Tested,
    };
    use super::*;
    use crate::domain::grade::Discipline;
    use crate::domain::when::Date;

    fn day(n: i64) -> Date {
        Date::new(2026, 1, 1).unwrap().add_days(n)
    }

    fn assessment(tests: TestResults, taken: i64) -> Assessment {
        Assessment {
            id: format!("a{taken}"),
            taken_on: day(taken),
            background: Background {
                years_climbing: 3.0,
                hardest_boulder: None,
                hardest_route: None,
                goal_discipline: Discipline::Boulder,
                goal_grade: None,
                target_date: None,
                days_per_week: 3,
                session_minutes: 90,
                equipment: vec![],
                injuries: String::new(),
                age: None,
                hangboard_history: None,
            },
            tests,
            created_at: 0,
        }
    }

    fn on<T>(result: T) -> Option<Tested<T>> {
        Some(Tested {
            result,
            tested_on: day(0),
        })
    }

    fn hang(bodyweight: f64, added_kg: f64) -> TestResults {
        TestResults {
            bodyweight_kg: Some(bodyweight),
            max_hang: on(MaxHang {
                added_kg,
                seconds: 10,
            }),
            ..TestResults::default()
        }
    }

    fn only(before: TestResults, after: TestResults) -> TestChange {
        let changes = compare(&assessment(before, 0), &assessment(after, 60));
        assert_eq!(changes.len(), 1, "{changes:?}");
        changes.into_iter().next().unwrap()
    }

    #[test]
    fn repeaters_within_noise_reads_as_no_real_change() {
        // 14 → 16: 2 / 14 = +14.3 %, under the 20 % endurance noise.
        let c = only(
            TestResults {
                endurance: on(EnduranceTest::Repeaters { reps: 14 }),
                ..TestResults::default()
            },
            TestResults {
                endurance: on(EnduranceTest::Repeaters { reps: 16 }),
                ..TestResults::default()
            },
        );
        assert_eq!(c.area, Area::FingerEndurance);
        assert_eq!(c.test, "repeaters");
        assert_eq!((c.before, c.after), (14.0, 16.0));
        assert_eq!(c.unit, "hangs");
        assert_eq!(c.change_pct, 14.3);
        assert!(c.within_noise);
        assert_eq!(
            c.summary,
            "Finger endurance: 14 → 16 hangs (+14 %), within the test's 20 % noise — not a \
             real change yet."
        );
    }

    #[test]
    fn max_hang_beyond_noise_is_a_real_gain() {
        // 70 kg: +7 kg = 1.10 → +14 kg = 1.20; 0.10 / 1.10 = +9.1 % > 5 %.
        let c = only(hang(70.0, 7.0), hang(70.0, 14.0));
        assert_eq!(c.test, "max_hang");
        assert!((c.before - 1.1).abs() < 1e-12 && (c.after - 1.2).abs() < 1e-12);
        assert_eq!(c.unit, "× bodyweight");
        assert_eq!(c.change_pct, 9.1);
        assert!(!c.within_noise);
        assert_eq!(
            c.summary,
            "Finger strength: 1.10 → 1.20 × bodyweight (+9.1 %), more than the test's 5 % \
             noise — likely a real gain."
        );
    }

    #[test]
    fn strength_compares_ratios_so_bodyweight_counts() {
        // Same +7 kg, bodyweight 70 → 66: 77/70 = 1.100 → 73/66 = 1.106, +0.6 % (noise).
        let c = only(hang(70.0, 7.0), hang(66.0, 7.0));
        assert_eq!(c.change_pct, 0.6);
        assert!(c.within_noise);
        // Same ratio with more load at a higher bodyweight: no change at all.
        let c = only(hang(60.0, 6.0), hang(70.0, 7.0));
        assert_eq!(c.change_pct, 0.0);
        assert!(c.summary.contains("(0 %)"), "{}", c.summary);
    }

    #[test]
    fn exactly_the_noise_counts_as_real() {
        // 60 kg: 0 → +3 kg is 1.00 → 1.05, exactly 5 % (not 5.000000000000004).
        let c = only(hang(60.0, 0.0), hang(60.0, 3.0));
        assert_eq!(c.change_pct, 5.0);
        assert!(!c.within_noise);
        // Just under: +2.9 kg = 1.0483 → 4.8 %.
        let c = only(hang(60.0, 0.0), hang(60.0, 2.9));
        assert_eq!(c.change_pct, 4.8);
        assert!(c.within_noise);
    }

    #[test]
    fn a_drop_beyond_noise_is_a_real_drop() {
        // 10 → 8 pull-ups: −20 % against 10 % noise.
        let c = only(
            TestResults {
                pulling: on(PullTest::MaxReps { reps: 10 }),
                ..TestResults::default()
            },
            TestResults {
                pulling: on(PullTest::MaxReps { reps: 8 }),
                ..TestResults::default()
            },
        );
        assert_eq!(c.change_pct, -20.0);
        assert!(!c.within_noise);
        assert_eq!(
            c.summary,
            "Pulling strength: 10 → 8 pull-ups (-20 %), more than the test's 10 % noise — \
             likely a real drop."
        );
    }

    #[test]
    fn a_count_from_zero_is_measured_against_one() {
        let reps = |reps| TestResults {
            pulling: on(PullTest::MaxReps { reps }),
            ..TestResults::default()
        };
        let c = only(reps(0), reps(3));
        assert_eq!(c.change_pct, 300.0);
        assert!(!c.within_noise);
        let c = only(reps(0), reps(0));
        assert_eq!(c.change_pct, 0.0);
        assert!(c.within_noise);
        let c = only(reps(1), reps(0));
        assert_eq!(c.change_pct, -100.0);
    }

    #[test]
    fn a_changed_protocol_or_a_missing_test_is_left_out() {
        let before = TestResults {
            pulling: on(PullTest::OneRepMax { added_kg: 10.0 }),
            bodyweight_kg: Some(70.0),
            power: on(PowerTest::CampusReach { rung: 5 }),
            ..TestResults::default()
        };
        let after = TestResults {
            pulling: on(PullTest::MaxReps { reps: 12 }),
            core: on(CoreTest::LegRaises { reps: 10 }),
            ..TestResults::default()
        };
        assert!(compare(&assessment(before, 0), &assessment(after, 60)).is_empty());
        assert!(compare(
            &assessment(TestResults::default(), 0),
            &assessment(TestResults::default(), 60)
        )
        .is_empty());
    }

    #[test]
    fn added_load_without_bodyweight_is_left_out_but_critical_force_compares() {
        // Unvalidated data only. An added load in kg has no meaningful percentage.
        let no_bw = |added_kg, kg| TestResults {
            max_hang: on(MaxHang {
                added_kg,
                seconds: 10,
            }),
            endurance: on(EnduranceTest::CriticalForce { kg }),
            ..TestResults::default()
        };
        let changes = compare(
            &assessment(no_bw(0.0, 30.0), 0),
            &assessment(no_bw(5.0, 33.0), 60),
        );
        assert_eq!(changes.len(), 1);
        // 30 → 33 kg: +10 %, within the 20 % noise.
        assert_eq!(changes[0].test, "critical_force");
        assert_eq!(changes[0].unit, "kg");
        assert_eq!(changes[0].change_pct, 10.0);
        assert!(changes[0].within_noise);
        assert!(changes[0]
            .summary
            .starts_with("Finger endurance: 30.0 → 33.0 kg (+10 %)"));
        // A ratio on one side and kilograms on the other do not compare either.
        let with_bw = TestResults {
            bodyweight_kg: Some(60.0),
            ..no_bw(0.0, 30.0)
        };
        assert!(compare(&assessment(with_bw, 0), &assessment(no_bw(5.0, 33.0), 60)).is_empty());
    }

    #[test]
    fn every_area_compares_in_order_with_its_noise() {
        let before = TestResults {
            bodyweight_kg: Some(60.0),
            max_hang: on(MaxHang {
                added_kg: 0.0,
                seconds: 10,
            }),
            pulling: on(PullTest::OneRepMax { added_kg: 12.0 }),
            endurance: on(EnduranceTest::CriticalForce { kg: 24.0 }),
            power: on(PowerTest::CampusReach { rung: 5 }),
            core: on(CoreTest::FrontLever {
                level: FrontLever::Tuck,
            }),
            flexibility: on(Flexibility { leg_span_cm: 170.0 }),
        };
        let after = TestResults {
            bodyweight_kg: Some(60.0),
            max_hang: on(MaxHang {
                added_kg: 1.8,
                seconds: 10,
            }),
            pulling: on(PullTest::OneRepMax { added_kg: 15.0 }),
            endurance: on(EnduranceTest::CriticalForce { kg: 30.0 }),
            power: on(PowerTest::CampusReach { rung: 6 }),
            core: on(CoreTest::FrontLever {
                level: FrontLever::AdvancedTuck,
            }),
            flexibility: on(Flexibility { leg_span_cm: 172.0 }),
        };
        let changes = compare(&assessment(before, 0), &assessment(after, 90));
        let areas: Vec<Area> = changes.iter().map(|c| c.area).collect();
        assert_eq!(areas, Area::ALL);
        let pcts: Vec<(f64, bool)> = changes
            .iter()
            .map(|c| (c.change_pct, c.within_noise))
            .collect();
        assert_eq!(
            pcts,
            vec![
                // 1.00 → 1.03: +3 % < 5 %.
                (3.0, true),
                // 1.20 → 1.25: +4.2 % < 5 %.
                (4.2, true),
                // 0.40 → 0.50: +25 % ≥ 20 %.
                (25.0, false),
                // rung 5 → 6: +20 % ≥ 10 %.
                (20.0, false),
                // tuck (1) → advanced tuck (2): +100 %.
                (100.0, false),
                // 170 → 172 cm: +1.2 % < 3 %.
                (1.2, true),
            ]
        );
        assert_eq!(
            changes[3].summary,
            "Power: rung 5 → rung 6 (+20 %), more than the test's 10 % noise — likely a real \
             gain."
        );
        assert!(changes[4]
            .summary
            .starts_with("Core: Tuck → Advanced tuck (+100 %)"));
        assert!(changes[5]
            .summary
            .starts_with("Flexibility: 170 → 172 cm (+1.2 %), within"));
    }

    #[test]
    fn an_assessment_compared_with_itself_has_no_real_change() {
        let tests = TestResults {
            bodyweight_kg: Some(60.0),
            max_hang: on(MaxHang {
                added_kg: 5.0,
                seconds: 8,
            }),
            endurance: on(EnduranceTest::Repeaters { reps: 20 }),
            ..TestResults::default()
        };
        let a = assessment(tests, 0);
        let changes = compare(&a, &a);
        assert_eq!(changes.len(), 2);
        assert!(changes
            .iter()
            .all(|c| c.change_pct == 0.0 && c.within_noise));
    }

    #[test]
    fn signed_percentages_read_cleanly() {
        assert_eq!(signed_pct(14.3), "+14 %");
        assert_eq!(signed_pct(-20.0), "-20 %");
        assert_eq!(signed_pct(-8.4), "-8.4 %");
        assert_eq!(signed_pct(5.3), "+5.3 %");
        assert_eq!(signed_pct(5.0), "+5 %");
        assert_eq!(signed_pct(0.04), "0 %");
        assert_eq!(signed_pct(-0.04), "0 %");
        assert_eq!(signed_pct(0.0), "0 %");
    }

    #[test]
    fn a_change_just_past_the_noise_shows_its_decimal() {
        // 68 kg: +8 → +12 kg is 1.1176 → 1.1765, +5.3 % (5 % noise).
        let c = only(hang(68.0, 8.0), hang(68.0, 12.0));
        assert_eq!(c.change_pct, 5.3);
        assert_eq!(
            c.summary,
            "Finger strength: 1.12 → 1.18 × bodyweight (+5.3 %), more than the test's 5 % \
             noise — likely a real gain."
        );
    }
}
