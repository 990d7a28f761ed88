// The Linux calls Swift's Glibc module does not export: epoll, eventfd, signalfd, accept4.
// _GNU_SOURCE is defined in shim.c only: defining it here makes this module clash with SwiftGlibc.
#ifndef CLINUX_H
#define CLINUX_H
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>

// epoll_event is packed on x86_64; Swift reads this unpacked copy instead.
struct clinux_event {
    uint32_t events;
    uint64_t data;
};

int clinux_epoll_create(void);
int clinux_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
// Returns the number of events copied to out (0 on EINTR), or -1 with errno.
int clinux_epoll_wait(int epfd, struct clinux_event *out, int max, int timeout_ms);

int clinux_eventfd(void);
int clinux_accept4(int fd, struct sockaddr *addr, socklen_t *len);

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread (call before any thread starts,
// so every thread inherits the mask) and returns a non-blocking signalfd that reads them.
int clinux_termination_signalfd(void);
// Reads one pending signal number from a signalfd, 0 if none.
int clinux_read_signal(int fd);

// Names the calling thread (at most 15 bytes; longer is refused): pthread_setname_np, which
// Swift's Glibc module does not export.
int clinux_set_thread_name(const char *name);

// crypt(3) through the reentrant crypt_rn: hashes `phrase` with the method, salt and cost in
// `setting` (a full hash works as its own setting). Writes the NUL-terminated result into out
// and returns its length, or -1 (unknown method, malformed setting, out too small).
int clinux_crypt(const char *phrase, const char *setting, char *out, int out_size);

extern const uint32_t CLINUX_EPOLLIN;
extern const uint32_t CLINUX_EPOLLOUT;
extern const uint32_t CLINUX_EPOLLERR;
extern const uint32_t CLINUX_EPOLLHUP;
extern const uint32_t CLINUX_EPOLLRDHUP;
// open(2)'s O_DIRECT, which needs _GNU_SOURCE.
extern const int CLINUX_O_DIRECT;
#endif
