#include <sqlite3.h>
#include "vigil_sqlite_options.h"

int vigil_sqlite_enable_uri(void) {
    return sqlite3_config(SQLITE_CONFIG_URI, 1);
}
