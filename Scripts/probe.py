# What the probe scripts share (big-board-commands, hot-ticket, invite-storm): a release server
# on a temporary data folder, a line client, another agent pinging from a process of its own, and
# the round trip of a command with how long it held that agent meanwhile.
import multiprocessing, os, shutil, socket, subprocess, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, ".build", "release", "swarmline")


class Server:
    """BINARY on port 0 and a fresh data folder, --fsync off and no limits in the way; `flags` adds
    or overrides. Stopped (SIGTERM) and its folder removed by `stop()`."""

    def __init__(self, binary, flags=(), prefix="probe-"):
        self.data = tempfile.mkdtemp(prefix=prefix)
        self.proc = subprocess.Popen([binary or RELEASE, "--port", "0", "--data-dir", os.path.join(self.data, "d"),
                                      "--line-rate", "0", "--faq-seed", "", "--log-level", "warn", "--fsync", "off",
                                      "--max-queue", "1000000000", *flags],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.port = None
        while self.port is None:
            line = self.proc.stdout.readline()
            if not line:
                self.stop()
                raise SystemExit("%s: the server exited at start" % os.path.basename(prefix.rstrip("-")))
            if line.startswith("listening on"):
                self.port = int(line.rsplit(":", 1)[1])

    def stop(self):
        self.proc.terminate(); self.proc.wait(); shutil.rmtree(self.data, ignore_errors=True)


class Conn:
    """An agent that has said /hello and muted the board feed; `wait(marker)` consumes lines up to
    the first one holding `marker`."""

    def __init__(self, port, name):
        self.s = socket.create_connection(("127.0.0.1", port)); self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.lines = []; self.cv = threading.Condition()
        threading.Thread(target=self.pump, daemon=True).start()
        self.send(b"/hello %s\n/mute board\n/ping ready\n" % name); self.wait(b"pong ready")

    def pump(self):
        buf = b""
        while True:
            d = self.s.recv(1 << 20)
            if not d: return
            buf += d
            *done, buf = buf.split(b"\n")
            with self.cv:
                self.lines += done; self.cv.notify_all()

    def send(self, b): self.s.sendall(b)

    def wait(self, marker):
        with self.cv:
            while True:
                for i, l in enumerate(self.lines):
                    if marker in l:
                        del self.lines[:i + 1]; return
                self.cv.wait(60)


def _ping_loop(port, stop, out):
    p = Conn(port, b"pinger")
    got = []
    while not stop.is_set():
        t = time.perf_counter()
        p.send(b"/ping p\n"); p.wait(b"OK pong p")
        got.append((t, (time.perf_counter() - t) * 1000))
        time.sleep(0.001)
    out.put(got)


class Pinger:
    """Another agent sending /ping about every millisecond, from a process of its own: in a thread
    of the measuring one it would wait on Python's interpreter lock, not on the server."""

    def __init__(self, port):
        self.stopping, self.out = multiprocessing.Event(), multiprocessing.Queue()
        self.proc = multiprocessing.Process(target=_ping_loop, args=(port, self.stopping, self.out))
        self.proc.start()
        time.sleep(0.5)

    def stop(self):
        self.stopping.set(); self.got = self.out.get(); self.proc.join()

    def longest(self, start, end):
        """The longest round trip of a ping sent between two `time.perf_counter()` readings."""
        return max([ms for t, ms in self.got if start <= t <= end] or [0])


def round_trips(conn, commands, runs=5):
    """(command, median round trip ms, start, end) for each command, sent `runs` times, each
    followed by a /ping so that the reply's end is known."""
    windows = []
    for cmd in commands:
        times, start = [], time.perf_counter()
        for _ in range(runs):
            t = time.perf_counter()
            conn.send(cmd.encode() + b"\n/ping x\n"); conn.wait(b"OK pong x")
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        windows.append((cmd, times[len(times) // 2], start, time.perf_counter()))
        time.sleep(0.05)
    return windows
