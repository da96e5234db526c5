//! Coaching organisations over HTTP (issue 21), on libSQL and PostgreSQL: a coach creates a
//! team and an invite link, the athlete sees who asks and accepts sharing only the journal,
//! the coach sees the journal and not the assessment, the athlete unshares and leaves, and
//! each change holds on the coach's next request. Used and expired links get clear words;
//! anon gets 401; another team's coach gets 404. The coach comments on the entry; the
//! athlete's header count shows it, their journal lists it, reading it clears the count.
mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::{post_json, v, TestApp};

async fn call(app: &TestApp, f: &str, body: serde_json::Value, cookie: &str) -> support::Reply {
    post_json(app, &format!("/api/team/{f}"), body, cookie).await
}

async fn ok(app: &TestApp, f: &str, body: serde_json::Value, cookie: &str) -> serde_json::Value {
    let r = call(app, f, body, cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{f}: {}", r.body);
    v(&r)
}

async fn user_id(app: &TestApp, email: &str) -> String {
    app.state
        .stores
        .accounts
        .find_by_email(email)
        .await
        .unwrap()
        .unwrap()
        .id
}

fn sharing(journal: bool, rest: bool) -> serde_json::Value {
    json!({"journal": journal, "assessments": rest, "programs": rest, "progress": rest})
}

async fn flow(app: &TestApp) {
    let coach = app.signup("coach@example.com").await;
    let athlete = app.signup("athlete@example.com").await;
    let stranger = app.signup("other-coach@example.com").await;
    let athlete_id = user_id(app, "athlete@example.com").await;
    // The name the team sees is the profile's display name, never the e-mail.
    let r = app
        .post(
            "/api/profile/save",
            &support::form(&[
                ("display_name", "Cam"),
                ("bodyweight_kg", ""),
                ("boulder_grades", "v"),
                ("route_grades", "french"),
                ("goals", ""),
            ]),
            Some(&coach),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Anon: nothing.
    for f in ["overview", "create", "invite/preview", "athlete"] {
        let r = call(
            app,
            f,
            json!({"name": "x", "token": "x", "athlete_id": athlete_id}),
            "",
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{f}: {}", r.body);
    }

    // A team needs a name.
    let r = call(app, "create", json!({"name": "   "}), &coach).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Give the team a name."), "{}", r.body);
    let team_id = ok(app, "create", json!({"name": "Crimp Crew"}), &coach).await;
    let team_id = team_id.as_str().unwrap().to_string();
    let stranger_team = ok(app, "create", json!({"name": "Other"}), &stranger).await;
    let overview = ok(app, "overview", json!({}), &coach).await;
    assert_eq!(overview["coached"][0]["name"], "Crimp Crew");
    assert_eq!(overview["coached"][0]["athletes"], json!([]));

    // Only the team's coach makes links.
    let r = call(app, "invite", json!({"team_id": team_id}), &stranger).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let link = ok(app, "invite", json!({"team_id": team_id}), &coach).await;
    let path = link["path"].as_str().unwrap();
    let token = path.strip_prefix("/invite/").unwrap().to_string();
    assert!(token.len() >= 40, "{path}");

    // The athlete's data: a journal entry (with pain) and an assessment.
    let r = post_json(
        app,
        "/api/journal/save",
        json!({"id": null, "entry": {"date": "2027-01-14", "kind": "bouldering",
               "duration_min": "90", "rpe": "7", "notes": "Project burns",
               "pain": [{"body_part": "fingers", "notes": ""}]}}),
        &athlete,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    use climbingpill::domain::assessment::{Assessment, Background, TestResults};
    let assessment = Assessment {
        id: uuid::Uuid::new_v4().to_string(),
        taken_on: climbingpill::domain::when::Date::new(2027, 1, 10).unwrap(),
        background: Background {
            years_climbing: 3.0,
            hardest_boulder: None,
            hardest_route: None,
            goal_discipline: climbingpill::domain::grade::Discipline::Boulder,
            goal_grade: None,
            target_date: None,
            days_per_week: 3,
            session_minutes: 90,
            equipment: Vec::new(),
            injuries: String::new(),
            age: None,
            hangboard_history: None,
        },
        tests: TestResults::default(),
        created_at: 1,
    };
    app.state
        .stores
        .assessments
        .insert(&athlete_id, &assessment)
        .await
        .unwrap();

    // Before accepting, the coach can't open the athlete.
    let r = call(app, "athlete", json!({"athlete_id": athlete_id}), &coach).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The invite page: who asks, for which team. The coach can't join their own team.
    let preview = ok(app, "invite/preview", json!({"token": token}), &athlete).await;
    assert_eq!(preview["team_name"], "Crimp Crew");
    assert_eq!(preview["inviter_name"], "Cam");
    assert!(!preview.to_string().contains("coach@example.com"));
    let r = call(app, "invite/preview", json!({"token": token}), &coach).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("You coach this team"), "{}", r.body);
    let r = call(
        app,
        "invite/preview",
        json!({"token": "nonsense"}),
        &athlete,
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("isn't valid"), "{}", r.body);

    // Accept with the journal only.
    let r = call(
        app,
        "invite/accept",
        json!({"token": token, "name": "", "sharing": sharing(true, false)}),
        &athlete,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let joined = ok(
        app,
        "invite/accept",
        json!({"token": token, "name": "Bea", "sharing": sharing(true, false)}),
        &athlete,
    )
    .await;
    assert_eq!(joined, json!(team_id));
    // Reused: a clear message, for anyone.
    for who in [&athlete, &stranger] {
        let r = call(app, "invite/preview", json!({"token": token}), who).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("already been used"), "{}", r.body);
        let r = call(
            app,
            "invite/accept",
            json!({"token": token, "name": "X", "sharing": sharing(true, true)}),
            who,
        )
        .await;
        assert!(r.body.contains("already been used"), "{}", r.body);
    }

    // The coach sees the journal and not the assessment.
    let view = ok(app, "athlete", json!({"athlete_id": athlete_id}), &coach).await;
    assert_eq!(view["name"], "Bea");
    assert_eq!(view["journal"][0]["notes"], "Project burns");
    assert_eq!(view["assessments"], json!(null));
    assert_eq!(view["program"], json!(null));
    assert_eq!(view["progress"], json!(null));
    let overview = ok(app, "overview", json!({}), &coach).await;
    let row = &overview["coached"][0]["athletes"][0];
    assert_eq!(row["name"], "Bea");
    assert_eq!(
        row["last_activity"],
        json!({"year": 2027, "month": 1, "day": 14})
    );
    assert_eq!(row["week_load"], 630);
    assert_eq!(row["pain_days"], 1);
    assert_eq!(row["adherence"], json!(null));
    // The other team's coach: nothing.
    let r = call(app, "athlete", json!({"athlete_id": athlete_id}), &stranger).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = call(app, "invite", json!({"team_id": stranger_team}), &coach).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // The athlete's own Team page lists the team and who invited them.
    let mine = ok(app, "overview", json!({}), &athlete).await;
    assert_eq!(mine["memberships"][0]["team_name"], "Crimp Crew");
    assert_eq!(mine["memberships"][0]["sharing"], sharing(true, false));
    assert_eq!(mine["coached"], json!([]));

    // A comment on the entry: the athlete gets an unread count, reading clears it.
    let entry_id = view["journal"][0]["id"].as_str().unwrap().to_string();
    let comment = |target: &str, target_id: &str, body: &str| json!({"athlete_id": athlete_id, "target": target, "target_id": target_id, "body": body});
    // Anon: nothing.
    for (f, body) in [
        ("comment", comment("journal", &entry_id, "x")),
        ("my-comments", json!({"target": "journal"})),
        ("comments/read", json!({"ids": []})),
        ("athlete/comments", json!({"athlete_id": athlete_id})),
    ] {
        let r = call(app, f, body, "").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{f}: {}", r.body);
    }
    // Another team's coach: refused, with words that don't say whether the entry exists.
    let r = call(
        app,
        "comment",
        comment("journal", &entry_id, "Rest those fingers"),
        &stranger,
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("can't comment on this"), "{}", r.body);
    // Empty (after trimming) or too long: the field's message.
    for body in ["   \n ".to_string(), "x".repeat(2001)] {
        let r = call(app, "comment", comment("journal", &entry_id, &body), &coach).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    }
    // A target that isn't the athlete's entry, or a session while programs aren't shared.
    for (target, target_id) in [
        ("journal", uuid::Uuid::new_v4().to_string()),
        ("session", entry_id.clone()),
        ("journal", "not-an-id".to_string()),
    ] {
        let r = call(app, "comment", comment(target, &target_id, "Hi"), &coach).await;
        assert_eq!(
            r.status,
            StatusCode::CONFLICT,
            "{target} {target_id}: {}",
            r.body
        );
    }
    ok(
        app,
        "comment",
        comment("journal", &entry_id, "  Rest those fingers  "),
        &coach,
    )
    .await;
    let me = |cookie: String| async move {
        let r = app.post("/api/me", "", Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        v(&r)
    };
    let athlete_me = me(athlete.clone()).await;
    assert_eq!(
        (&athlete_me["team"], &athlete_me["unread_comments"]),
        (&json!(true), &json!(1))
    );
    let coach_me = me(coach.clone()).await;
    assert_eq!(
        (&coach_me["team"], &coach_me["unread_comments"]),
        (&json!(true), &json!(0))
    );
    assert_eq!(
        ok(app, "overview", json!({}), &athlete).await["unread_comments"],
        1
    );
    // The coach's page lists their comment; the other coach sees none of it.
    let coach_list = ok(
        app,
        "athlete/comments",
        json!({"athlete_id": athlete_id}),
        &coach,
    )
    .await;
    assert_eq!(coach_list[0]["body"], "Rest those fingers");
    assert_eq!(coach_list[0]["target_id"], json!(entry_id));
    assert_eq!(coach_list[0]["unread"], false);
    let none = ok(
        app,
        "athlete/comments",
        json!({"athlete_id": athlete_id}),
        &stranger,
    )
    .await;
    assert_eq!(none, json!([]));
    // The athlete's journal: the comment, by the coach's name (never the e-mail), new.
    let mine = ok(app, "my-comments", json!({"target": "journal"}), &athlete).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["coach_name"], "Cam");
    assert_eq!(mine[0]["target_id"], json!(entry_id));
    assert_eq!(mine[0]["unread"], true);
    assert!(!mine.to_string().contains("coach@example.com"));
    assert_eq!(
        ok(app, "my-comments", json!({"target": "session"}), &athlete).await,
        json!([])
    );
    for who in [&coach, &stranger] {
        assert_eq!(
            ok(app, "my-comments", json!({"target": "journal"}), who).await,
            json!([])
        );
    }
    // Nobody else can mark it read.
    let comment_id = mine[0]["id"].clone();
    for who in [&coach, &stranger] {
        assert_eq!(
            ok(app, "comments/read", json!({"ids": [comment_id]}), who).await,
            0
        );
    }
    assert_eq!(me(athlete.clone()).await["unread_comments"], 1);
    // Too many ids at once: refused.
    let many: Vec<String> = (0..201).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let r = call(app, "comments/read", json!({"ids": many}), &athlete).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // The athlete's page marks it read: the count goes to 0.
    assert_eq!(
        ok(app, "comments/read", json!({"ids": [comment_id]}), &athlete).await,
        1
    );
    assert_eq!(me(athlete.clone()).await["unread_comments"], 0);
    let mine = ok(app, "my-comments", json!({"target": "journal"}), &athlete).await;
    assert_eq!(mine[0]["unread"], false);
    assert_eq!(
        ok(app, "overview", json!({}), &athlete).await["unread_comments"],
        0
    );
    // The one-item read (used by the API's older callers) still lists it.
    let seen = ok(
        app,
        "comments",
        json!({"athlete_id": "", "target": "journal", "target_id": entry_id}),
        &athlete,
    )
    .await;
    assert_eq!(seen[0]["body"], "Rest those fingers");

    // The coach deletes a comment they wrote (only theirs: `yours` marks it): gone for the
    // athlete too, unread count included. Nobody else can delete it.
    assert_eq!(coach_list[0]["yours"], true);
    assert_eq!(mine[0]["yours"], false);
    ok(
        app,
        "comment",
        comment("journal", &entry_id, "Typo: 3x3 not 3x8"),
        &coach,
    )
    .await;
    assert_eq!(me(athlete.clone()).await["unread_comments"], 1);
    // (Both written at the same test-clock instant: found by body, not position.)
    let typo = ok(app, "my-comments", json!({"target": "journal"}), &athlete).await;
    let typo_id = typo
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["body"] == "Typo: 3x3 not 3x8")
        .expect("the new comment is listed")["id"]
        .clone();
    for who in [&athlete, &stranger] {
        let r = call(app, "comment/delete", json!({"comment_id": typo_id}), who).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    }
    let r = call(app, "comment/delete", json!({"comment_id": typo_id}), "").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = call(
        app,
        "comment/delete",
        json!({"comment_id": "not-an-id"}),
        &coach,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    ok(
        app,
        "comment/delete",
        json!({"comment_id": typo_id}),
        &coach,
    )
    .await;
    let r = call(
        app,
        "comment/delete",
        json!({"comment_id": typo_id}),
        &coach,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let left = ok(app, "my-comments", json!({"target": "journal"}), &athlete).await;
    assert_eq!(left.as_array().unwrap().len(), 1, "{left}");
    assert_eq!(left[0]["body"], "Rest those fingers");
    assert_eq!(me(athlete.clone()).await["unread_comments"], 0);

    // Unshare: the coach's next request has no journal, and the row says nothing is shared.
    ok(
        app,
        "sharing",
        json!({"team_id": team_id, "sharing": sharing(false, false)}),
        &athlete,
    )
    .await;
    let view = ok(app, "athlete", json!({"athlete_id": athlete_id}), &coach).await;
    assert_eq!(view["journal"], json!(null));
    let overview = ok(app, "overview", json!({}), &coach).await;
    let row = &overview["coached"][0]["athletes"][0];
    assert_eq!(row["sharing"], sharing(false, false));
    assert_eq!(row["last_activity"], json!(null));
    assert_eq!(row["week_load"], json!(null));

    // Leave: gone from the roster, and the athlete page is not found.
    ok(app, "leave", json!({"team_id": team_id}), &athlete).await;
    let r = call(app, "athlete", json!({"athlete_id": athlete_id}), &coach).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let overview = ok(app, "overview", json!({}), &coach).await;
    assert_eq!(overview["coached"][0]["athletes"], json!([]));
    let r = call(app, "leave", json!({"team_id": team_id}), &athlete).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // An expired link: a clear message, and it can't be used.
    let link = ok(app, "invite", json!({"team_id": team_id}), &coach).await;
    let token = link["path"]
        .as_str()
        .unwrap()
        .strip_prefix("/invite/")
        .unwrap()
        .to_string();
    app.clock.advance(8 * 86_400);
    // (Eight days idle ends the session too: sign in again.)
    let athlete = app
        .login("athlete@example.com", support::PASSWORD, None)
        .await
        .session_cookie();
    let r = call(app, "invite/preview", json!({"token": token}), &athlete).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("has expired"), "{}", r.body);
    let r = call(
        app,
        "invite/accept",
        json!({"token": token, "name": "Bea", "sharing": sharing(true, true)}),
        &athlete,
    )
    .await;
    assert!(r.body.contains("has expired"), "{}", r.body);
    assert!(
        ok(app, "overview", json!({}), &athlete).await["memberships"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn coach_and_athlete_on_libsql() {
    flow(&TestApp::new().await).await;
}

#[tokio::test]
async fn coach_and_athlete_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    flow(&app).await;
}
