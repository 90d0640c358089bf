#include "cshims.h"
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

enum cshims_start_status cshims_start_daemon(const struct cshims_daemon_settings *settings,
                                             struct MHD_Daemon **daemon_out,
                                             int *errno_out) {
    *daemon_out = NULL;
    *errno_out = 0;

    /* Both address structs live until MHD_start_daemon returns: MHD binds the
       listening socket inside that call and keeps no pointer to them. */
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
    memset(&v4, 0, sizeof v4);
    memset(&v6, 0, sizeof v6);
    const struct sockaddr *address;
    unsigned int flags = settings->extra_flags | MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;

    /* An unparsable address is an error, never a silent fallback: binding
       somewhere the operator did not ask for hides misconfiguration. */
    if (settings->bind_address != NULL && inet_pton(AF_INET, settings->bind_address, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(settings->port);
        address = (const struct sockaddr *)&v4;
    } else if (settings->bind_address != NULL && inet_pton(AF_INET6, settings->bind_address, &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(settings->port);
        address = (const struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
    } else {
        return CSHIMS_INVALID_ADDRESS;
    }

    /* Variadic arguments must have exactly the types MHD reads with va_arg:
       unsigned int for counts and timeouts, size_t for the memory limit. */
    errno = 0;
    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags, settings->port, NULL, NULL,
        settings->access_handler, settings->access_handler_context,
        MHD_OPTION_SOCK_ADDR, address,
        MHD_OPTION_URI_LOG_CALLBACK, settings->uri_logger, settings->uri_logger_context,
        MHD_OPTION_NOTIFY_COMPLETED, settings->completed_handler, settings->completed_handler_context,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)settings->thread_pool_size,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)settings->connection_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)settings->connection_timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)settings->connection_memory_limit,
        MHD_OPTION_END);
    if (daemon == NULL) {
        *errno_out = errno;
        return CSHIMS_DAEMON_FAILED;
    }
    *daemon_out = daemon;
    return CSHIMS_STARTED;
}

uint16_t cshims_daemon_port(struct MHD_Daemon *daemon) {
    if (daemon == NULL) return 0;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

int cshims_client_address(struct MHD_Connection *connection, char *buffer, size_t size) {
    if (connection == NULL || buffer == NULL || size == 0) return -1;
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) return -1;
    const struct sockaddr *address = info->client_addr;
    if (address->sa_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)address;
        return inet_ntop(AF_INET, &v4->sin_addr, buffer, (socklen_t)size) ? 0 : -1;
    }
    if (address->sa_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)address;
        return inet_ntop(AF_INET6, &v6->sin6_addr, buffer, (socklen_t)size) ? 0 : -1;
    }
    return -1;
}
