//! Training programs: (1) the pure generator for a 12-week, 5-days-a-week program; (2) the
//! service generating and saving one (assessment read, scoring, rule check, one transaction);
//! (3) the server rendering `/programs` (SSR HTML) for it, through the app's real router.
//! (2) and (3) run on libSQL and, when `TEST_DATABASE_URL` is set, on PostgreSQL.
//!
//! Run: `cargo bench --features ssr --bench program` (or `scripts/bench-backends.sh`)
use std::time::Instant;

mod support;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Request, StatusCode};
use climbingpill::domain::assessment::{AssessmentDraft, BackgroundInput, TestsInput};
use climbingpill::domain::grade::{Discipline, Ircra};
use climbingpill::domain::program::{generate, ProgramRequest};
use climbingpill::domain::training::{Area, Equipment, Level};
use climbingpill::server::auth::cookie::cookie_name;
use climbingpill::server::clock::{Clock, SystemClock};
use climbingpill::server::http::router;
use http_body_util::BodyExt;
use tower::ServiceExt;

fn report(label: &str, unit: &str, samples: Vec<f64>) {
    let s = support::Stats::of(samples);
    println!(
        "{label:<52} n={:<5} p50 {:>9.3} {unit}  p95 {:>9.3} {unit}  p99 {:>9.3} {unit}",
        s.n, s.p50, s.p95, s.p99
    );
}

fn time<T>(n: usize, warmup: usize, mut f: impl FnMut() -> T) -> Vec<f64> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n + warmup {
        let t = Instant::now();
        std::hint::black_box(f());
        if i >= warmup {
            out.push(t.elapsed().as_secs_f64());
        }
    }
    out
}

fn main() {
    let today = SystemClock.today();
    let request = ProgramRequest {
        start: today,
        level: Level::Advanced,
        current_grade: Some(Ircra::new(20)),
        goal_discipline: Discipline::Boulder,
        target_date: Some(today.add_days(7 * 13)),
        days_per_week: 5,
        session_minutes: 120,
        equipment: Equipment::ALL.to_vec(),
        injured: false,
        hangboard_ready: true,
        weaknesses: vec![Area::FingerStrength, Area::Power],
        baseline: Default::default(),
        age: None,
        hangboard_history: None,
    };
    let plan = generate(&request).unwrap();
    println!(
        "generator input: advanced, 5 days/week, all equipment → {} weeks, {} sessions",
        plan.weeks.len(),
        plan.sessions.len()
    );
    let samples = time(5000, 200, || generate(&request).unwrap());
    report(
        "generate a 12-week program (pure domain)",
        "µs",
        samples.iter().map(|s| s * 1e6).collect(),
    );

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut table = support::Table::new("ms");
    rt.block_on(async {
        for backend in support::backends() {
            let bench = support::app_with_climber(&backend).await;
            let (state, session) = (&bench.state, &bench.session);
            let user = session.user.user_id.clone();
            let draft = AssessmentDraft {
                background: BackgroundInput {
                    years_climbing: "6".into(),
                    hardest_boulder: "V6".into(),
                    hardest_route: "7b+".into(),
                    goal_discipline: "boulder".into(),
                    target_date: today.add_days(7 * 13).to_string(),
                    days_per_week: "5".into(),
                    session_minutes: "120".into(),
                    equipment: Equipment::ALL
                        .iter()
                        .map(|e| e.code().to_string())
                        .collect(),
                    ..BackgroundInput::default()
                },
                tests: TestsInput {
                    bodyweight_kg: "70".into(),
                    max_hang_added_kg: "10".into(),
                    max_hang_seconds: "10".into(),
                    pull_kind: "max_reps".into(),
                    pull_value: "14".into(),
                    ..TestsInput::default()
                },
            };
            state.assessments.finish(&user, &draft).await.unwrap();

            let mut samples = Vec::new();
            for i in 0..120 {
                let t = Instant::now();
                let view = state.programs.generate(&user, true).await.unwrap();
                if i >= 20 {
                    samples.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                assert_eq!(view.sessions.len(), view.program.plan.weeks.len() * 5);
            }
            table.record(
                "generate + save a 12-week program (service)",
                &backend,
                samples,
            );

            let app = router(state.clone()).layer(MockConnectInfo(std::net::SocketAddr::from((
                [127, 0, 0, 1],
                40000,
            ))));
            let cookie = format!("{}={}", cookie_name(false), session.token);
            let mut samples = Vec::new();
            let mut bytes = 0;
            for i in 0..220 {
                let req = Request::get("/programs")
                    .header(header::HOST, "127.0.0.1:3000")
                    .header(header::COOKIE, &cookie)
                    .body(Body::empty())
                    .unwrap();
                let t = Instant::now();
                let res = app.clone().oneshot(req).await.unwrap();
                assert_eq!(res.status(), StatusCode::OK);
                let body = res.into_body().collect().await.unwrap().to_bytes();
                if i >= 20 {
                    samples.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                bytes = body.len();
                assert!(
                    String::from_utf8_lossy(&body).contains("Week "),
                    "the week view rendered"
                );
            }
            println!("{}: programs page HTML: {bytes} bytes", backend.name());
            table.record(
                "render /programs (SSR, 12 weeks, full HTML)",
                &backend,
                samples,
            );
        }
    });
    table.print();
}
