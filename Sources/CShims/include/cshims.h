#ifndef CSHIMS_H
#define CSHIMS_H
#include <microhttpd.h>

/// Starts a libmicrohttpd daemon with its internal polling thread(s) (epoll on
/// Linux), a bounded connection count, a per-connection timeout and a thread
/// pool. Wraps the variadic MHD_start_daemon.
struct MHD_Daemon *cshims_start_daemon(unsigned int flags,
                                       uint16_t port,
                                       const char *bind_address_ipv4,
                                       MHD_AccessHandlerCallback handler,
                                       void *handler_context,
                                       MHD_RequestCompletedCallback completed,
                                       void *completed_context,
                                       unsigned int thread_pool_size,
                                       unsigned int connection_limit,
                                       unsigned int connection_timeout_seconds,
                                       size_t connection_memory_limit);

/// The port the daemon listens on (useful when started on port 0).
uint16_t cshims_daemon_port(struct MHD_Daemon *daemon);

/// Writes the client's IP address as text into buffer; returns 0 on success.
int cshims_client_address(struct MHD_Connection *connection, char *buffer, size_t size);

#endif
