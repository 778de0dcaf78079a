//! Stage 4, render: an [`Analysis`](crate::analyze::Analysis) to bytes or text. Renderers
//! never touch the disk or the clock.

pub mod json;
pub mod summary;
