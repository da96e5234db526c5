//! One contract per store trait. Each backend runs the same functions; today that is the
//! embedded libSQL store (the Postgres backend joins when issue 7 lands).
use std::sync::Arc;

use climbingpill::domain::profile::{BoulderGradeSystem, Profile, RouteGradeSystem};
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::stores::libsql::{LibsqlAccounts, LibsqlProfiles, LibsqlSessions};
use climbingpill::server::stores::{
    AccountRecord, AccountStore, ProfileStore, SessionStore, StoreError,
};

fn account(id: &str, email: &str) -> AccountRecord {
    AccountRecord {
        id: id.into(),
        email: email.into(),
        password_hash: "h".into(),
        created_at: 1,
    }
}

async fn account_contract(accounts: Arc<dyn AccountStore>) {
    accounts
        .create(&account("u1", "one@example.com"))
        .await
        .unwrap();
    assert_eq!(
        accounts.find_by_email("one@example.com").await.unwrap(),
        Some(account("u1", "one@example.com"))
    );
    assert_eq!(
        accounts.find_by_email("two@example.com").await.unwrap(),
        None
    );
    let dup = accounts.create(&account("u2", "one@example.com")).await;
    assert!(matches!(dup, Err(StoreError::Duplicate)), "{dup:?}");
}

async fn session_contract(accounts: Arc<dyn AccountStore>, sessions: Arc<dyn SessionStore>) {
    accounts
        .create(&account("s1", "s1@example.com"))
        .await
        .unwrap();
    accounts
        .create(&account("s2", "s2@example.com"))
        .await
        .unwrap();
    sessions.insert("h1", "s1", 100).await.unwrap();
    sessions.insert("h2", "s2", 100).await.unwrap();
    let s = sessions.get("h1").await.unwrap().unwrap();
    assert_eq!(
        (
            s.user_id.as_str(),
            s.email.as_str(),
            s.created_at,
            s.last_seen_at
        ),
        ("s1", "s1@example.com", 100, 100)
    );
    sessions.touch("h1", 150).await.unwrap();
    assert_eq!(sessions.get("h1").await.unwrap().unwrap().last_seen_at, 150);
    assert_eq!(
        sessions.get("h2").await.unwrap().unwrap().last_seen_at,
        100,
        "touch is per session"
    );
    assert_eq!(sessions.delete_expired(120, 0).await.unwrap(), 1);
    assert!(sessions.get("h2").await.unwrap().is_none());
    sessions.delete("h1").await.unwrap();
    assert!(sessions.get("h1").await.unwrap().is_none());
    assert!(
        sessions.insert("h3", "no-such-user", 1).await.is_err(),
        "sessions belong to real accounts"
    );
}

async fn profile_contract(accounts: Arc<dyn AccountStore>, profiles: Arc<dyn ProfileStore>) {
    accounts
        .create(&account("p1", "p1@example.com"))
        .await
        .unwrap();
    accounts
        .create(&account("p2", "p2@example.com"))
        .await
        .unwrap();
    assert_eq!(profiles.get("p1").await.unwrap(), None);
    let p = Profile {
        display_name: "Lynn".into(),
        bodyweight_kg: Some(52.5),
        boulder_grades: BoulderGradeSystem::Font,
        route_grades: RouteGradeSystem::Uiaa,
        goals: "Free the Nose".into(),
    };
    profiles.upsert("p1", &p, 10).await.unwrap();
    assert_eq!(profiles.get("p1").await.unwrap(), Some(p.clone()));
    assert_eq!(
        profiles.get("p2").await.unwrap(),
        None,
        "never another user's row"
    );
    let p2 = Profile {
        bodyweight_kg: None,
        ..p.clone()
    };
    profiles.upsert("p1", &p2, 11).await.unwrap();
    assert_eq!(profiles.get("p1").await.unwrap(), Some(p2));
}

async fn libsql_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("c.db")).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    (dir, db)
}

#[tokio::test]
async fn libsql_accounts() {
    let (_d, db) = libsql_db().await;
    account_contract(Arc::new(LibsqlAccounts::new(db))).await;
}

#[tokio::test]
async fn libsql_sessions() {
    let (_d, db) = libsql_db().await;
    session_contract(
        Arc::new(LibsqlAccounts::new(db.clone())),
        Arc::new(LibsqlSessions::new(db)),
    )
    .await;
}

#[tokio::test]
async fn libsql_profiles() {
    let (_d, db) = libsql_db().await;
    profile_contract(
        Arc::new(LibsqlAccounts::new(db.clone())),
        Arc::new(LibsqlProfiles::new(db)),
    )
    .await;
}
