//! stack helpers
