//! The sections of the operators' dashboard (`/admin`). Each one draws a part of
//! [`Dashboard`]: numbers as tiles, days as SVG bars, lists as tables that scroll sideways on
//! a phone rather than squeeze. Drawn by the server only ([`board_html`]): the page shows the
//! markup, so none of this is in the browser's WASM.
use leptos::prelude::*;

use crate::domain::admin::{
    human_bytes, Activity, AdminEntry, AgentOverview, Dashboard, FunnelStep, MemoryOverview,
    SlowQuery, TableGrowth,
};
use crate::domain::when::Date;
use crate::ui::components::charts::{BarList, DayBars};

/// The board's HTML: what goes inside the admin page's `<section class="page admin">`.
pub fn board_html(d: Dashboard) -> String {
    Owner::new().with(|| view! { <Board d/> }.to_html())
}

#[component]
fn Board(d: Dashboard) -> impl IntoView {
    view! {
        <h1>"Admin"</h1>
        <p class="hint">{format!("Numbers as of {}, application data in {}. Aggregates only.", utc_time(d.generated_at), d.backend)}</p>
        <nav class="admin-toc" aria-label="Dashboard sections">
            <a href="#admin-memory">"Memory"</a>
            <a href="#admin-activity">"Activity"</a>
            <a href="#admin-growth">"Data growth"</a>
            <a href="#admin-slow">"Slow queries"</a>
            <a href="#admin-funnel">"Funnel"</a>
            <a href="#admin-agent">"Agent"</a>
        </nav>
        <MemorySection memory={d.memory}/>
        <ActivitySection activity={d.activity}/>
        <GrowthSection growth={d.growth}/>
        <SlowQueries queries={d.slow_queries}/>
        <FunnelSection funnel={d.funnel}/>
        <AgentSection agent={d.agent}/>
        <AdminList admins={d.admins}/>
    }
}

/// Unix milliseconds as "2027-01-15 08:00 UTC".
pub fn utc_time(ms: i64) -> String {
    let day = Date::from_days_since_epoch(ms.div_euclid(86_400_000));
    let minutes = ms.rem_euclid(86_400_000) / 60_000;
    format!("{day} {:02}:{:02} UTC", minutes / 60, minutes % 60)
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ms(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.2} ms")
    }
}

/// A row of labelled numbers.
#[component]
pub fn Tiles(tiles: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <dl class="admin-tiles">
            {tiles.into_iter().map(|(label, value)| view! {
                <div class="admin-tile"><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
    }
}

#[component]
pub fn MemorySection(memory: MemoryOverview) -> impl IntoView {
    let tiles = vec![
        ("Threads", thousands(memory.threads)),
        ("Messages", thousands(memory.messages)),
        (
            "Working memories updated, 24 h",
            thousands(memory.working_memory_24h),
        ),
        (
            "Working memories updated, 7 days",
            thousands(memory.working_memory_7d),
        ),
    ];
    let ops = memory.operations;
    view! {
        <section class="admin-section" aria-labelledby="admin-memory">
            <h2 id="admin-memory">"Memory"</h2>
            <Tiles tiles/>
            <h3>"Latency per operation (since the server started)"</h3>
            {if ops.is_empty() {
                view! { <p class="hint">"No memory operation since the server started."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="admin-table" id="memory-latency">
                            <thead><tr>
                                <th scope="col">"Operation"</th><th scope="col" class="num">"Calls"</th>
                                <th scope="col" class="num">"p50"</th><th scope="col" class="num">"p95"</th><th scope="col" class="num">"p99"</th>
                            </tr></thead>
                            <tbody>
                                {ops.into_iter().map(|o| view! {
                                    <tr>
                                        <th scope="row"><code>{o.op}</code></th>
                                        <td class="num">{thousands(o.calls)}</td>
                                        <td class="num">{ms(o.p50_ms)}</td>
                                        <td class="num">{ms(o.p95_ms)}</td>
                                        <td class="num">{ms(o.p99_ms)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn ActivitySection(activity: Activity) -> impl IntoView {
    let a = &activity.active;
    let tiles = vec![
        ("Active climbers, 24 h", thousands(a.daily)),
        ("7 days", thousands(a.weekly)),
        ("30 days", thousands(a.monthly)),
    ];
    let logged = activity
        .days
        .iter()
        .map(|d| (d.day.clone(), d.sessions_logged))
        .collect();
    let turns = activity
        .days
        .iter()
        .map(|d| (d.day.clone(), d.coach_turns))
        .collect();
    view! {
        <section class="admin-section" aria-labelledby="admin-activity">
            <h2 id="admin-activity">"Activity"</h2>
            <Tiles tiles/>
            <div class="charts admin-charts">
                <DayBars id="sessions-logged" title="Sessions logged per day" value_label="Entries" points={logged}/>
                <DayBars id="coach-turns" title="Coach turns per day" value_label="Turns" points={turns}/>
            </div>
        </section>
    }
}

#[component]
pub fn GrowthSection(growth: Vec<TableGrowth>) -> impl IntoView {
    if growth.is_empty() {
        return view! {
            <section class="admin-section" aria-labelledby="admin-growth">
                <h2 id="admin-growth">"Data growth"</h2>
                <p class="hint">"No snapshot yet: the server records one when it starts and then once a day."</p>
            </section>
        }
        .into_any();
    }
    // Bytes on disk of all tables, per day of snapshot.
    let mut days: Vec<(String, u64)> = Vec::new();
    for t in &growth {
        for s in &t.days {
            match days.iter_mut().find(|(d, _)| *d == s.day) {
                Some((_, b)) => *b += s.bytes.unwrap_or(0),
                None => days.push((s.day.clone(), s.bytes.unwrap_or(0))),
            }
        }
    }
    days.sort();
    view! {
        <section class="admin-section" aria-labelledby="admin-growth">
            <h2 id="admin-growth">"Data growth"</h2>
            <div class="charts admin-charts">
                <DayBars id="bytes-per-day" title="Database size (all tables), per daily snapshot" value_label="Bytes" points={days}/>
            </div>
            <div class="table-scroll">
                <table class="admin-table" id="table-growth">
                    <thead><tr>
                        <th scope="col">"Table"</th><th scope="col" class="num">"Rows"</th>
                        <th scope="col" class="num">"Size"</th><th scope="col" class="num">"Rows added"</th>
                    </tr></thead>
                    <tbody>
                        {growth.into_iter().map(|t| {
                            let first = t.days.first().map_or(0, |s| s.rows);
                            let last = t.days.last().cloned();
                            let rows = last.as_ref().map_or(0, |s| s.rows);
                            let bytes = last.and_then(|s| s.bytes).map_or("—".to_string(), human_bytes);
                            let added = rows as i64 - first as i64;
                            let since = t.days.first().map(|s| s.day.clone()).unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row"><code>{t.table}</code></th>
                                    <td class="num">{thousands(rows)}</td>
                                    <td class="num">{bytes}</td>
                                    <td class="num" title={format!("since {since}")}>{format!("{added:+}")}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
pub fn SlowQueries(queries: Vec<SlowQuery>) -> impl IntoView {
    view! {
        <section class="admin-section" aria-labelledby="admin-slow">
            <h2 id="admin-slow">"Slow queries"</h2>
            <p class="hint">"The 20 slowest statements of the last 24 hours in this server process, each at its slowest."</p>
            {if queries.is_empty() {
                view! { <p class="hint">"No statement recorded yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="slow-queries" id="slow-queries">
                        {queries.into_iter().map(|q| view! {
                            <li>
                                <span class="slow-ms">{ms(q.ms)}</span>
                                <code class="slow-sql">{q.sql}</code>
                                <span class="slow-site">{q.site}" · "{q.backend}" · "{utc_time(q.at)}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn FunnelSection(funnel: Vec<FunnelStep>) -> impl IntoView {
    let started = funnel.first().map_or(0, |s| s.climbers);
    let rows = funnel
        .iter()
        .map(|s| {
            (
                format!("{}. {}", s.step, s.label),
                u32::try_from(s.climbers).unwrap_or(u32::MAX),
            )
        })
        .collect();
    view! {
        <section class="admin-section" aria-labelledby="admin-funnel">
            <h2 id="admin-funnel">"Onboarding funnel"</h2>
            <p class="hint">{format!("{started} climbers started onboarding; each bar is how many reached that step.")}</p>
            <div class="charts admin-charts">
                <BarList id="funnel" title="Climbers who reached each step" row_label="Step" value_label="Climbers"
                    rows empty="No climber has started onboarding yet."/>
            </div>
        </section>
    }
}

#[component]
pub fn AgentSection(agent: AgentOverview) -> impl IntoView {
    let turns: u64 = agent.days.iter().map(|d| d.turns).sum();
    let calls: u64 = agent.days.iter().map(|d| d.tool_calls).sum();
    let tiles = vec![
        ("Coach turns, 30 days", thousands(turns)),
        ("Tokens, 30 days", thousands(agent.tokens())),
        (
            "Tool failure rate",
            if calls == 0 {
                "no tool calls".to_string()
            } else {
                format!(
                    "{:.1} % of {}",
                    agent.tool_failure_rate() * 100.0,
                    thousands(calls)
                )
            },
        ),
        (
            "Failed turns (provider errors)",
            thousands(agent.provider_errors()),
        ),
    ];
    let tokens = agent
        .days
        .iter()
        .map(|d| (d.day.clone(), d.tokens_in + d.tokens_out))
        .collect();
    let errors = agent
        .days
        .iter()
        .map(|d| (d.day.clone(), d.errors))
        .collect();
    view! {
        <section class="admin-section" aria-labelledby="admin-agent">
            <h2 id="admin-agent">"Agent"</h2>
            <Tiles tiles/>
            <div class="charts admin-charts">
                <DayBars id="tokens-per-day" title="Tokens per day (in + out)" value_label="Tokens" points={tokens}/>
                <DayBars id="errors-per-day" title="Failed turns per day" value_label="Failed turns" points={errors}/>
            </div>
        </section>
    }
}

#[component]
pub fn AdminList(admins: Vec<AdminEntry>) -> impl IntoView {
    view! {
        <section class="admin-section" aria-labelledby="admin-admins">
            <h2 id="admin-admins">"Admins"</h2>
            <ul class="admin-list">
                {admins.into_iter().map(|a| view! {
                    <li>{a.email}<span class="hint">" since "{utc_time(a.granted_at)}</span></li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{ms, thousands, utc_time};

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(ms(0.123), "0.12 ms");
        assert_eq!(ms(12.34), "12.3 ms");
        assert_eq!(ms(1234.0), "1234 ms");
        assert_eq!(utc_time(1_800_000_000_000), "2027-01-15 08:00 UTC");
    }
}
