//! A client for OpenAI-compatible embeddings endpoints (OpenAI, Ollama, vLLM, llama.cpp…):
//! `POST {base}/embeddings` with `{"model", "input": [..]}`.
use std::time::Duration;

use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("embeddings request failed: {0}")]
    Http(#[from] reqwest::Error),
    #[error("embeddings endpoint answered {status}: {body}")]
    Status { status: u16, body: String },
    #[error("embeddings response is not usable: {0}")]
    Malformed(String),
}

pub struct Embedder {
    client: reqwest::Client,
    url: String,
    api_key: Option<String>,
    model: String,
}

#[derive(Deserialize)]
struct Response {
    data: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    index: usize,
    embedding: Vec<f32>,
}

impl Embedder {
    pub fn new(base_url: &str, api_key: Option<String>, model: String) -> Result<Self, EmbedError> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(15))
            .build()?;
        Ok(Self {
            client,
            url: format!("{}/embeddings", base_url.trim_end_matches('/')),
            api_key,
            model,
        })
    }

    pub fn model(&self) -> &str {
        &self.model
    }

    /// One vector per input, in input order.
    pub async fn embed(&self, inputs: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut req = self
            .client
            .post(&self.url)
            .json(&serde_json::json!({ "model": self.model, "input": inputs }));
        if let Some(key) = &self.api_key {
            req = req.bearer_auth(key);
        }
        let res = req.send().await?;
        let status = res.status();
        if !status.is_success() {
            let body: String = res
                .text()
                .await
                .unwrap_or_default()
                .chars()
                .take(300)
                .collect();
            return Err(EmbedError::Status {
                status: status.as_u16(),
                body,
            });
        }
        let mut parsed: Response = res.json().await?;
        if parsed.data.len() != inputs.len() {
            return Err(EmbedError::Malformed(format!(
                "{} vectors for {} inputs",
                parsed.data.len(),
                inputs.len()
            )));
        }
        parsed.data.sort_by_key(|d| d.index);
        let dim = parsed.data[0].embedding.len();
        if dim == 0
            || parsed
                .data
                .iter()
                .any(|d| d.embedding.len() != dim || d.embedding.iter().any(|x| !x.is_finite()))
        {
            return Err(EmbedError::Malformed(
                "vectors of different or zero length".into(),
            ));
        }
        Ok(parsed.data.into_iter().map(|d| d.embedding).collect())
    }
}
