//! Progress page data for a climber with 3 years of daily journal entries (~1,100 entries,
//! ~10,000 climbs): server time of `ProgressService::get` (database read + computation), in ms,
//! on libSQL and, when `TEST_DATABASE_URL` is set, on PostgreSQL, with the same data.
//!
//! Run: `cargo bench --features ssr --bench progress` (or `scripts/bench-backends.sh`)
use std::time::Instant;

mod support;

use climbingpill::domain::journal::{ClimbInput, EntryInput, PainInput};
use climbingpill::server::clock::{Clock, SystemClock};

// Boulders as boulderers type them: a lower-case "6c" on a bouldering day is Font 6C.
const BOULDER_GRADES: [&str; 9] = ["V2", "V3", "V3", "V4", "V4", "V5", "6a+", "6b", "6c"];
// Sport days get French route grades, so both pyramids have sends to compute.
const ROUTE_GRADES: [&str; 6] = ["6a", "6a+", "6b", "6b+", "6c", "7a"];
const STYLES: [&str; 4] = ["redpoint", "flash", "repeat", "attempt"];

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut table = support::Table::new("ms");
    rt.block_on(async {
        for backend in support::backends() {
            let app = support::app_with_climber(&backend).await;
            let (state, user) = (&app.state, &app.session.user.user_id);

            let today = SystemClock.today();
            let started = Instant::now();
            let (mut entries, mut climbs) = (0, 0);
            for day in 0..1100i64 {
                let n = 6 + (day % 7) as usize; // 6..12 climbs, ~9 on average
                let sport = day % 3 == 0;
                let grades: &[&str] = if sport {
                    &ROUTE_GRADES
                } else {
                    &BOULDER_GRADES
                };
                let input = EntryInput {
                    date: today.add_days(-day).to_string(),
                    kind: if sport { "sport" } else { "bouldering" }.into(),
                    duration_min: (60 + day % 60).to_string(),
                    rpe: (5 + day % 5).to_string(),
                    climbs: (0..n)
                        .map(|i| ClimbInput {
                            grade: grades[(day as usize + i) % grades.len()].into(),
                            style: STYLES[i % STYLES.len()].into(),
                            attempts: String::new(),
                            name: String::new(),
                        })
                        .collect(),
                    pain: if day % 40 == 0 {
                        vec![PainInput {
                            body_part: "left ring finger".into(),
                            notes: String::new(),
                        }]
                    } else {
                        Vec::new()
                    },
                    notes: "Felt good, worked the overhang.".into(),
                    ..EntryInput::default()
                };
                state.journal.create(user, &input).await.unwrap();
                entries += 1;
                climbs += n;
            }
            println!(
                "{}: filled {entries} entries with {climbs} climbs in {:.1} s",
                backend.name(),
                started.elapsed().as_secs_f64()
            );

            let mut samples = Vec::new();
            for i in 0..220 {
                let t = Instant::now();
                let p = state.progress.get(user).await.unwrap();
                if i >= 20 {
                    samples.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                assert_eq!(p.weeks.len(), 12);
            }
            let s = table.record(
                "progress page data (3 years daily, last 12 months read)",
                &backend,
                samples,
            );
            let key = match backend {
                support::Backend::Libsql => "progress_page",
                support::Backend::Postgres(_) => "progress_page_postgres",
            };
            println!("RESULT {key} {:.4} {:.4} {:.4}", s.p50, s.p95, s.p99);
        }
    });
    table.print();
}
