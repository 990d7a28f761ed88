#!/usr/bin/env bash
# A one-minute scripted incident against a fresh Swarmline server, printed as a transcript:
# a monitoring bot opens a P1 over JSON, agents swarm by skill, look up the FAQ, claim, hand off,
# resolve and export the timeline. Each agent is a plain TCP line client (nc when installed,
# otherwise bash's /dev/tcp), exactly what a person at a terminal would use.
#
#   Scripts/demo.sh                 build (debug) and run
#   SWARMLINE_BIN=path Scripts/demo.sh   use an existing binary
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${SWARMLINE_BIN:-}"
if [ -z "$bin" ]; then
    swift build --product swarmline >/dev/null
    bin="$(swift build --show-bin-path)/swarmline"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/swarmline-demo.XXXXXX")"
server_pid=""
agents=()
cleanup() {
    for a in "${agents[@]}"; do eval "exec {fd_$a}>&-" 2>/dev/null || true; done
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    jobs -p | xargs -r kill 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$bin" --port 0 --data-dir "$work/data" --line-rate 0 >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
port="$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/server.out")"
[ -n "$port" ] || { echo "demo: the server did not start"; cat "$work/server.log"; exit 1; }

# connect NAME: a client whose input is a fifo we write to and whose output goes to a file.
connect() {
    local name="$1"
    mkfifo "$work/$name.in"
    if command -v nc >/dev/null; then
        nc 127.0.0.1 "$port" <"$work/$name.in" >"$work/$name.out" &
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port"; cat <&3 >"$work/$name.out" & cat >&3; wait) <"$work/$name.in" &
    fi
    eval "exec {fd_$name}>\"$work/$name.in\""
    : >"$work/$name.seen"
    agents+=("$name")
}

# say NAME LINE: type a line as NAME.
say() {
    local name="$1"; shift
    local fd; eval "fd=\$fd_$name"
    printf '%s\n' "$*" >&"$fd"
    printf '\n%-9s> %s\n' "$name" "$*"
}

# expect NAME TEXT: wait (up to 10 s) until NAME has received a line containing TEXT, then print
# everything NAME received since the last look.
expect() {
    local name="$1" text="$2"
    for _ in $(seq 200); do
        if tr -d '\r' <"$work/$name.out" | tail -n +"$(( $(wc -l <"$work/$name.seen") + 1 ))" | grep -qF -- "$text"; then
            break
        fi
        sleep 0.05
    done
    local new; new="$(tr -d '\r' <"$work/$name.out" | tail -n +"$(( $(wc -l <"$work/$name.seen") + 1 ))")"
    if ! grep -qF -- "$text" <<<"$new"; then
        echo "demo: $name never saw: $text"; echo "--- $name got:"; tr -d '\r' <"$work/$name.out"; exit 1
    fi
    printf '%s\n' "$new" | sed "s/^/  $name | /"
    tr -d '\r' <"$work/$name.out" >"$work/$name.seen"
}

echo "== Swarmline demo: a VPN outage, swarmed (server on 127.0.0.1:$port)"

connect pagerbot
expect pagerbot "Swarmline"
say pagerbot '/format json'
expect pagerbot '"format json"'
say pagerbot '{"id": 1, "line": "/hello pagerbot"}'
expect pagerbot '"id":1'

for who in alice bob carol; do connect "$who"; expect "$who" "Swarmline"; done
say alice '/hello alice'
expect alice 'OK hello alice'
say bob '/hello bob'
expect bob 'OK hello bob'
say bob '/skills +vpn +network'
expect bob 'OK'
say carol '/hello carol'
expect carol 'OK hello carol'
say carol '/skills +database'
expect carol 'OK'

echo; echo "== Monitoring opens a P1 through JSON mode"
say pagerbot '{"id": 2, "line": "/open P1 VPN down for the Berlin office"}'
expect pagerbot '"id":2'
expect alice 'opened #1 P1'

echo; echo "== alice joins, asks swarmbot, and summons people who know VPNs"
say alice '/join #1'
expect alice 'OK joined #1'
say alice '!faq vpn'
expect alice 'OK'
say alice '/swarm #1 vpn users in Berlin cannot connect since 09:10'
expect alice 'OK'
expect bob '/accept #1'
say bob '/accept #1'
expect bob 'OK'
say bob 'tunnel to the Berlin concentrator flaps every 30s'
expect alice 'bob: tunnel to the Berlin concentrator flaps'

echo; echo "== alice claims the ticket, then hands it to bob"
say alice '/claim #1'
expect alice 'OK claimed #1'
say alice '/handoff #1 bob you know the concentrator; I am on the bridge call'
expect alice 'OK'
expect bob '/accept #1'
say bob '/accept #1'
expect bob 'OK'
say bob '/status #1 review restarted IKE on the concentrator, watching'
expect bob 'OK'
say bob '/resolve #1 IKE daemon wedged after a cert rotation; restarted it and pinned the new cert'
expect bob 'OK resolved #1'
expect pagerbot '"event":"ticket.resolved"'

echo; echo "== The timeline for the incident review"
say alice '/export #1'
expect alice 'OK'

kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
echo; echo "== Done: the server stopped cleanly; its log:"
sed 's/^/  log | /' "$work/server.log"
