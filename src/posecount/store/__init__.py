"""Where sessions are kept: one folder per session in the user data directory (the record,
`recording`), and the history database indexing them (`db`, `history`, rows derived from
events in `rows`, exports in `export`)."""
