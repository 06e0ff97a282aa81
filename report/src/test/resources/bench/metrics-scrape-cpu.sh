#!/bin/bash
# What one scrape of /metrics costs the target, exactly: the order service runs with
# metrics=127.0.0.1:0; after its first snapshot and 50 warm-up scrapes, N more are made back to back
# (curl, Prometheus's Accept header), and the CPU of the endpoint's threads (bloatscope-metrics-http,
# the JDK's HTTP-Dispatcher; /proc clock ticks of 10 ms) is read before and after. The thread
# bloatscope-metrics (the per-snapshot update) is listed too: the kernel keeps 15 characters of a
# name, so both bloatscope threads show as "bloatscope-metr"; the one that grows is the handler.
# Run from the repository root after `mvn -B -DskipTests package`: report/src/test/resources/bench/metrics-scrape-cpu.sh [N]
set -e
N=${1:-300}
WORK=$(mktemp -d)
ACCEPT='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
java -javaagent:target/bloatscope.jar=out=$WORK/run.jsonl,metrics=127.0.0.1:0 \
    -cp "test-apps/target/test-apps.jar:test-apps/target/lib/*" \
    io.bloatscope.testapps.OrderService --threads 1 --warmup 1000 --requests 100000000 > "$WORK/out.txt" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
for i in $(seq 60); do grep -q "serving metrics" "$WORK/out.txt" && break; sleep 0.5; done
PORT=$(grep -o "127.0.0.1:[0-9]*/metrics" "$WORK/out.txt" | head -1 | cut -d: -f2 | cut -d/ -f1)
sleep 12 # the first snapshot (interval 10 s); before it the answer is 503
ticks() {
    for t in /proc/$PID/task/*; do
        name=$(cat "$t/comm")
        case "$name" in bloatscope-metr*|HTTP-Dispatcher) echo "$(basename "$t") $name $(awk '{print $14 + $15}' "$t/stat")";; esac
    done
}
scrape() { curl -s -H "Accept: $ACCEPT" "http://127.0.0.1:$PORT/metrics"; }
for i in $(seq 50); do scrape > /dev/null; done
ticks > "$WORK/before.txt"
SIZE=$(scrape | wc -c)
for i in $(seq $((N - 1))); do scrape > /dev/null; done
ticks > "$WORK/after.txt"
echo "$N scrapes of $SIZE bytes; thread id, name, CPU ticks (10 ms) before and after:"
join "$WORK/before.txt" "$WORK/after.txt" | awk '{print $1, $2, $3, "->", $5, "(" ($5 - $3) * 10 / '"$N"' " ms a scrape)"}'
