//! What the timer asks of the device: a monotonic clock, a beep (Web Audio), a buzz
//! (vibration) and a screen wake lock. In the browser only; on the server every call is a
//! no-op, so components can call them unconditionally from event handlers and effects.
//!
//! Everything here fails quietly: a phone without vibration, a browser that blocks audio until
//! a tap, or a wake lock refused on low battery must never stop the timer itself.

/// The tone of a cue: high for "go", low for "rest", a short tick for the last seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Go,
    Rest,
    Tick,
    Done,
}

impl Tone {
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn sound(self) -> (f32, u32) {
        // (frequency in Hz, length in ms)
        match self {
            Tone::Go => (880.0, 350),
            Tone::Rest => (440.0, 350),
            Tone::Tick => (660.0, 90),
            Tone::Done => (988.0, 900),
        }
    }
}

#[cfg(feature = "hydrate")]
mod imp {
    use std::cell::RefCell;

    use js_sys::{Function, Promise, Reflect};
    use leptos::prelude::window;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{AudioContext, OscillatorType};

    use super::Tone;

    thread_local! {
        static AUDIO: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
        static WAKE_LOCK: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    }

    pub fn now_ms() -> f64 {
        window()
            .performance()
            .map(|p| p.now())
            .unwrap_or_else(js_sys::Date::now)
    }

    /// Must first run from a click or key press: browsers only let a page start audio then.
    pub fn unlock_audio() {
        AUDIO.with(|a| {
            let mut a = a.borrow_mut();
            if a.is_none() {
                *a = AudioContext::new().ok();
            }
            if let Some(ctx) = a.as_ref() {
                let _ = ctx.resume();
            }
        });
    }

    pub fn cue(tone: Tone) {
        let (freq, ms) = tone.sound();
        AUDIO.with(|a| {
            let Some(ctx) = a.borrow().clone() else {
                return;
            };
            let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
                return;
            };
            osc.set_type(OscillatorType::Sine);
            osc.frequency().set_value(freq);
            let start = ctx.current_time();
            let end = start + f64::from(ms) / 1000.0;
            // A short fade out: an abrupt stop clicks.
            let _ = gain.gain().set_value_at_time(0.25, start);
            let _ = gain.gain().linear_ramp_to_value_at_time(0.0, end);
            let _ = osc.connect_with_audio_node(&gain);
            let _ = gain.connect_with_audio_node(&ctx.destination());
            let _ = osc.start_with_when(start);
            let _ = osc.stop_with_when(end);
        });
        let buzz = match tone {
            Tone::Tick => 0,
            Tone::Done => 600,
            _ => 200,
        };
        if buzz > 0 {
            let _ = window().navigator().vibrate_with_duration(buzz);
        }
    }

    /// `navigator.wakeLock.request("screen")`, where the browser has it.
    pub fn keep_screen_on() {
        let navigator: JsValue = window().navigator().into();
        let Ok(wake_lock) = Reflect::get(&navigator, &"wakeLock".into()) else {
            return;
        };
        if wake_lock.is_undefined() {
            return;
        }
        let Some(request) = Reflect::get(&wake_lock, &"request".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
        else {
            return;
        };
        let Some(promise) = request
            .call1(&wake_lock, &"screen".into())
            .ok()
            .and_then(|p| p.dyn_into::<Promise>().ok())
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(sentinel) = wasm_bindgen_futures::JsFuture::from(promise).await {
                release_screen();
                WAKE_LOCK.with(|w| *w.borrow_mut() = Some(sentinel));
            }
        });
    }

    pub fn release_screen() {
        if let Some(sentinel) = WAKE_LOCK.with(|w| w.borrow_mut().take()) {
            if let Some(release) = Reflect::get(&sentinel, &"release".into())
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
            {
                let _ = release.call0(&sentinel);
            }
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    use super::Tone;

    pub fn now_ms() -> f64 {
        0.0
    }
    pub fn unlock_audio() {}
    pub fn cue(_: Tone) {}
    pub fn keep_screen_on() {}
    pub fn release_screen() {}
}

pub use imp::{cue, keep_screen_on, now_ms, release_screen, unlock_audio};
