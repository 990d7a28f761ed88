// epoll_wait with a nanosecond timeout (epoll_pwait2, Linux 5.11): the benchmark's open-loop
// sender sleeps until the next message is due, which millisecond timeouts would round away.
#ifndef CLINUX_TIMING_H
#define CLINUX_TIMING_H
#include <stdint.h>
#include "clinux.h"

// Like clinux_epoll_wait, but waits at most timeout_ns (negative: forever); up to 1024 events.
int clinux_epoll_wait_ns(int epfd, struct clinux_event *out, int max, int64_t timeout_ns);
#endif
