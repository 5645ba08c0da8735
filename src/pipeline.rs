//! The batch pipeline.
