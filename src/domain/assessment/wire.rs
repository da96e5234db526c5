//! How the assessment's tagged enums travel: `{"kind": "max_reps", "reps": 12}`.
//!
//! serde's derived reader for an internally tagged enum first copies the whole object into
//! an intermediate tree (its `Content` buffer) to find the tag, and that reader was about
//! 40 KB of the assessment pages' WASM and 24 KB of the team pages' (before wasm-opt and
//! compression; issue 16). Each enum is written and read through a flat struct with the tag
//! and every variant's fields, which serde reads in one pass. In JSON the struct leaves out
//! the fields its variant doesn't have, so the JSON stored and sent is what serde's
//! internally tagged writer made; postcard (the pages' answers, `api::codec`), which is not
//! self-describing, gets every field in order. Each `TryFrom` and `From` matches every
//! variant by name, so a new variant doesn't compile until it travels here. A serde
//! attribute added to a variant's field must be copied to its wire field by hand:
//! `every_variant_reads_back_as_written` checks the round trip, which can't notice a missing
//! `#[serde(default)]` (a round trip always writes the field). A field added later with a
//! default must be read with `unwrap_or_default()`, not [`need`], or older stored JSON stops
//! reading; no variant's field has one today.
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::model::{CoreTest, EnduranceTest, FrontLever, PowerTest, PullTest};
use super::score::{AreaStatus, Verdict};
use crate::domain::when::Date;

/// A variant's field, or serde's own words when the object lacks it.
fn need<T>(value: Option<T>, field: &'static str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}

fn unknown(kind: &str, expected: &[&str]) -> String {
    format!(
        "unknown variant `{kind}`, expected one of {}",
        expected
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// `Serialize` for a wire struct: `kind`, then each field; in JSON only the fields that are
/// there (as serde's internally tagged writer wrote a variant), in postcard all of them.
macro_rules! write_wire {
    ($wire:ident { $($field:ident),+ $(,)? }) => {
        impl Serialize for $wire {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let all = !s.is_human_readable();
                let len = 1 $(+ usize::from(all || self.$field.is_some()))+;
                let mut st = s.serialize_struct(stringify!($wire), len)?;
                st.serialize_field("kind", &self.kind)?;
                $(
                    if all || self.$field.is_some() {
                        st.serialize_field(stringify!($field), &self.$field)?;
                    } else {
                        st.skip_field(stringify!($field))?;
                    }
                )+
                st.end()
            }
        }
    };
}

#[derive(Deserialize, Default)]
pub(super) struct PullTestWire {
    kind: String,
    added_kg: Option<f64>,
    reps: Option<u16>,
}

impl TryFrom<PullTestWire> for PullTest {
    type Error = String;

    fn try_from(w: PullTestWire) -> Result<Self, String> {
        match w.kind.as_str() {
            "one_rep_max" => Ok(PullTest::OneRepMax {
                added_kg: need(w.added_kg, "added_kg")?,
            }),
            "max_reps" => Ok(PullTest::MaxReps {
                reps: need(w.reps, "reps")?,
            }),
            k => Err(unknown(k, &["one_rep_max", "max_reps"])),
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct EnduranceTestWire {
    kind: String,
    reps: Option<u16>,
    kg: Option<f64>,
}

impl TryFrom<EnduranceTestWire> for EnduranceTest {
    type Error = String;

    fn try_from(w: EnduranceTestWire) -> Result<Self, String> {
        match w.kind.as_str() {
            "repeaters" => Ok(EnduranceTest::Repeaters {
                reps: need(w.reps, "reps")?,
            }),
            "critical_force" => Ok(EnduranceTest::CriticalForce {
                kg: need(w.kg, "kg")?,
            }),
            k => Err(unknown(k, &["repeaters", "critical_force"])),
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct PowerTestWire {
    kind: String,
    rung: Option<u8>,
    moves: Option<u8>,
}

impl TryFrom<PowerTestWire> for PowerTest {
    type Error = String;

    fn try_from(w: PowerTestWire) -> Result<Self, String> {
        match w.kind.as_str() {
            "campus_reach" => Ok(PowerTest::CampusReach {
                rung: need(w.rung, "rung")?,
            }),
            "max_moves" => Ok(PowerTest::MaxMoves {
                moves: need(w.moves, "moves")?,
            }),
            k => Err(unknown(k, &["campus_reach", "max_moves"])),
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct CoreTestWire {
    kind: String,
    reps: Option<u16>,
    level: Option<FrontLever>,
}

impl TryFrom<CoreTestWire> for CoreTest {
    type Error = String;

    fn try_from(w: CoreTestWire) -> Result<Self, String> {
        match w.kind.as_str() {
            "leg_raises" => Ok(CoreTest::LegRaises {
                reps: need(w.reps, "reps")?,
            }),
            "front_lever" => Ok(CoreTest::FrontLever {
                level: need(w.level, "level")?,
            }),
            k => Err(unknown(k, &["leg_raises", "front_lever"])),
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct AreaStatusWire {
    kind: String,
    test: Option<String>,
    value: Option<f64>,
    measured: Option<f64>,
    expected: Option<f64>,
    unit: Option<String>,
    residual_pct: Option<f64>,
    verdict: Option<Verdict>,
    heuristic: Option<bool>,
    tested_on: Option<Date>,
    stale: Option<bool>,
}

impl TryFrom<AreaStatusWire> for AreaStatus {
    type Error = String;

    fn try_from(w: AreaStatusWire) -> Result<Self, String> {
        match w.kind.as_str() {
            "not_tested" => Ok(AreaStatus::NotTested),
            "recorded" => Ok(AreaStatus::Recorded {
                test: need(w.test, "test")?,
                value: need(w.value, "value")?,
                unit: need(w.unit, "unit")?,
                tested_on: need(w.tested_on, "tested_on")?,
                stale: need(w.stale, "stale")?,
            }),
            "scored" => Ok(AreaStatus::Scored {
                test: need(w.test, "test")?,
                measured: need(w.measured, "measured")?,
                expected: need(w.expected, "expected")?,
                unit: need(w.unit, "unit")?,
                residual_pct: need(w.residual_pct, "residual_pct")?,
                verdict: need(w.verdict, "verdict")?,
                heuristic: need(w.heuristic, "heuristic")?,
                tested_on: need(w.tested_on, "tested_on")?,
                stale: need(w.stale, "stale")?,
            }),
            k => Err(unknown(k, &["not_tested", "recorded", "scored"])),
        }
    }
}

write_wire!(PullTestWire { added_kg, reps });
write_wire!(EnduranceTestWire { reps, kg });
write_wire!(PowerTestWire { rung, moves });
write_wire!(CoreTestWire { reps, level });
write_wire!(AreaStatusWire {
    test,
    value,
    measured,
    expected,
    unit,
    residual_pct,
    verdict,
    heuristic,
    tested_on,
    stale,
});

fn kind(k: &str) -> String {
    k.to_string()
}

impl From<PullTest> for PullTestWire {
    fn from(t: PullTest) -> Self {
        match t {
            PullTest::OneRepMax { added_kg } => Self {
                kind: kind("one_rep_max"),
                added_kg: Some(added_kg),
                ..Self::default()
            },
            PullTest::MaxReps { reps } => Self {
                kind: kind("max_reps"),
                reps: Some(reps),
                ..Self::default()
            },
        }
    }
}

impl From<EnduranceTest> for EnduranceTestWire {
    fn from(t: EnduranceTest) -> Self {
        match t {
            EnduranceTest::Repeaters { reps } => Self {
                kind: kind("repeaters"),
                reps: Some(reps),
                ..Self::default()
            },
            EnduranceTest::CriticalForce { kg } => Self {
                kind: kind("critical_force"),
                kg: Some(kg),
                ..Self::default()
            },
        }
    }
}

impl From<PowerTest> for PowerTestWire {
    fn from(t: PowerTest) -> Self {
        match t {
            PowerTest::CampusReach { rung } => Self {
                kind: kind("campus_reach"),
                rung: Some(rung),
                ..Self::default()
            },
            PowerTest::MaxMoves { moves } => Self {
                kind: kind("max_moves"),
                moves: Some(moves),
                ..Self::default()
            },
        }
    }
}

impl From<CoreTest> for CoreTestWire {
    fn from(t: CoreTest) -> Self {
        match t {
            CoreTest::LegRaises { reps } => Self {
                kind: kind("leg_raises"),
                reps: Some(reps),
                ..Self::default()
            },
            CoreTest::FrontLever { level } => Self {
                kind: kind("front_lever"),
                level: Some(level),
                ..Self::default()
            },
        }
    }
}

impl From<AreaStatus> for AreaStatusWire {
    fn from(a: AreaStatus) -> Self {
        match a {
            AreaStatus::NotTested => Self {
                kind: kind("not_tested"),
                ..Self::default()
            },
            AreaStatus::Recorded {
                test,
                value,
                unit,
                tested_on,
                stale,
            } => Self {
                kind: kind("recorded"),
                test: Some(test),
                value: Some(value),
                unit: Some(unit),
                tested_on: Some(tested_on),
                stale: Some(stale),
                ..Self::default()
            },
            AreaStatus::Scored {
                test,
                measured,
                expected,
                unit,
                residual_pct,
                verdict,
                heuristic,
                tested_on,
                stale,
            } => Self {
                kind: kind("scored"),
                test: Some(test),
                measured: Some(measured),
                expected: Some(expected),
                unit: Some(unit),
                residual_pct: Some(residual_pct),
                verdict: Some(verdict),
                heuristic: Some(heuristic),
                tested_on: Some(tested_on),
                stale: Some(stale),
                ..Self::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{de::DeserializeOwned, Serialize};
    use std::fmt::Debug;

    /// As JSON (stored, and sent to other clients) and as postcard (the pages' answers).
    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: T) {
        let json = serde_json::to_string(&value).unwrap();
        let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(back, value, "{json}");
        let bytes = postcard::to_allocvec(&value).unwrap();
        let back: T = postcard::from_bytes(&bytes).unwrap_or_else(|e| panic!("{value:?}: {e}"));
        assert_eq!(back, value, "postcard");
    }

    /// An exhaustive match: adding a variant fails to compile here until the test (and the
    /// wire reader above) knows it.
    fn every_area_status() -> Vec<AreaStatus> {
        let day = Date::parse_iso("2026-11-02").unwrap();
        let all = vec![
            AreaStatus::NotTested,
            AreaStatus::Recorded {
                test: "leg_raises".into(),
                value: 12.0,
                unit: "reps".into(),
                tested_on: day,
                stale: false,
            },
            AreaStatus::Scored {
                test: "max_hang".into(),
                measured: 1.42,
                expected: 1.3,
                unit: "× bodyweight".into(),
                residual_pct: 9.2,
                verdict: Verdict::Ahead,
                heuristic: true,
                tested_on: day,
                stale: true,
            },
        ];
        for s in &all {
            match s {
                AreaStatus::NotTested | AreaStatus::Recorded { .. } | AreaStatus::Scored { .. } => {
                }
            }
        }
        all
    }

    #[test]
    fn every_variant_reads_back_as_written() {
        for t in [
            PullTest::OneRepMax { added_kg: -12.5 },
            PullTest::MaxReps { reps: 14 },
        ] {
            match t {
                PullTest::OneRepMax { .. } | PullTest::MaxReps { .. } => round_trip(t),
            }
        }
        for t in [
            EnduranceTest::Repeaters { reps: 21 },
            EnduranceTest::CriticalForce { kg: 31.5 },
        ] {
            match t {
                EnduranceTest::Repeaters { .. } | EnduranceTest::CriticalForce { .. } => {
                    round_trip(t)
                }
            }
        }
        for t in [
            PowerTest::CampusReach { rung: 6 },
            PowerTest::MaxMoves { moves: 9 },
        ] {
            match t {
                PowerTest::CampusReach { .. } | PowerTest::MaxMoves { .. } => round_trip(t),
            }
        }
        for t in [
            CoreTest::LegRaises { reps: 10 },
            CoreTest::FrontLever {
                level: FrontLever::AdvancedTuck,
            },
        ] {
            match t {
                CoreTest::LegRaises { .. } | CoreTest::FrontLever { .. } => round_trip(t),
            }
        }
        for s in every_area_status() {
            round_trip(s);
        }
    }

    #[test]
    fn the_json_is_the_tag_beside_the_fields_and_reads_in_any_order() {
        let json = serde_json::to_string(&PullTest::OneRepMax { added_kg: 5.0 }).unwrap();
        assert_eq!(json, r#"{"kind":"one_rep_max","added_kg":5.0}"#);
        // The tag may come last, a whole number reads as kg, other fields are ignored.
        let t: PullTest =
            serde_json::from_str(r#"{"added_kg":5,"note":"x","kind":"one_rep_max"}"#).unwrap();
        assert_eq!(t, PullTest::OneRepMax { added_kg: 5.0 });
        let s: AreaStatus = serde_json::from_str(r#"{"kind":"not_tested"}"#).unwrap();
        assert_eq!(s, AreaStatus::NotTested);
        // Written as serde's internally tagged writer did: the tag, then the variant's own
        // fields only.
        assert_eq!(
            serde_json::to_string(&AreaStatus::NotTested).unwrap(),
            r#"{"kind":"not_tested"}"#
        );
        assert_eq!(
            serde_json::to_string(&every_area_status()[1]).unwrap(),
            r#"{"kind":"recorded","test":"leg_raises","value":12.0,"unit":"reps","tested_on":{"year":2026,"month":11,"day":2},"stale":false}"#
        );
        assert_eq!(
            serde_json::to_string(&CoreTest::FrontLever {
                level: FrontLever::OneLeg
            })
            .unwrap(),
            r#"{"kind":"front_lever","level":"one_leg"}"#
        );
    }

    #[test]
    fn a_missing_field_or_an_unknown_kind_is_refused() {
        let e = serde_json::from_str::<PullTest>(r#"{"kind":"max_reps"}"#).unwrap_err();
        assert!(e.to_string().contains("missing field `reps`"), "{e}");
        let e = serde_json::from_str::<CoreTest>(r#"{"kind":"plank","reps":3}"#).unwrap_err();
        assert!(e.to_string().contains("unknown variant `plank`"), "{e}");
        let e = serde_json::from_str::<EnduranceTest>(r#"{"reps":3}"#).unwrap_err();
        assert!(e.to_string().contains("missing field `kind`"), "{e}");
        let e =
            serde_json::from_str::<PowerTest>(r#"{"kind":"max_moves","moves":300}"#).unwrap_err();
        assert!(e.to_string().contains("300"), "{e}");
        let mut scored = serde_json::to_value(&every_area_status()[2]).unwrap();
        scored.as_object_mut().unwrap().remove("heuristic");
        let e = serde_json::from_value::<AreaStatus>(scored).unwrap_err();
        assert!(e.to_string().contains("missing field `heuristic`"), "{e}");
    }
}
