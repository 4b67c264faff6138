-- Replays raw HTTP request bytes written by bench/bench.py.
--
-- BENCH_REQUEST_FILES names one file, or several separated by ':'. With one file the same
-- bytes are sent on every request. With several, each wrk thread sends them in turn, one at a
-- time and in order (the next only after the previous answer): run one connection per thread so
-- that a DeleteCluster follows its CreateCluster on the same connection. A cycle starts again
-- with a fresh value in place of the token below, so every CreateCluster names a new cluster.
-- The value has the token's length, so the Content-Length the driver wrote stays right.
--
-- done() prints one JSON line the driver parses: request count, duration, errors and latency
-- percentiles in microseconds.

local TOKEN = "SEQ000000000000"   -- 15 characters: 2 for the wrk thread, 13 for a counter

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot open " .. tostring(path))
  local bytes = f:read("*a")
  f:close()
  return bytes
end

function init(args)
  local templates = {}
  for path in string.gmatch(os.getenv("BENCH_REQUEST_FILES") or "", "[^:]+") do
    table.insert(templates, read_file(path))
  end
  assert(#templates > 0, "BENCH_REQUEST_FILES is empty")
  if #templates == 1 then
    -- A global request() it must be: wrk.init builds wrk.request from wrk.method, wrk.path
    -- and wrk.headers after this init returns, so assigning wrk.request here has no effect.
    local bytes = templates[1]
    request = function() return bytes end
    return
  end

  local prefix = string.format("%02d", tid % 100)
  local counter, index, current = 0, 1, nil
  local function fill()
    current = (string.gsub(templates[index], TOKEN, prefix .. string.format("%013d", counter)))
  end
  fill()
  -- request() may be called without a request being sent (wrk checks the first one at start),
  -- so only an answer moves the cycle on.
  request = function() return current end
  response = function(status, headers, body)
    index = index + 1
    if index > #templates then
      index = 1
      counter = counter + 1
    end
    fill()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d},"latency_us":{"p50":%d,"p90":%d,"p99":%d,' ..
    '"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
