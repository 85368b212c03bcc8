// One TCP connection, plain or TLS, for the forge client (see include/vigil_transport.h).
#define _GNU_SOURCE
#include "vigil_transport.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

struct vigil_connection {
    int fd;
    int timeout_ms;
    SSL_CTX *context;
    SSL *ssl;
};

static void say(char *error, size_t size, const char *what, const char *detail) {
    if (error && size) snprintf(error, size, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
}

static void say_ssl(char *error, size_t size, const char *what) {
    unsigned long code = ERR_get_error();
    char text[256] = "";
    if (code) ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    say(error, size, what, code ? text : NULL);
}

// Waits until fd is readable (or writable); 0 when ready, -1 on timeout or error.
static int wait_for(int fd, int writable, int timeout_ms) {
    struct pollfd p = { .fd = fd, .events = writable ? POLLOUT : POLLIN };
    for (;;) {
        int n = poll(&p, 1, timeout_ms);
        if (n > 0) return 0;
        if (n == 0) { errno = ETIMEDOUT; return -1; }
        if (errno != EINTR) return -1;
    }
}

static int connect_socket(const char *host, int port, int timeout_ms, char *error, size_t size) {
    struct addrinfo hints, *found = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    int status = getaddrinfo(host, service, &hints, &found);
    if (status != 0) { say(error, size, "cannot resolve the host", gai_strerror(status)); return -1; }
    int fd = -1;
    const char *why = "no address";
    for (struct addrinfo *a = found; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) { why = strerror(errno); continue; }
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        if (errno == EINPROGRESS && wait_for(fd, 1, timeout_ms) == 0) {
            int soerr = 0;
            socklen_t len = sizeof soerr;
            if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr == 0) break;
            why = strerror(soerr ? soerr : errno);
        } else {
            why = strerror(errno);
        }
        close(fd);
        fd = -1;
    }
    freeaddrinfo(found);
    if (fd < 0) { say(error, size, "cannot connect", why); return -1; }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// Common places of the system CA bundle, for a static binary whose OpenSSL was built for
// another distribution's paths.
static const char *bundles[] = {
    "/etc/ssl/certs/ca-certificates.crt",   // Debian, Ubuntu, Alpine, Arch
    "/etc/pki/tls/certs/ca-bundle.crt",     // Fedora, RHEL
    "/etc/ssl/ca-bundle.pem",               // openSUSE
    "/etc/ssl/cert.pem",                    // Alpine, macOS
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    NULL,
};

static SSL_CTX *client_context(char *error, size_t size) {
    SSL_CTX *context = SSL_CTX_new(TLS_client_method());
    if (!context) { say_ssl(error, size, "cannot set up TLS"); return NULL; }
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, NULL);
    // A close without close_notify ends the stream; HTTP's own framing (Content-Length,
    // chunked) is what tells a whole answer from a cut one.
    SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
    // SSL_CERT_FILE / SSL_CERT_DIR when set, else OpenSSL's own default paths...
    SSL_CTX_set_default_verify_paths(context);
    // ...and, unless SSL_CERT_FILE names the one bundle to trust, the system bundle where it is.
    if (!getenv("SSL_CERT_FILE")) {
        for (const char **path = bundles; *path; path++) {
            if (access(*path, R_OK) == 0 && SSL_CTX_load_verify_locations(context, *path, NULL) == 1) break;
        }
    }
    ERR_clear_error();
    return context;
}

static int handshake(vigil_connection *c, const char *host, char *error, size_t size) {
    c->context = client_context(error, size);
    if (!c->context) return -1;
    c->ssl = SSL_new(c->context);
    if (!c->ssl) { say_ssl(error, size, "cannot set up TLS"); return -1; }
    SSL_set_fd(c->ssl, c->fd);
    struct in6_addr ip6;
    struct in_addr ip4;
    int is_ip = inet_pton(AF_INET, host, &ip4) == 1 || inet_pton(AF_INET6, host, &ip6) == 1;
    if (is_ip) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), host);
    } else {
        SSL_set_tlsext_host_name(c->ssl, host);
        SSL_set_hostflags(c->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (SSL_set1_host(c->ssl, host) != 1) { say_ssl(error, size, "cannot set the host name to verify"); return -1; }
    }
    for (;;) {
        int r = SSL_connect(c->ssl);
        if (r == 1) break;
        int e = SSL_get_error(c->ssl, r);
        if ((e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) && wait_for(c->fd, e == SSL_ERROR_WANT_WRITE, c->timeout_ms) == 0) continue;
        long verify = SSL_get_verify_result(c->ssl);
        if (verify != X509_V_OK) {
            say(error, size, "the server's certificate is not trusted", X509_verify_cert_error_string(verify));
            ERR_clear_error();
        } else if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
            say(error, size, "TLS handshake timed out", NULL);
        } else {
            say_ssl(error, size, "TLS handshake failed");
        }
        return -1;
    }
    if (SSL_get_verify_result(c->ssl) != X509_V_OK) { say(error, size, "the server's certificate is not trusted", NULL); return -1; }
    return 0;
}

vigil_connection *vigil_connect(const char *host, int port, int use_tls, int timeout_ms, char *error, size_t error_size) {
    vigil_connection *c = calloc(1, sizeof *c);
    if (!c) { say(error, error_size, "out of memory", NULL); return NULL; }
    c->timeout_ms = timeout_ms;
    c->fd = connect_socket(host, port, timeout_ms, error, error_size);
    if (c->fd < 0) { free(c); return NULL; }
    if (use_tls && handshake(c, host, error, error_size) != 0) { vigil_close(c); return NULL; }
    return c;
}

int vigil_write(vigil_connection *c, const void *buffer, size_t length, char *error, size_t error_size) {
    const char *bytes = buffer;
    while (length > 0) {
        long n;
        if (c->ssl) {
            n = SSL_write(c->ssl, bytes, (int)(length > 1 << 20 ? 1 << 20 : length));
            if (n <= 0) {
                int e = SSL_get_error(c->ssl, (int)n);
                if ((e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) && wait_for(c->fd, e == SSL_ERROR_WANT_WRITE, c->timeout_ms) == 0) continue;
                say_ssl(error, error_size, "cannot send");
                return -1;
            }
        } else {
            n = send(c->fd, bytes, length, MSG_NOSIGNAL);
            if (n < 0) {
                if ((errno == EAGAIN || errno == EINTR) && wait_for(c->fd, 1, c->timeout_ms) == 0) continue;
                say(error, error_size, "cannot send", strerror(errno));
                return -1;
            }
        }
        bytes += n;
        length -= (size_t)n;
    }
    return 0;
}

long vigil_read(vigil_connection *c, void *buffer, size_t capacity, char *error, size_t error_size) {
    int chunk = capacity > (1 << 20) ? (1 << 20) : (int)capacity;
    for (;;) {
        if (c->ssl) {
            int n = SSL_read(c->ssl, buffer, chunk);
            if (n > 0) return n;
            int e = SSL_get_error(c->ssl, n);
            if (e == SSL_ERROR_ZERO_RETURN) return 0;
            if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
                if (wait_for(c->fd, e == SSL_ERROR_WANT_WRITE, c->timeout_ms) == 0) continue;
                say(error, error_size, "the server stopped answering", NULL);
                return -1;
            }
            // A peer that closes without close_notify: the end of the stream for HTTP's purposes.
            if (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) { ERR_clear_error(); return 0; }
            say_ssl(error, error_size, "cannot receive");
            return -1;
        }
        long n = recv(c->fd, buffer, (size_t)chunk, 0);
        if (n >= 0) return n;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (wait_for(c->fd, 0, c->timeout_ms) == 0) continue;
            say(error, error_size, "the server stopped answering", NULL);
            return -1;
        }
        say(error, error_size, "cannot receive", strerror(errno));
        return -1;
    }
}

void vigil_close(vigil_connection *c) {
    if (!c) return;
    if (c->ssl) { SSL_shutdown(c->ssl); SSL_free(c->ssl); }
    if (c->context) SSL_CTX_free(c->context);
    if (c->fd >= 0) close(c->fd);
    free(c);
}
