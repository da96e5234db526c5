//! The coach's tool-calling loop against a local server speaking OpenAI's streaming wire
//! format, driven through the app's real router and libSQL file.
mod support;

/// The offline coach's labelled corpus and its eval (issue 17): see the file's docs.
#[path = "eval/offline_coach.rs"]
mod offline_coach_eval;

use std::time::Duration;

use axum::http::StatusCode;
use climbingpill::domain::chat::ChatEvent;
use climbingpill::server::auth::service::AuthLimits;
use climbingpill::server::stores::RunStatus;
use serde_json::{json, Value};
use support::fake_llm::{
    cut, llama_cpp_text, llama_cpp_tool_call, slow_text, text, tool_calls, FakeLlm, Refusal, Script,
};
use support::{form, TestApp};

struct Chat {
    app: TestApp,
    llm: FakeLlm,
    cookie: String,
    thread: String,
}

async fn chat(scripts: Vec<Script>, extra_env: &[(&str, &str)]) -> Chat {
    let llm = FakeLlm::start(scripts).await;
    let mut env = vec![
        ("LLM_MODEL", "fake-model"),
        ("LLM_BASE_URL", llm.base_url.as_str()),
        ("LLM_RETRIES", "1"),
        ("LLM_TIMEOUT_SECS", "1"),
    ];
    env.extend_from_slice(extra_env);
    let app = TestApp::with(&env, AuthLimits::default()).await;
    let cookie = app.signup("coach@example.com").await;
    let thread = new_thread(&app, &cookie).await;
    Chat {
        app,
        llm,
        cookie,
        thread,
    }
}

async fn new_thread(app: &TestApp, cookie: &str) -> String {
    let r = app.post("/api/chat/new", "", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    v["id"].as_str().unwrap().to_string()
}

impl Chat {
    async fn say(&self, text: &str) -> Vec<ChatEvent> {
        self.turn(&form(&[("thread_id", &self.thread), ("text", text)]))
            .await
    }

    async fn retry(&self) -> Vec<ChatEvent> {
        self.turn(&form(&[("thread_id", &self.thread)])).await
    }

    async fn turn(&self, body: &str) -> Vec<ChatEvent> {
        let r = self
            .app
            .post("/api/chat/turn", body, Some(&self.cookie))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.body
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    /// The stored thread as the page would load it: (role, text) pairs and tool cards.
    async fn stored(&self) -> Value {
        let r = self
            .app
            .post(
                "/api/chat/thread",
                &form(&[("id", &self.thread)]),
                Some(&self.cookie),
            )
            .await;
        serde_json::from_str(&r.body).unwrap()
    }

    async fn working_memory(&self, user: &str) -> String {
        self.app.state.memory.working_memory(user).await.unwrap()
    }
}

fn tokens(events: &[ChatEvent]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            ChatEvent::Token { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn final_text(events: &[ChatEvent]) -> String {
    match events.last() {
        Some(ChatEvent::Done { message }) => message.text.clone(),
        other => panic!("turn did not end with an answer: {other:?}"),
    }
}

fn error_text(events: &[ChatEvent]) -> String {
    match events.last() {
        Some(ChatEvent::Error { message }) => message.clone(),
        other => panic!("turn did not end with an error: {other:?}"),
    }
}

fn cards(events: &[ChatEvent]) -> Vec<(bool, String)> {
    events
        .iter()
        .filter_map(|e| match e {
            ChatEvent::Tool { card } => Some((card.ok, card.summary.clone())),
            _ => None,
        })
        .collect()
}

/// Tool results the app sent back to the model in request `n`.
fn tool_results(req: &Value) -> Vec<Value> {
    req["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "tool")
        .map(|m| serde_json::from_str(m["content"].as_str().unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn a_plain_answer_streams_token_by_token_and_is_kept() {
    let c = chat(vec![text(&["Keep ", "your hips ", "close."])], &[]).await;
    let events = c.say("How do I climb slabs?").await;
    assert!(
        matches!(&events[0], ChatEvent::User { message } if message.text == "How do I climb slabs?")
    );
    assert_eq!(tokens(&events), "Keep your hips close.");
    assert_eq!(final_text(&events), "Keep your hips close.");

    let req = &c.llm.requests()[0];
    assert_eq!(req["model"], "fake-model");
    assert_eq!(req["stream"], true);
    assert_eq!(
        req["max_tokens"], 4000,
        "the whole turn budget is left for the first step"
    );
    assert_eq!(req["messages"][0]["role"], "system");
    assert!(req["messages"][0]["content"]
        .as_str()
        .unwrap()
        .contains("Climber profile"));
    let last = req["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last,
        json!({"role": "user", "content": "How do I climb slabs?"})
    );
    let tools: Vec<&str> = req["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["function"]["name"].as_str().unwrap())
        .collect();
    assert!(
        tools.contains(&"remember") && tools.contains(&"update_profile"),
        "{tools:?}"
    );
    for t in req["tools"].as_array().unwrap() {
        let props = t["function"]["parameters"]["properties"].as_object();
        assert!(
            props.is_none_or(|p| !p.keys().any(|k| k.contains("user"))),
            "no tool takes a user id: {t}"
        );
    }

    let stored = c.stored().await;
    assert_eq!(stored["messages"].as_array().unwrap().len(), 2);
    assert_eq!(stored["messages"][1]["text"], "Keep your hips close.");
    assert_eq!(stored["coach"], "fake-model");

    let runs = c
        .app
        .state
        .runs
        .recent(&stored_user(&c).await, 10)
        .await
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, RunStatus::Ok);
    assert_eq!(
        (runs[0].provider.as_str(), runs[0].model.as_str()),
        ("openai-compatible", "fake-model")
    );
    assert_eq!(
        (runs[0].tokens_in, runs[0].tokens_out, runs[0].steps),
        (Some(120), Some(7), 1)
    );
}

/// The coach@example.com climber's id, read from the accounts table.
async fn stored_user(c: &Chat) -> String {
    user_id(&c.app, "coach@example.com").await
}

async fn user_id(app: &TestApp, email: &str) -> String {
    let conn = app.state.db.conn().await.unwrap();
    let mut rows = conn
        .query("SELECT id FROM accounts WHERE email = ?1", [email])
        .await
        .unwrap();
    rows.next().await.unwrap().unwrap().get(0).unwrap()
}

#[tokio::test]
async fn one_tool_call_runs_and_its_result_goes_back_to_the_model() {
    let c = chat(
        vec![
            tool_calls(&[(
                "call_1",
                "remember",
                r#"{"section":"equipment","note":"hangboard at home"}"#,
            )]),
            text(&["Noted, ", "we can use it."]),
        ],
        &[],
    )
    .await;
    let events = c.say("I have a hangboard at home").await;
    assert_eq!(
        cards(&events),
        vec![(
            true,
            "Remembered (Equipment): hangboard at home".to_string()
        )]
    );
    assert_eq!(final_text(&events), "Noted, we can use it.");
    let user = stored_user(&c).await;
    assert!(c
        .working_memory(&user)
        .await
        .contains("## Equipment\n- hangboard at home"));

    let second = &c.llm.requests()[1];
    assert_eq!(
        tool_results(second),
        vec![json!({"ok": true, "data": {"section": "Equipment", "saved": "hangboard at home"}})]
    );
    let assistant = &second["messages"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .nth(1)
        .unwrap()
        .clone();
    assert_eq!(assistant["tool_calls"][0]["function"]["name"], "remember");

    // Reloading the conversation shows the card with the answer.
    let stored = c.stored().await;
    let roles: Vec<&str> = stored["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, vec!["user", "assistant", "tool", "assistant"]);
    assert_eq!(
        stored["messages"][2]["cards"][0]["summary"],
        "Remembered (Equipment): hangboard at home"
    );
    let runs = c.app.state.runs.recent(&user, 1).await.unwrap();
    assert_eq!(
        runs[0]
            .tools
            .iter()
            .map(|t| (t.name.as_str(), t.ok))
            .collect::<Vec<_>>(),
        vec![("remember", true)]
    );
    assert_eq!(runs[0].steps, 2);
}

/// `remember` in mode `replace` must restate the section's facts it keeps: a small model once
/// overwrote the Injuries section with an unrelated sentence. Refused (to the model, with the
/// facts it would drop) until the note restates them or `confirm_replace` says they are gone.
#[tokio::test]
async fn a_replace_that_would_drop_an_injury_is_refused_until_restated_or_confirmed() {
    let c = chat(
        vec![
            tool_calls(&[(
                "r1",
                "remember",
                r#"{"section":"injuries","note":"The climber is friendly","mode":"replace"}"#,
            )]),
            tool_calls(&[(
                "r2",
                "remember",
                r#"{"section":"injuries","note":"A2 pulley on the mend, easy crimps only","mode":"replace"}"#,
            )]),
            tool_calls(&[(
                "r3",
                "remember",
                r#"{"section":"injuries","note":"none","mode":"replace","confirm_replace":true}"#,
            )]),
            text(&["Done."]),
        ],
        &[],
    )
    .await;
    let user = stored_user(&c).await;
    c.app
        .state
        .memory
        .update_working_memory(&user, "## Injuries\n- A2 pulley tweak, left ring finger\n")
        .await
        .unwrap();
    let events = c
        .say("my finger is much better now, actually fully healed")
        .await;
    let shown = cards(&events);
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert!(!shown[0].0, "{shown:?}");
    assert!(shown[1].0 && shown[2].0, "{shown:?}");
    let requests = c.llm.requests();
    let refused = &tool_results(&requests[1])[0];
    assert_eq!(refused["ok"], false);
    let why = refused["error"].as_str().unwrap();
    assert!(
        why.contains("A2 pulley tweak, left ring finger") && why.contains("confirm_replace"),
        "{why}"
    );
    // The restating replace went through and returned what it replaced.
    assert_eq!(
        tool_results(&requests[2])[1],
        json!({"ok": true, "data": {"section": "Injuries",
            "saved": "A2 pulley on the mend, easy crimps only",
            "previous": ["A2 pulley tweak, left ring finger"]}})
    );
    assert!(c
        .working_memory(&user)
        .await
        .contains("## Injuries\n- none"));
}

#[tokio::test]
async fn two_tool_calls_in_one_step_both_run() {
    let c = chat(
        vec![
            tool_calls(&[
                (
                    "a",
                    "remember",
                    r#"{"section":"goals","note":"7c by June"}"#,
                ),
                ("b", "update_profile", r#"{"goals":"Climb 7c by June"}"#),
            ]),
            text(&["Goal set."]),
        ],
        &[],
    )
    .await;
    let events = c.say("my goal is 7c by June").await;
    assert_eq!(
        cards(&events),
        vec![
            (true, "Remembered (Goals): 7c by June".to_string()),
            (true, "Updated your profile: goals".to_string()),
        ]
    );
    let user = stored_user(&c).await;
    assert_eq!(
        c.app.state.profiles.get(&user).await.unwrap().goals,
        "Climb 7c by June"
    );
    assert_eq!(tool_results(&c.llm.requests()[1]).len(), 2);
}

#[tokio::test]
async fn malformed_arguments_go_back_to_the_model_which_corrects_them() {
    let c = chat(
        vec![
            tool_calls(&[("x", "remember", r#"{"section":"equipment","note":"#)]),
            tool_calls(&[(
                "y",
                "remember",
                r#"{"section":"equipment","note":"campus board"}"#,
            )]),
            text(&["Saved."]),
        ],
        &[],
    )
    .await;
    let events = c.say("I have a campus board").await;
    let shown = cards(&events);
    assert!(
        !shown[0].0 && shown[0].1.contains("unreadable"),
        "{shown:?}"
    );
    assert_eq!(
        shown[1],
        (true, "Remembered (Equipment): campus board".to_string())
    );
    let fed_back = tool_results(&c.llm.requests()[1]);
    assert_eq!(fed_back[0]["ok"], false);
    assert!(
        fed_back[0]["error"]
            .as_str()
            .unwrap()
            .contains("not valid JSON"),
        "{fed_back:?}"
    );
    assert_eq!(final_text(&events), "Saved.");

    // Arguments of the wrong shape are refused by the schema's type, before the tool runs.
    c.llm.push(tool_calls(&[(
        "z",
        "remember",
        r#"{"section":"feelings","note":"x"}"#,
    )]));
    c.llm.push(text(&["Sorry."]));
    let events = c.say("remember this").await;
    assert!(!cards(&events)[0].0);
    let fed_back = tool_results(c.llm.requests().last().unwrap());
    let fed_back = &fed_back[fed_back.len() - 1..];
    assert!(
        fed_back[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("invalid arguments"),
        "{fed_back:?}"
    );
}

#[tokio::test]
async fn an_unknown_tool_is_reported_to_the_model() {
    let c = chat(
        vec![
            tool_calls(&[("u", "delete_everything", "{}")]),
            text(&["I can't do that."]),
        ],
        &[],
    )
    .await;
    let events = c.say("wipe my data").await;
    assert_eq!(
        cards(&events),
        vec![(
            false,
            "The coach tried a tool that doesn't exist".to_string()
        )]
    );
    let fed_back = tool_results(&c.llm.requests()[1]);
    assert!(fed_back[0]["error"]
        .as_str()
        .unwrap()
        .contains("unknown tool `delete_everything`"));
    assert_eq!(final_text(&events), "I can't do that.");
}

#[tokio::test]
async fn max_steps_ends_the_turn_with_an_explanation() {
    let call = || tool_calls(&[("s", "get_profile", "{}")]);
    let c = chat(vec![call(), call(), call()], &[("AGENT_MAX_STEPS", "2")]).await;
    let events = c.say("loop forever").await;
    assert_eq!(cards(&events).len(), 2);
    assert!(final_text(&events).contains("within 2 steps"));
    assert_eq!(c.llm.requests().len(), 2);
    let user = stored_user(&c).await;
    assert_eq!(
        c.app.state.runs.recent(&user, 1).await.unwrap()[0].status,
        RunStatus::MaxSteps
    );
}

#[tokio::test]
async fn provider_errors_keep_the_message_and_retry_answers_it() {
    // 500 twice (first try + one retry), then the climber presses Retry.
    let c = chat(
        vec![
            Script::Status(500),
            Script::Status(500),
            text(&["Back again."]),
        ],
        &[],
    )
    .await;
    let events = c.say("Plan my week").await;
    let err = error_text(&events);
    assert!(
        err.contains("had an error") && err.contains("message is saved"),
        "{err}"
    );
    let stored = c.stored().await;
    assert_eq!(stored["messages"].as_array().unwrap().len(), 1);
    assert_eq!(stored["messages"][0]["text"], "Plan my week");
    let user = stored_user(&c).await;
    let run = &c.app.state.runs.recent(&user, 1).await.unwrap()[0];
    assert_eq!(run.status, RunStatus::Error);
    assert!(run.error.as_deref().unwrap().contains("500"));

    let events = c.retry().await;
    assert!(
        !events.iter().any(|e| matches!(e, ChatEvent::User { .. })),
        "retry stores nothing new"
    );
    assert_eq!(final_text(&events), "Back again.");
    let stored = c.stored().await;
    let texts: Vec<&str> = stored["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, vec!["Plan my week", "Back again."]);

    // Nothing left to retry now.
    let r = c
        .app
        .post(
            "/api/chat/turn",
            &form(&[("thread_id", &c.thread)]),
            Some(&c.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn retry_after_a_failure_past_a_tool_call_carries_on_from_the_tool_results() {
    // Step 1 calls a tool; step 2 fails (500 on both tries); Retry must still be possible,
    // continue from the tool's result, and not run the tool a second time.
    let c = chat(
        vec![
            tool_calls(&[("p1", "get_profile", "{}")]),
            Script::Status(500),
            Script::Status(500),
            text(&["Your profile is empty so far."]),
        ],
        &[],
    )
    .await;
    let events = c.say("What do you know about me?").await;
    assert_eq!(cards(&events).len(), 1);
    assert!(error_text(&events).contains("message is saved"));

    let events = c.retry().await;
    assert!(cards(&events).is_empty(), "the tool does not run again");
    assert_eq!(final_text(&events), "Your profile is empty so far.");
    let requests = c.llm.requests();
    let last = requests.last().unwrap();
    assert_eq!(
        tool_results(last).len(),
        1,
        "the model sees the earlier result"
    );
    let stored = c.stored().await;
    let roles: Vec<&str> = stored["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, vec!["user", "assistant", "tool", "assistant"]);
}

#[tokio::test]
async fn rate_limits_are_retried_before_the_first_token() {
    let c = chat(vec![Script::Status(429), text(&["Fine."])], &[]).await;
    assert_eq!(final_text(&c.say("hello").await), "Fine.");
    assert_eq!(c.llm.requests().len(), 2);

    c.llm.push(Script::Status(429));
    c.llm.push(Script::Status(429));
    let err = error_text(&c.say("again").await);
    assert!(err.contains("busy"), "{err}");
}

#[tokio::test]
async fn a_silent_provider_times_out_with_a_clear_message() {
    let slow = || Script::Wait(Duration::from_secs(3), Box::new(text(&["late"])));
    let c = chat(vec![slow(), slow()], &[]).await;
    let err = error_text(&c.say("hello?").await);
    assert!(
        err.contains("took too long") && err.contains("Retry"),
        "{err}"
    );
    assert_eq!(c.stored().await["messages"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_stream_cut_midway_is_an_error_and_nothing_half_is_stored() {
    let c = chat(vec![cut(&["Warm up for ", "twen"])], &[]).await;
    let events = c.say("How long should I warm up?").await;
    assert_eq!(tokens(&events), "Warm up for twen");
    assert!(error_text(&events).contains("cut off"));
    let stored = c.stored().await;
    assert_eq!(
        stored["messages"].as_array().unwrap().len(),
        1,
        "the half answer is not kept"
    );
}

/// llama.cpp's server with `chatml-function-calling` refuses `stream: true` when tools are
/// offered with `tool_choice: "auto"`: as a 500 saying so, or (llama-cpp-python 0.3) as a
/// stream of pings that closes without a chunk. The coach asks that step again without
/// streaming and delivers the whole answer (no "cut off"), and asks that server without
/// streaming from then on: no refused request per step.
#[tokio::test]
async fn a_server_that_cannot_stream_with_tools_is_asked_without_streaming() {
    for refusal in [Refusal::Status, Refusal::EmptyStream] {
        let c = chat(
            vec![
                llama_cpp_tool_call(
                    "call__0_remember_c",
                    "remember",
                    r#"{"section": "equipment", "note": "hangboard at home"}"#,
                    refusal,
                ),
                llama_cpp_text("Noted: the hangboard at home.", refusal),
                llama_cpp_text("Easy mileage today, then rest.", refusal),
            ],
            &[],
        )
        .await;
        let events = c.say("I have a hangboard at home").await;
        assert_eq!(
            cards(&events),
            vec![(
                true,
                "Remembered (Equipment): hangboard at home".to_string()
            )],
            "{refusal:?}"
        );
        assert_eq!(tokens(&events), "Noted: the hangboard at home.");
        assert_eq!(final_text(&events), "Noted: the hangboard at home.");

        let events = c.say("what should I do today?").await;
        assert_eq!(final_text(&events), "Easy mileage today, then rest.");
        let stored = c.stored().await;
        assert_eq!(
            stored["messages"].as_array().unwrap().len(),
            6,
            "both turns kept: {refusal:?}"
        );
        // One refused streaming request, then every step without streaming.
        let streamed: Vec<bool> = c
            .llm
            .requests()
            .iter()
            .map(|r| r["stream"] == true)
            .collect();
        assert_eq!(streamed, [true, false, false, false], "{refusal:?}");
        let runs = c
            .app
            .state
            .runs
            .recent(&stored_user(&c).await, 1)
            .await
            .unwrap();
        assert_eq!(runs[0].status, RunStatus::Ok);
        assert_eq!(
            (runs[0].tokens_in, runs[0].tokens_out),
            (Some(90), Some(12))
        );
    }
}

#[tokio::test]
async fn a_hostile_model_cannot_reach_another_climbers_data() {
    let c = chat(vec![], &[]).await;
    let me = stored_user(&c).await;
    // Another climber with a secret in their memory and conversations.
    let other_cookie = c.app.signup("other@example.com").await;
    let other_thread = new_thread(&c.app, &other_cookie).await;
    let other_user = user_id(&c.app, "other@example.com").await;
    c.app
        .state
        .memory
        .update_working_memory(&other_user, "## Injuries\n- secret shoulder\n")
        .await
        .unwrap();
    c.app
        .post(
            "/api/chat/turn",
            &form(&[
                ("thread_id", &other_thread),
                ("text", "zebra crimps secret"),
            ]),
            Some(&other_cookie),
        )
        .await;
    let before = c
        .app
        .state
        .memory
        .working_memory(&other_user)
        .await
        .unwrap();

    c.llm.push(tool_calls(&[
        ("h1", "remember", &format!(r#"{{"section":"injuries","note":"none","mode":"replace","user_id":"{other_user}"}}"#)),
        ("h2", "search_conversations", r#"{"query":"zebra crimps secret"}"#),
        ("h3", "update_profile", &format!(r#"{{"display_name":"pwned","user":"{other_user}"}}"#)),
    ]));
    c.llm.push(text(&["Done."]));
    let events = c.say("do your worst").await;
    let shown = cards(&events);
    assert!(
        !shown[0].0 && !shown[2].0,
        "stray id arguments are refused: {shown:?}"
    );
    assert!(shown[1].1.contains("nothing found"), "{shown:?}");
    assert_eq!(
        c.app
            .state
            .memory
            .working_memory(&other_user)
            .await
            .unwrap(),
        before
    );
    assert_eq!(
        c.app
            .state
            .profiles
            .get(&other_user)
            .await
            .unwrap()
            .display_name,
        ""
    );
    assert!(!c
        .app
        .state
        .memory
        .working_memory(&me)
        .await
        .unwrap()
        .contains("none"));
}

#[tokio::test]
async fn stop_ends_a_running_turn() {
    let c = chat(
        vec![slow_text(
            &["one ", "two ", "three ", "four"],
            Duration::from_millis(300),
        )],
        &[("LLM_TIMEOUT_SECS", "5")],
    )
    .await;
    let body = form(&[("thread_id", &c.thread), ("text", "count slowly")]);
    let stop = async {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        c.app
            .post(
                "/api/chat/stop",
                &form(&[("id", "ignored"), ("thread_id", &c.thread)]),
                Some(&c.cookie),
            )
            .await
    };
    let (events, stopped) = tokio::join!(c.turn(&body), stop);
    assert_eq!(stopped.body, "true");
    assert_eq!(events.last(), Some(&ChatEvent::Stopped));
    assert!(tokens(&events).starts_with("one"));
    let user = stored_user(&c).await;
    assert_eq!(
        c.app.state.runs.recent(&user, 1).await.unwrap()[0].status,
        RunStatus::Cancelled
    );
    // Only the climber's message is kept; the thread is free for the next turn.
    assert_eq!(c.stored().await["messages"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_token_budget_spans_the_turns_steps() {
    let call = || tool_calls(&[("s", "get_profile", "{}")]);
    let c = chat(
        vec![call(), call(), call()],
        &[("AGENT_TOKEN_BUDGET", "100")],
    )
    .await;
    let events = c.say("keep going").await;
    let asked: Vec<Value> = c
        .llm
        .requests()
        .iter()
        .map(|r| r["max_tokens"].clone())
        .collect();
    // Each tool step spends 50 output tokens: 100, then 50, then nothing is left.
    assert_eq!(asked, vec![json!(100), json!(50)]);
    assert!(final_text(&events).contains("couldn't finish"));
    let user = stored_user(&c).await;
    let run = &c.app.state.runs.recent(&user, 1).await.unwrap()[0];
    assert_eq!((run.tokens_in, run.tokens_out), (Some(400), Some(100)));
}

#[tokio::test]
async fn leaving_the_page_cancels_the_turn_and_the_model_request() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let c = chat(
        vec![slow_text(
            &["one ", "two ", "three ", "four ", "five"],
            Duration::from_millis(200),
        )],
        &[("LLM_TIMEOUT_SECS", "5")],
    )
    .await;
    let body = form(&[("thread_id", &c.thread), ("text", "count slowly")]);
    let req = Request::post("/api/chat/turn")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &c.cookie)
        .body(Body::from(body))
        .unwrap();
    let res = c.app.router.clone().oneshot(req).await.unwrap();
    let mut res_body = res.into_body();
    // Read until the first token arrives, then hang up like a closed tab.
    let mut seen = String::new();
    while !seen.contains("\"type\":\"token\"") {
        let frame = res_body.frame().await.unwrap().unwrap();
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
    drop(res_body);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        c.llm.abandoned(),
        1,
        "the upstream model request was dropped"
    );
    let user = stored_user(&c).await;
    let run = &c.app.state.runs.recent(&user, 1).await.unwrap()[0];
    assert_eq!(run.status, RunStatus::Cancelled);
    // The thread is free again: a new turn is accepted.
    c.llm.push(text(&["Back."]));
    assert_eq!(final_text(&c.say("still there?").await), "Back.");
}

#[tokio::test]
async fn a_model_walks_the_assessment_builds_a_program_and_ticks_off_a_session() {
    let background = r#"{"step":"background","answers":{"years_climbing":"3","hardest_boulder":"V4","days_per_week":"7","session_minutes":"90","equipment":"gym, hangboard"}}"#;
    let c = chat(
        vec![
            tool_calls(&[("a", "save_assessment_step", background)]),
            tool_calls(&[(
                "b",
                "save_assessment_step",
                r#"{"step":"background","answers":{"days_per_week":"3"}}"#,
            )]),
            tool_calls(&[(
                "c",
                "save_assessment_step",
                r#"{"step":"tests","answers":{"bodyweight_kg":"68","max_hang_added_kg":"5","max_hang_seconds":"10"}}"#,
            )]),
            tool_calls(&[("d", "generate_program", "{}")]),
            // A user id smuggled into the arguments is refused, not used.
            tool_calls(&[(
                "e",
                "complete_session",
                r#"{"rpe":6,"user_id":"someone-else"}"#,
            )]),
            // The test clock is Friday 2027-01-15 and the program starts on Monday: nothing is
            // due, so "I did today's session" must not tick off a future one.
            tool_calls(&[("f", "complete_session", r#"{"rpe":6}"#)]),
            text(&["All set."]),
        ],
        // Seven model steps; the default cap is six.
        &[("AGENT_MAX_STEPS", "10")],
    )
    .await;
    let events = c.say("assess me and build my program").await;
    let cards = cards(&events);
    assert_eq!(cards.len(), 6, "{cards:?}");
    assert!(!cards[0].0, "7 days a week is refused: {cards:?}");
    assert!(cards[1].0 && cards[2].0, "{cards:?}");
    assert_eq!(cards[2].1, "Assessment saved: your results are ready");
    assert!(cards[3].1.starts_with("Program ready:"), "{cards:?}");
    assert!(!cards[4].0, "{cards:?}");
    assert!(!cards[5].0, "{cards:?}");
    assert_eq!(final_text(&events), "All set.");

    // What the model was told: the field to fix, and the refusal of the stray argument.
    let refused = &tool_results(&c.llm.requests()[1])[0];
    assert!(
        refused["error"].as_str().unwrap().contains("days_per_week"),
        "{refused}"
    );
    let stray = tool_results(&c.llm.requests()[5]).pop().unwrap();
    assert!(
        stray["error"].as_str().unwrap().contains("user_id"),
        "{stray}"
    );

    let nothing_due = tool_results(&c.llm.requests()[6]).pop().unwrap();
    assert!(
        nothing_due["error"]
            .as_str()
            .unwrap()
            .contains("No session was planned for today or earlier"),
        "{nothing_due}"
    );

    let user = stored_user(&c).await;
    let view = c.app.state.programs.current(&user).await.unwrap().unwrap();
    assert_eq!(view.done, 0);
    assert_eq!(view.sessions.len(), view.program.plan.weeks.len() * 3);
    let report = c.app.state.assessments.report(&user).await.unwrap();
    assert_eq!(report.history.len(), 1);
}

/// A coach asks their agent about an athlete (issue 21): the model reads the shared journal
/// for that turn, but the thread keeps only the card, so neither a later turn's request nor
/// the stored conversation holds the athlete's notes once the turn is over (unsharing or
/// leaving then holds for what was read before).
#[tokio::test]
async fn an_athletes_shared_data_is_read_for_the_turn_and_not_kept_in_the_coachs_thread() {
    use support::post_json;
    let c = chat(
        vec![
            tool_calls(&[("c1", "athlete_summary", r#"{"athlete":"Bea"}"#)]),
            text(&["Bea had a good session."]),
            text(&["Nothing new."]),
        ],
        &[],
    )
    .await;
    let app = &c.app;
    let athlete = app.signup("athlete@example.com").await;
    let ok = |r: support::Reply| {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        serde_json::from_str::<Value>(&r.body).unwrap()
    };
    let team = ok(post_json(
        app,
        "/api/team/create",
        json!({"name": "Crimpers"}),
        &c.cookie,
    )
    .await);
    let link = ok(post_json(app, "/api/team/invite", json!({"team_id": team}), &c.cookie).await);
    let token = link["path"]
        .as_str()
        .unwrap()
        .trim_start_matches("/invite/");
    let sharing =
        json!({"journal": true, "assessments": false, "programs": false, "progress": false});
    ok(post_json(
        app,
        "/api/team/invite/accept",
        json!({"token": token, "name": "Bea", "sharing": sharing}),
        &athlete,
    )
    .await);
    ok(post_json(
        app,
        "/api/journal/save",
        json!({"id": null, "entry": {"date": "2027-01-14", "kind": "bouldering",
               "duration_min": "90", "rpe": "7", "notes": "Project burns", "pain": []}}),
        &athlete,
    )
    .await);

    let events = c.say("how is Bea doing?").await;
    assert_eq!(final_text(&events), "Bea had a good session.");
    assert_eq!(cards(&events), vec![(true, "Looked at Bea".to_string())]);
    let requests = c.llm.requests();
    let sent = tool_results(&requests[1]);
    assert!(
        sent[0].to_string().contains("Project burns"),
        "the model reads the shared journal in the turn: {sent:?}"
    );

    c.say("anything else?").await;
    let requests = c.llm.requests();
    let later = requests[2].to_string();
    assert!(!later.contains("Project burns"), "{later}");
    assert!(later.contains("not kept"), "{later}");
    let stored = c.stored().await.to_string();
    assert!(!stored.contains("Project burns"), "{stored}");
    assert!(stored.contains("Looked at Bea"), "the card stays: {stored}");
}
