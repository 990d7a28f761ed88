// epoll_pwait2 wrapper; falls back to epoll_wait, rounding the timeout up, on older kernels.
#define _GNU_SOURCE
#include "clinux_timing.h"
#include <errno.h>
#include <time.h>

int clinux_epoll_wait_ns(int epfd, struct clinux_event *out, int max, int64_t timeout_ns) {
    struct epoll_event evs[1024];
    if (max > 1024) max = 1024;
    int n;
    if (timeout_ns < 0) {
        n = epoll_wait(epfd, evs, max, -1);
    } else {
        struct timespec ts = { (time_t)(timeout_ns / 1000000000), (long)(timeout_ns % 1000000000) };
        n = epoll_pwait2(epfd, evs, max, &ts, NULL);
        if (n < 0 && errno == ENOSYS)
            n = epoll_wait(epfd, evs, max, (int)((timeout_ns + 999999) / 1000000));
    }
    if (n < 0) return errno == EINTR ? 0 : -1;
    for (int i = 0; i < n; i++) {
        out[i].events = evs[i].events;
        out[i].data = evs[i].data.u64;
    }
    return n;
}
