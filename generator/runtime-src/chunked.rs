//! Batches sent in chunks: a batch operation's inputs split into calls of at most the
//! spec's `maxItems`, sent one after the other, stopping at the first failure.

use std::future::Future;

use super::error::Error;

/// Where a chunked batch stopped.
#[derive(Debug)]
pub struct ChunkFailure<B> {
    /// The index of the chunk that failed.
    pub chunk: usize,
    /// The index, in the whole batch, of the first input of that chunk.
    pub first_input: usize,
    /// Inputs not processed: the failed chunk's and all later ones.
    pub unsent_inputs: usize,
    /// Why the chunk failed.
    pub error: Error<B>,
}

/// Calls `call` with each chunk of at most `size` inputs (at least 1), in order, until
/// one fails: the answers before the failure, and the failure.
pub async fn in_chunks<I, R, B, F, Fut>(
    inputs: &[I],
    size: usize,
    mut call: F,
) -> (Vec<R>, Option<ChunkFailure<B>>)
where
    I: Clone,
    F: FnMut(Vec<I>) -> Fut,
    Fut: Future<Output = Result<R, Error<B>>>,
{
    let size = size.max(1);
    let mut responses = Vec::new();
    for (index, chunk) in inputs.chunks(size).enumerate() {
        match call(chunk.to_vec()).await {
            Ok(response) => responses.push(response),
            Err(error) => {
                let first_input = index * size;
                let failure = ChunkFailure {
                    chunk: index,
                    first_input,
                    unsent_inputs: inputs.len() - first_input,
                    error,
                };
                return (responses, Some(failure));
            }
        }
    }
    (responses, None)
}
