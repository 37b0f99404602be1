//! Lists that continue on later pages: a [`Stream`] of pages and one of items, for the
//! operations whose pagination the spec shows. Each page is an ordinary call, so retries
//! and rate limits apply to every page.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::Url;
use reqwest::header::{HeaderMap, LINK};

use super::client::ResponseFuture;
use super::error::Error;

/// Sends the request for one page: the first page for `None`, else the page the token
/// (a cursor or a URL, as the operation's pagination has it) names. The page comes back
/// with the token of the page after it, if there is one.
pub type Fetch<'a, P, B> =
    Box<dyn FnMut(Option<String>) -> ResponseFuture<'a, (P, Option<String>), B> + Send + 'a>;

/// The pages of a list, one call per page, until a page names no next one. Also usable
/// without a `Stream` library: `while let Some(page) = pages.next().await { … }`.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<'a, P, B> {
    fetch: Fetch<'a, P, B>,
    pending: Option<ResponseFuture<'a, (P, Option<String>), B>>,
    /// The token of the next page; `None` before the first call and after the last page.
    next: Option<String>,
    /// The token the latest page was asked with: a server that answers with the same
    /// token again would otherwise be asked forever.
    latest: Option<String>,
    started: bool,
    done: bool,
}

impl<'a, P, B> Pages<'a, P, B> {
    /// Pages fetched with `fetch`.
    pub fn new(fetch: Fetch<'a, P, B>) -> Self {
        Self {
            fetch,
            pending: None,
            next: None,
            latest: None,
            started: false,
            done: false,
        }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<P, Error<B>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item of every page, in order: `items_of` takes a page's items out of it.
    pub fn items<I>(self, items_of: fn(P) -> Vec<I>) -> Items<'a, P, I, B> {
        Items {
            pages: self,
            items_of,
            buffer: VecDeque::new(),
            remaining: None,
        }
    }
}

impl<P, B> Stream for Pages<'_, P, B> {
    type Item = Result<P, Error<B>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(pending) = this.pending.as_mut() {
                let outcome = match Pin::new(pending).poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(outcome) => outcome,
                };
                this.pending = None;
                return Poll::Ready(Some(match outcome {
                    Ok((page, next)) => {
                        // An empty or repeated token ends the list.
                        match next.filter(|t| !t.is_empty() && Some(t) != this.latest.as_ref()) {
                            Some(token) => this.next = Some(token),
                            None => this.done = true,
                        }
                        Ok(page)
                    }
                    Err(error) => {
                        this.done = true;
                        Err(error)
                    }
                }));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let token = if this.started {
                match this.next.take() {
                    Some(token) => Some(token),
                    None => {
                        this.done = true;
                        return Poll::Ready(None);
                    }
                }
            } else {
                None
            };
            this.started = true;
            this.latest.clone_from(&token);
            this.pending = Some((this.fetch)(token));
        }
    }
}

impl<P, B> std::fmt::Debug for Pages<'_, P, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("started", &self.started)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

/// The items of every page, in order, fetching a page only when the items before it are
/// used up; optionally at most so many. Also usable without a `Stream` library:
/// `while let Some(item) = items.next().await { … }`.
#[must_use = "streams do nothing unless polled"]
pub struct Items<'a, P, I, B> {
    pages: Pages<'a, P, B>,
    items_of: fn(P) -> Vec<I>,
    buffer: VecDeque<I>,
    remaining: Option<usize>,
}

impl<P, I: Unpin, B> Items<'_, P, I, B> {
    /// Stops after `count` items, without asking for pages beyond the one that has the
    /// last of them.
    pub fn max_items(mut self, count: usize) -> Self {
        self.remaining = Some(count);
        self
    }

    /// The next item, or `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<I, Error<B>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<I>, Error<B>> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

impl<P, I: Unpin, B> Stream for Items<'_, P, I, B> {
    type Item = Result<I, Error<B>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.remaining == Some(0) {
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffer.pop_front() {
                if let Some(remaining) = this.remaining.as_mut() {
                    *remaining -= 1;
                }
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => this.buffer.extend((this.items_of)(page)),
            }
        }
    }
}

impl<P, I, B> std::fmt::Debug for Items<'_, P, I, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// The `rel="next"` target of a `Link` header (RFC 8288), e.g. GitHub's
/// `<https://api.github.com/…&page=2>; rel="next", <…>; rel="last"`.
pub fn link_next(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|link| {
            let (target, params) = link.trim().split_once(';')?;
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            let is_next = params.split(';').any(|param| {
                param.trim().split_once('=').is_some_and(|(key, value)| {
                    key.trim().eq_ignore_ascii_case("rel")
                        && value
                            .trim()
                            .trim_matches('"')
                            .split_whitespace()
                            .any(|rel| rel.eq_ignore_ascii_case("next"))
                })
            });
            is_next.then(|| target.to_owned())
        })
}

/// The absolute URL of a next page the server named, resolved against the base URL. A
/// URL on another origin is refused: the client's credentials would go with it.
pub fn next_page_url<B>(base_url: &str, next: &str) -> Result<String, Error<B>> {
    let base = Url::parse(&format!("{base_url}/")).map_err(|e| {
        Error::InvalidRequest(format!("the base URL `{base_url}` is not a URL ({e})"))
    })?;
    let url = base
        .join(next)
        .map_err(|e| Error::InvalidRequest(format!("the next page's URL is not a URL ({e})")))?;
    if url.origin() != base.origin() {
        return Err(Error::InvalidRequest(format!(
            "the next page is on another server ({}), where the credentials must not go",
            url.origin().ascii_serialization()
        )));
    }
    Ok(url.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn link_headers_name_the_next_page() {
        let mut headers = HeaderMap::new();
        headers.insert(
            LINK,
            HeaderValue::from_static(
                r#"<https://api.github.com/repos?page=1>; rel="prev", <https://api.github.com/repos?page=3>; rel="next", <https://api.github.com/repos?page=9>; rel="last""#,
            ),
        );
        assert_eq!(
            link_next(&headers).as_deref(),
            Some("https://api.github.com/repos?page=3")
        );
        headers.insert(
            LINK,
            HeaderValue::from_static(r#"<https://x/?page=9>; rel="last""#),
        );
        assert_eq!(link_next(&headers), None);
        headers.insert(
            LINK,
            HeaderValue::from_static(r#"</items?after=5>; REL="next nofollow""#),
        );
        assert_eq!(link_next(&headers).as_deref(), Some("/items?after=5"));
    }

    #[test]
    fn next_urls_resolve_against_the_base_and_stay_on_its_origin() {
        let resolve = |next: &str| next_page_url::<()>("https://api.example.com/v1", next);
        assert_eq!(
            resolve("/v1/things?page=2").expect("same origin"),
            "https://api.example.com/v1/things?page=2"
        );
        assert_eq!(
            resolve("https://api.example.com/v1/things?cursor=x").expect("absolute"),
            "https://api.example.com/v1/things?cursor=x"
        );
        match resolve("https://evil.example.net/steal") {
            Err(Error::InvalidRequest(message)) => {
                assert!(message.contains("another server"), "{message}");
            }
            other => panic!("refused expected, got {other:?}"),
        }
    }
}
