//! The coach agent: a tool-calling loop over a language-model provider.
//!
//! A turn: working memory + recalled messages + recent history + instructions -> provider ->
//! run the tools it asks for -> feed results back -> repeat until it answers or `max_steps`.
//! Every turn writes one run-log row (`conversation_history`), however it ends.
pub mod offline;
pub mod openai;
pub mod prompt;
pub mod provider;
pub mod tools;
mod turn;

pub use turn::{Agent, AgentError, AgentServices, AgentSettings, Turn, TurnInput};
