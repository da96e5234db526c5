pub mod assessment;
pub mod charts;
pub mod chat;
pub mod form;
pub mod header;
pub mod journal;
pub mod markdown;
pub mod program;
