/* Native network guard (LD_PRELOAD): name lookups and non-loopback connects made from C code
 * (ONNX Runtime's telemetry, any library's resolver) are refused and appended to
 * $PREAUDIT_NET_LOG, like netguard_impl.py does for Python sockets. Built by native.py.
 *
 * Lookups are caught where a library calls the resolver (getaddrinfo, gethostbyname*,
 * gethostbyaddr): glibc's own resolver connects to the DNS server from inside libc, where a
 * preloaded connect() is not seen. connect/sendto/sendmsg catch direct connections. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void record(const char *what, const char *detail) {
    char line[512];
    int n = snprintf(line, sizeof line, "pid %d: native %s %s\n", (int)getpid(), what, detail ? detail : "(null)");
    const char *path = getenv("PREAUDIT_NET_LOG");
    int fd = path ? open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600) : 2;
    if (fd >= 0 && n > 0) {
        ssize_t ignored = write(fd, line, (size_t)(n < (int)sizeof line ? n : (int)sizeof line - 1));
        (void)ignored;
        if (fd != 2) close(fd);
    }
}

static int local_name(const char *host) {
    if (host == NULL || host[0] == '\0') return 1;
    return strcmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0 ||
           strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0;
}

static int local_addr(const struct sockaddr *sa) {
    if (sa == NULL) return 1;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        uint32_t a = ntohl(in->sin_addr.s_addr);
        return (a >> 24) == 127 || a == 0;
    }
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(a) || IN6_IS_ADDR_UNSPECIFIED(a)) return 1;
        return IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127;
    }
    return 1; /* AF_UNIX, netlink, ... */
}

static void describe(const struct sockaddr *sa, char *out, size_t size) {
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        port = ntohs(in->sin_port);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        port = ntohs(in6->sin6_port);
    }
    snprintf(out, size, "%s port %d", host, port);
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res) {
    if (!local_name(node)) {
        record("getaddrinfo", node);
        return EAI_FAIL;
    }
    return NEXT(getaddrinfo)(node, service, hints, res);
}

struct hostent *gethostbyname(const char *name) {
    if (!local_name(name)) {
        record("gethostbyname", name);
        h_errno = NO_RECOVERY;
        return NULL;
    }
    return NEXT(gethostbyname)(name);
}

struct hostent *gethostbyname2(const char *name, int af) {
    if (!local_name(name)) {
        record("gethostbyname2", name);
        h_errno = NO_RECOVERY;
        return NULL;
    }
    return NEXT(gethostbyname2)(name, af);
}

int gethostbyname_r(const char *name, struct hostent *ret, char *buf, size_t len, struct hostent **result, int *err) {
    if (!local_name(name)) {
        record("gethostbyname_r", name);
        *result = NULL;
        *err = NO_RECOVERY;
        return EAI_FAIL;
    }
    return NEXT(gethostbyname_r)(name, ret, buf, len, result, err);
}

int gethostbyname2_r(const char *name, int af, struct hostent *ret, char *buf, size_t len, struct hostent **result,
                     int *err) {
    if (!local_name(name)) {
        record("gethostbyname2_r", name);
        *result = NULL;
        *err = NO_RECOVERY;
        return EAI_FAIL;
    }
    return NEXT(gethostbyname2_r)(name, af, ret, buf, len, result, err);
}

struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type) {
    record("gethostbyaddr", "(reverse lookup)");
    h_errno = NO_RECOVERY;
    return NULL;
}

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
    if (!local_addr(addr)) {
        char where[96];
        describe(addr, where, sizeof where);
        record("connect", where);
        errno = ENETUNREACH;
        return -1;
    }
    return NEXT(connect)(fd, addr, len);
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *addr, socklen_t len) {
    if (addr != NULL && !local_addr(addr)) {
        char where[96];
        describe(addr, where, sizeof where);
        record("sendto", where);
        errno = ENETUNREACH;
        return -1;
    }
    return NEXT(sendto)(fd, buf, n, flags, addr, len);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
    if (msg != NULL && msg->msg_name != NULL && !local_addr((const struct sockaddr *)msg->msg_name)) {
        char where[96];
        describe((const struct sockaddr *)msg->msg_name, where, sizeof where);
        record("sendmsg", where);
        errno = ENETUNREACH;
        return -1;
    }
    return NEXT(sendmsg)(fd, msg, flags);
}
