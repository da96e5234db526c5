//! The training timer: the widget (digits, phases, controls), what it asks of the device
//! (beep, vibration, wake lock), the chat's timer card, and logging a finished timer.
mod card;
pub mod device;
mod log;
mod picker;
mod widget;

pub use card::TimerCard;
pub use picker::TimerPicker;
pub use widget::TimerWidget;
