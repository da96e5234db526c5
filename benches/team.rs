//! The Team page for a coach with 30 athletes (issue 21): server time of
//! `TeamService::overview` — the roster, 35 days of each athlete's journal (load, pain) and
//! their last activity, read as the coach through the membership checks (RLS on PostgreSQL),
//! and the figures computed — in ms, on libSQL and, with `TEST_DATABASE_URL`, PostgreSQL.
//! Each athlete has a year of journal (one entry a day), so the look-back is a real filter.
//! Programs are not seeded (their sessions query runs, empty).
//!
//! Run: `cargo bench --features ssr --bench team`
use std::time::Instant;

mod support;

use climbingpill::domain::journal::{EntryInput, PainInput};
use climbingpill::domain::team::Sharing;
use climbingpill::server::clock::{Clock, SystemClock};
use climbingpill::server::stores::AccountRecord;

const ATHLETES: usize = 30;
const DAYS: i64 = 365;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut table = support::Table::new("ms");
    rt.block_on(async {
        for backend in support::backends() {
            let app = support::app_with_climber(&backend).await;
            let (state, coach) = (&app.state, &app.session.user.user_id);
            let started = Instant::now();
            let team = state.teams.create_team(coach, "Bench Crew").await.unwrap();
            let today = SystemClock.today();
            for i in 0..ATHLETES {
                let id = uuid::Uuid::new_v4().to_string();
                state
                    .stores
                    .accounts
                    .create(&AccountRecord {
                        id: id.clone(),
                        email: format!("athlete{i}-{id}@example.com"),
                        password_hash: "x".into(),
                        created_at: 1,
                    })
                    .await
                    .unwrap();
                let link = state.teams.create_invite(coach, &team).await.unwrap();
                let token = link.path.trim_start_matches("/invite/");
                state
                    .teams
                    .accept(&id, token, &format!("Athlete {i:02}"), Sharing::all())
                    .await
                    .unwrap();
                let entries: Vec<_> = (0..DAYS)
                    .map(|day| {
                        let input = EntryInput {
                            date: today.add_days(-day).to_string(),
                            kind: "bouldering".into(),
                            duration_min: (60 + day % 60).to_string(),
                            rpe: (5 + day % 5).to_string(),
                            pain: if day % 9 == 0 {
                                vec![PainInput {
                                    body_part: "left ring finger".into(),
                                    notes: String::new(),
                                }]
                            } else {
                                Vec::new()
                            },
                            ..EntryInput::default()
                        };
                        let data =
                            climbingpill::domain::journal::validate_entry(&input, today).unwrap();
                        state.journal.new_entry(data)
                    })
                    .collect();
                state
                    .stores
                    .journal
                    .insert_many(&id, &entries)
                    .await
                    .unwrap();
            }
            println!(
                "{}: {ATHLETES} athletes with {DAYS} entries each in {:.1} s",
                backend.name(),
                started.elapsed().as_secs_f64()
            );

            let mut samples = Vec::new();
            for i in 0..120 {
                let t = Instant::now();
                let o = state.teams.overview(coach).await.unwrap();
                if i >= 20 {
                    samples.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                assert_eq!(o.coached[0].athletes.len(), ATHLETES);
                assert!(o.coached[0].athletes.iter().all(|a| a.week_load.is_some()));
            }
            let s = table.record(
                "Team page data (30 athletes, a year of daily journal each)",
                &backend,
                samples,
            );
            let key = match backend {
                support::Backend::Libsql => "team_page",
                support::Backend::Postgres(_) => "team_page_postgres",
            };
            println!("RESULT {key} {:.4} {:.4} {:.4}", s.p50, s.p95, s.p99);
        }
    });
    table.print();
}
