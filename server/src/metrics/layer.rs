//! The tower middleware that times every response into [`Metrics`]: a clock read before and
//! after, and a few relaxed atomic additions — no lock, no allocation.

use std::{
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Instant,
};

use http::{Request, Response, StatusCode};
use pin_project_lite::pin_project;
use tower::{Layer, Service};

use super::Metrics;

/// Wraps a service so each of its responses is recorded (time to the response's head; a
/// streamed body is not waited for).
#[derive(Clone)]
pub struct RecordLayer {
    metrics: Arc<Metrics>,
}

impl RecordLayer {
    pub fn new(metrics: Arc<Metrics>) -> Self {
        Self { metrics }
    }
}

impl<S> Layer<S> for RecordLayer {
    type Service = Record<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Record {
            inner,
            metrics: self.metrics.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Record<S> {
    inner: S,
    metrics: Arc<Metrics>,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for Record<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Recorded<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        Recorded {
            response: self.inner.call(request),
            started: Instant::now(),
            metrics: self.metrics.clone(),
        }
    }
}

pin_project! {
    /// A response on its way, timed from the request's arrival.
    pub struct Recorded<F> {
        #[pin]
        response: F,
        started: Instant,
        metrics: Arc<Metrics>,
    }
}

impl<F, ResBody, E> Future for Recorded<F>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let outcome = std::task::ready!(this.response.poll(cx));
        let status = match &outcome {
            Ok(response) => response.status(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        this.metrics.record_response(status, *this.started);
        Poll::Ready(outcome)
    }
}
