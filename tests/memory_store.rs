//! The agent memory store on a real libSQL file: persistence, isolation, concurrency,
//! recall, export/import, and bad input.
use std::sync::Arc;

use climbingpill::domain::memory::{
    working_memory_template, MemoryInputError, Part, Role, MESSAGE_MAX_BYTES,
};
use climbingpill::server::clock::{Clock, ManualClock};
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::memory::export::{self, ExportError};
use climbingpill::server::memory::libsql::LibsqlMemory;
use climbingpill::server::memory::{MemoryError, MemoryStore, NewMessage};

async fn open(path: &std::path::Path, clock: Arc<dyn Clock>) -> LibsqlMemory {
    let db = Db::open(path).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    LibsqlMemory::new(db, clock)
}

async fn store() -> (tempfile::TempDir, LibsqlMemory, Arc<ManualClock>) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(1_800_000_000));
    let mem = open(&dir.path().join("m.db"), clock.clone()).await;
    (dir, mem, clock)
}

fn user(t: &str) -> NewMessage {
    NewMessage::text(Role::User, t)
}
fn coach(t: &str) -> NewMessage {
    NewMessage::text(Role::Assistant, t)
}

#[tokio::test]
async fn threads_and_messages_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::new(1_800_000_000));
    let thread = {
        let mem = open(&path, clock.clone()).await;
        let t = mem.create_thread("u1", "").await.unwrap();
        mem.append(
            "u1",
            &t.id,
            &[
                user("How should I train crimps?"),
                coach("Start with repeaters."),
            ],
        )
        .await
        .unwrap();
        mem.update_working_memory("u1", "## Goals\n- 7c by June\n")
            .await
            .unwrap();
        t
    };
    let mem = open(&path, clock).await;
    let t = mem.get_thread("u1", &thread.id).await.unwrap();
    assert_eq!(
        t.title, "How should I train crimps?",
        "titled from the first user message"
    );
    let msgs = mem.last_messages("u1", &thread.id, 20).await.unwrap();
    assert_eq!(
        msgs.iter().map(|m| m.text()).collect::<Vec<_>>(),
        ["How should I train crimps?", "Start with repeaters."]
    );
    assert!(mem
        .working_memory("u1")
        .await
        .unwrap()
        .contains("- 7c by June"));
}

#[tokio::test]
async fn threads_list_newest_first_with_pages() {
    let (_d, mem, clock) = store().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        clock.advance(1);
        ids.push(mem.create_thread("u1", &format!("t{i}")).await.unwrap().id);
    }
    clock.advance(1);
    mem.append("u1", &ids[1], &[user("bump")]).await.unwrap();
    let titles = |v: Vec<climbingpill::server::memory::Thread>| {
        v.into_iter().map(|t| t.title).collect::<Vec<_>>()
    };
    assert_eq!(
        titles(mem.list_threads("u1", 0, 3).await.unwrap()),
        ["t1", "t4", "t3"]
    );
    assert_eq!(
        titles(mem.list_threads("u1", 3, 3).await.unwrap()),
        ["t2", "t0"]
    );
    assert!(mem.list_threads("u2", 0, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn another_climbers_thread_is_not_found_for_every_operation() {
    let (_d, mem, _c) = store().await;
    let t = mem.create_thread("alice", "Alice's plan").await.unwrap();
    mem.append(
        "alice",
        &t.id,
        &[user("my secret project is Action Directe")],
    )
    .await
    .unwrap();
    mem.update_working_memory("alice", "## Injuries\n- shoulder\n")
        .await
        .unwrap();

    let nf = |r: Result<(), MemoryError>| assert!(matches!(r, Err(MemoryError::NotFound)), "{r:?}");
    nf(mem.get_thread("bob", &t.id).await.map(|_| ()));
    nf(mem
        .rename_thread("bob", &t.id, "mine now")
        .await
        .map(|_| ()));
    nf(mem.append("bob", &t.id, &[user("hi")]).await.map(|_| ()));
    nf(mem.last_messages("bob", &t.id, 10).await.map(|_| ()));
    nf(mem.history("bob", &t.id, None, 10).await.map(|_| ()));
    nf(mem.delete_thread("bob", &t.id).await);
    // Unknown ids get the very same answer.
    nf(mem.get_thread("bob", "no-such-thread").await.map(|_| ()));
    assert!(mem.list_threads("bob", 0, 50).await.unwrap().is_empty());
    assert!(mem
        .recall("bob", "Action Directe project", 5, None)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        mem.working_memory("bob").await.unwrap(),
        working_memory_template()
    );

    // Alice's data is untouched by all of that.
    assert_eq!(
        mem.get_thread("alice", &t.id).await.unwrap().title,
        "Alice's plan"
    );
    assert_eq!(
        mem.last_messages("alice", &t.id, 10).await.unwrap().len(),
        1
    );
    assert_eq!(
        mem.recall("alice", "Action Directe", 5, None)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn rename_and_delete() {
    let (_d, mem, _c) = store().await;
    let t = mem.create_thread("u", "first").await.unwrap();
    mem.append("u", &t.id, &[user("a"), coach("b")])
        .await
        .unwrap();
    let renamed = mem
        .rename_thread("u", &t.id, "   Finger\nplan   ")
        .await
        .unwrap();
    assert_eq!(renamed.title, "Finger plan");
    let long = mem
        .rename_thread("u", &t.id, &"x".repeat(500))
        .await
        .unwrap();
    assert!(long.title.chars().count() <= 80);
    assert!(matches!(
        mem.rename_thread("u", &t.id, "  \n ").await,
        Err(MemoryError::Invalid(MemoryInputError::EmptyTitle))
    ));
    mem.delete_thread("u", &t.id).await.unwrap();
    assert!(matches!(
        mem.get_thread("u", &t.id).await,
        Err(MemoryError::NotFound)
    ));
    let conn = mem.db().conn().await.unwrap();
    let mut rows = conn
        .query("SELECT count(*) FROM messages", ())
        .await
        .unwrap();
    assert_eq!(
        rows.next().await.unwrap().unwrap().get::<i64>(0).unwrap(),
        0,
        "messages deleted with their thread"
    );
}

#[tokio::test]
async fn bad_messages_are_refused_and_nothing_is_written() {
    let (_d, mem, _c) = store().await;
    let t = mem.create_thread("u", "t").await.unwrap();
    mem.append("u", &t.id, &[user("kept")]).await.unwrap();
    let empty = mem.append("u", &t.id, &[user("   ")]).await;
    assert!(
        matches!(
            empty,
            Err(MemoryError::Invalid(MemoryInputError::EmptyMessage))
        ),
        "{empty:?}"
    );
    let big = mem
        .append(
            "u",
            &t.id,
            &[user("ok"), user(&"x".repeat(MESSAGE_MAX_BYTES + 1000))],
        )
        .await;
    assert!(
        matches!(
            big,
            Err(MemoryError::Invalid(MemoryInputError::MessageTooLong))
        ),
        "{big:?}"
    );
    let msgs = mem.last_messages("u", &t.id, 10).await.unwrap();
    assert_eq!(msgs.len(), 1, "a refused batch writes none of its messages");
}

#[tokio::test]
async fn history_pages_back_in_order() {
    let (_d, mem, _c) = store().await;
    let t = mem.create_thread("u", "t").await.unwrap();
    let batch: Vec<NewMessage> = (0..25).map(|i| user(&format!("m{i}"))).collect();
    mem.append("u", &t.id, &batch).await.unwrap();
    let last = mem.last_messages("u", &t.id, 10).await.unwrap();
    assert_eq!(last.first().unwrap().text(), "m15");
    assert_eq!(last.last().unwrap().text(), "m24");
    let older = mem
        .history("u", &t.id, Some(last[0].seq), 10)
        .await
        .unwrap();
    assert_eq!(older.first().unwrap().text(), "m5");
    assert_eq!(older.last().unwrap().text(), "m14");
    let oldest = mem
        .history("u", &t.id, Some(older[0].seq), 10)
        .await
        .unwrap();
    assert_eq!(
        oldest.iter().map(|m| m.text()).collect::<Vec<_>>(),
        ["m0", "m1", "m2", "m3", "m4"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_never_lose_or_reorder_messages() {
    let (_d, mem, _c) = store().await;
    let mem = Arc::new(mem);
    let shared = mem.create_thread("u", "shared").await.unwrap();
    let mut tasks = Vec::new();
    for w in 0..8 {
        let mem = mem.clone();
        let shared = shared.id.clone();
        tasks.push(tokio::spawn(async move {
            let own = mem.create_thread("u", &format!("own {w}")).await.unwrap();
            for i in 0..40 {
                mem.append(
                    "u",
                    &shared,
                    &[user(&format!("w{w}-{i}")), coach(&format!("r{w}-{i}"))],
                )
                .await
                .unwrap();
                mem.append("u", &own.id, &[user(&format!("{i}"))])
                    .await
                    .unwrap();
            }
            own.id
        }));
    }
    let mut own_threads = Vec::new();
    for t in tasks {
        own_threads.push(t.await.unwrap());
    }
    let all = mem.history("u", &shared.id, None, 200).await.unwrap();
    let mut all_msgs = all.clone();
    let mut before = all[0].seq;
    while all_msgs.len() < 640 {
        let page = mem
            .history("u", &shared.id, Some(before), 200)
            .await
            .unwrap();
        assert!(!page.is_empty(), "lost messages: have {}", all_msgs.len());
        before = page[0].seq;
        all_msgs.splice(0..0, page);
    }
    assert_eq!(all_msgs.len(), 640);
    for w in 0..8 {
        let mine: Vec<String> = all_msgs
            .iter()
            .map(|m| m.text())
            .filter(|t| t.starts_with(&format!("w{w}-")))
            .collect();
        let expected: Vec<String> = (0..40).map(|i| format!("w{w}-{i}")).collect();
        assert_eq!(mine, expected, "one writer's messages keep their order");
    }
    // Each user message is directly followed by its reply: pairs are atomic.
    for pair in all_msgs.chunks(2) {
        assert_eq!(pair[0].text().replacen('w', "r", 1), pair[1].text());
    }
    for id in own_threads {
        let msgs = mem.last_messages("u", &id, 100).await.unwrap();
        assert_eq!(
            msgs.iter().map(|m| m.text()).collect::<Vec<_>>(),
            (0..40).map(|i| i.to_string()).collect::<Vec<_>>()
        );
    }
}

#[tokio::test]
async fn recall_finds_an_older_message_by_keyword_with_context() {
    let (_d, mem, _c) = store().await;
    let old = mem.create_thread("u", "old").await.unwrap();
    mem.append(
        "u",
        &old.id,
        &[
            user("Hi coach"),
            coach("Hi! What are you working on?"),
            user("My left ring finger pulley hurts after crimping"),
            coach("Stop max hangs and see a physio."),
            user("Thanks"),
        ],
    )
    .await
    .unwrap();
    let current = mem.create_thread("u", "now").await.unwrap();
    mem.append("u", &current.id, &[user("is my pulley ok to crimp again?")])
        .await
        .unwrap();

    let hits = mem
        .recall("u", "is my pulley ok to crimp again?", 5, Some(&current.id))
        .await
        .unwrap();
    assert_eq!(hits.len(), 1, "the current thread is excluded");
    let h = &hits[0];
    assert_eq!(h.thread_id, old.id);
    assert!(h.hit.text().contains("ring finger pulley"));
    assert_eq!(
        h.before.as_ref().unwrap().text(),
        "Hi! What are you working on?"
    );
    assert_eq!(
        h.after.as_ref().unwrap().text(),
        "Stop max hangs and see a physio."
    );
    // Stemming: "crimps" finds "crimping"; punctuation in the query is harmless.
    assert!(!mem
        .recall("u", "crimps?!\"*", 5, Some(&current.id))
        .await
        .unwrap()
        .is_empty());
    assert!(mem
        .recall("u", "the a of", 5, None)
        .await
        .unwrap()
        .is_empty());
    // Deleting the thread removes it from recall.
    mem.delete_thread("u", &old.id).await.unwrap();
    assert!(mem
        .recall("u", "pulley", 5, Some(&current.id))
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn working_memory_merges_sections() {
    let (_d, mem, _c) = store().await;
    assert_eq!(
        mem.working_memory("u").await.unwrap(),
        working_memory_template()
    );
    mem.update_working_memory("u", "## Injuries\n- left ring A2 (Nov)\n")
        .await
        .unwrap();
    let doc = mem
        .update_working_memory("u", "## Equipment\n- hangboard at home\n")
        .await
        .unwrap();
    assert!(
        doc.contains("- left ring A2 (Nov)") && doc.contains("- hangboard at home"),
        "{doc}"
    );
    assert!(matches!(
        mem.update_working_memory("u", &"x".repeat(20_000)).await,
        Err(MemoryError::Invalid(MemoryInputError::WorkingMemoryTooLong))
    ));
    assert_eq!(
        mem.working_memory("u").await.unwrap(),
        doc,
        "refused update changes nothing"
    );
}

async fn fill(mem: &LibsqlMemory) {
    for u in ["u2", "u1"] {
        mem.update_working_memory(u, &format!("## Name\n- {u}\n"))
            .await
            .unwrap();
        for t in 0..3 {
            let th = mem
                .create_thread(u, &format!("{u} thread {t}"))
                .await
                .unwrap();
            mem.append(u, &th.id, &[user(&format!("{u} says {t}")), coach("reply")])
                .await
                .unwrap();
            mem.append(
                u,
                &th.id,
                &[NewMessage {
                    role: Role::Tool,
                    parts: vec![Part::ToolResult {
                        id: "c1".into(),
                        name: "log_session".into(),
                        result: serde_json::json!({"ok": true, "minutes": 90}),
                        is_error: false,
                    }],
                }],
            )
            .await
            .unwrap();
        }
    }
}

#[tokio::test]
async fn export_import_export_is_identical() {
    let (_d, mem, _c) = store().await;
    fill(&mem).await;
    let mut first = Vec::new();
    let counts = export::export(mem.db(), None, &mut first).await.unwrap();
    assert_eq!(
        (counts.threads, counts.messages, counts.working_memories),
        (6, 18, 2)
    );

    let (_d2, empty, _c2) = store().await;
    let lines = export::parse(first.as_slice()).unwrap();
    export::import(empty.db(), &lines).await.unwrap();
    let mut second = Vec::new();
    export::export(empty.db(), None, &mut second).await.unwrap();
    assert_eq!(
        String::from_utf8(first.clone()).unwrap(),
        String::from_utf8(second).unwrap()
    );

    // The imported store works: recall and threads for the right user only.
    assert_eq!(empty.list_threads("u1", 0, 10).await.unwrap().len(), 3);
    assert_eq!(empty.recall("u1", "says", 10, None).await.unwrap().len(), 3);

    // One climber only.
    let mut one = Vec::new();
    let c = export::export(mem.db(), Some("u1"), &mut one)
        .await
        .unwrap();
    assert_eq!(c.threads, 3);
    assert!(!String::from_utf8(one).unwrap().contains("\"u2\""));
}

#[tokio::test]
async fn malformed_import_names_the_line_and_imports_nothing() {
    let (_d, mem, _c) = store().await;
    fill(&mem).await;
    let mut buf = Vec::new();
    export::export(mem.db(), None, &mut buf).await.unwrap();
    let text = String::from_utf8(buf).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[4] = "{\"type\":\"message\", this is not json";
    let broken = lines.join("\n");
    match export::parse(broken.as_bytes()) {
        Err(ExportError::BadLine { line, .. }) => assert_eq!(line, 5),
        other => panic!("{other:?}"),
    }
    // A file that parses but collides with existing rows rolls back entirely.
    let (_d2, target, _c2) = store().await;
    let t = target.create_thread("u1", "existing").await.unwrap();
    let mut with_dupe = text.clone();
    with_dupe.push_str(&format!(
        "{{\"type\":\"thread\",\"user_id\":\"u1\",\"id\":\"{}\",\"title\":\"x\",\"created_at\":1,\"updated_at\":1}}\n",
        t.id
    ));
    let parsed = export::parse(with_dupe.as_bytes()).unwrap();
    assert!(export::import(target.db(), &parsed).await.is_err());
    assert_eq!(
        target.list_threads("u1", 0, 50).await.unwrap().len(),
        1,
        "nothing half-imported"
    );
    assert!(target.list_threads("u2", 0, 50).await.unwrap().is_empty());

    for (bad, expect_line) in [
        ("", 1),
        ("{\"type\":\"thread\",\"user_id\":\"u\",\"id\":\"t\",\"title\":\"\",\"created_at\":1,\"updated_at\":1}", 1),
        ("{\"type\":\"header\",\"format\":\"climbingpill-memory\",\"version\":2}", 1),
        (
            "{\"type\":\"header\",\"format\":\"climbingpill-memory\",\"version\":1}\n{\"type\":\"message\",\"user_id\":\"u\",\"thread_id\":\"t\",\"id\":\"m\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"hi\"}],\"created_at\":1}",
            2,
        ),
    ] {
        match export::parse(bad.as_bytes()) {
            Err(ExportError::BadLine { line, .. }) => assert_eq!(line, expect_line, "{bad}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn recall_finds_a_climbers_old_message_however_many_others_say_the_same_word() {
    let (_d, mem, clock) = store().await;
    let mine = mem.create_thread("asker", "finger").await.unwrap();
    mem.append(
        "asker",
        &mine.id,
        &[user("my ring finger pulley felt tweaky on the crimps")],
    )
    .await
    .unwrap();
    // Afterwards, other climbers say "pulley" far more often than recall ranks at once.
    for c in 0..3 {
        let other = format!("other-{c}");
        let t = mem.create_thread(&other, "pulleys").await.unwrap();
        for i in 0..120 {
            clock.advance(1);
            mem.append(
                &other,
                &t.id,
                &[user(&format!("pulley check {i}: my pulley is fine"))],
            )
            .await
            .unwrap();
        }
    }

    let hits = mem
        .recall("asker", "how is my pulley?", 5, None)
        .await
        .unwrap();
    assert_eq!(hits.len(), 1, "only the asker's own message: {hits:?}");
    assert!(hits[0].hit.text().contains("ring finger pulley"));
    assert_eq!(hits[0].thread_id, mine.id);
    // And the others never see the asker's words.
    assert!(mem
        .recall("other-0", "tweaky crimps", 5, None)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn recall_puts_the_message_with_the_rare_word_first_however_many_newer_ones_share_a_common_one(
) {
    let (_d, mem, clock) = store().await;
    let injury = mem.create_thread("u", "injury").await.unwrap();
    mem.append(
        "u",
        &injury.id,
        &[
            user("my ring finger pulley felt tweaky"),
            coach("Rest it for a week."),
        ],
    )
    .await
    .unwrap();
    // Months of sessions later, the climber has said "pulley" hundreds of times.
    let log = mem.create_thread("u", "sessions").await.unwrap();
    for i in 0..200 {
        clock.advance(1);
        mem.append(
            "u",
            &log.id,
            &[user(&format!(
                "session {i}: pulley warm-up done, felt strong"
            ))],
        )
        .await
        .unwrap();
    }

    let hits = mem
        .recall("u", "is my ring pulley ok?", 3, None)
        .await
        .unwrap();
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0].hit.text(), "my ring finger pulley felt tweaky");
    assert_eq!(
        hits[0].after.as_ref().unwrap().text(),
        "Rest it for a week."
    );
    // Then the newest of the common-word messages.
    assert_eq!(
        hits[1].hit.text(),
        "session 199: pulley warm-up done, felt strong"
    );
    assert_eq!(
        hits[2].hit.text(),
        "session 198: pulley warm-up done, felt strong"
    );
    // Excluding the thread it sits in leaves only the sessions.
    let hits = mem
        .recall("u", "is my ring pulley ok?", 3, Some(&injury.id))
        .await
        .unwrap();
    assert!(hits.iter().all(|h| h.thread_id == log.id), "{hits:?}");
}

#[tokio::test]
async fn messages_saved_before_the_scoped_index_are_recalled_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A database as the previous release left it: migrations up to 0006, messages
        // indexed by the old trigger.
        let db = Db::open(&path).await.unwrap();
        let before: Vec<_> = migrate::embedded()
            .into_iter()
            .filter(|m| m.name.as_str() < "0007")
            .collect();
        migrate::run(&db, &before).await.unwrap();
        let conn = db.conn().await.unwrap();
        for (user, thread, text) in [
            (
                "old-a",
                "t-a",
                "My left ring finger pulley hurts after crimping",
            ),
            ("old-a", "t-a", "Stop max hangs and see a physio."),
            ("old-b", "t-b", "Heel hooks on the slab project"),
        ] {
            conn.execute(
                "INSERT OR IGNORE INTO threads (id, user_id, title, created_at, updated_at) VALUES (?1, ?2, '', 1, 1)",
                [thread, user],
            )
            .await
            .unwrap();
            let parts = serde_json::to_string(&vec![Part::Text { text: text.into() }]).unwrap();
            conn.execute(
                "INSERT INTO messages (id, thread_id, user_id, role, parts, content, created_at) \
                 VALUES (?1, ?2, ?3, 'user', ?4, ?5, 1)",
                [
                    uuid::Uuid::new_v4().to_string().as_str(),
                    thread,
                    user,
                    parts.as_str(),
                    text,
                ],
            )
            .await
            .unwrap();
        }
    }

    let mem = open(&path, Arc::new(ManualClock::new(1_800_000_000))).await;
    let hits = mem.recall("old-a", "pulley crimps", 5, None).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].thread_id, "t-a");
    assert_eq!(
        hits[0].after.as_ref().unwrap().text(),
        "Stop max hangs and see a physio."
    );
    assert!(mem
        .recall("old-b", "pulley", 5, None)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        mem.recall("old-b", "heel hook", 5, None)
            .await
            .unwrap()
            .len(),
        1
    );
    // New messages join the same index, and deleting a thread still empties its part of it.
    let t = mem.create_thread("old-a", "").await.unwrap();
    mem.append("old-a", &t.id, &[user("pulley is better now")])
        .await
        .unwrap();
    assert_eq!(
        mem.recall("old-a", "pulley", 5, None).await.unwrap().len(),
        2
    );
    mem.delete_thread("old-a", "t-a").await.unwrap();
    let left = mem.recall("old-a", "pulley", 5, None).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].thread_id, t.id);
}
