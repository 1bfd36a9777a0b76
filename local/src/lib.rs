//! The processes that put the API and the keeper together: the local runtime (`xwg-local`:
//! every route of the table and the keeper in one process, embedded store by default) and
//! a keeper task of the cloud's fleet (`xwg-keeper`: the keeper, and the event streams).

pub mod fleet;
pub mod front;
pub mod reseal;
pub mod router;
pub mod serve;
