//! Questions about past training: the period, the grade and what is asked.
use super::*;

pub(super) fn history_query(m: &Msg, today: Date) -> Option<HistoryQuery> {
    if !(m.is_question() || m.is_request()) {
        return None;
    }
    // "since saturday": from that day; "on tuesday": that day.
    let since = m
        .find(&["since"])
        .filter(|&k| k + 1 < m.toks.len())
        .and_then(|k| parse_relative_day(&m.raw[m.toks[k + 1].start..], today));
    let period = Period::find(&m.corrected)
        .or_else(|| since.map(Period::Since))
        .or_else(|| parse_relative_day(&m.corrected, today).map(Period::On));
    let wants_count = m.has_phrase(&["how", "many|much"])
        || m.has_phrase(&["number", "of"])
        || m.has_any(&["count", "total", "tally"]);
    let past = m.has_any(&[
        "did",
        "done",
        "climbed",
        "sent",
        "sends",
        "session",
        "sessions",
        "history",
        "log",
        "logs",
        "logged",
        "logbook",
        "trained",
        "bouldered",
        "ticked",
        "flashed",
        "onsighted",
        "redpointed",
        "workouts",
        "climbs",
        "progress",
        "stats",
        "summary",
        "volume",
        "load",
    ]);
    if !(period.is_some() || wants_count || past) {
        return None;
    }
    // "how many sessions a week should I do?", "how long should a hangboard session be?":
    // how to train, answered with advice.
    if period.is_none() && super::advice::how_to_train(m) {
        return None;
    }
    // "my elbow's been aching since the weekend, golfer's elbow?" reports pain; it names a
    // period but asks nothing of the journal.
    if !(wants_count || past) && pain_report(m) {
        return None;
    }
    // "who won the olympics in 2024?" names a year but not the climber's training.
    if matches!(period, Some(Period::Year(_)))
        && !(wants_count || past || m.has_any(&["climb", "train", "boulder", "i", "my"]))
    {
        return None;
    }
    // "6C+ boulders", "5.11 routes" name the grade's discipline, not a kind of session
    // (board sessions have boulder sends too); "how often did I boulder" names the kind.
    let kind = find_activity(m)
        .filter(|(i, _)| !(*i > 0 && m.toks[*i - 1].in_grade))
        .filter(|(i, _)| !matches!(m.w(*i), "problems" | "pitches"))
        .map(|(_, a)| a)
        .filter(|a| *a != Activity::Other);
    Some(HistoryQuery {
        period: period.unwrap_or(Period::All),
        grade: m.grades.first().map(|g| g.grade.clone()),
        wants_count,
        kind,
    })
}
