//! The programs page's parts: the week view of sessions, the calendar, and generation.
mod calendar;
mod generate;
mod next;
mod session;
mod week;

pub use calendar::{FoldedCalendar, ProgramCalendar};
pub use generate::GenerateButton;
pub use next::NextSessionCard;
pub use session::SessionCard;
pub use week::WeekView;
