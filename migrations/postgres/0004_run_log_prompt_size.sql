-- The run log records the size of each turn's prompt (AGENT_INPUT_TOKEN_BUDGET): the
-- estimated input tokens of the first model call, and how many of the thread's recent
-- messages were sent and how many were left out to fit. NULL for runs logged before, and
-- for turns that ended before the prompt was built.
ALTER TABLE conversation_history
    ADD COLUMN prompt_tokens integer CHECK (prompt_tokens >= 0),
    ADD COLUMN history_kept integer CHECK (history_kept >= 0),
    ADD COLUMN history_dropped integer CHECK (history_dropped >= 0);
