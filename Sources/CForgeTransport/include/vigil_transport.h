// One TCP connection, plain or TLS (OpenSSL), for vigil's forge client: the only C it needs.
// Certificates are verified against the system's CA bundle (or SSL_CERT_FILE / SSL_CERT_DIR),
// with the host name checked; TLS 1.2 or newer.
#ifndef VIGIL_TRANSPORT_H
#define VIGIL_TRANSPORT_H
#include <stddef.h>

typedef struct vigil_connection vigil_connection;

// Connects to host:port (TLS when use_tls is non-zero) within timeout_ms; each later read and
// write waits at most timeout_ms. Returns NULL and a message in error (of error_size) on failure.
vigil_connection *vigil_connect(const char *host, int port, int use_tls, int timeout_ms, char *error, size_t error_size);

// Writes all of buffer; returns 0, or -1 with a message in error.
int vigil_write(vigil_connection *connection, const void *buffer, size_t length, char *error, size_t error_size);

// Reads up to capacity bytes; returns the count, 0 at the end of the stream, -1 with a message in error.
long vigil_read(vigil_connection *connection, void *buffer, size_t capacity, char *error, size_t error_size);

void vigil_close(vigil_connection *connection);

#endif
