//! The team's store: a session on the agency's PostgreSQL server, running the core's SQL
//! with SQLite's values (see `store`): the server and its migrations (`server`), a session
//! and its prepared statements (`session`), the SQL said as PostgreSQL says it (`sql`), and
//! the values both ways (`values`), many rows written at once (`bulk`).

mod bulk;
mod server;
mod session;
mod sql;
mod values;

pub use server::{TeamServer, latest_version, migrate, open, schema_version};
pub use session::{PgRow, Session};
