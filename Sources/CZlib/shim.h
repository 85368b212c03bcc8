#ifndef VIGIL_CZLIB_SHIM_H
#define VIGIL_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit is a macro in zlib.h: Swift cannot call it.
static inline int vigil_inflate_init(z_stream *stream) {
    return inflateInit(stream);
}
#endif
