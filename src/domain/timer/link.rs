//! A timer plan as a link (`/timer?work=7&rest=3&reps=6&sets=3&set_rest=180`): how the
//! coach's timer card in the chat and the timer page share one plan, and how a climber can
//! bookmark a timer. Decoding validates like any other input.
use super::plan::TimerPlan;
use super::TimerError;

/// The timer page's path.
pub const TIMER_PATH: &str = "/timer";

/// The query keys of a timer link.
pub const LINK_KEYS: [&str; 7] = [
    "label", "prepare", "work", "rest", "reps", "sets", "set_rest",
];

impl TimerPlan {
    /// `/timer?…` with every field, so the link alone rebuilds exactly this plan.
    pub fn to_link(&self) -> String {
        format!(
            "{TIMER_PATH}?label={}&prepare={}&work={}&rest={}&reps={}&sets={}&set_rest={}",
            encode(&self.label),
            self.prepare_s,
            self.work_s,
            self.rest_s,
            self.reps,
            self.sets,
            self.set_rest_s
        )
    }

    /// The plan in a `/timer?…` link (or in its query string alone). Missing numbers take a
    /// countdown's defaults; a malformed or out-of-range one is an error, never clamped.
    pub fn from_link(link: &str) -> Result<TimerPlan, TimerError> {
        let query = match link.split_once('?') {
            Some((path, q)) if path.is_empty() || path == TIMER_PATH => q,
            Some(_) => return Err(TimerError::BadLink),
            None if link.contains('=') => link,
            None => return Err(TimerError::BadLink),
        };
        TimerPlan::from_pairs(query.split('&').filter(|p| !p.is_empty()).map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key, decode(value))
        }))
    }

    /// The plan from decoded `(key, value)` pairs, as a router hands over a query string.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, String)>,
    ) -> Result<TimerPlan, TimerError> {
        let mut plan = TimerPlan::countdown(60);
        plan.label = String::new();
        let mut has_work = false;
        for (key, value) in pairs {
            let number = || value.trim().parse::<u32>().map_err(|_| TimerError::BadLink);
            match key {
                "label" => plan.label = value.trim().chars().take(80).collect(),
                "prepare" => plan.prepare_s = number()?,
                "work" => {
                    plan.work_s = number()?;
                    has_work = true;
                }
                "rest" => plan.rest_s = number()?,
                "reps" => plan.reps = number()?,
                "sets" => plan.sets = number()?,
                "set_rest" => plan.set_rest_s = number()?,
                _ => {}
            }
        }
        if !has_work {
            return Err(TimerError::BadLink);
        }
        if plan.label.is_empty() {
            plan.label = "Timer".to_string();
        }
        plan.validate()?;
        Ok(plan)
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Undoes [`encode`] (and `+` for a space, as HTML forms send it); invalid escapes are
/// kept as typed, invalid UTF-8 replaced.
fn decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| Some(hex(*bytes.get(i + 1)?)? * 16 + hex(*bytes.get(i + 2)?)?))
            .flatten();
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, b) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeaters() -> TimerPlan {
        TimerPlan {
            label: "7:3 repeaters & more".into(),
            prepare_s: 10,
            work_s: 7,
            rest_s: 3,
            reps: 6,
            sets: 3,
            set_rest_s: 180,
        }
    }

    #[test]
    fn a_link_round_trips_every_field() {
        let plan = repeaters();
        let link = plan.to_link();
        assert!(
            link.starts_with("/timer?label=7%3A3%20repeaters%20%26%20more&"),
            "{link}"
        );
        assert_eq!(TimerPlan::from_link(&link).unwrap(), plan);
        let query = link.split_once('?').unwrap().1;
        assert_eq!(TimerPlan::from_link(query).unwrap(), plan);
        assert_eq!(TimerPlan::from_link(&format!("?{query}")).unwrap(), plan);
    }

    #[test]
    fn non_ascii_labels_survive() {
        let mut plan = repeaters();
        plan.label = "Hörst 7–53".into();
        assert_eq!(
            TimerPlan::from_link(&plan.to_link()).unwrap().label,
            "Hörst 7–53"
        );
    }

    #[test]
    fn missing_numbers_take_countdown_defaults() {
        let plan = TimerPlan::from_link("/timer?work=120").unwrap();
        assert_eq!((plan.work_s, plan.reps, plan.sets), (120, 1, 1));
        assert_eq!(plan.label, "Timer");
    }

    #[test]
    fn bad_links_are_refused_not_clamped() {
        for link in [
            "/timer",
            "/journal?work=7",
            "/timer?work=abc",
            "/timer?work=-5",
            "/timer?reps=6",
            "/timer?work=7&reps=0",
            "/timer?work=7&sets=100000",
            "/timer?work=99999999999",
        ] {
            assert!(TimerPlan::from_link(link).is_err(), "{link}");
        }
    }

    #[test]
    fn decode_tolerates_broken_escapes() {
        assert_eq!(decode("a%2"), "a%2");
        assert_eq!(decode("a%zz"), "a%zz");
        assert_eq!(decode("a+b%20c"), "a b c");
        assert_eq!(decode("%E2%80%93"), "–");
        assert_eq!(decode("é%"), "é%");
    }
}
