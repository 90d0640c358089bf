#ifndef CSHIMS_H
#define CSHIMS_H
#include <stddef.h>
#include <stdint.h>
#include <microhttpd.h>

/// Everything cshims_start_daemon needs, as one struct so that the Swift side
/// names each setting instead of passing a dozen positional arguments.
struct cshims_daemon_settings {
    /// Extra MHD_FLAG bits; the shim always adds MHD_USE_EPOLL_INTERNAL_THREAD
    /// and MHD_USE_ERROR_LOG (and MHD_USE_IPv6 for an IPv6 bind address).
    unsigned int extra_flags;
    /// Numeric IPv4 or IPv6 address to bind (no host names: no DNS at start-up).
    const char *bind_address;
    uint16_t port;
    MHD_AccessHandlerCallback access_handler;
    void *access_handler_context;
    MHD_RequestCompletedCallback completed_handler;
    void *completed_handler_context;
    /// Called once per request before any parsing; its return value becomes the
    /// request's `*con_cls`, and MHD then always calls completed_handler for it.
    void *(*uri_logger)(void *context, const char *uri, struct MHD_Connection *connection);
    void *uri_logger_context;
    unsigned int thread_pool_size;
    unsigned int connection_limit;
    unsigned int connection_timeout_seconds;
    size_t connection_memory_limit;
};

/// Result codes of cshims_start_daemon besides success.
enum cshims_start_status {
    CSHIMS_STARTED = 0,
    CSHIMS_INVALID_ADDRESS = 1,
    CSHIMS_DAEMON_FAILED = 2,
};

/// Starts a libmicrohttpd daemon with internal epoll polling thread(s), a
/// thread pool, a bounded connection count, a per-connection timeout and
/// memory limit. Wraps the variadic MHD_start_daemon. On failure *daemon_out
/// is NULL and *errno_out holds errno as left by MHD_start_daemon.
enum cshims_start_status cshims_start_daemon(const struct cshims_daemon_settings *settings,
                                             struct MHD_Daemon **daemon_out,
                                             int *errno_out);

/// The port the daemon listens on (useful when started on port 0); 0 if unknown.
uint16_t cshims_daemon_port(struct MHD_Daemon *daemon);

/// Writes the client's IP address as text into buffer; returns 0 on success.
int cshims_client_address(struct MHD_Connection *connection, char *buffer, size_t size);

#endif
