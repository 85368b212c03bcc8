/*
 * GSSAPI stand-ins for vigil's one-file build (make dist).
 *
 * Debian's libgit2 is built with HTTP "Negotiate" (Kerberos) authentication, which needs
 * libgssapi_krb5, and Debian ships no static copy of it. vigil never fetches or pushes: it only
 * reads local repositories, so libgit2's network transports, and with them these functions, are
 * never called. Each stand-in fails as GSSAPI does when no mechanism is available, so that if
 * libgit2 ever reached them it would report an authentication error, never succeed.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint32_t OM_uint32;
typedef struct { OM_uint32 length; void *elements; } gss_OID_desc;
typedef gss_OID_desc *gss_OID;

#define GSS_S_FAILURE (13ul << 16)

static gss_OID_desc hostbased_service = { 10, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04" };
gss_OID GSS_C_NT_HOSTBASED_SERVICE = &hostbased_service;

static OM_uint32 unavailable(OM_uint32 *minor) {
    if (minor) *minor = 0;
    return GSS_S_FAILURE;
}

OM_uint32 gss_init_sec_context(OM_uint32 *minor, void *a, void *b, void *c, void *d, OM_uint32 e, OM_uint32 f, void *g, void *h,
                               void *i, void *j, void *k, void *l) { return unavailable(minor); }
OM_uint32 gss_import_name(OM_uint32 *minor, void *a, void *b, void *c) { return unavailable(minor); }
OM_uint32 gss_release_name(OM_uint32 *minor, void *a) { return unavailable(minor); }
OM_uint32 gss_release_buffer(OM_uint32 *minor, void *a) { return unavailable(minor); }
OM_uint32 gss_delete_sec_context(OM_uint32 *minor, void *a, void *b) { return unavailable(minor); }
OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 a, int b, void *c, OM_uint32 *d, void *e) { return unavailable(minor); }
OM_uint32 gss_indicate_mechs(OM_uint32 *minor, void *a) { return unavailable(minor); }
OM_uint32 gss_release_oid_set(OM_uint32 *minor, void *a) { return unavailable(minor); }
