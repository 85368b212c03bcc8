#ifndef VIGIL_SQLITE_OPTIONS_H
#define VIGIL_SQLITE_OPTIONS_H

/// Lets SQLite open `file:` URIs (read-only, immutable snapshots of an index in a directory
/// vigil cannot write). sqlite3_config is variadic, so Swift calls it through this. Must run
/// before the first connection opens; returns SQLite's result code.
int vigil_sqlite_enable_uri(void);

#endif
